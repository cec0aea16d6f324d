// Prototype pollution through item JSON, against a real host over HTTP: `__proto__` and
// `constructor.prototype` keys in webhook bodies (JSON and urlencoded), Set assignments, Code-node
// results (both modes) and Split Out / Aggregate / Merge on such items must never change host
// objects — in this run or the next — and the stored execution keeps the keys as plain data where
// n8n keeps them. Also the non-sandbox n8n advisories of the sandbox batches: CVE-2026-27493
// (user data evaluated a second time), CVE-2026-27494 / CVE-2025-68668 (Python Code node) and
// CVE-2026-27497 (Merge SQL mode).
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode, INodeExecutionData, INodeParameters, WorkflowInput } from '../../host/model/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
  for (const wf of [pipeline('pp-json', 'POST'), pipeline('pp-query', 'GET'), doubleEvaluation(), refused('python'), refused('sql')]) {
    workflowIds.set(wf.name, await t.deploy(wf));
  }
});
afterAll(async () => {
  await t?.close();
});

const node = (name: string, type: string, typeVersion: number, parameters: INodeParameters, x = 0, y = 0): INode => ({
  id: name, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, y], parameters,
});
const link = (to: string, index = 0) => ({ node: to, type: 'main' as const, index });

/** Item keys that pollute a prototype when a naive copy or merge walks them. */
const HOSTILE = `JSON.parse('{"__proto__":{"polluted":"code"},"constructor":{"prototype":{"polluted":"code"}},"list":[{"__proto__":{"polluted":"split"}},{"constructor":{"prototype":{"polluted":"split"}}}],"nested":{"__proto__":{"polluted":"deep"}}}')`;
const SET_NAMES = ['__proto__.polluted', 'constructor.prototype.polluted', '__proto__', 'prototype.polluted', 'x.__proto__.polluted', 'x.constructor.prototype.polluted'];

/**
 * Webhook → Set (hostile names, dot notation on) → Code (all items) → Code (each item) → Split Out
 * → Aggregate, and Code (all) + Code (each) → Merge (combine by position, deep merge).
 */
function pipeline(path: string, httpMethod: string): WorkflowInput {
  const nodes: INode[] = [
    node('Webhook', 'webhook', 2, { httpMethod, path, responseMode: 'lastNode', responseData: 'allEntries' }),
    node('Set', 'set', 3.4, {
      includeOtherFields: true,
      assignments: { assignments: SET_NAMES.map((name, i) => ({ id: String(i), name, value: 'set', type: 'string' })) },
      options: {},
    }, 200),
    node('Code All', 'code', 2, { language: 'javaScript', mode: 'runOnceForAllItems', jsCode: `const bad = ${HOSTILE};\nreturn [...$input.all().map((i) => ({ json: { ...i.json, ...bad } })), { json: bad }];` }, 400),
    node('Code Each', 'code', 2, { language: 'javaScript', mode: 'runOnceForEachItem', jsCode: `const bad = ${HOSTILE};\n// Object.assign sets __proto__ (a prototype change of this sandbox object only)\nreturn { json: { ...$json, ...bad, assigned: Object.assign({}, bad) } };` }, 600),
    node('Split Out', 'splitOut', 1, { fieldToSplitOut: 'list', include: 'allOtherFields', options: {} }, 800),
    node('Aggregate', 'aggregate', 1, { aggregate: 'aggregateAllItemData', destinationFieldName: 'data', options: {} }, 1000),
    node('Merge', 'merge', 3.2, { mode: 'combine', combineBy: 'combineByPosition', options: { clashHandling: { values: { resolveClash: 'preferLast', mergeMode: 'deepMerge' } } } }, 800, 300),
  ];
  return {
    name: path,
    nodes,
    connections: {
      Webhook: { main: [[link('Set')]] },
      Set: { main: [[link('Code All')]] },
      'Code All': { main: [[link('Code Each'), link('Merge', 0)]] },
      'Code Each': { main: [[link('Split Out'), link('Merge', 1)]] },
      'Split Out': { main: [[link('Aggregate')]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

/** CVE-2026-27493 shape: user input that looks like an expression must stay text. */
function doubleEvaluation(): WorkflowInput {
  return {
    name: 'double-eval',
    nodes: [
      node('Webhook', 'webhook', 2, { httpMethod: 'POST', path: 'double-eval', responseMode: 'lastNode', responseData: 'firstEntryJson' }),
      node('Set', 'set', 3.4, {
        assignments: { assignments: [
          { id: '1', name: 'echo', value: '={{ $json.body.name }}', type: 'string' },
          { id: '2', name: 'greeting', value: '=Hello {{ $json.body.name }}!', type: 'string' },
        ] },
        options: {},
      }, 200),
    ],
    connections: { Webhook: { main: [[link('Set')]] } },
    settings: { executionOrder: 'v1' },
  };
}

/** CVE-2026-27494 / CVE-2025-68668 (Python Code node) and CVE-2026-27497 (Merge SQL query mode). */
function refused(kind: 'python' | 'sql'): WorkflowInput {
  const python = 'import os\nos.system("touch /tmp/gigaflow-python-pwned")\nreturn [{"json": {"pwned": True}}]';
  const target = kind === 'python'
    ? node('Refused', 'code', 2, { language: 'python', mode: 'runOnceForAllItems', pythonCode: python }, 200)
    : node('Refused', 'merge', 3.2, { mode: 'combineBySql', query: "SELECT * FROM input1; ATTACH DATABASE '/tmp/gigaflow-sql-pwned' AS x" }, 200);
  return {
    name: `refused-${kind}`,
    nodes: [node('Webhook', 'webhook', 2, { httpMethod: 'POST', path: `refused-${kind}`, responseMode: 'onReceived' }), target],
    connections: { Webhook: { main: [[link('Refused')]] } },
    settings: { executionOrder: 'v1' },
  };
}

// ------------------------------------------------------------------------------------------------
// Host state

const PROTOS: object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Promise.prototype, Error.prototype, EventEmitter.prototype];
const snapshot = () => PROTOS.map((p) => Reflect.ownKeys(p).map(String).sort());
const BEFORE = snapshot();

function expectHostClean(): void {
  const plain = {} as Record<string, unknown>;
  expect(plain.polluted).toBeUndefined();
  expect(Object.create(null).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((function () {} as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(snapshot()).toEqual(BEFORE);
}

const items = async (executionId: string, nodeName: string): Promise<INodeExecutionData[]> => {
  const record = await t.host.storage.executions.get(executionId);
  return record?.runData[nodeName]?.[0]?.data?.main[0] ?? [];
};
const workflowIds = new Map<string, string>();
const seenExecutions = new Set<string>();
/** The execution of `workflowName` that finished since the last call (each test run makes exactly one). */
async function lastExecution(workflowName: string): Promise<string> {
  const workflowId = workflowIds.get(workflowName)!;
  for (let i = 0; i < 100; i++) {
    const { data } = await t.host.storage.executions.list({ workflowId });
    const done = data.find((e) => !seenExecutions.has(e.id) && e.status !== 'running' && e.status !== 'new');
    if (done) {
      for (const e of data) if (e.status !== 'running' && e.status !== 'new') seenExecutions.add(e.id);
      return done.id;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no new finished execution of ${workflowName}`);
}
const own = (o: unknown, key: string) => o !== null && typeof o === 'object' && Object.hasOwn(o, key);

const JSON_BODY = '{"__proto__":{"polluted":"body"},"constructor":{"prototype":{"polluted":"body"}},"a":{"__proto__":{"polluted":"nested"},"b":[{"__proto__":{"polluted":"array"}}]},"list":[1]}';

describe('prototype pollution through item JSON (real host)', () => {
  it('the host check notices a polluted prototype (so the checks below can fail)', () => {
    (Object.prototype as Record<string, unknown>).polluted = 'self-check';
    try {
      expect(() => expectHostClean()).toThrow();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expectHostClean();
  });

  it.each([1, 2])('JSON webhook body through Set, Code (both modes), Split Out, Aggregate and Merge: run %i', async () => {
    const res = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON_BODY });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    expectHostClean();

    const id = await lastExecution('pp-json');
    const record = await t.host.storage.executions.get(id);
    expect(record?.status).toBe('success');
    // The webhook body keeps `__proto__` / `constructor` as plain data, as n8n's JSON.parse'd body does.
    const [hook] = await items(id, 'Webhook');
    const stored = hook.json.body as Record<string, unknown>;
    expect(own(stored, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON_BODY));
    expect(own(stored.constructor, 'prototype')).toBe(true);
    // Set: a hostile name is at most a plain own field, never a prototype change.
    const [set] = await items(id, 'Set');
    expect(Object.getPrototypeOf(set.json)).toBe(Object.prototype);
    expect((set.json as Record<string, unknown>).polluted).toBeUndefined();
    // Gigaflow keeps such names as own plain fields (n8n's lodash `set` drops them instead).
    const setData = JSON.parse(JSON.stringify(set.json)) as Record<string, Record<string, Record<string, unknown>>>;
    expect(setData.constructor.prototype.polluted).toBe('set');
    expect(setData.x['__proto__'].polluted).toBe('set');
    expect(setData.x.constructor.prototype.polluted).toBe('set');
    // Code results with such keys come back as data, in both modes.
    for (const name of ['Code All', 'Code Each']) {
      const out = await items(id, name);
      expect(out.length).toBeGreaterThan(0);
      for (const item of out) {
        expect(Object.getPrototypeOf(item.json)).toBe(Object.prototype);
        expect((item.json as Record<string, unknown>).polluted).toBeUndefined();
        expect(own(item.json, '__proto__')).toBe(true);
        expect((item.json as Record<string, Record<string, unknown>>)['__proto__'].polluted).toBe('code');
      }
    }
    for (const item of await items(id, 'Code Each')) {
      const assigned = (item.json as Record<string, Record<string, unknown>>).assigned;
      expect(Object.getPrototypeOf(assigned)).toBe(Object.prototype);
      expect(assigned.polluted).toBeUndefined();
    }
    // Split Out made one item per list entry; Aggregate and Merge ran over them.
    expect((await items(id, 'Split Out')).length).toBe(2 * (await items(id, 'Code Each')).length);
    expect((await items(id, 'Aggregate')).length).toBe(1);
    expect((await items(id, 'Merge')).length).toBeGreaterThan(0);
    for (const n of ['Split Out', 'Aggregate', 'Merge']) for (const item of await items(id, n)) expect((item.json as Record<string, unknown>).polluted).toBeUndefined();
    expectHostClean();
  });

  it.each([
    ['__proto__[polluted]=query', 'bracket'],
    ['constructor[prototype][polluted]=query', 'constructor'],
    ['a[__proto__][polluted]=query&a[b]=1', 'nested'],
    ['__proto__.polluted=query&constructor.prototype.polluted=query', 'dotted'],
  ])('urlencoded body %s (%s)', async (form) => {
    const res = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);
    expectHostClean();
    const [hook] = await items(await lastExecution('pp-json'), 'Webhook');
    expect((hook.json.body as Record<string, unknown>).polluted).toBeUndefined();
    // a query string goes through the same parser
    const q = await fetch(`${t.url}/webhook/pp-query?${form}`);
    expect(q.status).toBe(200);
    const [qHook] = await items(await lastExecution('pp-query'), 'Webhook');
    expect((qHook.json.query as Record<string, unknown>).polluted).toBeUndefined();
    expectHostClean();
  });

  it('hostile header names and values are plain data', async () => {
    const res = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', headers: [['content-type', 'application/json'], ['__proto__', 'x'], ['constructor', 'y'], ['x-proto', '{"__proto__":{"polluted":"h"}}']], body: '{}' });
    expect(res.status).toBe(200);
    const [hook] = await items(await lastExecution('pp-json'), 'Webhook');
    expect((hook.json.headers as Record<string, unknown>)['x-proto']).toBe('{"__proto__":{"polluted":"h"}}');
    expectHostClean();
  });

  it('a second, clean run sees nothing of the earlier ones', async () => {
    const res = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(res.status).toBe(200);
    const [code] = await items(await lastExecution('pp-json'), 'Code All');
    expect((code.json.body as Record<string, unknown>).ok).toBe(true);
    expect(Object.keys({})).toEqual([]);
    expectHostClean();
  });
});

describe('n8n advisories around the sandbox (real host)', () => {
  it('CVE-2026-21858 (Ni8mare) shape: a JSON body posing as parsed multipart files never makes the host read a local file', async () => {
    const forged = { files: { file: { filepath: '/etc/passwd', originalFilename: 'passwd', mimetype: 'text/plain', size: 1 } }, body: { files: [{ path: '/etc/passwd' }] } };
    const res = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    expect(res.status).toBe(200);
    const record = await t.host.storage.executions.get(await lastExecution('pp-json'));
    const [hook] = await items(record!.id, 'Webhook');
    expect(hook.binary).toBeUndefined();
    const text = (await res.text()) + JSON.stringify(record);
    expect(text).not.toMatch(/root:[^:]*:0:0:/);
    // a multipart part named like a local path carries its own bytes, nothing else
    const form = new FormData();
    form.append('file', new Blob(['part bytes']), '/etc/passwd');
    const multi = await fetch(`${t.url}/webhook/pp-json`, { method: 'POST', body: form });
    expect(multi.status).toBe(200);
    const multiRecord = await t.host.storage.executions.get(await lastExecution('pp-json'));
    expect(JSON.stringify(multiRecord)).not.toMatch(/root:[^:]*:0:0:/);
    const [multiHook] = await items(multiRecord!.id, 'Webhook');
    expect(Object.values(multiHook.binary ?? {}).map((b) => b.fileSize ?? b.data.length)).toHaveLength(1);
    expectHostClean();
  });

  it('CVE-2026-27493 / GHSA-75g8-rv7v-32f7: user input that looks like an expression is never evaluated a second time', async () => {
    for (const name of ['={{ 6 * 7 }}', '{{ 6 * 7 }}', "={{ this.constructor.constructor('return process')().pid }}", '{{ $env }}']) {
      const res = await fetch(`${t.url}/webhook/double-eval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ echo: name, greeting: `Hello ${name}!` });
    }
  });

  it.each([
    ['python', 'CVE-2026-27494 / CVE-2025-68668 (GHSA-62r4-hw23-cc8v): a Python Code node', /Python is not supported/],
    ['sql', 'CVE-2026-27497: the Merge node SQL query mode', /SQL|combineBySql|not supported/i],
  ] as const)('%s: %s is refused, naming the node, and nothing runs', async (kind, _title, pattern) => {
    const res = await fetch(`${t.url}/webhook/refused-${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    const record = await t.host.storage.executions.get(await lastExecution(`refused-${kind}`));
    expect(record?.status).toBe('error');
    const text = JSON.stringify(record?.error ?? {});
    expect(text).toMatch(pattern);
    expect(text).toContain('Refused');
    expect((record?.runData.Refused?.[0]?.data?.main ?? []).flat()).toEqual([]);
    expect(existsSync(`/tmp/gigaflow-${kind}-pwned`)).toBe(false);
    expectHostClean();
  });
});
