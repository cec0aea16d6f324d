// POST /api/v1/expressions/preview: the editor's live preview, evaluated in the host's sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost({ vars: { REGION: 'eu' } });
});
afterAll(() => t?.close());

const preview = (body: unknown) => t.api('/expressions/preview', { method: 'POST', body });

describe('expression preview API', () => {
  it('evaluates $json against the sent input items, for the chosen item', async () => {
    const input = [{ name: 'Ada', n: 2 }, { name: 'Lin', n: 5 }];
    const first = await preview({ expression: '=Hello {{ $json.name }}', input });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ value: 'Hello Ada', type: 'string' });
    const second = await preview({ expression: '={{ $json.n * 10 }}', input, itemIndex: 1 });
    expect(second.body).toEqual({ value: 50, type: 'number' });
  });

  it("resolves $('Node') from the sent upstream outputs and the node/workflow/vars context", async () => {
    const res = await preview({
      expression: "={{ $('Trigger').item.json.city }}/{{ $('Trigger').all().length }}/{{ $node.name }}/{{ $workflow.name }}/{{ $vars.REGION }}/{{ $itemIndex }}",
      input: [{}],
      nodes: { Trigger: [{ city: 'Lyon' }, { city: 'Nice' }] },
      node: { name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4 },
      workflow: { id: 'w1', name: 'Demo' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: 'Lyon/2/Set/Demo/eu/0', type: 'string' });
  });

  it('keeps objects and says undefined', async () => {
    expect((await preview({ expression: '={{ $json }}', input: [{ a: [1, 2] }] })).body).toEqual({ value: { a: [1, 2] }, type: 'object' });
    expect((await preview({ expression: '={{ $json.missing }}', input: [{ a: 1 }] })).body).toEqual({ value: null, type: 'undefined' });
  });

  it('answers an expression error as 200 with the message and the failing segment', async () => {
    const res = await preview({ expression: '=ok {{ $json.a }} then {{ $json.a.b.c }}', input: [{ a: 1 }] });
    expect(res.status).toBe(200);
    expect(res.body.value).toBeUndefined();
    expect(res.body.error.message).toMatch(/Cannot read properties of undefined/);
    expect(res.body.error.segment).toBe(1);
    const syntax = await preview({ expression: '={{ $json. }}', input: [{ a: 1 }] });
    expect(syntax.status).toBe(200);
    expect(syntax.body.error.message).toMatch(/invalid syntax/i);
    expect(syntax.body.error.segment).toBe(0);
  });

  it("says a node that is not in the workflow does not exist, and one without data has not run", async () => {
    const unknown = await preview({ expression: "={{ $('Nope').item.json.x }}", input: [{}], workflowNodes: ['Trigger'] });
    expect(unknown.body.error.message).toMatch(/doesn't exist/);
    const notRun = await preview({ expression: "={{ $('Trigger').item.json.x }}", input: [{}], workflowNodes: ['Trigger'] });
    expect(notRun.body.error.message).not.toBe(unknown.body.error.message);
  });

  it('keeps a sandbox escape attempt inside the sandbox: an error, no host access', async () => {
    const res = await preview({ expression: "={{ this.constructor.constructor('return process')().pid }}", input: [{}] });
    expect(res.status).toBe(200);
    expect(res.body.error?.message).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain(String(process.pid));
    const viaJson = await preview({ expression: "={{ $json.constructor.constructor('return process')().env }}", input: [{}] });
    expect(viaJson.body.error?.message).toBeTruthy();
  });

  it('stops a runaway expression at the sandbox time limit', async () => {
    const started = Date.now();
    const res = await preview({ expression: '=a {{ 1 }} b {{ (() => { while (true) {} })() }}', input: [{}] });
    expect(res.status).toBe(200);
    expect(res.body.error.message).toMatch(/timed out/i);
    // Once, not again per segment to find the failing one.
    expect(Date.now() - started).toBeLessThan(1900);
  }, 15_000);

  it('rejects a malformed body with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ input: [] }, 'expression'],
      [{ expression: '{{ 1 }}' }, 'expression'],
      [{ expression: '={{ 1 }}', input: 'x' }, 'input'],
      [{ expression: '={{ 1 }}', input: [1] }, 'input[0]'],
      [{ expression: '={{ 1 }}', itemIndex: -1 }, 'itemIndex'],
      [{ expression: '={{ 1 }}', nodes: { A: {} } }, 'nodes.A'],
      [{ expression: '={{ 1 }}', node: 'Set' }, 'node'],
      [{ expression: '={{ 1 }}', workflow: { timezone: 'Mars/Base' } }, 'workflow.timezone'],
      [[1], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field, JSON.stringify(body)).toBe(field);
    }
  });

  it('refuses a context over the size limit with 413', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => ({ i, text: 'x'.repeat(1000) }));
    const res = await preview({ expression: '={{ 1 }}', input: big });
    expect(res.status).toBe(413);
  });

  it('needs the API key', async () => {
    const res = await fetch(`${t.base}/api/v1/expressions/preview`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"expression":"={{1}}"}' });
    expect(res.status).toBe(401);
  });
});
