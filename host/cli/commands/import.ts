import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { validateWorkflow } from '../../engine/graph.ts';
import type { Host } from '../../host.ts';
import type { Workflow } from '../../model/index.ts';
import { ValidationError } from '../../model/index.ts';
import { parseWorkflowImportWithTests } from '../../workflows/io.ts';
import type { ImportedWorkflow } from '../../workflows/io.ts';
import type { StoredTestCase } from '../../workflow-tests/types.ts';
import { MAX_BODY_DEPTH, deeperThan } from '../../server/middleware/body-depth.ts';
import { UsageError, parse, withHost } from './shared.ts';
import type { Command } from './shared.ts';

/** Reads a workflow file or every *.json in a folder; errors name the file. */
export async function readWorkflowFiles(path: string): Promise<{ file: string; workflows: ImportedWorkflow[] }[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const out: { file: string; workflows: ImportedWorkflow[] }[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new ValidationError(`${file}: ${(err as Error).message}`);
    }
    // Same limit as request bodies: deeper values overflow the stack when stored.
    if (deeperThan(json, MAX_BODY_DEPTH)) throw new ValidationError(`${file}: the JSON nests deeper than ${MAX_BODY_DEPTH} levels`);
    try {
      out.push({ file, workflows: parseWorkflowImportWithTests(json) });
    } catch (err) {
      throw new ValidationError(`${file}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** What one import step did: `previous` is the workflow before an update, `versionId` the version the update recorded. */
interface ImportStep {
  id: string;
  previous?: Workflow;
  versionId?: string;
  activated?: boolean;
  /** The workflow's cases before the import replaced them. */
  previousCases?: StoredTestCase[];
}

/**
 * Validates every workflow first, then stores them: all or nothing. A workflow whose id exists
 * is updated (a new version); `onlyNew` skips those instead (start-up template import).
 */
export async function importWorkflows(host: Host, path: string, opts: { activate?: boolean; onlyNew?: boolean } = {}): Promise<Workflow[]> {
  const batches = await readWorkflowFiles(path);
  for (const { file, workflows } of batches)
    for (const { workflow: wf } of workflows) {
      try {
        validateWorkflow({ ...wf, name: wf.name }, host.registry);
      } catch (err) {
        const e = err as ValidationError;
        throw new ValidationError(`${file}: workflow "${wf.name}": ${e.message}`, { node: e.node, field: e.field });
      }
    }
  const saved: Workflow[] = [];
  // What each step did, so a failure (e.g. a webhook path taken, found by test/fuzz/workflow-import.fuzz.test.ts)
  // undoes the steps before it instead of leaving them stored and active.
  const steps: ImportStep[] = [];
  let current = '';
  try {
    for (const { file, workflows } of batches)
      for (const { workflow: wf, testCases } of workflows) {
        current = `${file}: workflow "${wf.name}"`;
        const existing = wf.id ? await host.storage.workflows.get(wf.id) : undefined;
        if (existing && opts.onlyNew) continue;
        const stored = existing ? await host.storage.workflows.update(existing.id, wf) : await host.storage.workflows.create(wf);
        const step: ImportStep = { id: stored.id, previous: existing, versionId: existing ? stored.versionId : undefined };
        steps.push(step);
        if (testCases) {
          if (existing) step.previousCases = await host.storage.workflowTests.list(stored.id);
          await host.storage.workflowTests.replaceAll(stored.id, testCases);
        }
        if (opts.activate || (existing?.active ?? false)) {
          saved.push(await host.activation.activate(stored.id));
          step.activated = !existing?.active;
        } else saved.push(stored);
      }
  } catch (err) {
    await undoImport(host, steps);
    // Storing and activating can refuse too (e.g. a webhook path taken): say which file and workflow.
    if (err instanceof ValidationError) throw new ValidationError(`${current}: ${err.message}`, { status: err.status, node: err.node, field: err.field });
    throw err;
  }
  return saved;
}

/** Reverts import steps, last first (as the API's import does); an update is undone with the version it recorded. */
async function undoImport(host: Host, steps: ImportStep[]): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      if (step.activated) await host.activation.deactivate(step.id);
      if (!step.previous) await host.storage.workflows.delete(step.id);
      else if (step.versionId) {
        await host.storage.workflows.undoUpdate(step.previous, step.versionId);
        if (step.previous.active) await host.activation.refresh(step.id);
      }
      if (step.previous && step.previousCases) await host.storage.workflowTests.replaceAll(step.id, step.previousCases);
    } catch (err) {
      console.error(`Could not undo the import of workflow ${step.id}: ${(err as Error).message}`);
    }
  }
}

export const importCommand: Command = {
  summary: 'Import workflows from a JSON file or a folder (ours or n8n exports)',
  help: `Usage: gigaflow import <file|dir> [--activate]

Imports one workflow file, a file holding an array, or every *.json in a folder.
Accepts Gigaflow exports and n8n workflow exports. A workflow's "testCases" replace
its stored test cases (a file without the key leaves them). Everything is validated first;
if one workflow is invalid nothing is stored. A workflow whose id already exists
is updated as a new version.

Options:
  --activate   activate the imported workflows (registers their webhooks)`,
  async run(args) {
    const { values, positionals } = parse(args, { activate: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('import takes exactly one <file|dir>');
    const saved = await withHost((host) => importWorkflows(host, positionals[0], { activate: values.activate }));
    for (const wf of saved) console.log(`${wf.id}\t${wf.active ? 'active' : 'inactive'}\t${wf.name}`);
    console.error(`Imported ${saved.length} workflow(s).`);
  },
};
