// Storage selection (host/storage/open.ts): GIGAFLOW_DATABASE_URL picks PostgreSQL, otherwise the
// SQLite file in the data folder; the pool size setting is read and checked.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../host/config.ts';
import { openStorage, storageKind } from '../../../host/storage/open.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';

let db: TestDatabase;
const dirs: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gf-open-'));
  dirs.push(d);
  return d;
};

describe('storage selection', () => {
  it('reads GIGAFLOW_DATABASE_URL and GIGAFLOW_DATABASE_POOL_SIZE (default 10), naming a bad value', () => {
    expect(loadConfig({})).toMatchObject({ databasePoolSize: 10 });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ GIGAFLOW_DATABASE_URL: 'postgres://u@h/db', GIGAFLOW_DATABASE_POOL_SIZE: '25' })).toMatchObject({ databaseUrl: 'postgres://u@h/db', databasePoolSize: 25 });
    expect(() => loadConfig({ GIGAFLOW_DATABASE_POOL_SIZE: 'many' })).toThrow(/GIGAFLOW_DATABASE_POOL_SIZE/);
    expect(storageKind(loadConfig({ GIGAFLOW_DATABASE_URL: '' }))).toBe('sqlite');
  });

  it('opens PostgreSQL when a database URL is set, and writes no SQLite file', async () => {
    const dir = dataDir();
    const config = loadConfig({ GIGAFLOW_DATA_DIR: dir, GIGAFLOW_DATABASE_URL: db.url, GIGAFLOW_ENCRYPTION_KEY: 'k'.repeat(32) });
    expect(storageKind(config)).toBe('postgres');
    const storage = await openStorage(config);
    const wf = await storage.workflows.create({ name: 'in pg', nodes: [], connections: {}, settings: {} });
    await storage.close();
    expect(existsSync(join(dir, 'gigaflow.sqlite'))).toBe(false);
    const again = await openStorage(loadConfig({ GIGAFLOW_DATA_DIR: dataDir(), GIGAFLOW_DATABASE_URL: db.url, GIGAFLOW_ENCRYPTION_KEY: 'k'.repeat(32) }));
    expect((await again.workflows.get(wf.id))?.name).toBe('in pg');
    await again.close();
  });

  it('opens the SQLite file in the data folder otherwise', async () => {
    const dir = dataDir();
    const storage = await openStorage(loadConfig({ GIGAFLOW_DATA_DIR: dir }));
    await storage.workflows.create({ name: 'in sqlite', nodes: [], connections: {}, settings: {} });
    await storage.close();
    expect(existsSync(join(dir, 'gigaflow.sqlite'))).toBe(true);
  });
});
