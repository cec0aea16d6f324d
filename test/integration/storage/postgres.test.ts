// The storage contract on PostgreSQL (one throw-away database for the file, one schema per test),
// plus what is PostgreSQL-specific: migrations under concurrent start-up, the encryption key check,
// ciphertext at rest, close semantics.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS, createPostgresStorage, runPgMigrations } from '../../../host/storage/postgres/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { type TestDatabase, createTestDatabase, databaseExists, freshPostgresStorage } from '../../helpers/postgres.ts';
import { sampleExecution, sampleWorkflow } from './fixtures.ts';
import { runStorageContract } from './storage.contract.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
  expect(await databaseExists(db.name)).toBe(false);
});
const key = randomBytes(32);

runStorageContract('postgres', () => freshPostgresStorage(db, key));

describe('postgres specifics', () => {
  const raw = async <T>(schema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: db.url, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const open = (schema: string, encryptionKey = key): Promise<Storage> => createPostgresStorage({ url: db.url, encryptionKey, schema, poolSize: 3 });

  it('processes starting at once apply each migration exactly once, and re-opening keeps the data', async () => {
    const schema = `mig_${randomBytes(4).toString('hex')}`;
    const all = await Promise.all(Array.from({ length: 5 }, () => open(schema)));
    const wf = await all[0].workflows.create(sampleWorkflow('Persisted'));
    expect(await all[4].workflows.get(wf.id)).toEqual(wf);
    await Promise.all(all.map((s) => s.close()));
    const rows = await raw(schema, async (c) => (await c.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows);
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const again = await open(schema);
    expect(await again.workflows.get(wf.id)).toEqual(wf);
    await again.close();
  });

  it('applies only new migrations; a failing one leaves nothing behind; a newer database is refused', async () => {
    const schema = `mig_${randomBytes(4).toString('hex')}`;
    await (await open(schema)).close();
    await raw(schema, async (c) => {
      const tx = async <T>(fn: (q: pg.Client) => Promise<T>): Promise<T> => {
        await c.query('BEGIN');
        try {
          const r = await fn(c);
          await c.query('COMMIT');
          return r;
        } catch (err) {
          await c.query('ROLLBACK');
          throw err;
        }
      };
      const extra = { version: 1000, name: 'add notes', up: (q: { query(s: string): Promise<unknown> }) => q.query('CREATE TABLE notes (id TEXT PRIMARY KEY)') };
      const broken = { version: 1001, name: 'broken', up: (q: { query(s: string): Promise<unknown> }) => q.query('CREATE TABLE half (x int); SELECT * FROM no_such_table') };
      expect(await runPgMigrations(tx, [...PG_MIGRATIONS, extra])).toEqual([1000]);
      expect(await runPgMigrations(tx, [...PG_MIGRATIONS, extra])).toEqual([]);
      await expect(runPgMigrations(tx, [...PG_MIGRATIONS, extra, broken])).rejects.toThrow(/Migration 1001 \(broken\) failed/);
      expect((await c.query("SELECT to_regclass('half') AS t")).rows[0].t).toBeNull();
      expect((await c.query('SELECT max(version) AS v FROM schema_migrations')).rows[0].v).toBe(1000);
    });
    await expect(open(schema)).rejects.toThrow(/newer/);
  });

  it('refuses to open with a different encryption key', async () => {
    const schema = `key_${randomBytes(4).toString('hex')}`;
    await (await open(schema)).close();
    await expect(open(schema, randomBytes(32))).rejects.toThrow(/encryption key does not match/);
    const ok = await open(schema);
    expect(await ok.credentials.list()).toEqual([]);
    await ok.close();
  });

  it('stores only ciphertext for credential secrets', async () => {
    const schema = `enc_${randomBytes(4).toString('hex')}`;
    const storage = await open(schema);
    const secret = 'Sup3r-Secret-Token-9f8e7d6c';
    const meta = await storage.credentials.create({ name: 'Token', type: 'httpHeaderAuth', data: { value: secret } });
    await storage.credentials.update(meta.id, { data: { other: `${secret}-2` } });
    const stored = await raw(schema, async (c) => String((await c.query('SELECT data FROM credentials WHERE id = $1', [meta.id])).rows[0].data));
    expect(stored).toMatch(/^gf1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored.includes('Sup3r')).toBe(false);
    expect((await storage.credentials.getDecrypted(meta.id))?.data).toEqual({ value: secret, other: `${secret}-2` });
    await storage.close();
  });

  it('close waits for writes already issued; operations after close fail', async () => {
    const schema = `close_${randomBytes(4).toString('hex')}`;
    const storage = await open(schema);
    const pending = Array.from({ length: 20 }, () => storage.executions.create(sampleExecution('wf1')));
    await storage.close();
    await storage.close();
    const ids = await Promise.all(pending);
    await expect(storage.workflows.list()).rejects.toThrow(/closed/);
    await expect(storage.executions.create(sampleExecution('wf1'))).rejects.toThrow(/closed/);
    const again = await open(schema);
    expect((await again.executions.list()).data.map((e) => e.id).sort()).toEqual(ids.sort());
    await again.close();
  });

  it('two processes racing for one webhook route: exactly one workflow gets it, the other a 409; one workflow from both: fine', async () => {
    const schema = `race_${randomBytes(4).toString('hex')}`;
    const [a, b] = [await open(schema), await open(schema)];
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled([
        a.webhooks.replaceForWorkflow(`wfA${round}`, [{ node: 'Hook', method: 'POST', path: `race/${round}/:id` }]),
        b.webhooks.replaceForWorkflow(`wfB${round}`, [{ node: 'Hook', method: 'POST', path: `race/${round}/:mac` }]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toMatchObject({ status: 409, field: 'path' });
    }
    expect(await a.webhooks.list()).toHaveLength(10);
    // The same workflow registered by two processes at once (mains restoring activations): both succeed.
    for (let round = 0; round < 10; round++) {
      const hooks = [{ node: 'Hook', method: 'POST', path: `same/${round}` }, { node: 'Other', method: 'GET', path: `same/${round}/:id` }];
      await Promise.all([a.webhooks.replaceForWorkflow('shared', hooks), b.webhooks.replaceForWorkflow('shared', hooks)]);
      expect((await b.webhooks.list()).filter((h) => h.workflowId === 'shared')).toHaveLength(2);
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('concurrent saves of one workflow from two processes each record a version; a given id is created once', async () => {
    const schema = `ver_${randomBytes(4).toString('hex')}`;
    const [a, b] = [await open(schema), await open(schema)];
    const wf = await a.workflows.create(sampleWorkflow('v1'));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).workflows.update(wf.id, sampleWorkflow(`v${i + 2}`))));
    const versions = await b.workflows.listVersions(wf.id);
    expect(versions).toHaveLength(11);
    expect(versions[0].versionId).toBe((await a.workflows.get(wf.id))?.versionId);
    const created = await Promise.allSettled([a, b].map((s) => s.workflows.create({ ...sampleWorkflow('same'), id: 'fixed-id' })));
    expect(created.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((created.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409, field: 'id' });
    await Promise.all([a.close(), b.close()]);
  });

  it('a forged cursor whose timestamp is not one is a 400 naming the cursor', async () => {
    const storage = await freshPostgresStorage(db, key);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    await expect(storage.workflows.list({ cursor: forged })).rejects.toMatchObject({ status: 400, field: 'cursor' });
    await expect(storage.executions.list({ cursor: forged })).rejects.toMatchObject({ status: 400, field: 'cursor' });
    await storage.close();
  });

  it('a bad URL or an unreachable server is a clear error without the password', async () => {
    await expect(createPostgresStorage({ url: 'mysql://x', encryptionKey: key })).rejects.toThrow(/postgres:\/\//);
    await expect(createPostgresStorage({ url: 'postgres://u:hunter2@127.0.0.1:1/none', encryptionKey: key })).rejects.toThrow(
      /^PostgreSQL storage at postgres:\/\/u@127\.0\.0\.1:1\/none: (?!.*hunter2)/,
    );
  });
});
