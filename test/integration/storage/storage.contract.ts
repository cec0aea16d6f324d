// The behavioural contract of the Storage interface, run against every implementation
// (SQLite file and :memory:, PostgreSQL). Each test gets a fresh, empty storage from `create`.
import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../../../host/storage/storage.ts';
import { credentialContract } from './contract/credentials.ts';
import { durableJobContract } from './contract/durable-jobs.ts';
import { executionContract } from './contract/executions.ts';
import { apiKeyContract, staticDataContract, webhookContract } from './contract/misc.ts';
import { workflowTestContract } from './contract/workflow-tests.ts';
import { workflowContract } from './contract/workflows.ts';

export function runStorageContract(label: string, create: () => Promise<Storage> | Storage): void {
  describe(`Storage contract: ${label}`, () => {
    let storage: Storage | undefined;
    beforeEach(async () => {
      storage = await create();
    });
    afterEach(async () => {
      await storage?.close();
      storage = undefined;
    });
    const get = (): Storage => {
      if (!storage) throw new Error('storage not created');
      return storage;
    };
    workflowContract(get);
    executionContract(get);
    credentialContract(get);
    webhookContract(get);
    apiKeyContract(get);
    staticDataContract(get);
    durableJobContract(get);
    workflowTestContract(get);
  });
}
