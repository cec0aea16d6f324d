// Real queue-mode processes on PostgreSQL for the coordination tests (leader, concurrency, binary):
// several mains (`gigaflow start`) and workers (`gigaflow worker`), one fresh database, one Redis
// prefix. Unlike cluster.ts (one main, SQLite), mains can be added and killed one by one.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createPostgresStorage } from '../../../host/storage/postgres/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { closedPort } from '../../helpers/ports.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import type { TestDatabase } from '../../helpers/postgres.ts';
import { launch } from './cluster.ts';
import type { Proc } from './cluster.ts';

export type { Proc };



export interface CoordinationCluster {
  prefix: string;
  db: TestDatabase;
  /** The shared database, opened from the test process. */
  storage: Storage;
  redis: Redis;
  apiKey: string;
  mains: Proc[];
  workers: Proc[];
  startMain(): Promise<Proc>;
  startWorker(concurrency: number): Promise<Proc>;
  /** fetch against a main's API with the API key. */
  api(main: Proc, path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}


export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.child.exitCode !== null) throw new Error(`${what}: the process exited (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startCoordinationCluster(opts: { env?: Record<string, string> } = {}): Promise<CoordinationCluster> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-coord-'));
  const prefix = `gfq2${randomBytes(5).toString('hex')}`;
  const encryptionKey = randomBytes(32);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIGAFLOW_DATA_DIR: dataDir,
    GIGAFLOW_HOST: '127.0.0.1',
    GIGAFLOW_LOG_LEVEL: 'info',
    GIGAFLOW_TEMPLATES_DIR: join(dataDir, 'no-templates'),
    GIGAFLOW_ENCRYPTION_KEY: encryptionKey.toString('hex'),
    GIGAFLOW_MODE: 'queue',
    GIGAFLOW_QUEUE_PREFIX: prefix,
    GIGAFLOW_DATABASE_URL: db.url,
    GIGAFLOW_DATABASE_POOL_SIZE: '4',
    ...opts.env,
  };
  const storage = await createPostgresStorage({ url: db.url, encryptionKey, poolSize: 4 });
  const { key: apiKey } = await storage.apiKeys.create('coordination-test');
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const mains: Proc[] = [];
  const workers: Proc[] = [];
  return {
    prefix,
    db,
    storage,
    redis,
    apiKey,
    mains,
    workers,
    async startMain() {
      const port = await closedPort();
      const main = launch(['start'], { ...env, GIGAFLOW_PORT: String(port) });
      main.url = `http://127.0.0.1:${port}`;
      await waitFor('main ready', async () => (await fetch(`${main.url}/readyz`)).ok, 30_000, main);
      mains.push(main);
      return main;
    },
    async startWorker(concurrency) {
      const worker = launch(['worker', '--concurrency', String(concurrency)], env);
      await waitFor('worker ready', () => worker.output().includes('gigaflow worker ready'), 30_000, worker);
      workers.push(worker);
      return worker;
    },
    api: (main, path, init = {}) => fetch(`${main.url}${path}`, { ...init, headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...(init.headers ?? {}) } }),
    async stop() {
      const all = [...mains, ...workers];
      for (const p of all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(all.map((p) => p.exited));
      await storage.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
