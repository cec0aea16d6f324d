// What the soak samples from outside the host: its resident memory and its SQLite files on disk.
import { readFileSync, statSync } from 'node:fs';

/** VmRSS of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS line in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the WAL is deleted or not created yet
  }
}

export function sqliteSizes(dbPath: string): { db: number; wal: number } {
  return { db: sizeOf(dbPath), wal: sizeOf(`${dbPath}-wal`) };
}

/** The host's V8 heap in use, from its own /metrics (prom-client's process metrics); NaN if unreadable. */
export async function heapUsedBytes(baseUrl: string): Promise<number> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    return Number(/^gigaflow_nodejs_heap_size_used_bytes\s+(\S+)/m.exec(text)?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}
