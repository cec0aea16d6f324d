// bench:crash — kill -9 of the single-process host during 1,000 executions, then a restart on the
// same data folder: is every execution it accepted finished or marked crashed, and do saved waits
// resume? (issue 13, "Soak and faults"). Real `gigaflow start` processes, every execution saved.
// Mix: fast (Webhook → Set), slow (a Code node busy for --slow-ms), saved waits (--wait-seconds,
// longer than GIGAFLOW_WAIT_IN_MEMORY_MAX_MS=1000) and in-memory waits (0.5 s).
// "Accepted" = the killed host's journal had its start, or it has a row. "Lost" = accepted and, once
// the restarted host settled, neither finished nor crashed; it must be 0, and no row may stay
// `running`/`new`, or the bench exits 1.
// Usage: npm run bench:crash [-- --executions 1000 --connections 32 --seed N --postgres]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExecutionSummary } from '../host/model/index.ts';
import { readJournal } from '../host/runtime/run-journal.ts';
import { crashWorkflows, eventually, prepareCrashSite } from '../test/integration/reliability/crash-host.ts';
import type { HostProcess } from '../test/integration/reliability/crash-host.ts';

const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '32' },
    'slow-ms': { type: 'string', default: '50' },
    'wait-seconds': { type: 'string', default: '3' },
    seed: { type: 'string' },
    postgres: { type: 'boolean', default: false },
  },
});
const total = Number(values.executions);
const connections = Number(values.connections);
const waitSeconds = Number(values['wait-seconds']);
let seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const usedSeed = seed;
/** mulberry32: a seeded random source, so --seed replays the same mix and kill point. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Kind = 'fast' | 'slow' | 'wait' | 'memwait';
const KINDS: Kind[] = ['fast', 'slow', 'wait', 'memwait'];
// 50 % fast, 25 % slow, 15 % saved waits, 10 % in-memory waits.
const kindOf = (r: number): Kind => (r < 0.5 ? 'fast' : r < 0.75 ? 'slow' : r < 0.9 ? 'wait' : 'memwait');
const plan = Array.from({ length: total }, () => kindOf(random()));
// Killed once this many requests were sent: somewhere in the middle.
const killAfter = Math.floor(total * (0.3 + 0.4 * random()));

const workflows = crashWorkflows({ slowMs: Number(values['slow-ms']), waitSeconds, memWaitSeconds: 0.5 });
const site = await prepareCrashSite({ workflows, env: { GIGAFLOW_WAIT_IN_MEMORY_MAX_MS: '1000', GIGAFLOW_LOG_LEVEL: 'warn' }, postgres: values.postgres });
const kindOfWorkflow = new Map(Object.entries(site.workflowIds).map(([kind, id]) => [id, kind as Kind]));
let failed = false;
try {
  const first = await site.start();
  const sent: Record<Kind, number> = { fast: 0, slow: 0, wait: 0, memwait: 0 };
  const ok: Record<Kind, number> = { fast: 0, slow: 0, wait: 0, memwait: 0 };
  const answeredIds: string[] = [];
  let next = 0;
  let killed = false;
  let kill!: () => void;
  const killNow = new Promise<void>((resolve) => (kill = resolve));
  const caller = async (host: HostProcess) => {
    while (!(killed && host === first) && next < total) {
      const kind = plan[next++];
      sent[kind]++;
      if (next >= killAfter) kill();
      try {
        const res = await fetch(`${host.url}/webhook/crash-${kind}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        const body = (await res.json()) as { executionId?: string };
        if (res.status === 200) {
          ok[kind]++;
          if (body.executionId) answeredIds.push(body.executionId);
        }
      } catch {
        // the host died under this call
      }
    }
  };
  const t0 = performance.now();
  const callers = Array.from({ length: connections }, () => caller(first));
  await killNow;
  process.kill(first.child.pid!, 'SIGKILL');
  killed = true;
  await first.exited;
  const killedAtMs = performance.now() - t0;
  await Promise.all(callers);
  const sentBeforeKill = next;
  const journalText = readFileSync(join(site.dataDir, 'executions.journal'), 'utf8');
  const inFlight = readJournal(journalText);

  const restartAt = performance.now();
  const second = await site.start();
  const readyMs = performance.now() - restartAt;
  // The recovery's one log line (JSON): its counts.
  const logLine = second.output().split('\n').find((l) => l.includes('executions in progress when the host stopped are marked crashed'));
  const { crashed: rowsCrashed = 0, created = 0, finished = 0, skipped = 0, swept = 0, ms = 0 } = logLine ? (JSON.parse(logLine) as Record<string, number>) : {};
  const recovery = logLine
    ? `recovery (${ms} ms): ${rowsCrashed} running rows crashed, ${created} rows created from the journal (quick runs), ${finished} already final, ${skipped} skipped, ${swept} swept`
    : 'recovery: no log line (nothing to recover)';

  // The rest of the 1,000 go to the restarted host.
  await Promise.all(Array.from({ length: connections }, () => caller(second)));

  // Let the restarted host settle: saved waits resume when due, nothing left running.
  const settled = (rows: ExecutionSummary[]) => rows.every((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
  const rows = await eventually('the restarted host settled', async () => {
    const all = await site.executions(second);
    return settled(all) ? all : undefined;
  }, (waitSeconds + 30) * 1000).catch(async (err: Error) => {
    console.error(err.message);
    return site.executions(second);
  });
  const secondStartedAt = new Date(Date.now() - (performance.now() - restartAt)).toISOString();

  const byId = new Map(rows.map((e) => [e.id, e]));
  const accepted = new Set([...rows.map((e) => e.id), ...inFlight.map((r) => r.id)]);
  const final = (s?: string) => s === 'success' || s === 'error' || s === 'canceled' || s === 'crashed';
  const lost = [...accepted].filter((id) => !final(byId.get(id)?.status));
  const stuck = rows.filter((e) => e.status === 'running' || e.status === 'new');
  const answeredNotSuccess = answeredIds.filter((id) => byId.get(id)?.status !== 'success');
  const count = (kind: Kind, pred: (e: ExecutionSummary) => boolean) => rows.filter((e) => kindOfWorkflow.get(e.workflowId) === kind && pred(e)).length;
  const crashedByNode = new Map<string, number>();
  for (const e of rows) if (e.status === 'crashed') crashedByNode.set(`${kindOfWorkflow.get(e.workflowId)} @ ${e.error?.node ?? '(unknown)'}`, (crashedByNode.get(`${kindOfWorkflow.get(e.workflowId)} @ ${e.error?.node ?? '(unknown)'}`) ?? 0) + 1);
  // Parked by the killed host, finished by the restarted one.
  const resumed = count('wait', (e) => e.status === 'success' && e.startedAt < secondStartedAt && (e.stoppedAt ?? '') >= secondStartedAt);

  const cell = (v: string | number, w = 9) => String(v).padStart(w);
  console.log(`\nkill -9 during ${total} executions (${connections} callers, seed ${usedSeed}, storage ${values.postgres ? 'PostgreSQL' : 'SQLite'})`);
  console.log(`killed after ${sentBeforeKill} requests sent, ${(killedAtMs / 1000).toFixed(1)} s in; journal at the kill: ${inFlight.length} runs in flight, ${journalText.length} bytes`);
  console.log(`the other ${total - sentBeforeKill} requests went to the restarted host`);
  console.log(`restart to /readyz (recovery included): ${readyMs.toFixed(0)} ms; ${recovery}`);
  console.log(`\n${'kind'.padEnd(10)}${cell('sent')}${cell('200')}${cell('rows')}${cell('success')}${cell('crashed')}${cell('other')}`);
  for (const kind of KINDS) {
    const all = count(kind, () => true);
    const success = count(kind, (e) => e.status === 'success');
    const crashed = count(kind, (e) => e.status === 'crashed');
    console.log(`${kind.padEnd(10)}${cell(sent[kind])}${cell(ok[kind])}${cell(all)}${cell(success)}${cell(crashed)}${cell(all - success - crashed)}`);
  }
  const sum = (r: Record<Kind, number>) => KINDS.reduce((n, k) => n + r[k], 0);
  console.log(`${'total'.padEnd(10)}${cell(sum(sent))}${cell(sum(ok))}${cell(rows.length)}${cell(rows.filter((e) => e.status === 'success').length)}${cell(rows.filter((e) => e.status === 'crashed').length)}`);
  console.log('\ncrashed rows by workflow @ node:');
  for (const [key, n] of [...crashedByNode].sort()) console.log(`  ${key.padEnd(36)}${cell(n, 5)}`);
  console.log(`\nsaved waits parked before the kill and finished after the restart: ${resumed} (all saved-wait rows: ${count('wait', () => true)}, success ${count('wait', (e) => e.status === 'success')})`);
  console.log(`accepted (journal start or row): ${accepted.size}`);
  console.log(`lost (accepted, neither finished nor crashed): ${lost.length}${lost.length ? ` ${lost.slice(0, 5).join(', ')}` : ''}`);
  console.log(`rows still running/new: ${stuck.length}`);
  console.log(`answered 200 without a success row: ${answeredNotSuccess.length}`);
  failed = lost.length > 0 || stuck.length > 0 || answeredNotSuccess.length > 0;
  console.log(failed ? '\nFAILED' : '\nOK: nothing lost, nothing left running');
} finally {
  await site.cleanup();
}
process.exit(failed ? 1 : 0);
