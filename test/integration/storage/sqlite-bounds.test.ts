// SQLite stays bounded under the fill → prune cycle a running host goes through: the space pruned
// executions took (their run data sits in overflow pages) is given back or reused, and the WAL is
// emptied after each prune, so the file does not creep up cycle after cycle.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { sampleExecution } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-sqlite-bounds-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(root, `case-${++n}`, 'gigaflow.sqlite');
const key = randomBytes(32);

const CYCLES = 5;
const FILL = 300;
const KEEP = 100;
/** PRAGMA journal_size_limit set by the storage (host/storage/sqlite/index.ts). */
const WAL_LIMIT = 64 * 1024 * 1024;
const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** ~20 kB of run data that does not compress: several overflow pages per row. */
const bigRunData = () => ({
  Webhook: [{ startTime: 1, executionTime: 1, executionStatus: 'success' as const, source: [], inputItemCounts: [1], data: { main: [[{ json: { blob: randomBytes(15_000).toString('base64') } }]] } }],
});

interface CycleFigures {
  deleted: number;
  /** File + WAL: right before a prune most of the newest rows are still only in the WAL. */
  diskBeforePrune: number;
  walBeforePrune: number;
  fileAfterPrune: number;
  walAfterPrune: number;
  freePagesAfterPrune: number;
}

const fill = async (storage: Storage, count: number): Promise<void> => {
  // As the webhook path writes: many inserts per group commit.
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => storage.executions.create(sampleExecution('wf-bounds', { runData: bigRunData() }))));
  }
};

/** KEEP executions, then CYCLES times: FILL more and prune back to KEEP (the same shape every cycle). */
async function cycles(storage: Storage, path: string): Promise<CycleFigures[]> {
  // A second connection only reads pragmas; it never holds a snapshot between statements, so it
  // cannot stop the prune's checkpoint from truncating the WAL.
  const reader = new DatabaseSync(path, { readOnly: true });
  const freePages = (): number => Number(reader.prepare('PRAGMA freelist_count').get()?.freelist_count);
  const out: CycleFigures[] = [];
  try {
    await fill(storage, KEEP);
    for (let c = 0; c < CYCLES; c++) {
      await fill(storage, FILL);
      const walBeforePrune = sizeOf(`${path}-wal`);
      const diskBeforePrune = sizeOf(path) + walBeforePrune;
      const { deleted } = await storage.executions.prune({ maxCount: KEEP });
      out.push({ deleted, diskBeforePrune, walBeforePrune, fileAfterPrune: sizeOf(path), walAfterPrune: sizeOf(`${path}-wal`), freePagesAfterPrune: freePages() });
    }
  } finally {
    reader.close();
  }
  return out;
}

describe('SQLite file and WAL after repeated fill → prune cycles', () => {
  it('a Gigaflow database (incremental auto-vacuum) shrinks back after every prune and ends no bigger than after the first', async () => {
    const path = freshPath();
    const storage = createSqliteStorage({ path, encryptionKey: key });
    try {
      const figures = await cycles(storage, path);
      expect(figures.map((f) => f.deleted)).toEqual(Array(CYCLES).fill(FILL));
      const first = figures[0];
      for (const [i, f] of figures.entries()) {
        const at = `cycle ${i + 1}: ${JSON.stringify(f)}`;
        expect(f.walBeforePrune, at).toBeLessThanOrEqual(WAL_LIMIT);
        // The prune's wal_checkpoint(TRUNCATE) leaves an empty WAL ...
        expect(f.walAfterPrune, at).toBe(0);
        // ... and incremental_vacuum left no free page in the file: it was cut back to the rows kept.
        expect(f.freePagesAfterPrune, at).toBe(0);
        expect(f.fileAfterPrune, at).toBeLessThan(f.diskBeforePrune / 2);
        expect(f.fileAfterPrune, at).toBeLessThanOrEqual(first.fileAfterPrune * 1.05 + 64 * 1024);
      }
      expect((await storage.executions.list({ limit: 250 })).data).toHaveLength(KEEP);
    } finally {
      await storage.close();
    }
  }, 120_000);

  it('a file made without auto-vacuum (auto_vacuum=NONE cannot be switched on later) reuses its free pages: bounded by its high-water mark', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const made = new DatabaseSync(path);
    made.exec('PRAGMA auto_vacuum = NONE; PRAGMA journal_mode = WAL; CREATE TABLE made_elsewhere (x)');
    made.close();
    const storage = createSqliteStorage({ path, encryptionKey: key });
    try {
      const figures = await cycles(storage, path);
      const first = figures[0];
      for (const [i, f] of figures.entries()) {
        const at = `cycle ${i + 1}: ${JSON.stringify(f)}`;
        expect(f.walAfterPrune, at).toBe(0);
        // Nothing is given back to the file system, but the next fill reuses the freed pages.
        expect(f.freePagesAfterPrune, at).toBeGreaterThan(0);
        expect(f.fileAfterPrune, at).toBeLessThanOrEqual(first.fileAfterPrune * 1.05 + 64 * 1024);
      }
    } finally {
      await storage.close();
    }
  }, 120_000);
});
