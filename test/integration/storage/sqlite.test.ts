import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, createSqliteStorage, runMigrations } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { sampleExecution, sampleWorkflow } from './fixtures.ts';
import { runStorageContract } from './storage.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-storage-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(root, `case-${++n}`, 'gigaflow.db');
const key = randomBytes(32);

runStorageContract('sqlite file', () => createSqliteStorage({ path: freshPath(), encryptionKey: key }));
runStorageContract('sqlite :memory:', () => createSqliteStorage({ path: ':memory:', encryptionKey: key }));

describe('sqlite specifics', () => {
  const open: (Storage | DatabaseSync)[] = [];
  const track = <T extends Storage | DatabaseSync>(x: T): T => (open.push(x), x);
  afterEach(async () => {
    for (const x of open.splice(0)) {
      if (x instanceof DatabaseSync) {
        if (x.isOpen) x.close();
      } else await x.close();
    }
  });
  const pragma = (db: DatabaseSync, name: string): unknown => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];

  it('creates a WAL database with incremental auto-vacuum and records every migration', async () => {
    const path = freshPath();
    await track(createSqliteStorage({ path, encryptionKey: key })).workflows.create(sampleWorkflow());
    const raw = track(new DatabaseSync(path));
    expect(pragma(raw, 'journal_mode')).toBe('wal');
    expect(pragma(raw, 'auto_vacuum')).toBe(2); // INCREMENTAL
    expect(raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all().map((r) => ({ ...r }))).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    expect(MIGRATIONS[0]).toMatchObject({ version: 1, name: 'initial schema' });
  });

  it('re-opening keeps the data and applies only migrations not yet recorded', async () => {
    const path = freshPath();
    const first = createSqliteStorage({ path, encryptionKey: key });
    const wf = await first.workflows.create(sampleWorkflow('Persisted'));
    await first.close();

    const again = track(createSqliteStorage({ path, encryptionKey: key }));
    expect(await again.workflows.get(wf.id)).toEqual(wf);
    await again.close();

    const raw = track(new DatabaseSync(path));
    const calls: number[] = [];
    const spied = MIGRATIONS.map((m) => ({ ...m, up: (db: DatabaseSync) => (calls.push(m.version), m.up(db)) }));
    const extra = { version: 1000, name: 'add notes', up: (db: DatabaseSync) => (calls.push(1000), db.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)')) };
    expect(runMigrations(raw, [...spied, extra])).toEqual([1000]);
    expect(calls).toEqual([1000]);
    expect(runMigrations(raw, [...spied, extra])).toEqual([]);
    expect(calls).toEqual([1000]);
    expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), 1000]);
    raw.close();
    // A database that knows a migration this code does not is refused.
    expect(() => createSqliteStorage({ path, encryptionKey: key })).toThrow(/newer/);
  });

  it('a failing migration leaves neither its changes nor its record behind', () => {
    const raw = track(new DatabaseSync(':memory:'));
    runMigrations(raw);
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    const broken = { version: latest + 1, name: 'broken', up: (db: DatabaseSync) => db.exec('CREATE TABLE half (x); SELECT * FROM no_such_table') };
    expect(() => runMigrations(raw, [...MIGRATIONS, broken])).toThrow(new RegExp(`Migration ${latest + 1} \\(broken\\) failed`));
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(raw.prepare('SELECT max(version) AS v FROM schema_migrations').get()?.v).toBe(latest);
  });

  it('refuses to open with a different encryption key', async () => {
    const path = freshPath();
    await createSqliteStorage({ path, encryptionKey: key }).close();
    expect(() => createSqliteStorage({ path, encryptionKey: randomBytes(32) })).toThrow(/encryption key does not match/);
    await track(createSqliteStorage({ path, encryptionKey: key })).credentials.list();
  });

  it('stores only ciphertext for credential secrets, on disk and in the WAL', async () => {
    const path = freshPath();
    const storage = track(createSqliteStorage({ path, encryptionKey: key }));
    const secret = 'Sup3r-Secret-Token-9f8e7d6c';
    const meta = await storage.credentials.create({ name: 'Token', type: 'httpHeaderAuth', data: { value: secret } });
    await storage.credentials.update(meta.id, { data: { other: `${secret}-2` } });
    const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
    expect(bytes.includes('Sup3r-Secret')).toBe(false);
    expect(bytes.includes('httpHeaderAuth')).toBe(true); // the check above can see plaintext at all
    const raw = track(new DatabaseSync(path));
    const stored = String(raw.prepare('SELECT data FROM credentials WHERE id = ?').get(meta.id)?.data);
    expect(stored).toMatch(/^gf1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored.includes(secret)).toBe(false);
    expect((await storage.credentials.getDecrypted(meta.id))?.data).toEqual({ value: secret, other: `${secret}-2` });
  });

  it('prune gives the space back: the file shrinks', async () => {
    const path = freshPath();
    const storage = track(createSqliteStorage({ path, encryptionKey: key }));
    const big = { Webhook: [{ startTime: 1, executionTime: 1, executionStatus: 'success' as const, source: [], inputItemCounts: [1], data: { main: [[{ json: { blob: randomBytes(24_000).toString('base64') } }]] } }] };
    const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
    for (let i = 0; i < 400; i++) await storage.executions.create(sampleExecution('wf1', { startedAt: old, runData: big }));
    const keepId = await storage.executions.create(sampleExecution('wf1'));
    const checkpoint = track(new DatabaseSync(path));
    checkpoint.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = statSync(path).size;
    expect(before).toBeGreaterThan(10_000_000);

    expect(await storage.executions.prune({ maxAgeMs: 86_400_000 })).toEqual({ deleted: 400 });
    checkpoint.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const after = statSync(path).size;
    expect(after).toBeLessThan(before / 10);
    expect(pragma(checkpoint, 'freelist_count')).toBe(0);
    expect((await storage.executions.get(keepId))?.status).toBe('success');
  });

  it('group commit still completes while a test fakes timers', async () => {
    const storage = track(createSqliteStorage({ path: ':memory:', encryptionKey: key }));
    vi.useFakeTimers();
    try {
      const id = await storage.executions.create(sampleExecution('wf1'));
      await storage.executions.update(id, { status: 'error' });
      expect((await storage.executions.get(id))?.status).toBe('error');
    } finally {
      vi.useRealTimers();
    }
  });

  it('close commits writes still waiting for their group commit', async () => {
    const path = freshPath();
    const storage = createSqliteStorage({ path, encryptionKey: key });
    const pending = Array.from({ length: 20 }, () => storage.executions.create(sampleExecution('wf1')));
    await storage.close();
    const ids = await Promise.all(pending);
    const again = track(createSqliteStorage({ path, encryptionKey: key }));
    expect((await again.executions.list()).data.map((e) => e.id).sort()).toEqual(ids.sort());
  });

  it('operations after close fail instead of silently doing nothing', async () => {
    const storage = createSqliteStorage({ path: freshPath(), encryptionKey: key });
    await storage.close();
    await storage.close();
    await expect(storage.workflows.list()).rejects.toThrow();
    await expect(storage.executions.create(sampleExecution('wf1'))).rejects.toThrow();
  });
});
