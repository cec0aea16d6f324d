// The whole escape corpus once more, through a real host: each payload as a Set-node expression and
// as a Code node in both modes, in one webhook workflow per payload (the nodes continue on error, so
// all three always run). Proves the engine's own paths (node context, result copying, execution
// storage, the webhook response) hand nothing of the host to a payload, and lists what ran.
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeParameters, WorkflowInput } from '../../host/model/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';
import { escapeCorpus } from './escape-corpus.ts';
import type { EscapePayload } from './escape-corpus.ts';
import { n8nExtraCorpus } from './escape-corpus-n8n.ts';
import { vm2BridgeCorpus } from './escape-corpus-vm2-bridge.ts';
import { vm2ModulesCorpus } from './escape-corpus-vm2-modules.ts';

const corpus: EscapePayload[] = [...escapeCorpus, ...vm2BridgeCorpus, ...vm2ModulesCorpus, ...n8nExtraCorpus];
const CANARY = `gigaflow-canary-${randomUUID()}`;
const MARKER = join(tmpdir(), `gigaflow-pwned-host-${process.pid}-${randomUUID()}`);
const RUNS = ['Expression', 'Code All', 'Code Each'] as const;

let t: TestHost;
const paths = new Map<string, string>();
const workflowIds = new Map<string, string>();
const summary: string[] = [];
const HOST_OBJECT_KEYS = Reflect.ownKeys(Object.prototype).map(String).sort();
const HOST_ARRAY_KEYS = Reflect.ownKeys(Array.prototype).map(String).sort();

beforeAll(async () => {
  process.env.GIGAFLOW_CANARY = CANARY;
  t = await startTestHost({ GIGAFLOW_CODE_TIMEOUT_MS: '2000', GIGAFLOW_EXPRESSION_TIMEOUT_MS: '1000' });
  for (const [i, payload] of corpus.entries()) {
    const path = `escape-${i}`;
    paths.set(payload.id, path);
    workflowIds.set(payload.id, await t.deploy(workflowFor(payload, path)));
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
  delete process.env.GIGAFLOW_CANARY;
  rmSync(MARKER, { force: true });
  console.log(`escape corpus through a real host: ${summary.length} of ${corpus.length} payloads ran x ${RUNS.length}\n${summary.join('\n')}`);
});

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, y = 0): INode => ({
  id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [200, y], parameters, onError: 'continueRegularOutput',
} as INode);

function workflowFor(payload: EscapePayload, path: string): WorkflowInput {
  const body = payload.code.replaceAll('__MARKER__', MARKER);
  const wrapper = /\bawait\b/.test(body) ? 'async function' : 'function';
  const expression = `={{ JSON.stringify((${wrapper} () {\n${body}\n})()) ?? 'undefined' }}`;
  const code = (mode: string) => `const __r = await (async () => {\n${body}\n})();\nconst __v = { result: JSON.stringify(__r) ?? 'undefined' };\nreturn ${mode === 'each' ? '{ json: __v }' : '[{ json: __v }]'};`;
  const hook: INode = { id: 'Webhook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' } };
  return {
    name: path,
    nodes: [
      hook,
      node('Expression', 'set', 3.4, { assignments: { assignments: [{ id: '1', name: 'result', value: expression, type: 'string' }] }, options: {} }, 0),
      node('Code All', 'code', 2, { language: 'javaScript', mode: 'runOnceForAllItems', jsCode: code('all') }, 200),
      node('Code Each', 'code', 2, { language: 'javaScript', mode: 'runOnceForEachItem', jsCode: code('each') }, 400),
    ],
    connections: { Webhook: { main: [RUNS.map((n) => ({ node: n, type: 'main' as const, index: 0 }))] } },
    settings: { executionOrder: 'v1' },
  };
}

describe.each(corpus)('through a real host: $id', (payload) => {
  it('fails harmlessly as a Set expression and as a Code node in both modes', async () => {
    const path = paths.get(payload.id)!;
    const res = await fetch(`${t.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"probe":1}' });
    const text = await res.text();
    expect(res.status, text).toBeLessThan(500);
    // exactly one execution of this payload's workflow, in which all three nodes ran
    const { data } = await t.host.storage.executions.list({ workflowId: workflowIds.get(payload.id)! });
    expect(data.length).toBe(1);
    const mine = [await t.host.storage.executions.get(data[0]!.id)];
    const record = mine[0]!;
    expect(record.status).not.toBe('running');
    const outcomes = RUNS.map((n) => {
      const out = record.runData[n]?.[0];
      expect(out, `${n} ran`).toBeDefined();
      const json = out?.data?.main[0]?.[0]?.json as Record<string, unknown> | undefined;
      return `${n}: ${json && 'error' in json ? 'error' : 'ok'}`;
    });
    summary.push(`ran  ${payload.id}  (${outcomes.join(', ')})`);
    const stored = JSON.stringify(record);
    for (const s of [text, stored]) {
      expect(s).not.toContain(CANARY);
      expect(s).not.toContain(process.cwd());
    }
    expect(existsSync(MARKER)).toBe(false);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).__gigaflowPolluted).toBeUndefined();
    expect(Reflect.ownKeys(Object.prototype).map(String).sort()).toEqual(HOST_OBJECT_KEYS);
    expect(Reflect.ownKeys(Array.prototype).map(String).sort()).toEqual(HOST_ARRAY_KEYS);
  });
});

describe('host after the corpus', () => {
  it('still answers and evaluates normally', async () => {
    const path = paths.get(corpus[0]!.id)!;
    expect((await fetch(`${t.url}/webhook/${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBeLessThan(500);
    expect(process.env.GIGAFLOW_CANARY).toBe(CANARY);
  });
});
