import type { CredentialsProvider } from '../engine/types.ts';
import { NodeOperationError } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';

/** Credentials by reference: id first, then type + name (n8n exports carry both; imports may only match by name). */
export function credentialsFromStorage(storage: Storage): CredentialsProvider {
  return async (type, ref, nodeName) => {
    const byId = ref.id ? await storage.credentials.getDecrypted(ref.id) : undefined;
    if (byId && byId.type === type) return byId.data;
    const meta = await storage.credentials.findByName(type, ref.name);
    const found = meta ? await storage.credentials.getDecrypted(meta.id) : undefined;
    if (!found) throw new NodeOperationError(nodeName, `Credential "${ref.name}" of type "${type}" was not found`);
    return found.data;
  };
}
