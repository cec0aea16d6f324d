// Fault injection for queue mode (faults.test.ts and bench/queue-faults.ts): a private
// redis-server that can be SIGKILLed and started again on the same port (no persistence, so every
// job is gone), a fake HTTP sink that counts each execution's side effect, a load generator of
// lastNode and onReceived webhooks, PostgreSQL backend kills, and an audit of the executions table.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { closedPort } from '../../helpers/ports.ts';
import { admin } from '../../helpers/postgres.ts';
import { waitFor } from './coordination-cluster.ts';

export interface PrivateRedis {
  url: string;
  /** SIGKILL: everything in memory is gone. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Never the shared 6379: other test files use it at the same time. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'gigaflow-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await waitFor('private redis-server', async () => {
        if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
        return (await probe.ping()) === 'PONG';
      }, 10_000);
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Counts the calls each execution makes (its side effect), by request id. */
export interface Sink {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const id = url.searchParams.get('id') ?? '?';
    hits.set(id, (hits.get(id) ?? 0) + 1);
    res.setHeader('content-type', 'application/json');
    // `ms`: a slow side effect, to have a run in progress when a fault strikes.
    setTimeout(() => res.end(JSON.stringify({ requestId: id })), Number(url.searchParams.get('ms') || 0));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Webhook → HTTP Request to the sink; `lastNode` answers the sink's reply, `onReceived` at once. */
export function sinkWorkflow(path: string, sinkUrl: string, responseMode: 'lastNode' | 'onReceived'): WorkflowInput {
  return {
    name: `faults: ${path}`,
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode, responseData: 'firstEntryJson' } },
      { id: 'h', name: 'Sink', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url: `=${sinkUrl}/hit?id={{ $json.body.requestId }}&ms={{ $json.body.ms || 0 }}`, options: {} } },
    ],
    connections: { Webhook: { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
  } as WorkflowInput;
}

export interface Answer {
  requestId: string;
  kind: 'sync' | 'async';
  status: number;
  body: unknown;
}

/** POSTs one webhook call; a network failure counts as status 0 (the body holds the reason). */
export async function call(baseUrl: string, path: string, requestId: string, kind: Answer['kind'], ms = 0): Promise<Answer> {
  try {
    const res = await fetch(`${baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestId, ms }), signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { requestId, kind, status: res.status, body };
  } catch (err) {
    return { requestId, kind, status: 0, body: String((err as Error).cause ?? (err as Error).message) };
  }
}

/**
 * Fires `total` calls, `inFlight` at a time, alternating lastNode and onReceived; `onProgress`
 * sees each finished call's index so a fault can be injected mid-flow.
 */
export async function fireLoad(opts: { baseUrl: string; syncPath: string; asyncPath: string; total: number; inFlight: number; tag: string; onSent?: (sent: number) => void }): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const lane = async () => {
    while (next < opts.total) {
      const i = next++;
      opts.onSent?.(i);
      const sync = i % 2 === 0;
      answers.push(await call(opts.baseUrl, sync ? opts.syncPath : opts.asyncPath, `${opts.tag}-${i}`, sync ? 'sync' : 'async'));
    }
  };
  await Promise.all(Array.from({ length: opts.inFlight }, lane));
  return answers;
}

/** Calls a lastNode webhook until one is answered 200 by its run; resolves with how long that took. */
export async function recoveryMs(baseUrl: string, syncPath: string, tag: string, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < timeoutMs; i++) {
    const a = await call(baseUrl, syncPath, `${tag}-probe-${i}`, 'sync');
    if (a.status === 200 && (a.body as { requestId?: string })?.requestId === `${tag}-probe-${i}`) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no execution succeeded within ${timeoutMs} ms after the fault`);
}

/** Kills every connection to the database but the admin's own; resolves with how many. */
export async function killBackends(database: string): Promise<number> {
  return admin(async (c) => (await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rowCount ?? 0);
}

/** An outage, not just a reset: refuses new connections for `ms`, killing the open ones. */
export async function refuseConnections(database: string, ms: number): Promise<void> {
  await refuseConnectionsUntil(database, async () => {
    await killBackends(database);
    await new Promise((r) => setTimeout(r, ms));
  });
}

/** Refuses new connections to the database while `fn` runs. */
export async function refuseConnectionsUntil<T>(database: string, fn: () => Promise<T>): Promise<T> {
  await admin((c) => c.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`));
  try {
    return await fn();
  } finally {
    await admin((c) => c.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`));
  }
}

export interface Audit {
  /** Calls fired, and their answers by status (0: no answer at all). */
  fired: number;
  answers: Record<string, number>;
  /** Executions the host accepted: a 2xx or 504 answer, or a row in the database. */
  accepted: number;
  /** Rows by status. */
  rows: Record<string, number>;
  /** Accepted request ids without a `success` row. */
  lost: string[];
  /** Rows still `new` or `running`. */
  stuck: string[];
  /** Request ids with more than one row. */
  duplicateRows: string[];
  /** Request ids whose side effect (the sink call) happened more than once: at-least-once re-runs. */
  duplicateEffects: string[];
  /** 500s and other answers that are neither an outcome nor a clear 503/504. */
  unclear: Answer[];
}

const REQUEST_ID = /"requestId":"([^"\\]+)"/;

/** Rows in the database, keyed by the request id found in their run data or queue input. */
export async function executionRows(databaseUrl: string): Promise<{ id: string; status: string; requestId?: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; status: string; data: string }>("SELECT id, status, coalesce(queue_input, '') || run_data AS data FROM executions");
    return rows.map((r) => ({ id: r.id, status: r.status, requestId: REQUEST_ID.exec(r.data)?.[1] }));
  } finally {
    await client.end();
  }
}

/** Waits until no row is `new` or `running` (or the time is up: the audit then names them). */
export async function settle(databaseUrl: string, timeoutMs: number): Promise<void> {
  await waitFor('every execution to finish', async () => (await executionRows(databaseUrl)).every((r) => r.status !== 'new' && r.status !== 'running'), timeoutMs).catch(() => undefined);
}

export async function audit(databaseUrl: string, answers: Answer[], sink: Sink, tag: string): Promise<Audit> {
  const rows = (await executionRows(databaseUrl)).filter((r) => r.requestId?.startsWith(`${tag}-`) && !r.requestId.includes('-probe-'));
  const byRequest = new Map<string, typeof rows>();
  for (const r of rows) byRequest.set(r.requestId!, [...(byRequest.get(r.requestId!) ?? []), r]);
  const accepted = new Set<string>(byRequest.keys());
  for (const a of answers) if ((a.status >= 200 && a.status < 300) || a.status === 504) accepted.add(a.requestId);
  const count = <T>(xs: T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((m, x) => ((m[key(x)] = (m[key(x)] ?? 0) + 1), m), {});
  // A 503 that refused the call left either no row or one ended `error` (QueueUnavailableError).
  const refused = new Set(answers.filter((a) => a.status === 503).map((a) => a.requestId));
  return {
    fired: answers.length,
    answers: count(answers, (a) => String(a.status)),
    accepted: [...accepted].filter((id) => !refused.has(id)).length,
    rows: count(rows, (r) => r.status),
    lost: [...accepted].filter((id) => !refused.has(id) && !byRequest.get(id)?.some((r) => r.status === 'success')),
    stuck: rows.filter((r) => r.status === 'new' || r.status === 'running').map((r) => r.id),
    duplicateRows: [...byRequest].filter(([, rs]) => rs.length > 1).map(([id]) => id),
    duplicateEffects: [...sink.hits].filter(([id, n]) => id.startsWith(`${tag}-`) && !id.includes('-probe-') && n > 1).map(([id]) => id),
    unclear: answers.filter((a) => !(a.status === 200 || a.status === 503 || a.status === 504)),
  };
}
