// The node key-value store contract (contract/key-value.ts) on PostgreSQL: one throw-away
// database for the file, one schema per opened storage (reopened by schema name).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStorage } from '../../../host/storage/postgres/index.ts';
import { type TestDatabase, createTestDatabase } from '../../helpers/postgres.ts';
import { keyValueContract } from './contract/key-value.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

keyValueContract('postgres', async (encryptionKey, place = `kv_${randomBytes(4).toString('hex')}`) => ({
  place,
  storage: await createPostgresStorage({ url: db.url, encryptionKey, schema: place, poolSize: 4 }),
}));
