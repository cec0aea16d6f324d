// Storage entry point: the interface, the SQLite and PostgreSQL implementations and the key helpers.
export type * from './storage.ts';
export { createSqliteStorage, type SqliteStorageOptions } from './sqlite/index.ts';
export { createPostgresStorage, type PostgresStorageOptions } from './postgres/index.ts';
export { openStorage } from './open.ts';
export { decrypt, encrypt, loadEncryptionKey, parseKeyMaterial } from './crypto.ts';
