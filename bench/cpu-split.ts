// Where the CPU goes under load: CPU seconds of every process on the machine (grouped by role)
// across a run, divided by the requests answered. Linux only (/proc).
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

function snapshot(): Map<string, number> {
  const byRole = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      byRole.set(`${pid} ${role(cmd)}`, ticks);
    } catch {
      // gone meanwhile
    }
  }
  return byRole;
}

function role(cmd: string[]): string {
  const line = cmd.join(' ');
  if (/^postgres/.test(cmd[0] ?? '') || /bin\/postgres$/.test(cmd[0] ?? '')) return 'postgresql';
  if (/redis-server/.test(cmd[0] ?? '')) return 'redis';
  if (/bin\.ts start/.test(line) || /queue-floor\.ts main/.test(line)) return 'main';
  if (/bin\.ts worker/.test(line) || /queue-floor\.ts worker/.test(line)) return 'worker';
  if (/bench/.test(line)) return 'load generator';
  return 'other';
}

/** CPU milliseconds per request of each role over `work`. */
export async function cpuSplit(work: () => Promise<number>): Promise<{ role: string; msPerRequest: number }[]> {
  const before = snapshot();
  const requests = await work();
  const after = snapshot();
  const totals = new Map<string, number>();
  for (const [key, ticks] of after) {
    const delta = ticks - (before.get(key) ?? 0);
    const name = key.slice(key.indexOf(' ') + 1);
    totals.set(name, (totals.get(name) ?? 0) + delta);
  }
  return [...totals]
    .map(([name, ticks]) => ({ role: name, msPerRequest: ((ticks * 1000) / TICK) / requests }))
    .filter((r) => r.msPerRequest > 0.005)
    .sort((a, b) => b.msPerRequest - a.msPerRequest);
}
