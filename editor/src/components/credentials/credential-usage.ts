// Which saved workflows use a credential, so deleting it can say what will stop working (the host
// deletes a credential whatever uses it).
import { request } from '../../api/client.ts';
import type { Page, Workflow } from '../../api/types.ts';

const PAGE_SIZE = 250;
// Enough for any real install; a bigger one is told about the first 5,000 workflows.
const MAX_PAGES = 20;

export function usesCredential(wf: Pick<Workflow, 'nodes'>, credentialId: string): boolean {
  return wf.nodes.some((n) => Object.values(n.credentials ?? {}).some((ref) => ref?.id === credentialId));
}

/** Names of the workflows whose nodes reference the credential, sorted. */
export async function workflowsUsing(credentialId: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) params.set('cursor', cursor);
    const page = await request<Page<Workflow>>('GET', `/workflows?${params}`);
    names.push(...page.data.filter((wf) => usesCredential(wf, credentialId)).map((wf) => wf.name));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return names.sort((a, b) => a.localeCompare(b));
}
