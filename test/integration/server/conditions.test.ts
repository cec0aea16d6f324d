// POST /api/v1/conditions/test: the editor's "test against sample data" — the host's evaluator on
// sample items, answering per item as an If node routes them; 400s name the field at fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

const v = (path: string) => ({ var: path });
const RULE = { and: [{ '==': [v('priority'), 'High'] }, { or: [{ '==': [v('status'), 'Open'] }, { '==': [v('status'), 'Replied'] }] }] };
const ITEMS = [
  { priority: 'High', status: 'Open' },
  { priority: 'High', status: 'Closed' },
  { priority: 'Low', status: 'Open' },
  { priority: 'High', status: 'Replied' },
];

const test = (body: unknown) => t.api('/conditions/test', { method: 'POST', body });

describe('conditions test API', () => {
  it('answers pass/fail per item', async () => {
    const res = await test({ rule: RULE, items: ITEMS });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { index: 0, pass: true },
      { index: 1, pass: false },
      { index: 2, pass: false },
      { index: 3, pass: true },
    ]);
  });

  it('takes the If parameter {jsonLogic}, JSON text, custom operators, $json and $itemIndex', async () => {
    expect((await test({ rule: { jsonLogic: { startsWith: [v('name'), 'ON'] } }, items: [{ name: 'ONU-1' }, { name: 'OLT' }] })).body.results).toEqual([
      { index: 0, pass: true },
      { index: 1, pass: false },
    ]);
    expect((await test({ rule: '{"==": [{"var": "$json.a"}, 1]}', items: [{ a: 1 }, { a: 2 }] })).body.results.map((r: { pass: boolean }) => r.pass)).toEqual([true, false]);
    expect((await test({ rule: { '>': [v('$itemIndex'), 0] }, items: [{}, {}] })).body.results.map((r: { pass: boolean }) => r.pass)).toEqual([false, true]);
    const weak = { some: [v('opticalStatus'), { '<': [v('rxPowerDbm'), -27] }] };
    const optical = (rx: number | null) => ({ opticalStatus: [{ source: 'genieacs', direction: 'downstream', rxPowerDbm: rx, level: 'ok' }] });
    expect((await test({ rule: weak, items: [optical(-28.4), optical(-20), optical(null)] })).body.results.map((r: { pass: boolean }) => r.pass)).toEqual([true, false, false]);
  });

  it('reports an item the rule fails on, and goes on with the others', async () => {
    const res = await test({ rule: { match: [v('serial'), v('pattern')] }, items: [{ serial: 'A1', pattern: '^A' }, { serial: 'A1', pattern: '(' }] });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({ index: 0, pass: true });
    expect(res.body.results[1].index).toBe(1);
    expect(res.body.results[1].error).toContain('Invalid regular expression');
  });

  it('gives the answer the If node gives when the workflow runs', async () => {
    const workflow = {
      name: 'Condition check',
      nodes: [
        { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'b', name: 'If', type: 'n8n-nodes-base.if', typeVersion: 2.2, position: [200, 0], parameters: { conditions: { jsonLogic: RULE } } },
      ],
      connections: { Start: { main: [[{ node: 'If', type: 'main', index: 0 }]] } },
    };
    const run = await t.api('/workflows/run', { method: 'POST', body: { workflow, input: ITEMS } });
    expect(run.body.status).toBe('success');
    const [trueOut, falseOut] = run.body.runData.If[0].data.main;
    const passed = (await test({ rule: RULE, items: ITEMS })).body.results.filter((r: { pass: boolean }) => r.pass).map((r: { index: number }) => ITEMS[r.index]);
    expect(trueOut.map((i: { json: unknown }) => i.json)).toEqual(passed);
    expect(falseOut).toHaveLength(ITEMS.length - passed.length);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ items: [] }, 'rule', 'required'],
      [{ rule: '{"==": [', items: [] }, 'rule', 'not valid JSON'],
      [{ rule: { like: [v('a'), 'x'] }, items: [] }, 'rule', 'unknown JSONLogic operator "like"'],
      [{ rule: { '==': [v('a'), 1], '!=': [v('b'), 2] }, items: [] }, 'rule', 'exactly one key'],
      [{ rule: {}, items: [] }, 'rule', 'no condition'],
      [{ rule: { '==': [v('a'), '={{ $json.b }}'] }, items: [] }, 'rule', 'expression'],
      [{ rule: RULE }, 'items', 'array'],
      [{ rule: RULE, items: [{ a: 1 }, 3] }, 'items[1]', 'JSON object'],
      [{ rule: RULE, items: [], timezone: 'Mars/Olympus' }, 'timezone', 'IANA'],
      [[1, 2], 'body', 'JSON object'],
    ];
    for (const [body, field, message] of cases) {
      const res = await test(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field, JSON.stringify(body)).toBe(field);
      expect(res.body.message).toContain(message);
    }
  });

  it('needs the API key', async () => {
    const res = await fetch(`${t.base}/api/v1/conditions/test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rule: RULE, items: [] }) });
    expect(res.status).toBe(401);
  });
});
