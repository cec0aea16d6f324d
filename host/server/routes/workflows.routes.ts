// /api/v1/workflows: CRUD, versions, activation and manual runs. Every definition is validated
// against the node registry before it is stored; an edit of an active workflow re-registers it.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { validateWorkflow } from '../../engine/graph.ts';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { Workflow, WorkflowInput } from '../../model/index.ts';
import { NotFoundError } from '../../model/index.ts';
import type { ActivationService, ExecutionService, WebhookService } from '../../runtime/types.ts';
import { HttpError } from '../middleware/errors.ts';
import type { Storage } from '../../storage/storage.ts';
import { parseWorkflowDefinition } from '../../workflows/io.ts';
import { bodyObject, param, queryBoolean, queryLimit, queryString } from '../params.ts';
import { readRunOptions } from './run-options.ts';

export interface WorkflowRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
  activation: ActivationService;
  executions: ExecutionService;
  webhooks: Pick<WebhookService, 'listenForTest'>;
}

/** The stored workflow or NotFoundError. */
export async function requireWorkflow(storage: Storage, id: string): Promise<Workflow> {
  const wf = await storage.workflows.get(id);
  if (!wf) throw new NotFoundError(`Workflow ${id} not found`);
  return wf;
}

/** The editable part of a stored workflow, as a WorkflowInput. */
function toInput(wf: Workflow): WorkflowInput {
  const { id: _id, versionId: _v, createdAt: _c, updatedAt: _u, active: _a, ...rest } = wf;
  return rest;
}

const PATCHABLE = ['name', 'nodes', 'connections', 'settings', 'staticData', 'pinData', 'tags', 'meta'] as const;

export function workflowRoutes(deps: WorkflowRouteDeps): Router {
  const { storage, registry, activation, executions, webhooks } = deps;
  const r = Router();

  /** Stores a new definition of an existing workflow and re-registers it when active. */
  async function replace(existing: Workflow, input: WorkflowInput): Promise<Workflow> {
    validateWorkflow(input, registry);
    const updated = await storage.workflows.update(existing.id, input);
    if (updated.active) {
      await activation.refresh(existing.id);
      return (await storage.workflows.get(existing.id)) ?? updated;
    }
    return updated;
  }

  r.post('/workflows', async (req, res) => {
    const input = parseWorkflowDefinition(bodyObject(req));
    validateWorkflow(input, registry);
    res.status(201).json(await storage.workflows.create(input));
  });

  r.get('/workflows', async (req, res) => {
    const page = await storage.workflows.list({
      name: queryString(req, 'name'),
      active: queryBoolean(req, 'active'),
      tag: queryString(req, 'tag'),
      limit: queryLimit(req),
      cursor: queryString(req, 'cursor'),
    });
    res.json({ data: page.data, nextCursor: page.nextCursor ?? null });
  });

  // Runs a workflow given in the body without saving it: {workflow, input?, pinData?, startNode?}
  // or the workflow itself as the body.
  r.post('/workflows/run', async (req, res) => {
    const body = bodyObject(req);
    const raw = typeof body.workflow === 'object' && body.workflow !== null ? body.workflow : body;
    const input = parseWorkflowDefinition(raw, raw === body ? '' : 'workflow.');
    validateWorkflow(input, registry);
    const workflow: Workflow = { ...input, id: input.id ?? `adhoc-${randomUUID()}`, active: false };
    const options = readRunOptions(body, workflow);
    res.json(await executions.run({ workflow, mode: 'manual', ...options }));
  });

  r.get('/workflows/:id', async (req, res) => {
    res.json(await requireWorkflow(storage, param(req, 'id')));
  });

  r.put('/workflows/:id', async (req, res) => {
    const existing = await requireWorkflow(storage, param(req, 'id'));
    const input = parseWorkflowDefinition(bodyObject(req));
    delete input.id;
    res.json(await replace(existing, input));
  });

  // Partial update: only the given top-level fields change (e.g. {name} to rename).
  r.patch('/workflows/:id', async (req, res) => {
    const existing = await requireWorkflow(storage, param(req, 'id'));
    const body = bodyObject(req);
    const merged: Record<string, unknown> = { ...toInput(existing) };
    for (const key of PATCHABLE) if (key in body) merged[key] = body[key];
    const input = parseWorkflowDefinition(merged);
    delete input.id;
    res.json(await replace(existing, input));
  });

  r.delete('/workflows/:id', async (req, res) => {
    const existing = await requireWorkflow(storage, param(req, 'id'));
    if (existing.active) await activation.deactivate(existing.id);
    if (!(await storage.workflows.delete(existing.id))) throw new NotFoundError(`Workflow ${existing.id} not found`);
    res.status(204).end();
  });

  r.get('/workflows/:id/versions', async (req, res) => {
    const wf = await requireWorkflow(storage, param(req, 'id'));
    res.json({ data: await storage.workflows.listVersions(wf.id) });
  });

  r.get('/workflows/:id/versions/:versionId', async (req, res) => {
    const id = param(req, 'id');
    const versionId = param(req, 'versionId');
    const version = await storage.workflows.getVersion(id, versionId);
    if (!version) throw new NotFoundError(`Version ${versionId} of workflow ${id} not found`);
    res.json(version);
  });

  // Saves the old definition as a new version; refuses one that no longer validates (e.g. a node type since removed).
  r.post('/workflows/:id/versions/:versionId/restore', async (req, res) => {
    const wf = await requireWorkflow(storage, param(req, 'id'));
    const versionId = param(req, 'versionId');
    const version = await storage.workflows.getVersion(wf.id, versionId);
    if (!version) throw new NotFoundError(`Version ${versionId} of workflow ${wf.id} not found`);
    validateWorkflow(version.workflow, registry);
    const restored = await storage.workflows.restoreVersion(wf.id, versionId);
    if (restored.active) {
      await activation.refresh(wf.id);
      res.json((await storage.workflows.get(wf.id)) ?? restored);
      return;
    }
    res.json(restored);
  });

  r.post('/workflows/:id/activate', async (req, res) => {
    const wf = await requireWorkflow(storage, param(req, 'id'));
    res.json(await activation.activate(wf.id));
  });

  r.post('/workflows/:id/deactivate', async (req, res) => {
    const wf = await requireWorkflow(storage, param(req, 'id'));
    res.json(await activation.deactivate(wf.id));
  });

  // Manual run of the saved workflow: body {input?: object[], pinData?, startNode?}; answers the execution record.
  r.post('/workflows/:id/run', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    const body = req.body === undefined ? {} : bodyObject(req);
    const options = readRunOptions(body, workflow);
    res.json(await executions.run({ workflow, mode: 'manual', ...options }));
  });

  // Waits for one call to the workflow's /webhook-test/ URL (body {timeoutMs?}, default 120 s,
  // at most 10 min) and answers the execution that call started; 408 when none arrived.
  r.post('/workflows/:id/listen', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    const body = req.body === undefined ? {} : bodyObject(req);
    let timeoutMs: number | undefined;
    if (body.timeoutMs !== undefined) {
      timeoutMs = Number(body.timeoutMs);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000)
        throw new HttpError(400, '"timeoutMs" must be an integer from 1 to 600000', { field: 'timeoutMs' });
    }
    res.json(await webhooks.listenForTest(workflow, timeoutMs));
  });

  return r;
}
