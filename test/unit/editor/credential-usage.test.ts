// Which workflows use a credential (told before deleting it): nodes referencing its id, across
// every page of the workflow list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usesCredential, workflowsUsing } from '../../../editor/src/components/credentials/credential-usage.ts';

const wf = (name: string, ids: (string | null)[]) => ({
  name,
  nodes: ids.map((id, i) => ({ id: `n${i}`, name: `N${i}`, type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {}, credentials: { someApi: { id, name: 'x' } } })),
});

afterEach(() => vi.unstubAllGlobals());

describe('credential usage', () => {
  it('matches nodes by credential id, not by name', () => {
    expect(usesCredential(wf('a', ['c1']), 'c1')).toBe(true);
    expect(usesCredential(wf('b', ['c2', null]), 'c1')).toBe(false);
    expect(usesCredential({ nodes: [{ id: 'n', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }] }, 'c1')).toBe(false);
  });

  it('reads every page and sorts the names', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      seen.push(String(url));
      const page = String(url).includes('cursor=p2') ? { data: [wf('Alpha', ['c1'])], nextCursor: null } : { data: [wf('Zulu', ['c1']), wf('Other', ['c9'])], nextCursor: 'p2' };
      return new Response(JSON.stringify(page), { status: 200 });
    });
    await expect(workflowsUsing('c1')).resolves.toEqual(['Alpha', 'Zulu']);
    expect(seen).toEqual(['/api/v1/workflows?limit=250', '/api/v1/workflows?limit=250&cursor=p2']);
  });
});
