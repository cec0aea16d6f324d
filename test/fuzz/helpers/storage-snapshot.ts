// What "nothing half-written" is measured against: every workflow as stored (version id, updatedAt,
// active flag) with its whole version history, and every registered webhook. A refused import that
// had updated a workflow must leave all of it as it was (storage's undoUpdate).
import type { Host } from '../../../host/host.ts';

export async function storageSnapshot(host: Host): Promise<string> {
  const workflows: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await host.storage.workflows.list({ limit: 200, cursor });
    for (const wf of page.data) {
      const versions = (await host.storage.workflows.listVersions(wf.id)).map((v) => v.versionId);
      workflows.push(`${wf.id}:${wf.versionId}:${wf.updatedAt}:${wf.active}:${versions.join(',')}`);
    }
    cursor = page.nextCursor;
  } while (cursor);
  const hooks = (await host.storage.webhooks.list()).map((h) => `${h.method} ${h.path} ${h.workflowId} ${h.node}`);
  return JSON.stringify({ workflows: workflows.sort(), hooks: hooks.sort() });
}
