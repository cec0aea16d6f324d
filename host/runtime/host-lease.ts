// Which Gigaflow processes run on a storage, for `credentials rotate-key`: a running process keeps
// the encryption key in memory, so after a rotation it would write credentials the new key cannot
// read. Every host (start, worker, webhook, and one-shot commands built on a host) registers while
// it runs; rotate-key lists them and refuses, and holds the storage while it rotates so a host
// starting meanwhile refuses instead. SQLite: files in the data folder (host-lease-files.ts);
// PostgreSQL: a session-level advisory lock (host-lease-postgres.ts). Either way a process killed
// without cleaning up stops counting (dead PID or old heartbeat; session gone).
import type { HostConfig } from '../config.ts';
import type { Logger } from '../engine/types.ts';
import { claimRotationWithFiles, registerWithFiles } from './host-lease-files.ts';
import { claimRotationWithPostgres, registerWithPostgres } from './host-lease-postgres.ts';

export interface RunningProcess {
  /** `main`, `worker`, `webhook`, or `credentials rotate-key`. */
  role: string;
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface Lease {
  release(): Promise<void>;
}

export type LeaseConfig = Pick<HostConfig, 'dataDir' | 'databaseUrl'>;

export const ROTATION_ROLE = 'credentials rotate-key';

/** `main process 1234 on box, started 2026-11-26T17:00:00.000Z` */
export function describeProcess(p: RunningProcess): string {
  return p.pid ? `${p.role} process ${p.pid} on ${p.hostname}, started ${p.startedAt}` : `${p.role} (${p.hostname}), started ${p.startedAt}`;
}

function rotationRefusal(rotation: RunningProcess[]): Error {
  return new Error(
    `credentials rotate-key is re-encrypting the credentials of this storage (${rotation.map(describeProcess).join('; ')}); ` +
      'start again when it has finished, with the new key',
  );
}

/** Registers this process as running on the storage of `config` until released; refused while a rotation runs. */
export async function registerRunningHost(config: LeaseConfig, role: string, logger?: Logger): Promise<Lease> {
  if (config.databaseUrl) {
    const held = await registerWithPostgres(config.databaseUrl, role, logger);
    if (held.rotation.length) throw rotationRefusal(held.rotation);
    return held;
  }
  const { lease, rotation } = registerWithFiles(config.dataDir, role);
  if (rotation.length) throw rotationRefusal(rotation);
  return { release: async () => lease.release() };
}

/**
 * For rotate-key: holds the storage against hosts starting (when none runs) and lists the
 * processes running on it (hosts, or another rotation). Release when done.
 */
export async function claimForRotation(config: LeaseConfig): Promise<{ running: RunningProcess[]; release(): Promise<void> }> {
  if (config.databaseUrl) return claimRotationWithPostgres(config.databaseUrl, ROTATION_ROLE);
  const { lease, running } = claimRotationWithFiles(config.dataDir, ROTATION_ROLE);
  return { running, release: async () => lease?.release() };
}
