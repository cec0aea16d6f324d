// bench:tplink — the TP-Link bridge against fake XX230v modems in Debian's Chromium: a cold read
// (browser start + login + read), warm reads (kept login), and 10 modems read at once with the
// browser's memory summed over the Chromium process tree from /proc: RSS (the target's measure;
// it counts pages shared between processes, e.g. the 300 MB chromium binary, once per process)
// and PSS (shared pages divided among their users: what the tree really costs).
// Run: npx node bench/tplink-bridge.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { bridgePool } from '../nodes/tplink-bridge/browser-pool.ts';
import { runBridgeOperation } from '../nodes/tplink-bridge/bridge.ts';
import { modemTarget } from '../nodes/tplink-bridge/transport.ts';
import { startFakeModem } from '../test/fakes/tplink-modem/index.ts';

const TARGETS = { coldMs: 3000, warmMs: 300, concurrentMb: 600 };
const MODEMS = 10;

/** The process and all its descendants' RSS and PSS, in MB. */
function treeMemoryMb(root: number): { rss: number; pss: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  let rss = 0;
  let pss = 0;
  for (const stack = [root]; stack.length; ) {
    const pid = stack.pop()!;
    try {
      rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { rss: rss / 1024, pss: pss / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${Math.round(n)} ms`;
const verdict = (ok: boolean) => (ok ? 'OK ' : 'MISS');
async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const pool = bridgePool();
pool.configure({ maxConcurrency: MODEMS, idleMs: 600_000, sessionTtlMs: 600_000 });
const fakes = await Promise.all(Array.from({ length: MODEMS + 1 }, () => startFakeModem({ password: 'bench-pass' })));
const targets = fakes.map((f) => modemTarget(f.url, 'user', f.password));
try {
  const cold = await timed(() => runBridgeOperation(targets[0], { operation: 'fullDiagnostic' }));
  const coldLogin = await timed(() => runBridgeOperation(targets[1], { operation: 'fullDiagnostic' }));
  const warmInfo: number[] = [];
  const warmFull: number[] = [];
  for (let i = 0; i < 20; i++) {
    warmInfo.push(await timed(() => runBridgeOperation(targets[0], { operation: 'deviceInfo' })));
    warmFull.push(await timed(() => runBridgeOperation(targets[0], { operation: 'fullDiagnostic' })));
  }
  // 10 further modems at once, each a cold login + full read in its own context.
  await pool.close();
  await runBridgeOperation(targets[0], { operation: 'deviceInfo' }); // a fresh browser with one modem
  const pid = pool.stats().browserPid!;
  const before = treeMemoryMb(pid);
  const peak = { ...before };
  const sample = () => {
    const now = treeMemoryMb(pid);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.pss = Math.max(peak.pss, now.pss);
    return now;
  };
  const sampler = setInterval(sample, 100);
  const wall = await timed(() => Promise.all(targets.slice(1).map((t) => runBridgeOperation(t, { operation: 'fullDiagnostic' }))));
  clearInterval(sampler);
  const after = sample();
  const warm10 = await timed(() => Promise.all(targets.slice(1).map((t) => runBridgeOperation(t, { operation: 'fullDiagnostic' }))));

  console.log(`TP-Link bridge bench (${MODEMS} fake XX230v modems, Chromium ${pool.config.executablePath}, ${MODEMS} concurrent)`);
  console.log(`${verdict(cold <= TARGETS.coldMs)} cold read (browser start + login + full read): ${ms(cold)}  target <= ${ms(TARGETS.coldMs)}`);
  console.log(`     cold login + full read, browser running: ${ms(coldLogin)}`);
  console.log(`${verdict(median(warmInfo) <= TARGETS.warmMs)} warm read, device info: median ${ms(median(warmInfo))}, max ${ms(Math.max(...warmInfo))}  target <= ${ms(TARGETS.warmMs)}`);
  console.log(`     warm full diagnostic read: median ${ms(median(warmFull))}, max ${ms(Math.max(...warmFull))}`);
  console.log(`     ${MODEMS} modems at once (cold logins + full reads): ${ms(wall)} wall; again warm: ${ms(warm10)}`);
  const mb = (m: { rss: number; pss: number }, k: 'rss' | 'pss') => `${m[k].toFixed(0)} MB`;
  console.log(`${verdict(peak.rss < TARGETS.concurrentMb)} Chromium RSS, summed over its processes: ${mb(before, 'rss')} with 1 modem, peak ${mb(peak, 'rss')}, ${mb(after, 'rss')} with ${MODEMS + 1} modems logged in  target < ${TARGETS.concurrentMb} MB`);
  console.log(`${verdict(peak.pss < TARGETS.concurrentMb)} Chromium PSS, summed over its processes: ${mb(before, 'pss')} with 1 modem, peak ${mb(peak, 'pss')}, ${mb(after, 'pss')} with ${MODEMS + 1} modems logged in`);
} finally {
  await pool.close();
  await Promise.all(fakes.map((f) => f.close()));
}
