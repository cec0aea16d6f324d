// Canvas ports from real node descriptions: named outputs, parameter-dependent outputs (from the host's sandbox), error output.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHost } from '../../integration/server/helpers.ts';
import type { TestHost } from '../../integration/server/helpers.ts';
import { ifDescription } from '../../../nodes/core/if/description.ts';
import { setDescription } from '../../../nodes/core/set/description.ts';
import { switchDescription } from '../../../nodes/core/switch/description.ts';
import { portsOf } from '../../../editor/src/stores/node-types.store.ts';
import type { INode, NodeTypeDescription } from '../../../editor/src/api/types.ts';

const node = (parameters: Record<string, unknown> = {}, extra: Partial<INode> = {}): INode => ({ id: 'x', name: 'X', type: 't', typeVersion: 1, position: [0, 0], parameters, ...extra });
const desc = (d: unknown) => d as NodeTypeDescription;

// The editor's relative /api/v1 calls go to a real host: its sandbox evaluates the port expressions.
let t: TestHost;
const calls: { path: string; nodes: number }[] = [];
beforeAll(async () => {
  t = await startHost();
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    calls.push({ path: url, nodes: JSON.parse(String(init.body)).nodes.length });
    return realFetch(`${t.base}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-api-key': t.apiKey } });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t?.close();
});

describe('portsOf', () => {
  it('labels If outputs true/false and a plain node output not at all', () => {
    expect(portsOf(node(), desc(ifDescription))).toEqual({ inputs: 1, outputs: ['true', 'false'] });
    expect(portsOf(node(), desc(setDescription))).toEqual({ inputs: 1, outputs: [''] });
  });

  it('adds the error output when the node routes errors', () => {
    expect(portsOf(node({}, { onError: 'continueErrorOutput' }), desc(setDescription)).outputs).toEqual(['success', 'error']);
    expect(portsOf(node({}, { onError: 'continueErrorOutput' }), desc(ifDescription)).outputs).toEqual(['true', 'false', 'error']);
  });

  it('asks the host for Switch outputs (rules, fallback) in one debounced batch and draws them when it answers', async () => {
    const rules = { mode: 'rules', rules: { values: [{ renameOutput: true, outputKey: 'urgent' }, {}] }, options: { fallbackOutput: 'extra' } };
    const computed = { mode: 'expression', numberOutputs: 3 };
    const sw = (parameters: Record<string, unknown>) => node(parameters, { type: 'n8n-nodes-base.switch', typeVersion: 3.2 });
    // Before the answer: the one-port fallback, no eval in this process either.
    expect(portsOf(sw(rules), desc(switchDescription))).toEqual({ inputs: 1, outputs: [''] });
    expect(portsOf(sw(computed), desc(switchDescription)).outputs).toEqual(['']);
    await expect.poll(() => portsOf(sw(rules), desc(switchDescription)).outputs, { timeout: 10_000 }).toEqual(['urgent', '1', 'Fallback']);
    expect(portsOf(sw(computed), desc(switchDescription)).outputs).toEqual(['0', '1', '2']);
    expect(portsOf(sw(rules), desc(switchDescription)).inputs).toBe(1);
    // The error output rule applies on top of the host's names.
    expect(portsOf({ ...sw(rules), onError: 'continueErrorOutput' }, desc(switchDescription)).outputs).toEqual(['urgent', '1', 'Fallback', 'error']);
    expect(calls).toEqual([{ path: '/api/v1/node-types/ports', nodes: 2 }]);
  });

  it('has no eval or new Function left in the editor sources', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const offenders = files(fileURLToPath(new URL('../../../editor/src', import.meta.url))).filter((f) => /\bnew Function\s*\(|\beval\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
