// Import (ours or n8n's export JSON, one workflow or many) and export (stable, diffable JSON).
// Import is all-or-nothing: every workflow is validated before any is stored, and a failure
// while storing or activating undoes what this request already did.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { validateWorkflow } from '../../engine/graph.ts';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { Workflow, WorkflowInput } from '../../model/index.ts';
import { ValidationError } from '../../model/index.ts';
import type { ActivationService } from '../../runtime/types.ts';
import type { Storage } from '../../storage/storage.ts';
import { EXPORT_FORMATS, exportWorkflow, parseWorkflowImportWithTests, stringifyExport } from '../../workflows/io.ts';
import type { StoredTestCase } from '../../workflow-tests/types.ts';
import type { ExportFormat } from '../../workflows/io.ts';
import { param, queryBoolean, queryEnum, queryString } from '../params.ts';
import { requireWorkflow } from './workflows.routes.ts';

export interface ImportExportRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
  activation: ActivationService;
  logError?: (message: string, err: unknown) => void;
}

/** What one import step did, so it can be undone. */
interface Step {
  id: string;
  /** The stored workflow before an update; absent when the step created it. */
  previous?: Workflow;
  /** The version the update recorded (undone with it, so history is as before). */
  versionId?: string;
  activated?: boolean;
  /** The workflow's cases before the import replaced them (absent when it did not). */
  previousCases?: StoredTestCase[];
}

function sendPretty(res: Response, value: unknown): void {
  res.type('application/json').send(stringifyExport(value));
}

/** `?format=n8n`: conditions as n8n filters, `meta.gigaflowUnconverted` naming nodes that kept JSONLogic. */
function exportFormat(req: Request): ExportFormat {
  return queryEnum(req, 'format', EXPORT_FORMATS) ?? 'gigaflow';
}

export function importExportRoutes(deps: ImportExportRouteDeps): Router {
  const { storage, registry, activation } = deps;
  const logError = deps.logError ?? ((message: string, err: unknown) => console.error(message, err));
  const r = Router();

  function validateAll(inputs: WorkflowInput[]): void {
    const ids = new Set<string>();
    inputs.forEach((input, i) => {
      const where = inputs.length > 1 ? `Workflow [${i}] "${input.name}": ` : '';
      if (input.id !== undefined) {
        if (ids.has(input.id)) throw new ValidationError(`${where}id "${input.id}" appears twice in the import`, { field: `[${i}].id` });
        ids.add(input.id);
      }
      try {
        validateWorkflow(input, registry);
      } catch (err) {
        if (!(err instanceof ValidationError) || !where) throw err;
        throw new ValidationError(where + err.message, { status: err.status, node: err.node, field: err.field ? `[${i}].${err.field}` : `[${i}]` });
      }
    });
  }

  async function undo(steps: Step[]): Promise<void> {
    for (const step of steps.reverse()) {
      try {
        if (step.activated) await activation.deactivate(step.id);
        if (!step.previous) {
          await storage.workflows.delete(step.id);
        } else if (step.versionId) {
          await storage.workflows.undoUpdate(step.previous, step.versionId);
          if (step.previous.active) await activation.refresh(step.id);
        }
        if (step.previous && step.previousCases) await storage.workflowTests.replaceAll(step.id, step.previousCases);
      } catch (err) {
        logError(`Could not undo the import of workflow ${step.id}`, err);
      }
    }
  }

  // Body: one workflow or an array (ours or n8n's export). A workflow whose id exists is updated
  // (a new version), otherwise created. `?activate=true` activates every imported workflow.
  r.post('/workflows/import', async (req, res) => {
    const activate = queryBoolean(req, 'activate') ?? false;
    const imported = parseWorkflowImportWithTests(req.body);
    validateAll(imported.map((i) => i.workflow));
    const steps: Step[] = [];
    try {
      for (const { workflow: input, testCases } of imported) {
        const existing = input.id ? await storage.workflows.get(input.id) : undefined;
        let step: Step;
        if (existing) {
          const { id: _id, ...definition } = input;
          const updated = await storage.workflows.update(existing.id, definition);
          step = { id: existing.id, previous: existing, versionId: updated.versionId };
          steps.push(step);
          if (existing.active) await activation.refresh(existing.id);
        } else {
          step = { id: (await storage.workflows.create(input)).id };
          steps.push(step);
        }
        if (testCases) {
          if (step.previous) step.previousCases = await storage.workflowTests.list(step.id);
          await storage.workflowTests.replaceAll(step.id, testCases);
        }
      }
      if (activate) {
        for (const step of steps) {
          if (step.previous?.active) continue;
          await activation.activate(step.id);
          step.activated = true;
        }
      }
    } catch (err) {
      await undo(steps);
      throw err;
    }
    const stored = await Promise.all(steps.map((s) => requireWorkflow(storage, s.id)));
    res.status(201).json({ data: stored });
  });

  // Every workflow (filters as for the list: name, active, tag), as an array of exports.
  r.get('/workflows/export', async (req, res) => {
    const filter = { name: queryString(req, 'name'), active: queryBoolean(req, 'active'), tag: queryString(req, 'tag') };
    const format = exportFormat(req);
    const all: object[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.workflows.list({ ...filter, limit: 200, cursor });
      for (const wf of page.data) all.push(exportWorkflow(wf, format, await storage.workflowTests.list(wf.id)));
      cursor = page.nextCursor;
    } while (cursor);
    sendPretty(res, all);
  });

  r.get('/workflows/:id/export', async (req, res) => {
    const format = exportFormat(req);
    const wf = await requireWorkflow(storage, param(req, 'id'));
    sendPretty(res, exportWorkflow(wf, format, await storage.workflowTests.list(wf.id)));
  });

  return r;
}
