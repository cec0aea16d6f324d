// Webhook registrations: (method, path) -> workflow + node. A method+path belongs to one workflow.
// Paths are stored without leading slashes; `:param` segments match any name when checking for a
// clash, so `q/:mac` and `q/:id` with the same method clash (see migrations.ts, route_key).
import { ValidationError } from '../../model/errors.ts';
import type { WebhookRegistration, WebhookRepository } from '../storage.ts';
import type { Db } from './db.ts';

type Hook = Omit<WebhookRegistration, 'workflowId'>;

export function normalizeWebhookPath(path: unknown): string {
  if (typeof path !== 'string') throw new ValidationError('Webhook path must be a string', { field: 'path' });
  const clean = path.trim().replace(/^\/+/, '');
  if (clean === '') throw new ValidationError('Webhook path is empty', { field: 'path' });
  return clean;
}

export function routeKey(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? ':' : segment))
    .join('/');
}

export function normalizeMethod(method: unknown): string {
  const m = typeof method === 'string' ? method.trim().toUpperCase() : '';
  if (!/^[A-Z]+$/.test(m)) throw new ValidationError(`Webhook method ${JSON.stringify(method)} is not an HTTP method`, { field: 'method' });
  return m;
}

export class SqliteWebhooks implements WebhookRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async replaceForWorkflow(workflowId: string, hooks: Hook[]): Promise<void> {
    if (typeof workflowId !== 'string' || workflowId === '') throw new ValidationError('workflowId is required', { field: 'workflowId' });
    if (!Array.isArray(hooks)) throw new ValidationError('Webhooks must be an array', { field: 'webhooks' });
    const wanted = new Map<string, Hook & { key: string }>();
    for (const hook of hooks) {
      if (typeof hook?.node !== 'string' || hook.node === '') throw new ValidationError('Webhook node is required', { field: 'node' });
      const method = normalizeMethod(hook.method);
      const path = normalizeWebhookPath(hook.path);
      const key = routeKey(path);
      const same = wanted.get(`${method} ${key}`);
      if (same && (same.node !== hook.node || same.path !== path)) {
        throw new ValidationError(`Webhook ${method} /${path} is declared twice in workflow ${workflowId} (nodes "${same.node}" and "${hook.node}")`, {
          status: 409,
          node: hook.node,
          field: 'path',
        });
      }
      wanted.set(`${method} ${key}`, { node: hook.node, method, path, key });
    }
    const db = this.#db;
    const taken = db.stmt('SELECT workflow_id, node, path FROM webhooks WHERE method = ? AND route_key = ? AND workflow_id <> ?');
    const insert = db.stmt('INSERT INTO webhooks (method, route_key, path, workflow_id, node) VALUES (?, ?, ?, ?, ?)');
    db.tx(() => {
      for (const hook of wanted.values()) {
        const other = taken.get(hook.method, hook.key, workflowId);
        if (other) {
          throw new ValidationError(
            `Webhook ${hook.method} /${hook.path} is already used by workflow ${String(other.workflow_id)} (node "${String(other.node)}", path /${String(other.path)})`,
            { status: 409, node: hook.node, field: 'path' },
          );
        }
      }
      db.stmt('DELETE FROM webhooks WHERE workflow_id = ?').run(workflowId);
      for (const hook of wanted.values()) insert.run(hook.method, hook.key, hook.path, workflowId, hook.node);
    });
  }

  async removeForWorkflow(workflowId: string): Promise<void> {
    this.#db.stmt('DELETE FROM webhooks WHERE workflow_id = ?').run(workflowId);
  }

  async list(): Promise<WebhookRegistration[]> {
    return this.#db
      .stmt('SELECT workflow_id, node, method, path FROM webhooks ORDER BY path, method')
      .all()
      .map((r) => ({ workflowId: String(r.workflow_id), node: String(r.node), method: String(r.method), path: String(r.path) }));
  }
}
