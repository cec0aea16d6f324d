import { loadConfig } from '../../config.ts';
import { createRegistry } from '../../engine/registry.ts';
import { parse } from './shared.ts';
import type { Command } from './shared.ts';

export const nodesCommand: Command = {
  summary: 'List the node types this host can run',
  help: `Usage: gigaflow nodes [--json]

Lists every registered node type with its versions: the repository's nodes, community packages
installed in <GIGAFLOW_DATA_DIR>/nodes/node_modules and packages from GIGAFLOW_NODES_PATH.
Packages rejected at load (invalid description, missing file ...) are listed on stderr, each with
the file and field at fault; the exit code is then 1.

Options:
  --json   print the full descriptions as JSON`,
  async run(args) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    const config = loadConfig();
    // Problems are printed once below, not also as log lines.
    const registry = await createRegistry(config.nodesPath, () => {}, { dataDir: config.dataDir });
    const descriptions = registry.descriptions().sort((a, b) => a.name.localeCompare(b.name));
    const problems = registry.loadProblems;
    if (values.json) process.stdout.write(`${JSON.stringify(descriptions, null, 2)}\n`);
    else
      for (const d of descriptions) {
        const versions = Array.isArray(d.version) ? d.version.join(', ') : d.version;
        console.log(`${d.name.padEnd(36)} v${versions}\t${d.displayName}`);
      }
    if (problems.length === 0) return;
    process.stderr.write(`Rejected node packages (${problems.length}):\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  },
};
