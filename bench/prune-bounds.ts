// bench:prune-bounds — SQLite file and WAL sizes through repeated fill → prune cycles on the real
// storage (no HTTP): what a host pruning on a timer goes through, cycle after cycle. Also times
// each prune and the longest the event loop was blocked during it (the webhook path waits that long).
// Usage: npm run bench:prune-bounds [-- --cycles 8 --keep 5000 --fill 20000 --run-data-kb 4 --no-auto-vacuum]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSqliteStorage } from '../host/storage/sqlite/index.ts';
import { sampleExecution } from '../test/integration/storage/fixtures.ts';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '8' },
    keep: { type: 'string', default: '5000' },
    fill: { type: 'string', default: '20000' },
    'run-data-kb': { type: 'string', default: '4' },
    'no-auto-vacuum': { type: 'boolean', default: false },
  },
});
const [cycles, keep, fill, runDataKb] = [values.cycles, values.keep, values.fill, values['run-data-kb']].map(Number);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'gigaflow-prune-bounds-'));
const path = join(dir, 'gigaflow.sqlite');
try {
  if (values['no-auto-vacuum']) {
    // A file some other tool created: auto_vacuum cannot be switched on once a table exists.
    mkdirSync(dir, { recursive: true });
    const made = new DatabaseSync(path);
    made.exec('PRAGMA auto_vacuum = NONE; PRAGMA journal_mode = WAL; CREATE TABLE made_elsewhere (x)');
    made.close();
  }
  const storage = createSqliteStorage({ path, encryptionKey: randomBytes(32) });
  const reader = new DatabaseSync(path, { readOnly: true });
  const pragma = (name: string): number => Number(Object.values(reader.prepare(`PRAGMA ${name}`).get() ?? {})[0]);
  const runData = () => ({
    Webhook: [{ startTime: 1, executionTime: 1, executionStatus: 'success' as const, source: [], inputItemCounts: [1], data: { main: [[{ json: { blob: randomBytes((runDataKb * 1024 * 3) / 4).toString('base64') } }]] } }],
  });
  const insert = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => storage.executions.create(sampleExecution('wf-bench', { runData: runData() }))));
    }
  };

  await insert(keep);
  console.log(`SQLite ${values['no-auto-vacuum'] ? 'WITHOUT auto-vacuum' : 'as Gigaflow creates it (auto_vacuum=INCREMENTAL)'}: keep ${keep}, add ${fill} per cycle, ~${runDataKb} kB run data each`);
  console.log('cycle  deleted  file+WAL before MB  WAL before MB  file after MB  WAL after MB  free pages  prune ms  longest stall ms');
  for (let c = 1; c <= cycles; c++) {
    await insert(fill);
    const walBefore = sizeOf(`${path}-wal`);
    const before = sizeOf(path) + walBefore;
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    const t0 = performance.now();
    const { deleted } = await storage.executions.prune({ maxCount: keep });
    const ms = performance.now() - t0;
    stalls.disable();
    const cells = [
      String(c).padStart(5),
      String(deleted).padStart(8),
      mb(before).padStart(19),
      mb(walBefore).padStart(14),
      mb(sizeOf(path)).padStart(14),
      mb(sizeOf(`${path}-wal`)).padStart(13),
      String(pragma('freelist_count')).padStart(11),
      ms.toFixed(0).padStart(9),
      (stalls.max / 1e6).toFixed(0).padStart(17),
    ];
    console.log(cells.join(' '));
  }
  reader.close();
  await storage.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
