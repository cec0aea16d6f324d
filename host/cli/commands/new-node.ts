import { join, resolve } from 'node:path';
import { scaffoldNode } from '../../kit/scaffold/generate.ts';
import { UsageError, parse } from './shared.ts';
import type { Command } from './shared.ts';

/** The Gigaflow checkout this command belongs to: generated files import its host/kit by relative path. */
const REPO_ROOT = join(import.meta.dirname, '../../..');

export const newNodeCommand: Command = {
  summary: 'Scaffold a new integration node, its fake API and a passing test',
  help: `Usage: gigaflow new-node <name> [--display-name TEXT] [--root DIR]

Creates, from <name> in kebab-case (e.g. acme-crm):
  nodes/<name>/                     package.json, <Name>.node.ts (made with host/kit: resource "item",
                                    operations get and getMany), credentials/Gigafibre<Name>Api.credentials.ts
                                    (base URL + API key header, credential test), README.md, translations/fr.json
  test/fakes/<name>/index.ts        a fake of the API over HTTP on 127.0.0.1
  test/integration/nodes/<name>/    a test of the node against the fake; it passes as generated
The node's type is n8n-nodes-gigafibre.<nameInCamelCase>. Refuses (exit 2, writing nothing) when
one of those folders, or a node or credential file of the same name, already exists.

Options:
  --display-name TEXT   name shown in the editor and in API errors (default: <name> in Title Case)
  --root DIR            repository root to write into (default: this Gigaflow checkout)`,
  async run(args) {
    const { values, positionals } = parse(args, { 'display-name': { type: 'string' }, root: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('new-node takes exactly one <name> (kebab-case, e.g. acme-crm)');
    const root = resolve(values.root ?? REPO_ROOT);
    const result = await scaffoldNode({ root, name: positionals[0], displayName: values['display-name'] });
    for (const file of result.files) console.log(file);
    console.error(
      `Created node ${result.names.display} (n8n-nodes-gigafibre.${result.names.camel}) in ${root}.\n` +
        `Run its test: npx vitest run ${result.testFile}\nWhat to edit next: nodes/${result.names.name}/README.md`,
    );
  },
};
