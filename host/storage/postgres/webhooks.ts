// Webhook registrations on PostgreSQL; same rules as sqlite/webhooks.ts. The (method, route_key)
// primary key is the final word when two processes register the same route at once: the loser's
// transaction fails on it and is reported as the same 409 as a route found taken up front.
import { ValidationError } from '../../model/errors.ts';
import { normalizeMethod, normalizeWebhookPath, routeKey } from '../sqlite/webhooks.ts';
import type { WebhookRegistration, WebhookRepository } from '../storage.ts';
import { type PgDb, isUniqueViolation } from './db.ts';

type Hook = Omit<WebhookRegistration, 'workflowId'>;
type Wanted = Hook & { key: string };

function taken(hook: Wanted, by: string): ValidationError {
  return new ValidationError(`Webhook ${hook.method} /${hook.path} is already used by ${by}`, { status: 409, node: hook.node, field: 'path' });
}

export class PgWebhooks implements WebhookRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async replaceForWorkflow(workflowId: string, hooks: Hook[]): Promise<void> {
    if (typeof workflowId !== 'string' || workflowId === '') throw new ValidationError('workflowId is required', { field: 'workflowId' });
    if (!Array.isArray(hooks)) throw new ValidationError('Webhooks must be an array', { field: 'webhooks' });
    const wanted = new Map<string, Wanted>();
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
    let current: Wanted | undefined;
    try {
      await this.#db.tx(async (q) => {
        // Two processes re-registering the same workflow (mains restoring activations at start)
        // take turns, so the second one replaces the first one's rows instead of clashing with them.
        await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`gigaflow webhooks\n${workflowId}`]);
        for (const hook of wanted.values()) {
          const other = (await q.query('SELECT workflow_id, node, path FROM webhooks WHERE method = $1 AND route_key = $2 AND workflow_id <> $3', [hook.method, hook.key, workflowId]))
            .rows[0];
          if (other) throw taken(hook, `workflow ${String(other.workflow_id)} (node "${String(other.node)}", path /${String(other.path)})`);
        }
        await q.query('DELETE FROM webhooks WHERE workflow_id = $1', [workflowId]);
        for (const hook of wanted.values()) {
          current = hook;
          await q.query('INSERT INTO webhooks (method, route_key, path, workflow_id, node) VALUES ($1, $2, $3, $4, $5)', [hook.method, hook.key, hook.path, workflowId, hook.node]);
        }
      });
    } catch (err) {
      // Another process registered the route between our check and our insert.
      if (isUniqueViolation(err) && current) throw taken(current, 'another workflow (registered at the same moment)');
      throw err;
    }
  }

  async removeForWorkflow(workflowId: string): Promise<void> {
    await this.#db.query('DELETE FROM webhooks WHERE workflow_id = $1', [workflowId]);
  }

  async list(): Promise<WebhookRegistration[]> {
    const rows = (await this.#db.query('SELECT workflow_id, node, method, path FROM webhooks ORDER BY path, method')).rows;
    return rows.map((r) => ({ workflowId: String(r.workflow_id), node: String(r.node), method: String(r.method), path: String(r.path) }));
  }
}
