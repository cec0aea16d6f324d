// The node key-value store (migration 3, host/storage/*/key-value.ts) on a real SQLite file and on
// PostgreSQL (test/integration/storage/postgres-key-value.test.ts): see contract/key-value.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import { keyValueContract } from './contract/key-value.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-kv-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

keyValueContract('sqlite file', async (encryptionKey, place = join(root, `kv-${++n}.db`)) => ({ place, storage: createSqliteStorage({ path: place, encryptionKey }) }));
