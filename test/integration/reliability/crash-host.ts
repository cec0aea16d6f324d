// Real `gigaflow start` processes on one data folder, to kill -9 and start again: used by
// crash-recovery.test.ts and bench/crash.bench.ts. The fixture workflows are imported and activated
// with `gigaflow import --activate`; the REST API key comes from `gigaflow apikey create`.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionSummary, WorkflowInput } from '../../../host/model/index.ts';
import { closedPort } from '../../helpers/ports.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import type { TestDatabase } from '../../helpers/postgres.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'host/cli/bin.ts');

export const SLOW_NODE = 'Slow Code';
export const WAIT_NODE = 'Wait';
export const AFTER_WAIT_NODE = 'After Wait';

const webhook = (path: string, responseMode: string) => ({
  id: 'hook',
  name: 'Webhook',
  type: 'n8n-nodes-base.webhook',
  typeVersion: 2,
  position: [0, 0] as [number, number],
  parameters: { httpMethod: 'POST', path, responseMode, responseData: 'firstEntryJson' },
});
/** Answers with the execution id, so a caller can find the row of each 200 it got. */
const answer = (name: string, x: number) => ({
  id: name,
  name,
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  position: [x, 0] as [number, number],
  parameters: { assignments: { assignments: [{ id: '1', name: 'executionId', value: '={{ $execution.id }}', type: 'string' }] } },
});
const chain = (...names: string[]): WorkflowInput['connections'] =>
  Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main' as const, index: 0 }]] }]));

const waitFlow = (name: string, path: string, responseMode: string, seconds: number): WorkflowInput => ({
  name,
  nodes: [
    webhook(path, responseMode),
    { id: 'wait', name: WAIT_NODE, type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' } },
    answer(AFTER_WAIT_NODE, 400),
  ],
  connections: chain('Webhook', WAIT_NODE, AFTER_WAIT_NODE),
  settings: { executionOrder: 'v1' },
});

/**
 * `crash-fast`: Webhook → Set; `crash-slow`: Webhook → Code busy for `slowMs` → Set; `crash-wait`:
 * Webhook (answers at once) → Wait `waitSeconds` → Set; `crash-memwait`: Webhook → Wait
 * `memWaitSeconds` → Set, answered at the end (a wait the engine sleeps in memory when it is
 * shorter than GIGAFLOW_WAIT_IN_MEMORY_MAX_MS). All but `crash-wait` answer `{ executionId }`.
 */
export function crashWorkflows(opts: { slowMs: number; waitSeconds: number; memWaitSeconds?: number }): Record<'fast' | 'slow' | 'wait' | 'memwait', WorkflowInput> {
  return {
    fast: { name: 'Crash: fast', nodes: [webhook('crash-fast', 'lastNode'), answer('Answer', 200)], connections: chain('Webhook', 'Answer'), settings: { executionOrder: 'v1' } },
    slow: {
      name: 'Crash: slow node',
      nodes: [
        webhook('crash-slow', 'lastNode'),
        {
          id: 'code',
          name: SLOW_NODE,
          type: 'n8n-nodes-base.code',
          typeVersion: 2,
          position: [200, 0],
          parameters: { jsCode: `const until = Date.now() + ${opts.slowMs};\nwhile (Date.now() < until);\nreturn $input.all();` },
        },
        answer('Answer', 400),
      ],
      connections: chain('Webhook', SLOW_NODE, 'Answer'),
      settings: { executionOrder: 'v1' },
    },
    wait: waitFlow('Crash: wait', 'crash-wait', 'onReceived', opts.waitSeconds),
    memwait: waitFlow('Crash: in-memory wait', 'crash-memwait', 'lastNode', opts.memWaitSeconds ?? 0.5),
  };
}

export interface HostProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed (stdout + stderr). */
  output(): string;
  exited: Promise<number | string>;
}

export interface CrashSite {
  dataDir: string;
  apiKey: string;
  /** Workflow ids by fixture name. */
  workflowIds: Record<string, string>;
  /** Starts `gigaflow start` on the data folder (a fresh port each time); resolves once /readyz answers. */
  start(): Promise<HostProcess>;
  /** SIGKILL to the node process itself (not a wrapper), then waits for it to be gone. */
  kill9(host: HostProcess): Promise<void>;
  api<T>(host: HostProcess, path: string, init?: RequestInit): Promise<T>;
  /** Every execution, all pages. */
  executions(host: HostProcess, query?: string): Promise<ExecutionSummary[]>;
  cleanup(): Promise<void>;
}

function run(args: string[], env: NodeJS.ProcessEnv): string {
  const done = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`gigaflow ${args.join(' ')} failed (${done.status}): ${done.stderr}`);
  return done.stdout;
}

/**
 * A data folder with the workflows imported and activated. SQLite unless `postgres` (or
 * GIGAFLOW_TEST_STORAGE=postgres): then a throw-away PostgreSQL database, dropped by cleanup().
 */
export async function prepareCrashSite(opts: { workflows: Record<string, WorkflowInput>; env?: Record<string, string>; postgres?: boolean }): Promise<CrashSite> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-crash-'));
  const usePostgres = opts.postgres ?? process.env.GIGAFLOW_TEST_STORAGE === 'postgres';
  let database: TestDatabase | undefined;
  const hosts: HostProcess[] = [];
  const cleanup = async () => {
    for (const h of hosts) if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
    await Promise.all(hosts.map((h) => h.exited));
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  try {
    if (usePostgres) database = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIGAFLOW_DATA_DIR: dataDir,
      GIGAFLOW_HOST: '127.0.0.1',
      GIGAFLOW_LOG_LEVEL: 'info',
      GIGAFLOW_TEMPLATES_DIR: join(dataDir, 'no-templates'),
      GIGAFLOW_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      GIGAFLOW_MODE: 'regular',
      ...(database ? { GIGAFLOW_DATABASE_URL: database.url } : {}),
      ...opts.env,
    };
    delete env.GIGAFLOW_PORT;
    const workflowIds: Record<string, string> = {};
    for (const [name, wf] of Object.entries(opts.workflows)) {
      const file = join(dataDir, `${name}.workflow.json`);
      const id = `crash${name[0].toUpperCase()}${name.slice(1)}${randomBytes(3).toString('hex')}`;
      writeFileSync(file, JSON.stringify({ id, ...wf }));
      run(['import', file, '--activate'], env);
      workflowIds[name] = id;
    }
    const apiKey = run(['apikey', 'create', '--name', 'crash-test'], env).trim().split('\n')[0];

    const start = async (): Promise<HostProcess> => {
      const port = await closedPort();
      const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, GIGAFLOW_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
      const host: HostProcess = { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
      hosts.push(host);
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the host exited (${child.exitCode}):\n${out}`);
        if (await fetch(`${host.url}/readyz`).then((r) => r.ok, () => false)) return host;
        if (Date.now() > deadline) throw new Error(`the host was not ready within 30 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const api = async <T>(host: HostProcess, path: string, init: RequestInit = {}): Promise<T> => {
      const res = await fetch(`${host.url}/api/v1${path}`, { ...init, headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    return {
      dataDir,
      apiKey,
      workflowIds,
      start,
      async kill9(host) {
        process.kill(host.child.pid!, 'SIGKILL');
        await host.exited;
      },
      api,
      async executions(host, query = '') {
        const all: ExecutionSummary[] = [];
        let cursor: string | null = null;
        do {
          const page: { data: ExecutionSummary[]; nextCursor: string | null } = await api(host, `/executions?limit=250${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          all.push(...page.data);
          cursor = page.nextCursor;
        } while (cursor);
        return all;
      },
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Polls `check` every 100 ms until it returns a value other than undefined, for at most `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
