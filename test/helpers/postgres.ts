// A throw-away PostgreSQL database per test file: CREATE DATABASE gf_<random> on the local server
// (trust auth), dropped WITH (FORCE) afterwards so leftover connections cannot keep it alive.
// GIGAFLOW_TEST_POSTGRES_URL points elsewhere (any database on the server; used to run CREATE DATABASE).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PostgresStorageOptions } from '../../host/storage/postgres/index.ts';
import { createPostgresStorage } from '../../host/storage/postgres/index.ts';
import type { Storage } from '../../host/storage/storage.ts';

export const ADMIN_URL = process.env.GIGAFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  /** Connection string of the new database. */
  url: string;
  drop(): Promise<void>;
}

/** Runs `fn` on a short-lived connection to the admin database. */
export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gf_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Whether the database still exists (tests check the clean-up). */
export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

let schemas = 0;

/** A PostgreSQL storage in a schema of its own inside `db`: as empty as a new database, much cheaper. */
export function freshPostgresStorage(db: TestDatabase, encryptionKey: Buffer, extra: Partial<PostgresStorageOptions> = {}): Promise<Storage> {
  return createPostgresStorage({ url: db.url, encryptionKey, schema: `s${process.pid}_${++schemas}`, poolSize: 4, ...extra });
}
