// A real host on 127.0.0.1 with a fresh SQLite data folder (or a given PostgreSQL database), for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../host/config.ts';
import type { HostConfig } from '../../host/config.ts';
import { createHost } from '../../host/host.ts';
import type { Host } from '../../host/host.ts';
import { createLogger } from '../../host/logger.ts';
import type { WorkflowInput } from '../../host/model/index.ts';
import { type TestDatabase, createTestDatabase } from './postgres.ts';
import { afterAll } from 'vitest';

export interface TestHost {
  host: Host;
  url: string;
  apiKey: string;
  dataDir: string;
  /** fetch against the host with the API key set. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Stores and activates a workflow; returns its id. */
  deploy(wf: WorkflowInput): Promise<string>;
  /** Stops the host; the data folder is removed unless `keepData` (to start another host on it). */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

// GIGAFLOW_TEST_STORAGE=postgres runs every test host on a throw-away PostgreSQL database (one per
// data folder, so a host restarted on the same folder finds its database again; dropped on close).
const postgresByDataDir = new Map<string, TestDatabase>();
// A test that never closes its host (or keeps its data) still gets its databases dropped.
afterAll(async () => {
  for (const db of postgresByDataDir.values()) await db.drop().catch(() => undefined);
  postgresByDataDir.clear();
});
async function databaseFor(dataDir: string, given?: string): Promise<string | undefined> {
  if (given) return given;
  if (process.env.GIGAFLOW_TEST_STORAGE !== 'postgres') return undefined;
  let db = postgresByDataDir.get(dataDir);
  if (!db) postgresByDataDir.set(dataDir, (db = await createTestDatabase()));
  return db.url;
}

/** `postgresUrl`: run on that PostgreSQL database (see test/helpers/postgres.ts) instead of SQLite in the data folder. */
export async function startTestHost(
  env: Record<string, string> = {},
  overrides: Partial<HostConfig> = {},
  opts: { dataDir?: string; postgresUrl?: string } = {},
): Promise<TestHost> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gigaflow-test-'));
  const databaseUrl = await databaseFor(dataDir, opts.postgresUrl);
  const database = databaseUrl ? { GIGAFLOW_DATABASE_URL: databaseUrl } : {};
  // Tests call fake services on 127.0.0.1, which the SSRF guard refuses unless allowed.
  const base = { GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true' };
  const config = { ...loadConfig({ ...base, ...database, ...env }), ...overrides };
  const host = await createHost(config, { logger: createLogger('silent') });
  const port = await host.listen();
  const url = `http://127.0.0.1:${port}`;
  const { key } = await host.storage.apiKeys.create(`test-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  return {
    host,
    url,
    apiKey: key,
    dataDir,
    api: (path, init = {}) => fetch(`${url}${path}`, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) } }),
    async deploy(wf) {
      const stored = await host.storage.workflows.create(wf);
      await host.activation.activate(stored.id);
      return stored.id;
    },
    async close({ keepData = false } = {}) {
      await host.close();
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      await postgresByDataDir.get(dataDir)?.drop();
      postgresByDataDir.delete(dataDir);
    },
  };
}
