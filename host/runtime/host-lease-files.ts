// Running-process records for SQLite storage: one small JSON file per process in
// `<data dir>/running/`, its mtime renewed every few seconds. The data folder is local to the
// machine (or a volume shared by containers), so a file is the one thing every process can see.
//
// A record is live while its heartbeat is recent; on the same machine and PID namespace (where a
// PID means the same process) it also needs its process alive, so a host killed with `kill -9` stops
// counting at once instead of after the heartbeat runs out. Stale records are deleted when seen.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunningProcess } from './host-lease.ts';

/** How often a live process renews its record. */
export const HEARTBEAT_MS = 5_000;
/** A record not renewed for this long belongs to a process that is gone (or frozen). */
export const STALE_MS = 30_000;

const ROTATION_FILE = 'rotate-key.json';

interface FileRecord extends RunningProcess {
  /** `/proc/self/ns/pid` of the writer (Linux): PIDs compare only within one namespace. */
  pidNamespace?: string;
  /** Tells this process's record from a later one written under the same name. */
  nonce: string;
}

export interface FileLease {
  release(): void;
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLive(record: FileRecord, renewedAt: number, now: number): boolean {
  if (now - renewedAt > STALE_MS) return false;
  if (record.hostname === hostname() && record.pidNamespace !== undefined && record.pidNamespace === pidNamespace()) return pidAlive(record.pid);
  return true;
}

export function runningDir(dataDir: string): string {
  return join(dataDir, 'running');
}

/** Written whole or not at all (rename), so a reader never sees half a record. */
function writeRecord(file: string, record: FileRecord): void {
  const tmp = `${file}.${record.nonce}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function readRecord(file: string): { record: FileRecord; renewedAt: number } | undefined {
  try {
    const renewedAt = statSync(file).mtimeMs;
    return { record: JSON.parse(readFileSync(file, 'utf8')) as FileRecord, renewedAt };
  } catch {
    return undefined; // removed meanwhile
  }
}

function publicPart({ role, pid, hostname: host, startedAt }: FileRecord): RunningProcess {
  return { role, pid, hostname: host, startedAt };
}

/** Live records in the folder (rotation or hosts), deleting the stale ones it meets. */
function liveRecords(dir: string, which: 'hosts' | 'rotation'): RunningProcess[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const now = Date.now();
  const live: RunningProcess[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || (which === 'rotation') !== (name === ROTATION_FILE)) continue;
    const file = join(dir, name);
    const seen = readRecord(file);
    if (!seen) continue;
    if (isLive(seen.record, seen.renewedAt, now)) live.push(publicPart(seen.record));
    else rmSync(file, { force: true });
  }
  return live;
}

/** Writes `file` and renews it every HEARTBEAT_MS until released (then removes it if still ours). */
function hold(file: string, role: string): FileLease {
  const record: FileRecord = {
    role,
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    pidNamespace: pidNamespace(),
    nonce: randomBytes(6).toString('hex'),
  };
  writeRecord(file, record);
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      try {
        writeRecord(file, record); // removed by someone: put it back
      } catch {
        // the data folder itself is gone; nothing left to protect
      }
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      if (readRecord(file)?.record.nonce === record.nonce) rmSync(file, { force: true });
    },
  };
}

/**
 * Registers a running host. Written before the host checks for a rotation (and a rotation writes
 * its marker before it looks for hosts), so of a host and a rotation starting together at least
 * one sees the other.
 */
export function registerWithFiles(dataDir: string, role: string): { lease: FileLease; rotation: RunningProcess[] } {
  const dir = runningDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lease = hold(join(dir, `host-${process.pid}-${randomBytes(4).toString('hex')}.json`), role);
  const rotation = liveRecords(dir, 'rotation');
  if (rotation.length) lease.release();
  return { lease, rotation };
}

/** Marks the data folder as rotating, then lists the live hosts and any other rotation. */
export function claimRotationWithFiles(dataDir: string, role: string): { lease?: FileLease; running: RunningProcess[] } {
  const dir = runningDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const other = liveRecords(dir, 'rotation');
  const lease = other.length ? undefined : hold(join(dir, ROTATION_FILE), role);
  return { lease, running: [...other, ...liveRecords(dir, 'hosts')] };
}
