// `gigaflow credentials rotate-key` as the operator runs it: a real CLI process on a stopped host's
// SQLite data folder or PostgreSQL database, then a real host started with the new key.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { encrypt, parseKeyMaterial } from '../../../host/storage/crypto.ts';
import { startTestHost } from '../../helpers/host.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';

const root = new URL('../../..', import.meta.url).pathname;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface Setup {
  dataDir: string;
  oldKey: string;
  /** GIGAFLOW_DATABASE_URL, or none for SQLite in dataDir. */
  databaseUrl?: string;
  /** The credential the guarded webhook checks, and its token. */
  token: string;
  ids: string[];
}

/** Runs the CLI with exactly the given GIGAFLOW_* settings (none inherited from this process). */
function gigaflow(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIGAFLOW_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), ...args], { env: { ...base, ...env }, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const guardedFlow = (credential: { id: string; name: string }): WorkflowInput => ({
  name: 'guarded',
  nodes: [
    {
      id: 'w',
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      parameters: { httpMethod: 'GET', path: 'guarded', responseMode: 'lastNode', authentication: 'headerAuth' },
      credentials: { httpHeaderAuth: credential },
    },
    {
      id: 's',
      name: 'Ok',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: { assignments: { assignments: [{ id: '0', name: 'ok', value: true, type: 'boolean' }] } },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Ok', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
});

function hostEnv(s: Setup, key: string | undefined): Record<string, string> {
  return { ...(key === undefined ? {} : { GIGAFLOW_ENCRYPTION_KEY: key }), ...(s.databaseUrl ? { GIGAFLOW_DATABASE_URL: s.databaseUrl } : {}) };
}

function start(s: Setup, key: string | undefined) {
  return startTestHost(hostEnv(s, key), {}, { dataDir: s.dataDir, postgresUrl: s.databaseUrl });
}

/** A host with the old key stores three credentials (one guards a webhook) and stops. */
async function setUp(opts: { postgres?: TestDatabase; keyFile?: boolean } = {}): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-rotate-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const s: Setup = { dataDir, oldKey: randomBytes(32).toString('hex'), databaseUrl: opts.postgres?.url, token: `tok-${randomBytes(8).toString('hex')}`, ids: [] };
  const t = await start(s, opts.keyFile ? undefined : s.oldKey);
  try {
    const create = async (body: object) => {
      const res = await t.api('/api/v1/credentials', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; name: string };
    };
    const hook = await create({ name: 'hook token', type: 'httpHeaderAuth', data: { name: 'X-Hook-Token', value: s.token } });
    const basic = await create({ name: 'crm basic', type: 'httpBasicAuth', data: { user: 'svc', password: 'pw-1' } });
    const other = await create({ name: 'Ünïcode name', type: 'httpHeaderAuth', data: { name: 'Authorization', value: 'Bearer b-2' } });
    s.ids = [hook.id, basic.id, other.id];
    await t.deploy(guardedFlow(hook));
    expect((await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': s.token } })).status).toBe(200);
  } finally {
    await t.close({ keepData: true });
  }
  return s;
}

/** Every stored credential row and the key check, as the database holds them. */
async function snapshot(s: Setup): Promise<string> {
  const sql = ['SELECT id, name, type, data FROM credentials ORDER BY id', "SELECT value FROM meta WHERE key = 'key_check'"];
  if (s.databaseUrl) {
    const c = new pg.Client({ connectionString: s.databaseUrl });
    await c.connect();
    try {
      return JSON.stringify([(await c.query(sql[0])).rows, (await c.query(sql[1])).rows]);
    } finally {
      await c.end();
    }
  }
  const db = new DatabaseSync(join(s.dataDir, 'gigaflow.sqlite'));
  try {
    return JSON.stringify([db.prepare(sql[0]).all(), db.prepare(sql[1]).all()]);
  } finally {
    db.close();
  }
}

/** Overwrites one credential's stored secrets with text sealed by an unrelated key. */
async function corrupt(s: Setup, id: string): Promise<void> {
  const sealed = encrypt('{"value":"x"}', randomBytes(32));
  if (s.databaseUrl) {
    const c = new pg.Client({ connectionString: s.databaseUrl });
    await c.connect();
    await c.query('UPDATE credentials SET data = $1 WHERE id = $2', [sealed, id]).finally(() => c.end());
    return;
  }
  const db = new DatabaseSync(join(s.dataDir, 'gigaflow.sqlite'));
  db.prepare('UPDATE credentials SET data = ? WHERE id = ?').run(sealed, id);
  db.close();
}

function newKeyFile(s: Setup, text: string): string {
  const file = join(s.dataDir, '..', `${s.dataDir.split('/').pop()}-new.key`);
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  cleanups.push(() => rmSync(file, { force: true }));
  return file;
}

/** After a rotation: the old key is refused, the new one opens every credential and the guarded webhook works. */
async function expectRotated(s: Setup, newKey: string | undefined, oldKeyEnv: string | undefined): Promise<void> {
  if (oldKeyEnv !== undefined) await expect(start(s, oldKeyEnv)).rejects.toThrow(/encryption key does not match/);
  const t = await start(s, newKey);
  try {
    expect((await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': s.token } })).status).toBe(200);
    expect((await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': 'wrong' } })).status).toBe(403);
    const basic = await t.host.storage.credentials.getDecrypted(s.ids[1]);
    expect(basic?.data).toEqual({ user: 'svc', password: 'pw-1' });
    expect((await t.host.storage.credentials.getDecrypted(s.ids[2]))?.data).toEqual({ name: 'Authorization', value: 'Bearer b-2' });
  } finally {
    await t.close({ keepData: true });
  }
}

async function rotatesAndRuns(s: Setup): Promise<void> {
  const before = await snapshot(s);
  const newKey = 'correct horse battery staple rotated';
  const res = await gigaflow({ GIGAFLOW_DATA_DIR: s.dataDir, ...hostEnv(s, s.oldKey) }, 'credentials', 'rotate-key', '--new-key-file', newKeyFile(s, newKey));
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('Re-encrypted 3 credentials');
  expect(res.stdout).toContain('set GIGAFLOW_ENCRYPTION_KEY to the new key');
  // every sealed text and the key check changed; names, types and ids did not
  const [rowsBefore, checkBefore] = JSON.parse(before);
  const [rowsAfter, checkAfter] = JSON.parse(await snapshot(s));
  expect(rowsAfter.map((r: { id: string; name: string }) => [r.id, r.name])).toEqual(rowsBefore.map((r: { id: string; name: string }) => [r.id, r.name]));
  rowsAfter.forEach((r: { data: string }, i: number) => expect(r.data).not.toBe(rowsBefore[i].data));
  expect(checkAfter).not.toEqual(checkBefore);
  await expectRotated(s, newKey, s.oldKey);
}

async function corruptAborts(s: Setup): Promise<void> {
  await corrupt(s, s.ids[1]);
  const before = await snapshot(s);
  const res = await gigaflow(
    { GIGAFLOW_DATA_DIR: s.dataDir, GIGAFLOW_NEW_ENCRYPTION_KEY: randomBytes(32).toString('hex'), ...hostEnv(s, s.oldKey) },
    'credentials',
    'rotate-key',
  );
  expect(res.code).toBe(1);
  expect(res.stderr).toContain(`Credential ${s.ids[1]} "crm basic" (httpBasicAuth) cannot be decrypted with the current key`);
  expect(res.stderr).toContain('Nothing was re-encrypted');
  expect(await snapshot(s)).toBe(before);
  // the old key still opens the database and the untouched credentials
  const t = await start(s, s.oldKey);
  try {
    expect((await fetch(`${t.url}/webhook/guarded`, { headers: { 'x-hook-token': s.token } })).status).toBe(200);
  } finally {
    await t.close({ keepData: true });
  }
}

describe('gigaflow credentials rotate-key on SQLite', () => {
  it('re-encrypts every credential; the host then runs with the new key and refuses the old one', async () => {
    await rotatesAndRuns(await setUp());
  });

  it('aborts on a credential the current key cannot open, naming it, and changes nothing', async () => {
    await corruptAborts(await setUp());
  });

  it('with the generated key file, replaces the file with the new key (mode 600)', async () => {
    const s = await setUp({ keyFile: true });
    const keyFile = join(s.dataDir, 'encryption.key');
    const newKey = randomBytes(32).toString('base64');
    const res = await gigaflow({ GIGAFLOW_DATA_DIR: s.dataDir, GIGAFLOW_NEW_ENCRYPTION_KEY: newKey }, 'credentials', 'rotate-key');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Re-encrypted 3 credentials. ${keyFile} now holds the new key`);
    expect(parseKeyMaterial(readFileSync(keyFile, 'utf8')).equals(Buffer.from(newKey, 'base64'))).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.rotating`)).toBe(false);
    await expectRotated(s, undefined, undefined);
  });

  it('refuses a missing, empty, unreadable or unchanged new key and a wrong current key, naming the setting', async () => {
    const s = await setUp();
    const before = await snapshot(s);
    const env = { GIGAFLOW_DATA_DIR: s.dataDir, GIGAFLOW_ENCRYPTION_KEY: s.oldKey };
    const cases: [Record<string, string>, string[], string][] = [
      [env, [], 'needs the new key: --new-key-file FILE or GIGAFLOW_NEW_ENCRYPTION_KEY'],
      [{ ...env, GIGAFLOW_NEW_ENCRYPTION_KEY: '  ' }, [], 'GIGAFLOW_NEW_ENCRYPTION_KEY is empty'],
      [env, ['--new-key-file', join(s.dataDir, 'nope.key')], `--new-key-file ${join(s.dataDir, 'nope.key')} cannot be read`],
      [env, ['--new-key-file', newKeyFile(s, '')], 'is empty'],
      [{ ...env, GIGAFLOW_NEW_ENCRYPTION_KEY: s.oldKey }, [], 'The new key (GIGAFLOW_NEW_ENCRYPTION_KEY) is the current key'],
      [env, ['--new-key', 'abc'], "Unknown option '--new-key'"],
    ];
    for (const [e, args, message] of cases) {
      const res = await gigaflow(e, 'credentials', 'rotate-key', ...args);
      expect(res.stderr, message).toContain(message);
      expect(res.code, message).toBe(2);
    }
    const wrongOld = await gigaflow({ ...env, GIGAFLOW_ENCRYPTION_KEY: 'not the key', GIGAFLOW_NEW_ENCRYPTION_KEY: 'another' }, 'credentials', 'rotate-key');
    expect(wrongOld.code).toBe(1);
    expect(wrongOld.stderr).toContain('encryption key does not match');
    const noKey = await gigaflow({ GIGAFLOW_DATA_DIR: join(s.dataDir, 'empty'), GIGAFLOW_NEW_ENCRYPTION_KEY: 'another' }, 'credentials', 'rotate-key');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('GIGAFLOW_ENCRYPTION_KEY is not set');
    expect(existsSync(join(s.dataDir, 'empty'))).toBe(false);
    expect(await snapshot(s)).toBe(before);
  });
});

describe('gigaflow credentials rotate-key on PostgreSQL', () => {
  async function database(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    return db;
  }

  it('re-encrypts every credential; the host then runs with the new key and refuses the old one', async () => {
    await rotatesAndRuns(await setUp({ postgres: await database() }));
  });

  it('aborts on a credential the current key cannot open, naming it, and changes nothing', async () => {
    await corruptAborts(await setUp({ postgres: await database() }));
  });
});
