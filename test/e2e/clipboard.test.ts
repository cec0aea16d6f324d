// Browser: the clipboard in n8n's format. A real n8n copy (If with its true and false branches)
// pastes with its connections; selecting nodes and pressing Ctrl+C puts n8n's shape on the system
// clipboard (read back from the page), which pastes again. Invalid pastes change nothing. Once
// saved (the host stores the If's condition as JSONLogic), a copy gives n8n's condition back.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestHost } from '../helpers/host.ts';
import { newPage, openWorkflow, paste, shot, signIn, startEditorSession, STARTUP_PROBE, watchErrors } from './helpers.ts';
import type { EditorSession } from './helpers.ts';

const n8nCopyText = readFileSync(new URL('../fixtures/clipboard/n8n-copy-if.json', import.meta.url), 'utf8');
const n8nCopy = JSON.parse(n8nCopyText);

let t: TestHost;
let browser: Browser;
let page: Page;
let errors: ReturnType<typeof watchErrors>;
let session: EditorSession;

beforeAll(async () => {
  session = await startEditorSession({ clipboard: true });
  ({ t, browser, page, errors } = session);
}, 120_000);

afterAll(() => session?.close());

const node = (name: string) => `[data-test=canvas-node][data-node-name="${name}"]`;
const edge = (id: string) => page.waitForSelector(`.vue-flow__edge[data-id="${id}"]`, { state: 'attached' });

async function copyToClipboard(on: Page = page): Promise<Record<string, unknown>> {
  await on.evaluate(() => navigator.clipboard.writeText(''));
  await on.keyboard.press('Control+c');
  await on.waitForSelector('[data-test=notice]:has-text("Copied")');
  return JSON.parse(await on.evaluate(() => navigator.clipboard.readText()));
}

describe('clipboard in n8n format', () => {
  it('pastes an n8n copy with If branches, copies in n8n shape, and refuses invalid pastes', async () => {
    onTestFailed(() => shot(page, 'clipboard-failure'));
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'Triage', nodes: [], connections: {} }) })).json();
    await signIn(page, t);
    await openWorkflow(page, t, id);

    // Invalid pastes: a message each, and nothing changes.
    await paste(page, '{ "nodes": [ ');
    await page.waitForSelector('[data-test=notice]:has-text("not valid JSON")');
    await paste(page, JSON.stringify({ nodes: [{ name: 'Only a name' }], connections: {} }));
    await page.waitForSelector('[data-test=notice]:has-text(\'Pasted node 1 has no "name" or "type".\')');
    await expect(page.locator('.vue-flow__node').count()).resolves.toBe(0);
    await expect(page.locator('[data-test=dirty]').count()).resolves.toBe(0);

    // n8n's copy pastes with both If branches.
    await paste(page, n8nCopyText);
    await page.waitForSelector('[data-test=notice]:has-text("Added 3 nodes")');
    await edge('Is urgent?:0->Page on-call:0');
    await edge('Is urgent?:1->Queue for tomorrow:0');
    await expect(page.locator(`${node('Is urgent?')} .out-label`).allTextContents()).resolves.toEqual(['true', 'false']);
    await shot(page, 'clipboard-pasted');

    // Two nodes selected (click, Shift+click): only their connection comes along, by name.
    await page.click(node('Is urgent?'));
    await page.click(node('Page on-call'), { modifiers: ['Shift'] });
    const two = await copyToClipboard();
    expect((two.nodes as { name: string }[]).map((n) => n.name).sort()).toEqual(['Is urgent?', 'Page on-call']);
    expect(two.connections).toEqual({ 'Is urgent?': { main: [[{ node: 'Page on-call', type: 'main', index: 0 }], []] } });

    // Everything (Ctrl+A): n8n's keys, nodes as n8n wrote them but for fresh ids and the place they
    // were pasted at (the group moved as one, as n8n pastes), the same connections.
    await page.keyboard.press('Control+a');
    const all = await copyToClipboard();
    expect(Object.keys(all)).toEqual(['nodes', 'connections', 'pinData', 'meta']);
    type N = { id: string; position: [number, number] } & Record<string, unknown>;
    const copied = all.nodes as N[];
    const rest = (nodes: N[]) => nodes.map(({ id: _id, position: _p, ...r }) => r);
    expect(rest(copied)).toEqual(rest(n8nCopy.nodes));
    const shift = (nodes: N[]) => nodes.map((n) => [n.position[0] - nodes[0].position[0], n.position[1] - nodes[0].position[1]]);
    expect(shift(copied)).toEqual(shift(n8nCopy.nodes));
    for (const n of all.nodes as Record<string, unknown>[]) expect(Object.keys(n).slice(0, 6)).toEqual(['parameters', 'type', 'typeVersion', 'position', 'id', 'name']);
    expect(all.connections).toEqual(n8nCopy.connections);
    expect(all.pinData).toEqual({});
    expect(all.meta).toEqual({ instanceId: `gigaflow-${new URL(t.url).host}` });

    // What we copied pastes again: renamed copies, branches intact.
    await page.click('[data-test=canvas]', { position: { x: 40, y: 40 } });
    await paste(page, await page.evaluate(() => navigator.clipboard.readText()));
    await edge('Is urgent?1:0->Page on-call1:0');
    await edge('Is urgent?1:1->Queue for tomorrow1:0');
    await expect(page.locator('.vue-flow__node').count()).resolves.toBe(6);
    await shot(page, 'clipboard-pasted-again');
    expect(errors.unexpected([STARTUP_PROBE])).toEqual([]);
  }, 30_000);

  it('copies a saved If (stored as JSONLogic) with n8n’s condition shape again', async () => {
    // A page of its own: the first test leaves unsaved nodes, whose leave guard would keep it.
    const { context, page: p } = await newPage(browser, t.url);
    const pErrors = watchErrors(p);
    onTestFailed(() => shot(p, 'clipboard-saved-failure'));
    const { id } = await (await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'Triage saved', nodes: [], connections: {} }) })).json();
    await signIn(p, t);
    await openWorkflow(p, t, id);
    await paste(p, n8nCopyText);
    await p.waitForSelector('[data-test=notice]:has-text("Added 3 nodes")');
    await p.click('[data-test=save]');
    await p.waitForSelector('[data-test=dirty]', { state: 'detached' });
    const stored = await (await t.api(`/api/v1/workflows/${id}`)).json();
    const storedIf = stored.nodes.find((n: { name: string }) => n.name === 'Is urgent?');
    expect(storedIf.parameters.conditions).toEqual({ jsonLogic: { '==': [{ asString: ['={{ $json.priority }}'] }, 'high'] } });

    await p.reload();
    await p.click(`${node('Is urgent?')}`);
    const copied = await copyToClipboard(p);
    const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value), (key, v) => (key === 'id' ? undefined : v));
    expect(copied.nodes).toHaveLength(1);
    const [ifNode] = copied.nodes as { name: string; typeVersion: number; parameters: Record<string, unknown> }[];
    expect(ifNode).toMatchObject({ name: 'Is urgent?', typeVersion: 2.2 });
    expect(withoutIds(ifNode.parameters)).toEqual(withoutIds(n8nCopy.nodes[0].parameters));
    expect(copied.meta).toEqual({ instanceId: `gigaflow-${new URL(t.url).host}` });
    await shot(p, 'clipboard-saved-copied');
    expect(pErrors.unexpected([STARTUP_PROBE])).toEqual([]);
    await context.close();
  }, 30_000);
});
