// `gigaflow credentials rotate-key` refuses while a host runs on the same storage (a running host
// keeps the old key in memory): a real `gigaflow start` process and the real CLI, on SQLite and on
// PostgreSQL; --force overrides; a host killed with kill -9 no longer blocks; a host refuses to start
// while a rotation holds the storage; a record from another machine counts only while its heartbeat
// is fresh.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../host/config.ts';
import { STALE_MS, runningDir } from '../../../host/runtime/host-lease-files.ts';
import { claimForRotation } from '../../../host/runtime/host-lease.ts';
import { startTestHost } from '../../helpers/host.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';

const root = new URL('../../..', import.meta.url).pathname;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface Setup {
  dataDir: string;
  /** GIGAFLOW_DATABASE_URL, or none for SQLite in dataDir. */
  databaseUrl?: string;
  templates: string;
}

const newKey = () => randomBytes(32).toString('hex');
const machine = hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function env(s: Setup, key: string): Record<string, string> {
  return { GIGAFLOW_DATA_DIR: s.dataDir, GIGAFLOW_ENCRYPTION_KEY: key, ...(s.databaseUrl ? { GIGAFLOW_DATABASE_URL: s.databaseUrl } : {}) };
}

/** The process environment without any GIGAFLOW_* of this one, plus `extra`. */
function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIGAFLOW_'))), ...extra };
}

function rotate(s: Setup, currentKey: string, nextKey: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const e = processEnv({ ...env(s, currentKey), GIGAFLOW_NEW_ENCRYPTION_KEY: nextKey });
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), 'credentials', 'rotate-key', ...args], { env: e, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `gigaflow start` as its own process; resolves once it logged that it is ready. */
async function startHostProcess(s: Setup, key: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'start'], {
    cwd: root,
    env: processEnv({ ...env(s, key), GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_TEMPLATES_DIR: s.templates, GIGAFLOW_LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not get ready within 30 s:\n${log}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('"msg":"gigaflow ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}) before it was ready:\n${log}`));
    });
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** A stored credential (so a rotation has something to do), written by a host that then stops. */
async function setUp(postgres?: TestDatabase): Promise<Setup & { key: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-rotate-running-'));
  const templates = join(dataDir, 'no-templates');
  mkdirSync(templates);
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const s = { dataDir, templates, databaseUrl: postgres?.url, key: newKey() };
  const t = await startTestHost({ GIGAFLOW_ENCRYPTION_KEY: s.key }, {}, { dataDir, postgresUrl: s.databaseUrl });
  await t.host.storage.credentials.create({ name: 'crm', type: 'httpBasicAuth', data: { user: 'svc', password: 'pw' } });
  await t.close({ keepData: true });
  return s;
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`rotate-key and running hosts on ${backend}`, () => {
    async function setUpHere(): Promise<Setup & { key: string }> {
      if (backend === 'sqlite') return setUp();
      const db = await createTestDatabase();
      cleanups.push(() => db.drop());
      return setUp(db);
    }

    it('refuses while a host process runs, naming it; --force overrides; a host killed with kill -9 no longer blocks', async () => {
      const s = await setUpHere();
      const host = await startHostProcess(s, s.key);

      const k1 = newKey();
      const refused = await rotate(s, s.key, k1);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain('refusing to rotate the key while Gigaflow runs on this storage');
      expect(refused.stderr).toMatch(new RegExp(`main process ${host.pid} on ${machine}, started \\d{4}-\\d\\d-\\d\\dT`));
      expect(refused.stdout).not.toContain('Re-encrypted');
      // Nothing changed: the old key still rotates (below), which it could not after a rotation.

      const forced = await rotate(s, s.key, k1, '--force');
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stdout).toContain('Re-encrypted 1 credential.');
      expect(forced.stderr).toContain(`--force: rotating although these run on this storage`);
      expect(forced.stderr).toContain(`main process ${host.pid} on ${hostname()}`);

      await killHard(host);
      const afterKill = await rotate(s, k1, newKey());
      expect(afterKill.stderr).toBe('');
      expect(afterKill.code).toBe(0);
      expect(afterKill.stdout).toContain('Re-encrypted 1 credential.');
      // The dead host's record was deleted when seen; the rotation's own marker is gone too.
      if (backend === 'sqlite') expect(readdirSync(runningDir(s.dataDir))).toEqual([]);
    });

    it('a host refuses to start while a rotation holds the storage, and a stopped host leaves nothing that blocks', async () => {
      const s = await setUpHere();
      const config = loadConfig(env(s, s.key));
      const claim = await claimForRotation(config);
      try {
        expect(claim.running).toEqual([]);
        await expect(startTestHost({ GIGAFLOW_ENCRYPTION_KEY: s.key }, {}, { dataDir: s.dataDir, postgresUrl: s.databaseUrl })).rejects.toThrow(
          new RegExp(`credentials rotate-key is re-encrypting the credentials of this storage \\(credentials rotate-key process ${process.pid} on ${machine}`),
        );
      } finally {
        await claim.release();
      }
      const t = await startTestHost({ GIGAFLOW_ENCRYPTION_KEY: s.key }, {}, { dataDir: s.dataDir, postgresUrl: s.databaseUrl });
      const whileUp = await claimForRotation(config);
      await whileUp.release();
      expect(whileUp.running).toMatchObject([{ role: 'main', pid: process.pid, hostname: hostname() }]);
      await t.close({ keepData: true });
      const after = await claimForRotation(config);
      await after.release();
      expect(after.running).toEqual([]);
    });
  });
}

describe('rotate-key and running hosts: SQLite records of another machine', () => {
  it('count while their heartbeat is fresh, and not once it is older than the stale limit (then they are deleted)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-rotate-records-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const dir = runningDir(dataDir);
    mkdirSync(dir, { recursive: true });
    // Another machine (a container sharing the volume): its PID means nothing here, only the heartbeat does.
    const file = join(dir, 'host-1-abcd.json');
    const record = { role: 'worker', pid: 1, hostname: 'other-machine', startedAt: '2026-01-02T03:04:05.000Z', nonce: 'n' };
    writeFileSync(file, JSON.stringify(record));
    const config = { dataDir, databaseUrl: undefined };

    const fresh = await claimForRotation(config);
    await fresh.release();
    expect(fresh.running).toEqual([{ role: 'worker', pid: 1, hostname: 'other-machine', startedAt: record.startedAt }]);

    const old = new Date(Date.now() - STALE_MS - 1_000);
    utimesSync(file, old, old);
    const stale = await claimForRotation(config);
    await stale.release();
    expect(stale.running).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});
