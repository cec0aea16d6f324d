// /api/v1/executions: list with filters, read one with its per-node run data, delete, retry, cancel.
import { Router } from 'express';
import type { ExecutionMode, ExecutionRecord, ExecutionStatus } from '../../model/index.ts';
import { NotFoundError } from '../../model/index.ts';
import type { ExecutionService } from '../../runtime/types.ts';
import type { Storage } from '../../storage/storage.ts';
import { HttpError } from '../middleware/errors.ts';
import { param, queryEnum, queryLimit, queryString, queryTimestamp } from '../params.ts';

export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['new', 'running', 'success', 'error', 'canceled', 'crashed', 'waiting'];
export const EXECUTION_MODES: readonly ExecutionMode[] = ['manual', 'trigger', 'webhook', 'retry', 'cli', 'internal', 'test'];

export interface ExecutionRouteDeps {
  storage: Storage;
  executions: ExecutionService;
}

async function requireExecution(storage: Storage, id: string): Promise<ExecutionRecord> {
  const record = await storage.executions.get(id);
  if (!record) throw new NotFoundError(`Execution ${id} not found`);
  return record;
}

export function executionRoutes(deps: ExecutionRouteDeps): Router {
  const { storage, executions } = deps;
  const r = Router();

  r.get('/executions', async (req, res) => {
    const page = await storage.executions.list({
      workflowId: queryString(req, 'workflowId'),
      status: queryEnum(req, 'status', EXECUTION_STATUSES),
      mode: queryEnum(req, 'mode', EXECUTION_MODES),
      startedAfter: queryTimestamp(req, 'startedAfter'),
      startedBefore: queryTimestamp(req, 'startedBefore'),
      limit: queryLimit(req),
      cursor: queryString(req, 'cursor'),
    });
    res.json({ data: page.data, nextCursor: page.nextCursor ?? null });
  });

  r.get('/executions/:id', async (req, res) => {
    res.json(await requireExecution(storage, param(req, 'id')));
  });

  // A running execution is canceled first, so it cannot write to a deleted row; a queued one
  // (status new, waiting for a concurrency slot) leaves the line so it never starts.
  r.delete('/executions/:id', async (req, res) => {
    const record = await requireExecution(storage, param(req, 'id'));
    if (record.status === 'new' || executions.running().includes(record.id)) await executions.cancel(record.id);
    if (!(await storage.executions.delete(record.id))) throw new NotFoundError(`Execution ${record.id} not found`);
    res.status(204).end();
  });

  r.post('/executions/:id/retry', async (req, res) => {
    const record = await requireExecution(storage, param(req, 'id'));
    if (record.status === 'running' || record.status === 'new')
      throw new HttpError(409, `Execution ${record.id} is still ${record.status}; only finished executions can be retried`);
    res.json(await executions.retry(record.id));
  });

  r.post('/executions/:id/cancel', async (req, res) => {
    const record = await requireExecution(storage, param(req, 'id'));
    if (!(await executions.cancel(record.id))) throw new HttpError(409, `Execution ${record.id} is not running in this process (status: ${record.status})`);
    res.json({ id: record.id, canceled: true });
  });

  return r;
}
