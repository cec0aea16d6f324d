// Quick measurement of the webhook-path write: one execution inserted with its final status.
// Run: npm run bench:storage [-- count]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSqliteStorage } from '../host/storage/sqlite/index.ts';
import { sampleExecution } from '../test/integration/storage/fixtures.ts';

const count = Number(process.argv[2] ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'gf-insert-rate-'));
const storage = createSqliteStorage({ path: join(dir, 'gigaflow.db'), encryptionKey: randomBytes(32) });
try {
  const record = sampleExecution('wf1');
  console.log(`run data ${JSON.stringify(record.runData).length} B, workflow data ${JSON.stringify(record.workflowData).length} B per execution`);
  const insert = () => storage.executions.create({ ...record, startedAt: new Date().toISOString() });
  for (let i = 0; i < 2000; i++) await insert(); // warm-up

  // Concurrent callers, as on the webhook path: each of `inFlight` loops awaits its own create.
  for (const inFlight of [1, 16, 128]) {
    let left = count;
    const worker = async () => {
      while (left-- > 0) await insert();
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${count} executions, ${inFlight} in flight: ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} executions/s`);
  }

  // The runtime's other path: insert as running, then store the final state (two writes).
  for (const inFlight of [1, 64]) {
    let left = count / 2;
    const worker = async () => {
      while (left-- > 0) {
        const id = await storage.executions.create({ ...record, status: 'running', stoppedAt: undefined, runData: {} });
        await storage.executions.update(id, { status: 'success', stoppedAt: new Date().toISOString(), runData: record.runData, workflowData: record.workflowData });
      }
    };
    const t1 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const s1 = (performance.now() - t1) / 1000;
    console.log(`${count / 2} executions as create(running) + update(final), ${inFlight} in flight: ${Math.round(count / 2 / s1)} executions/s`);
  }

  const t2 = performance.now();
  for (let i = 0; i < 200; i++) await storage.executions.list({ workflowId: 'wf1', limit: 50 });
  console.log(`list 50 summaries: ${((performance.now() - t2) / 200).toFixed(2)} ms`);
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
