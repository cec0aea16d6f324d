// bench:tplink — the TP-Link bridge against fake XX230v modems in Debian's Chromium: a cold read
// (browser start + login + read), warm reads (kept login), and 10 modems read at once with the
// browser's memory summed over the Chromium process tree from /proc, in two measures:
// - RSS (the target's wording): every page a process has resident, shared or not. Pages shared
//   between processes count once per process: the Chromium binary's code (~115 MB resident in each
//   renderer) is counted again for every renderer, and every modem's context has a renderer.
// - PSS (/proc/<pid>/smaps_rollup): a shared page divided among the processes that map it, so the
//   sum is what the tree really takes from the machine's memory.
// Run: npm run bench:tplink
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { bridgePool } from '../nodes/tplink-bridge/browser-pool.ts';
import { runBridgeOperation } from '../nodes/tplink-bridge/bridge.ts';
import { modemTarget } from '../nodes/tplink-bridge/transport.ts';
import { startFakeModem } from '../test/fakes/tplink-modem/index.ts';

const TARGETS = { coldMs: 3000, warmMs: 300, concurrentMb: 600 };
const MODEMS = 10;

interface Memory {
  rss: number;
  pss: number;
  processes: number;
  renderers: number;
  /** MB by process kind (browser, renderer, zygote, gpu-process, utility). */
  byKind: Record<string, { rss: number; pss: number }>;
  /** Processes of the same executable outside the tree (another Chromium): they share its pages, which lowers our PSS. */
  strangers: number;
}

const exeOf = (pid: number | string) => {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined; // gone, or not ours to read
  }
};

/** The process and all its descendants' RSS and PSS, in MB. */
function treeMemory(root: number): Memory {
  const children = new Map<number, number[]>();
  const exe = exeOf(root);
  const sameExe: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (exe && exeOf(name) === exe) sameExe.push(Number(name));
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const m: Memory = { rss: 0, pss: 0, processes: 0, renderers: 0, byKind: {}, strangers: 0 };
  const tree = new Set<number>();
  for (const stack = [root]; stack.length; ) {
    const pid = stack.pop()!;
    tree.add(pid);
    try {
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      const pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
      // Chromium rewrites its children's command lines (arguments joined by spaces).
      const kind = /--type=(\S+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] ?? 'browser';
      m.rss += rss;
      m.pss += pss;
      m.processes++;
      if (kind === 'renderer') m.renderers++;
      const k = (m.byKind[kind] ??= { rss: 0, pss: 0 });
      k.rss += rss;
      k.pss += pss;
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  m.strangers = sameExe.filter((pid) => !tree.has(pid)).length;
  return m;
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
  const before = treeMemory(pid);
  let peak = before; // the sample with the highest RSS
  let peakPss = before.pss;
  let strangers = before.strangers;
  const sample = () => {
    const now = treeMemory(pid);
    if (now.rss > peak.rss) peak = now;
    peakPss = Math.max(peakPss, now.pss);
    strangers = Math.max(strangers, now.strangers);
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
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const both = (m: { rss: number; pss: number }) => `${mb(m.rss)} / ${mb(m.pss)}`;
  console.log(`${verdict(peak.rss < TARGETS.concurrentMb)} Chromium RSS, summed over its processes: ${mb(before.rss)} with 1 modem, peak ${mb(peak.rss)}, ${mb(after.rss)} with ${MODEMS + 1} modems logged in  target < ${TARGETS.concurrentMb} MB`);
  console.log(`${verdict(peakPss < TARGETS.concurrentMb)} Chromium PSS, summed over its processes: ${mb(before.pss)} with 1 modem, peak ${mb(peakPss)}, ${mb(after.pss)} with ${MODEMS + 1} modems logged in`);
  if (strangers)
    console.log(`     WARNING: ${strangers} other process(es) of ${exeOf(pid) ?? 'this Chromium'} ran meanwhile (other tests?): they share its pages, so the PSS above is too low. Measure on a quiet machine.`);
  console.log(`     at the RSS peak: ${peak.processes} processes, ${peak.renderers} of them renderers for ${MODEMS + 1} modem contexts; RSS / PSS by kind: ${Object.entries(peak.byKind).map(([k, v]) => `${k} ${both(v)}`).join(', ')}`);
  console.log(`     each further modem: +${mb((after.rss - before.rss) / MODEMS)} RSS, +${mb((after.pss - before.pss) / MODEMS)} PSS`);
  console.log('     RSS counts a page shared by several processes once per process (the Chromium binary\'s code, ~115 MB of every');
  console.log('     renderer\'s RSS, is one copy in memory); PSS splits shared pages among their processes: PSS is what the browser');
  console.log('     really takes. A BrowserContext never shares its renderer, so RSS grows by a whole renderer per modem (README "Memory").');
} finally {
  await pool.close();
  await Promise.all(fakes.map((f) => f.close()));
}
