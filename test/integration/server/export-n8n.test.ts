// GET /workflows/:id/export?format=n8n (and /workflows/export?format=n8n): conditions as n8n's
// filters where representable, meta.gigaflowUnconverted naming the nodes that kept JSONLogic;
// the default export is unchanged, and the n8n export imports back to the same rules.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

const issues = readFileSync(new URL('../../compat/conditions/if-issues.json', import.meta.url), 'utf8');
const ISSUES_ID = 'Jq3xT1mB7nQ2vL9a';
const mixed = { and: [{ '==': [{ var: 'a' }, 1] }, { or: [{ '==': [{ var: 'b' }, 2] }, { '==': [{ var: 'c' }, 3] }] }] };

let t: TestHost;
let handWrittenId: string;

beforeAll(async () => {
  t = await startHost();
  const imported = await t.api('/workflows/import', { method: 'POST', body: issues, headers: { 'content-type': 'application/json' } });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const created = await t.api('/workflows', {
    method: 'POST',
    body: {
      name: 'Hand-written conditions',
      nodes: [
        { id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'n2', name: 'Open ticket?', type: 'n8n-nodes-base.if', typeVersion: 2.2, position: [200, 0], parameters: { conditions: { jsonLogic: { '==': [{ var: 'body.status' }, 'Open'] } } } },
        { id: 'n3', name: 'Mixed', type: 'n8n-nodes-base.filter', typeVersion: 2.2, position: [400, 0], parameters: { conditions: { jsonLogic: mixed } } },
      ],
      connections: {
        Start: { main: [[{ node: 'Open ticket?', type: 'main', index: 0 }]] },
        'Open ticket?': { main: [[{ node: 'Mixed', type: 'main', index: 0 }], []] },
      },
    },
  });
  expect(created.status).toBe(201);
  handWrittenId = created.body.id;
});
afterAll(() => t?.close());

type Node = { name: string; parameters: Record<string, any> };
const nodeOf = (wf: { nodes: Node[] }, name: string) => wf.nodes.find((n) => n.name === name)!;

describe('export in n8n format', () => {
  it('writes n8n filters for converted n8n conditions; the default export keeps JSONLogic', async () => {
    const n8n = await t.api(`/workflows/${ISSUES_ID}/export?format=n8n`);
    expect(n8n.status).toBe(200);
    expect(n8n.headers.get('content-type')).toContain('application/json');
    const conditions = nodeOf(n8n.body, 'High priority and open?').parameters.conditions;
    expect(conditions).toMatchObject({
      options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
      combinator: 'and',
      conditions: [
        { leftValue: '={{ $json.priority }}', rightValue: 'High', operator: { type: 'string', operation: 'equals' } },
        { leftValue: '={{ $json.status }}', rightValue: 'Closed', operator: { type: 'string', operation: 'notEquals' } },
      ],
    });
    expect(nodeOf(n8n.body, 'Outage?').parameters).toMatchObject({ options: { ignoreCase: true }, conditions: { options: { caseSensitive: false }, combinator: 'or' } });
    expect(n8n.body.meta).not.toHaveProperty('gigaflowUnconverted');

    const plain = await t.api(`/workflows/${ISSUES_ID}/export`);
    expect(nodeOf(plain.body, 'High priority and open?').parameters.conditions).toHaveProperty('jsonLogic');
    expect((await t.api(`/workflows/${ISSUES_ID}/export?format=gigaflow`)).body).toEqual(plain.body);
  });

  it('imports the n8n export back to the same stored rules', async () => {
    const before = (await t.api(`/workflows/${ISSUES_ID}`)).body;
    const n8n = (await t.api(`/workflows/${ISSUES_ID}/export?format=n8n`)).body;
    const res = await t.api('/workflows/import', { method: 'POST', body: { ...n8n, id: undefined, name: 'Re-imported' } });
    expect(res.status).toBe(201);
    expect(res.body.data[0].nodes.map((n: Node) => n.parameters)).toEqual(before.nodes.map((n: Node) => n.parameters));
  });

  it('keeps what n8n cannot represent as JSONLogic and names it in meta.gigaflowUnconverted', async () => {
    const res = await t.api(`/workflows/${handWrittenId}/export?format=n8n`);
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ gigaflowUnconverted: ['Mixed'] });
    expect(nodeOf(res.body, 'Mixed').parameters.conditions).toEqual({ jsonLogic: mixed });
    expect(nodeOf(res.body, 'Open ticket?').parameters).toMatchObject({
      looseTypeValidation: true,
      conditions: { conditions: [{ leftValue: '={{ $json.body?.status }}', rightValue: 'Open', operator: { type: 'string', operation: 'equals' } }] },
    });
    expect((await t.api(`/workflows/${handWrittenId}/export`)).body).not.toHaveProperty('meta');
    // The list describes that file: importing it back does not store it.
    const again = await t.api('/workflows/import', { method: 'POST', body: { ...res.body, id: undefined, name: 'Again' } });
    expect(again.status).toBe(201);
    expect(again.body.data[0].meta ?? {}).not.toHaveProperty('gigaflowUnconverted');
    expect(nodeOf(again.body.data[0], 'Mixed').parameters.conditions).toEqual({ jsonLogic: mixed });
  });

  it('exports every workflow in n8n format, and refuses an unknown format', async () => {
    const all = await t.api('/workflows/export?format=n8n');
    expect(all.status).toBe(200);
    const byName = Object.fromEntries(all.body.map((wf: { name: string }) => [wf.name, wf]));
    expect(byName['Hand-written conditions'].meta).toEqual({ gigaflowUnconverted: ['Mixed'] });
    expect(nodeOf(byName['Triage ERPNext issues'], 'Outage?').parameters.conditions).toHaveProperty('combinator', 'or');
    const bad = await t.api(`/workflows/${ISSUES_ID}/export?format=yaml`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'format', message: expect.stringContaining('gigaflow, n8n') });
  });
});
