import { existsSync } from 'node:fs';
import { validateWorkflow } from '../../engine/graph.ts';
import type { IDataObject, Workflow } from '../../model/index.ts';
import { NotFoundError } from '../../model/index.ts';
import { readWorkflowFiles } from './import.ts';
import { UsageError, parse, withHost } from './shared.ts';
import type { Command } from './shared.ts';

function parseInput(raw: string | undefined): IDataObject[] | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`--input is not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((i) => i && typeof i === 'object' && !Array.isArray(i))) throw new UsageError('--input must be a JSON object or an array of objects');
  return items as IDataObject[];
}

export const runCommand: Command = {
  summary: 'Run a workflow file or stored workflow once and print the execution as JSON',
  help: `Usage: gigaflow run <file|id> [--input JSON]

Runs a workflow from a JSON file (not stored) or a stored workflow by id, from its trigger,
prints the execution (status, per-node run data, error) as JSON, and exits non-zero when the
execution did not succeed. The execution is saved like any other.

Options:
  --input JSON   items handed to the start node: an object or an array of objects`,
  async run(args) {
    const { values, positionals } = parse(args, { input: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('run takes exactly one <file|id>');
    const input = parseInput(values.input);
    const target = positionals[0];
    const record = await withHost(async (host) => {
      let workflow: Workflow | undefined;
      if (existsSync(target)) {
        const [first] = await readWorkflowFiles(target);
        const def = first?.workflows[0]?.workflow;
        if (!def) throw new UsageError(`${target} holds no workflow`);
        validateWorkflow(def, host.registry);
        workflow = { ...def, id: def.id ?? '', active: false };
      } else {
        workflow = await host.storage.workflows.get(target);
        if (!workflow) throw new NotFoundError(`No file and no stored workflow named "${target}"`);
      }
      return host.executions.run({ workflow, mode: 'cli', input });
    });
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return record.status === 'success' ? 0 : 1;
  },
};
