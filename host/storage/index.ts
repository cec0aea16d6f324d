// Storage entry point: the interface, the SQLite implementation and the key helpers.
export type * from './storage.ts';
export { createSqliteStorage, type SqliteStorageOptions } from './sqlite/index.ts';
export { decrypt, encrypt, loadEncryptionKey, parseKeyMaterial } from './crypto.ts';
