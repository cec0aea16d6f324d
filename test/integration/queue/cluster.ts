// A queue-mode cluster of real processes for tests and bench/queue.bench.ts: one main
// (`gigaflow start`) and N workers (`gigaflow worker`), sharing a fresh PostgreSQL database and a
// Redis prefix of their own. The fixture workflows are imported and activated with `gigaflow import --activate`.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { closedPort } from '../../helpers/ports.ts';
import { loadConfig } from '../../../host/config.ts';
import { openStorage } from '../../../host/storage/open.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'host/cli/bin.ts');
export const FIXTURES = join(ROOT, 'test/integration/queue/fixtures');

export interface Proc {
  child: ChildProcess;
  /** Everything it printed (stdout + stderr), for assertion messages. */
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  /** Main processes only: their base URL. */
  url?: string;
}

export interface Cluster {
  url: string;
  prefix: string;
  env: NodeJS.ProcessEnv;
  main: Proc;
  workers: Proc[];
  startWorker(concurrency?: number): Promise<Proc>;
  /** A `gigaflow webhook` process on a port of its own; resolves with its base URL. */
  startWebhookProcess(): Promise<{ proc: Proc; url: string }>;
  /** The shared database, opened from the test process. */
  openStorage(): Promise<Storage>;
  stop(): Promise<void>;
}

/** The JSON log lines of a process's output with this message (other lines and non-JSON output skipped). */
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (line.msg === msg) lines.push(line);
    } catch {
      // a partial line or another process's text
    }
  }
  return lines;
}

export function launch(args: string[], env: NodeJS.ProcessEnv): Proc {
  // bench:queue --profile DIR: every process writes a V8 CPU profile there when it exits.
  const profile = env.GIGAFLOW_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.GIGAFLOW_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => out, exited };
}

async function until(what: string, proc: Proc, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${what}: the process exited (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startCluster(opts: { workers: number; concurrency?: number; fixtures: string[]; env?: Record<string, string> }): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-queue-'));
  const prefix = `gfq${randomBytes(5).toString('hex')}`;
  const port = await closedPort();
  const database = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIGAFLOW_DATA_DIR: dataDir,
    GIGAFLOW_PORT: String(port),
    GIGAFLOW_HOST: '127.0.0.1',
    GIGAFLOW_LOG_LEVEL: 'info',
    GIGAFLOW_TEMPLATES_DIR: join(dataDir, 'no-templates'),
    GIGAFLOW_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GIGAFLOW_MODE: 'queue',
    GIGAFLOW_QUEUE_PREFIX: prefix,
    GIGAFLOW_DATABASE_URL: database.url,
    ...opts.env,
  };
  for (const fixture of opts.fixtures) {
    const imported = spawnSync(process.execPath, [BIN, 'import', join(FIXTURES, fixture), '--activate'], { env: { ...env, GIGAFLOW_MODE: 'regular' }, encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`import ${fixture} failed: ${imported.stderr}`);
  }
  const url = `http://127.0.0.1:${port}`;
  const main = launch(['start'], env);
  const workers: Proc[] = [];
  const storages: Storage[] = [];
  const startWorker = async (concurrency = opts.concurrency ?? 10): Promise<Proc> => {
    const worker = launch(['worker', '--concurrency', String(concurrency)], env);
    await until('worker', worker, () => worker.output().includes('gigaflow worker ready'));
    workers.push(worker);
    return worker;
  };
  const others: Proc[] = [];
  const startWebhookProcess = async () => {
    const port = await closedPort();
    const proc = launch(['webhook'], { ...env, GIGAFLOW_PORT: String(port) });
    others.push(proc);
    const base = `http://127.0.0.1:${port}`;
    await until('webhook process', proc, async () => (await fetch(`${base}/readyz`)).ok);
    return { proc, url: base };
  };
  const stop = async () => {
    // A profiled process writes its profile only when it exits by itself.
    if (env.GIGAFLOW_CPU_PROFILE_DIR) {
      for (const p of [main, ...workers, ...others]) p.child.kill('SIGTERM');
      await Promise.race([Promise.all([main, ...workers, ...others].map((p) => p.exited)), new Promise((r) => setTimeout(r, 10_000))]);
    }
    for (const p of [main, ...workers, ...others]) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all([main, ...workers, ...others].map((p) => p.exited));
    await Promise.all(storages.map((s) => s.close()));
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  };
  try {
    await until('main', main, async () => (await fetch(`${url}/readyz`)).ok);
    await Promise.all(Array.from({ length: opts.workers }, () => startWorker()));
  } catch (err) {
    await stop(); // no process outlives a failed start
    throw err;
  }
  return {
    url,
    prefix,
    env,
    main,
    workers,
    startWorker,
    startWebhookProcess,
    async openStorage() {
      const storage = await openStorage({ ...loadConfig(env), databasePoolSize: 2 });
      storages.push(storage);
      return storage;
    },
    stop,
  };
}

/** POSTs JSON to a webhook path; returns status and parsed body. */
export async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
