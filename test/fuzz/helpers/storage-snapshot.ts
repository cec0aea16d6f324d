// What "nothing half-written" is measured against: every workflow with its current version, version
// count and active flag, and every registered webhook.
import type { Host } from '../../../host/host.ts';

/**
 * `historyAppendedFor`: workflows an import updated. Undoing an update restores the old definition as
 * a new version (storage never rewrites history), so for those the definition and active flag are
 * compared instead of the version id and count (the extra versions are a known gap, see the report).
 */
export async function storageSnapshot(host: Host, historyAppendedFor: ReadonlySet<string> = new Set()): Promise<string> {
  const workflows: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await host.storage.workflows.list({ limit: 200, cursor });
    for (const wf of page.data) {
      if (historyAppendedFor.has(wf.id)) {
        const { name, nodes, connections, settings, tags } = wf;
        workflows.push(`${wf.id}:${wf.active}:${JSON.stringify({ name, nodes, connections, settings, tags })}`);
      } else workflows.push(`${wf.id}:${wf.versionId}:${wf.active}:${(await host.storage.workflows.listVersions(wf.id)).length}`);
    }
    cursor = page.nextCursor;
  } while (cursor);
  const hooks = (await host.storage.webhooks.list()).map((h) => `${h.method} ${h.path} ${h.workflowId} ${h.node}`);
  return JSON.stringify({ workflows: workflows.sort(), hooks: hooks.sort() });
}
