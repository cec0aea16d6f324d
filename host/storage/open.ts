// Picks the storage a host runs on: PostgreSQL when GIGAFLOW_DATABASE_URL is set (several processes
// can share it), else the embedded SQLite file in the data folder.
import { join } from 'node:path';
import type { HostConfig } from '../config.ts';
import { loadEncryptionKey } from './crypto.ts';
import { createPostgresStorage } from './postgres/index.ts';
import { createSqliteStorage } from './sqlite/index.ts';
import type { Storage } from './storage.ts';

export type StorageConfig = Pick<HostConfig, 'dataDir' | 'encryptionKey' | 'databaseUrl' | 'databasePoolSize'>;

export function storageKind(config: Pick<HostConfig, 'databaseUrl'>): 'postgres' | 'sqlite' {
  return config.databaseUrl ? 'postgres' : 'sqlite';
}

export async function openStorage(config: StorageConfig): Promise<Storage> {
  const encryptionKey = loadEncryptionKey({ envKey: config.encryptionKey, dataDir: config.dataDir });
  if (config.databaseUrl) return createPostgresStorage({ url: config.databaseUrl, poolSize: config.databasePoolSize, encryptionKey });
  return createSqliteStorage({ path: join(config.dataDir, 'gigaflow.sqlite'), encryptionKey });
}
