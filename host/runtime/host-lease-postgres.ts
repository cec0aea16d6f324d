// Running-process registration on PostgreSQL: every process holds a shared session-level advisory
// lock on one connection of its own for as long as it runs; `credentials rotate-key` takes the same
// lock exclusively. The database releases a lock when its session ends, so a process killed with
// `kill -9` (its socket closed by the kernel) stops counting at once, with nothing to clean up.
// Processes are named through the lock holders' sessions (application_name, backend_start).
import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from '../engine/types.ts';
import { describeDatabaseUrl } from '../storage/postgres/index.ts';
import type { RunningProcess } from './host-lease.ts';

// The two-int4 advisory key space (objsubid 2), apart from the bigint keys the storage uses.
const LOCK_SPACE = 0x67666c77; // 'gflw'
const LOCK_RUNNING = 1;
const RECONNECT_MS = 5_000;

const HOLDERS = `SELECT a.pid, a.application_name, a.backend_start, l.mode
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $1::oid AND l.objid = $2::oid
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.pid <> pg_backend_pid()
  ORDER BY a.backend_start, a.pid`;

/** application_name: `gigaflow <role> <pid>@<host>`, cut to PostgreSQL's 63 bytes. */
function sessionName(role: string): string {
  return Buffer.from(`gigaflow ${role.replace(/\s+/g, '_')} ${process.pid}@${hostname()}`).subarray(0, 63).toString();
}

function fromSession(row: { pid: number; application_name: string | null; backend_start: Date | null }): RunningProcess {
  const startedAt = row.backend_start ? new Date(row.backend_start).toISOString() : 'unknown';
  const named = /^gigaflow (\S+) (\d+)@(.*)$/.exec(row.application_name ?? '');
  if (named) return { role: named[1].replace(/_/g, ' '), pid: Number(named[2]), hostname: named[3], startedAt };
  return { role: `PostgreSQL session ${row.pid}`, pid: 0, hostname: 'unknown host', startedAt };
}

async function connect(url: string, role: string): Promise<pg.Client> {
  // Same words as the storage's own check, which would otherwise come second.
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('GIGAFLOW_DATABASE_URL must start with postgres:// or postgresql://');
  const client = new pg.Client({ connectionString: url, application_name: sessionName(role), connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new Error(`PostgreSQL storage at ${describeDatabaseUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

async function holders(client: pg.Client): Promise<RunningProcess[]> {
  return (await client.query(HOLDERS, [LOCK_SPACE, LOCK_RUNNING])).rows.map(fromSession);
}

/**
 * Holds the shared lock for this process. Refused (`rotation` lists the holder) while a rotation
 * holds it exclusively. A lost connection (database restart) is re-established and the lock taken
 * again, so the process never silently stops counting.
 */
export async function registerWithPostgres(
  url: string,
  role: string,
  logger?: Logger,
): Promise<{ release(): Promise<void>; rotation: RunningProcess[] }> {
  let released = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const acquire = async (): Promise<RunningProcess[]> => {
    const c = await connect(url, role);
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('the connection was closed')));
    const { ok } = (await c.query('SELECT pg_try_advisory_lock_shared($1, $2) AS ok', [LOCK_SPACE, LOCK_RUNNING])).rows[0] as { ok: boolean };
    if (!ok) {
      const rotation = await holders(c);
      await c.end().catch(() => undefined);
      return rotation.length ? rotation : [{ role: 'credentials rotate-key', pid: 0, hostname: 'unknown host', startedAt: 'unknown' }];
    }
    client = c;
    return [];
  };

  const lost = (c: pg.Client, err: Error): void => {
    if (released || client !== c) return;
    client = undefined;
    logger?.warn('lost the database session that marks this process as running; reconnecting', { error: err.message });
    void c.end().catch(() => undefined);
    const again = (): void => {
      retry = undefined;
      if (released) return;
      acquire()
        .then((rotation) => {
          if (released) return void client?.end().catch(() => undefined);
          if (rotation.length) throw new Error('credentials rotate-key holds the database: restart this process with the new key');
        })
        .catch((e: Error) => {
          logger?.error('could not mark this process as running again', { error: e.message });
          retry = setTimeout(again, RECONNECT_MS);
          retry.unref();
        });
    };
    again();
  };

  const rotation = await acquire();
  return {
    rotation,
    async release() {
      released = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}

/** Takes the lock exclusively when no process holds it; lists the holders either way. */
export async function claimRotationWithPostgres(url: string, role: string): Promise<{ running: RunningProcess[]; release(): Promise<void> }> {
  const client = await connect(url, role);
  client.on('error', () => undefined); // the command ends the session itself
  const { ok } = (await client.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE, LOCK_RUNNING])).rows[0] as { ok: boolean };
  const running = ok ? [] : await holders(client);
  return { running, release: () => client.end().catch(() => undefined) };
}
