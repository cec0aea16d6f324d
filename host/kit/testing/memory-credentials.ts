// The in-process harness's credential store: decrypted data in memory, looked up the way the host's
// store is (host/runtime/credentials.ts: id first, then type + name). Defaults and the credential
// type's `authenticate` are applied later by the engine itself, exactly as in the host.
import type { IDataObject } from 'n8n-workflow';
import type { CredentialsProvider } from '../../engine/types.ts';
import { NodeOperationError } from '../../model/index.ts';

interface StoredCredential {
  id: string;
  name: string;
  type: string;
  data: IDataObject;
}

export interface MemoryCredentials {
  store(type: string, data: IDataObject): { id: string; name: string };
  provider: CredentialsProvider;
}

export function memoryCredentials(): MemoryCredentials {
  const byId = new Map<string, StoredCredential>();
  return {
    store(type, data) {
      const id = `harness-cred-${byId.size + 1}`;
      const cred = { id, name: `${type} (test)`, type, data: structuredClone(data) };
      byId.set(id, cred);
      return { id, name: cred.name };
    },
    provider: async (type, ref, nodeName) => {
      const direct = ref.id ? byId.get(ref.id) : undefined;
      const found = direct?.type === type ? direct : [...byId.values()].find((c) => c.type === type && c.name === ref.name);
      if (!found) throw new NodeOperationError(nodeName, `Credential "${ref.name}" of type "${type}" was not found`);
      // A copy: a node changing its credential object must not change the next run's.
      return structuredClone(found.data);
    },
  };
}
