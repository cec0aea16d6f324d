// `gigaflow credentials rotate-key`: re-encrypts every stored credential with a new key in one
// transaction. The storage is opened directly (no host: no scheduler, no webhooks, no listener).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { claimForRotation, describeProcess } from '../../runtime/host-lease.ts';
import { KEY_FILE_NAME, loadEncryptionKey, parseKeyMaterial } from '../../storage/crypto.ts';
import { createPostgresStorage } from '../../storage/postgres/index.ts';
import { createSqliteStorage } from '../../storage/sqlite/index.ts';
import type { Storage } from '../../storage/storage.ts';
import { UsageError, parse } from './shared.ts';
import type { Command } from './shared.ts';

const NEW_KEY_ENV = 'GIGAFLOW_NEW_ENCRYPTION_KEY';

/** The new key's text: from --new-key-file, else GIGAFLOW_NEW_ENCRYPTION_KEY. Never an argument (it would show in `ps`). */
function newKeyText(file: string | undefined): { text: string; source: string } {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--new-key-file ${file} cannot be read: ${(err as Error).message}`);
    }
    if (text.trim() === '') throw new UsageError(`--new-key-file ${file} is empty`);
    return { text: text.trim(), source: `--new-key-file ${file}` };
  }
  const env = process.env[NEW_KEY_ENV];
  if (env === undefined) throw new UsageError(`credentials rotate-key needs the new key: --new-key-file FILE or ${NEW_KEY_ENV}`);
  if (env.trim() === '') throw new UsageError(`${NEW_KEY_ENV} is empty`);
  return { text: env.trim(), source: NEW_KEY_ENV };
}

/** Replaces the key file atomically (a crash leaves the old or the new file, never half of one). */
function replaceKeyFile(file: string, text: string): void {
  const tmp = `${file}.rotating`;
  writeFileSync(tmp, `${text}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

async function rotateKey(args: string[]): Promise<number> {
  const { values } = parse(args, { 'new-key-file': { type: 'string' }, force: { type: 'boolean' } }, false);
  const config = loadConfig();
  const fresh = newKeyText(values['new-key-file']);
  const newKey = parseKeyMaterial(fresh.text);

  // The current key: GIGAFLOW_ENCRYPTION_KEY, else <dataDir>/encryption.key (as openStorage does),
  // but never create a key file here: with none there is nothing encrypted to rotate.
  const keyFile = join(config.dataDir, KEY_FILE_NAME);
  const fromFile = config.encryptionKey === undefined;
  if (fromFile && !existsSync(keyFile)) {
    throw new UsageError(`No current key: GIGAFLOW_ENCRYPTION_KEY is not set and ${keyFile} does not exist, so there is nothing to rotate`);
  }
  const oldKey = loadEncryptionKey({ envKey: config.encryptionKey, dataDir: config.dataDir, warn: (m) => console.error(m) });
  if (oldKey.equals(newKey)) throw new UsageError(`The new key (${fresh.source}) is the current key; nothing to do`);

  const sqlitePath = join(config.dataDir, 'gigaflow.sqlite');
  if (!config.databaseUrl && !existsSync(sqlitePath)) throw new UsageError(`No database at ${sqlitePath} (GIGAFLOW_DATA_DIR); nothing to rotate`);

  // Hosts starting from now on refuse until this command is done, key file included (runtime/host-lease.ts).
  const claim = await claimForRotation(config);
  try {
    if (claim.running.length) {
      const list = claim.running.map((p) => `  ${describeProcess(p)}`).join('\n');
      if (!values.force) {
        console.error(
          `gigaflow credentials: refusing to rotate the key while Gigaflow runs on this storage:\n${list}\n` +
            'A running process keeps the old key in memory and would save credentials the new key cannot read. ' +
            'Stop it first (a process killed without stopping stops counting once its PID is gone, or its heartbeat or database session ends), ' +
            'or pass --force if it is certainly not running.',
        );
        return 1;
      }
      console.error(`gigaflow credentials: --force: rotating although these run on this storage (restart them with the new key):\n${list}`);
    }
    return await rotate({ config, sqlitePath, oldKey, newKey, fresh, keyFile, fromFile });
  } finally {
    await claim.release();
  }
}

/** Re-encrypts, then replaces the key file when the key came from it. */
async function rotate(r: {
  config: ReturnType<typeof loadConfig>;
  sqlitePath: string;
  oldKey: Buffer;
  newKey: Buffer;
  fresh: { text: string; source: string };
  keyFile: string;
  fromFile: boolean;
}): Promise<number> {
  const { config, fresh, keyFile } = r;
  // Opening checks the current key against the database's key check and refuses a wrong one.
  const storage: Storage = config.databaseUrl
    ? await createPostgresStorage({ url: config.databaseUrl, poolSize: 2, encryptionKey: r.oldKey })
    : createSqliteStorage({ path: r.sqlitePath, encryptionKey: r.oldKey });
  let count: number;
  try {
    count = await storage.credentials.reencryptAll(r.newKey);
  } finally {
    await storage.close();
  }

  const noun = count === 1 ? 'credential' : 'credentials';
  if (r.fromFile) {
    try {
      replaceKeyFile(keyFile, fresh.text);
    } catch (err) {
      console.error(
        `Re-encrypted ${count} ${noun}, but ${keyFile} could not be replaced (${(err as Error).message}). ` +
          `The database now needs the NEW key: copy it from ${fresh.source} into ${keyFile} (mode 600) or set GIGAFLOW_ENCRYPTION_KEY to it.`,
      );
      return 1;
    }
    console.log(`Re-encrypted ${count} ${noun}. ${keyFile} now holds the new key; start the host again.`);
    return 0;
  }
  console.log(
    `Re-encrypted ${count} ${noun}. Now set GIGAFLOW_ENCRYPTION_KEY to the new key on every host and worker before starting them: ` +
      'the old key no longer opens this database.',
  );
  return 0;
}

export const credentialsCommand: Command = {
  summary: 'Credential maintenance: rotate the encryption key',
  help: `Usage:
  gigaflow credentials rotate-key [--new-key-file FILE] [--force]

Decrypts every credential with the current key (GIGAFLOW_ENCRYPTION_KEY, or <data dir>/encryption.key
when that is not set) and re-encrypts it with the new key, all in one transaction: if any credential
cannot be decrypted, its id and name are printed and nothing is changed.

The new key comes from --new-key-file FILE or the GIGAFLOW_NEW_ENCRYPTION_KEY environment variable
(never from an argument, which other users could see in the process list). Same formats as
GIGAFLOW_ENCRYPTION_KEY: 64 hex characters, 32 bytes of base64, or a passphrase.

Stop every host and worker using this database first: one still running keeps the old key and can
neither read nor write credentials afterwards. The command refuses (exit code 1, naming each
process: role, PID, machine, start time) while one runs: every host, worker and webhook process
registers itself (SQLite: a file in <data dir>/running renewed every 5 s; PostgreSQL: an advisory
lock held by its session). A process killed without stopping stops counting once its PID is gone
(same machine), its file was not renewed for 30 s, or its database session ended. --force rotates
anyway. While the command runs, hosts refuse to start. Then:
  - with GIGAFLOW_ENCRYPTION_KEY set: set it to the new key everywhere before starting again;
  - with the key file: the file is replaced with the new key.`,
  async run(args) {
    const [action, ...rest] = args;
    if (action === 'rotate-key') return rotateKey(rest);
    throw new UsageError('credentials needs an action: rotate-key');
  },
};
