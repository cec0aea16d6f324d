import { loadConfig } from '../../config.ts';
import { createRegistry } from '../../engine/registry.ts';
import { parse } from './shared.ts';
import type { Command } from './shared.ts';

export const nodesCommand: Command = {
  summary: 'List the node types this host can run',
  help: `Usage: gigaflow nodes [--json]

Lists every registered node type with its versions: the repository's nodes plus packages
from GIGAFLOW_NODES_PATH.

Options:
  --json   print the full descriptions as JSON`,
  async run(args) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    const registry = await createRegistry(loadConfig().nodesPath);
    const descriptions = registry.descriptions().sort((a, b) => a.name.localeCompare(b.name));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(descriptions, null, 2)}\n`);
      return;
    }
    for (const d of descriptions) {
      const versions = Array.isArray(d.version) ? d.version.join(', ') : d.version;
      console.log(`${d.name.padEnd(36)} v${versions}\t${d.displayName}`);
    }
  },
};
