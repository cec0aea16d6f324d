// Test cases run on the real engine and sandbox: trigger input, pinned outside calls, and every
// expectation kind, passing and failing, with the failure naming node, path, expected and actual.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../host/engine/types.ts';
import type { Workflow } from '../../../host/model/index.ts';
import { textReport } from '../../../host/workflow-tests/report.ts';
import { runTestCase } from '../../../host/workflow-tests/run-case.ts';
import { runSuite } from '../../../host/workflow-tests/suite.ts';
import type { CaseResult } from '../../../host/workflow-tests/types.ts';
import { parseTestCase } from '../../../host/workflow-tests/validate.ts';
import { engineDeps, workflow } from '../../helpers/engine.ts';

let deps: EngineDeps;
beforeAll(async () => {
  deps = await engineDeps();
});

const respond = (name: string, code: number, body: string) => ({
  name,
  type: 'n8n-nodes-base.respondToWebhook',
  typeVersion: 1.1,
  parameters: { respondWith: 'json', responseBody: body, options: { responseCode: code } },
});

/** POST /orders → valid? → Fetch Order (HTTP, errors to output 1) → 200 / 502; invalid → 400. */
const orders: Workflow = workflow(
  [
    { name: 'Order Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: 'orders', responseMode: 'responseNode' } },
    { name: 'Valid?', type: 'n8n-nodes-base.if', typeVersion: 2, parameters: { conditions: { jsonLogic: { '!!': [{ var: 'body.orderId' }] } } } },
    { name: 'Fetch Order', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'GET', url: '=https://shop.invalid/orders/{{ $json.body.orderId }}' }, onError: 'continueErrorOutput' },
    respond('Respond OK', 200, '={{ { order: $json.id, total: $json.total } }}'),
    respond('Respond 502', 502, "={{ { error: 'shop_down', detail: $json.error.message } }}"),
    respond('Respond 400', 400, "={{ { error: 'missing_order_id' } }}"),
  ],
  [
    ['Order Webhook', 'Valid?'],
    ['Valid?', 'Fetch Order', 0],
    ['Valid?', 'Respond 400', 1],
    ['Fetch Order', 'Respond OK', 0],
    ['Fetch Order', 'Respond 502', 1],
  ],
  { id: 'wf-orders', name: 'Orders' },
);

const post = (body: object) => ({ webhook: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body } });
const run = (wf: Workflow, raw: object) => runTestCase({ ...deps, vars: {} }, wf, parseTestCase(raw));

describe('a test case run', () => {
  it('passes when the pinned order flows through to a 200 answer and every expectation holds', async () => {
    const result = await run(orders, {
      name: 'found',
      trigger: post({ orderId: 'A1' }),
      pinned: { 'Fetch Order': [{ id: 'A1', total: 42, lines: [{ sku: 'ONT' }] }] },
      expectations: [
        { response: { status: 200, body: { order: 'A1', total: 42 } } },
        { node: 'Respond 400', notRun: true },
        { node: 'Fetch Order', path: '[0].total', match: 42 },
        { node: 'Fetch Order', match: [{ lines: [{ sku: 'ONT' }] }] },
        { node: 'Fetch Order', jsonLogic: { '>': [{ var: 'total' }, 40] } },
        { node: 'Order Webhook', path: '[0].headers', match: { 'content-type': 'application/json' } },
        { outcome: 'success' },
      ],
    });
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.execution.nodesRun).toEqual(['Order Webhook', 'Valid?', 'Fetch Order', 'Respond OK']);
  });

  it('reports a failing expectation with the node, the path and expected vs actual', async () => {
    const result = await run(orders, {
      name: 'wrong total',
      trigger: post({ orderId: 'A1' }),
      pinned: { 'Fetch Order': [{ id: 'A1', total: 42 }] },
      expectations: [
        { node: 'Fetch Order', path: '[0]', match: { total: 41, currency: 'CAD' } },
        { response: { status: 201 } },
        { node: 'Respond OK', notRun: true },
        { node: 'Fetch Order', jsonLogic: { '<': [{ var: 'total' }, 10] } },
      ],
    });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({ expectation: 0, node: 'Fetch Order', path: '[0].total', expected: 41, actual: 42 }),
      expect.objectContaining({ expectation: 0, node: 'Fetch Order', path: '[0].currency', expected: 'CAD', actual: undefined }),
      expect.objectContaining({ expectation: 1, path: 'status', expected: 201, actual: 200 }),
      expect.objectContaining({ expectation: 2, node: 'Respond OK', message: 'node "Respond OK" must not run, but it ran 1 time(s)' }),
      expect.objectContaining({ expectation: 3, node: 'Fetch Order', path: '[0]', actual: { id: 'A1', total: 42 } }),
    ]);
    const text = textReport({ passed: 0, failed: 1, durationMs: 1, cases: [result] });
    expect(text).toContain('✗ wrong total');
    expect(text).toContain('expectation 1: "Fetch Order" output 0: [0].total: expected 41 but got 42');
    expect(text).toContain('expectation 1: "Fetch Order" output 0: [0].currency is missing');
  });

  it('fails a case whose path reaches an outside node without a pinned output, naming the node, whatever its onError says', async () => {
    const result = await run(orders, { name: 'unpinned', trigger: post({ orderId: 'A1' }), expectations: [{ response: { status: 502 } }, { outcome: 'error' }] });
    expect(result.passed).toBe(false);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ node: 'Fetch Order' });
    expect(result.failures[0]!.message).toMatch(/Node "Fetch Order" \(HTTP Request\) would call an outside system: pin its output/);
    expect(result.execution.nodesRun).not.toContain('Respond 502');
  });

  it('routes a pinned error by the node\'s onError, like a real failure', async () => {
    const result = await run(orders, {
      name: 'shop down',
      trigger: post({ orderId: 'A1' }),
      pinned: { 'Fetch Order': { error: { message: 'connect ECONNREFUSED', httpCode: '503' } } },
      expectations: [{ response: { status: 502, body: { error: 'shop_down', detail: 'connect ECONNREFUSED' } } }, { node: 'Respond OK', notRun: true }],
    });
    expect(result.failures).toEqual([]);
  });

  it('needs no pin for outside nodes the path never reaches', async () => {
    const result = await run(orders, {
      name: 'no id',
      trigger: post({}),
      expectations: [{ response: { status: 400, body: { error: 'missing_order_id' } } }, { node: 'Fetch Order', notRun: true }],
    });
    expect(result.failures).toEqual([]);
  });

  it('fails a case whose run fails unless an outcome expectation expects it', async () => {
    const failing = workflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Stop', type: 'n8n-nodes-base.stopAndError', parameters: { errorMessage: '={{ "No invoice for " + $json.customer }}' } },
      ],
      [['Start', 'Stop']],
    );
    const unexpected = await run(failing, { name: 'a', trigger: { event: { customer: 'C1' } }, expectations: [] });
    expect(unexpected.failures).toEqual([expect.objectContaining({ node: 'Stop', message: 'the run failed at node "Stop": No invoice for C1' })]);
    const expected = await run(failing, { name: 'b', trigger: { event: { customer: 'C1' } }, expectations: [{ outcome: 'error', errorNode: 'Stop', errorMessage: 'No invoice' }] });
    expect(expected.failures).toEqual([]);
    const wrong = await run(failing, { name: 'c', trigger: { event: { customer: 'C1' } }, expectations: [{ outcome: 'error', errorNode: 'Start', errorMessage: 'paid' }] });
    expect(wrong.failures.map((f) => f.message)).toEqual([
      'expected the run to fail at node "Start" but it failed at "Stop"',
      'expected the error message to contain "paid" but it was "No invoice for C1"',
    ]);
  });

  it('refuses a Wait for a resume call unless its output is pinned; a timed Wait goes on at once', async () => {
    const waits = workflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Pause', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: 2, unit: 'hours' } },
        { name: 'Wait for Code', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'webhook', httpMethod: 'POST' }, webhookId: 'w1' },
        { name: 'Got', type: 'n8n-nodes-base.noOp' },
      ],
      [
        ['Start', 'Pause'],
        ['Pause', 'Wait for Code'],
        ['Wait for Code', 'Got'],
      ],
    );
    const started = Date.now();
    const refused = await run(waits, { name: 'a', trigger: { event: {} }, expectations: [] });
    expect(refused.failures).toEqual([expect.objectContaining({ node: 'Wait for Code', message: expect.stringContaining('waits for a call to its resume URL: pin its output') })]);
    const pinned = await run(waits, { name: 'b', trigger: { event: {} }, pinned: { 'Wait for Code': [{ body: { code: '123456' } }] }, expectations: [{ node: 'Got', match: [{ body: { code: '123456' } }] }] });
    expect(pinned.failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives a node run i its pinned run i, later runs the last one', async () => {
    // Lookup has two parents, so it runs twice; Again runs after each of those runs.
    const twice = workflow(
      [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'A', type: 'n8n-nodes-base.noOp' },
        { name: 'B', type: 'n8n-nodes-base.noOp' },
        { name: 'Lookup', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://x.invalid' } },
        { name: 'Again', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://x.invalid' } },
      ],
      [
        ['Start', 'A'],
        ['Start', 'B'],
        ['A', 'Lookup'],
        ['B', 'Lookup'],
        ['Lookup', 'Again'],
      ],
    );
    const result = await run(twice, {
      name: 'runs',
      trigger: { event: { n: 1 } },
      pinned: { Lookup: { runs: [{ outputs: [[{ v: 'first' }]] }, { outputs: [[{ v: 'second' }]] }] }, Again: { outputs: [[{ v: 'again' }]] } },
      expectations: [
        { node: 'Lookup', run: 0, match: [{ v: 'first' }] },
        { node: 'Lookup', run: 1, match: [{ v: 'second' }] },
        { node: 'Again', run: 1, path: '[0].v', match: 'again' },
      ],
    });
    expect(result.failures).toEqual([]);
    const once = await run(twice, {
      name: 'one run pinned',
      trigger: { event: { n: 1 } },
      pinned: { Lookup: { runs: [{ outputs: [[{ v: 'only' }]] }] }, Again: [{}] },
      expectations: [{ node: 'Lookup', run: 1, match: [{ v: 'only' }] }, { node: 'Lookup', run: 2, match: [] }],
    });
    expect(once.failures.map((f) => f.message)).toEqual(['"Lookup" output 0 run 2: node "Lookup" ran 2 time(s): there is no run 2']);
  });

  it('starts a schedule case from its Schedule Trigger with the item of that time', async () => {
    const scheduled = workflow(
      [
        { name: 'Every Hour', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } } },
        { name: 'Stamp', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: '1', name: 'hour', value: '={{ $json.Hour }}', type: 'string' }] } } },
      ],
      [['Every Hour', 'Stamp']],
      { settings: { executionOrder: 'v1', timezone: 'America/Toronto' } },
    );
    const result = await run(scheduled, {
      name: 'at 8',
      trigger: { schedule: { time: '2026-01-05T13:00:00Z' } },
      expectations: [{ node: 'Stamp', match: [{ hour: '08' }] }, { node: 'Every Hour', path: '[0].timestamp', match: '2026-01-05T08:00:00.000-05:00' }],
    });
    expect(result.failures).toEqual([]);
  });

  it('fails a case whose trigger does not fit the workflow, naming the field', async () => {
    const result = await run(orders, { name: 'get', trigger: { webhook: { method: 'GET' } }, expectations: [] });
    expect(result.failures).toEqual([{ message: 'trigger.webhook: no Webhook node accepts GET' }]);
  });

  it('runs cases one after the other and sums them up', async () => {
    const cases = [
      parseTestCase({ name: 'ok', trigger: post({}), expectations: [{ response: { status: 400 } }] }),
      parseTestCase({ name: 'bad', trigger: post({}), expectations: [{ response: { status: 200 } }] }),
    ];
    const report = await runSuite({ ...deps, vars: {} }, [{ workflow: orders, cases }]);
    expect([report.passed, report.failed]).toEqual([1, 1]);
    expect(report.cases.map((c: CaseResult) => [c.case, c.passed])).toEqual([
      ['ok', true],
      ['bad', false],
    ]);
    expect(textReport(report)).toMatch(/2 cases: 1 passed, 1 failed/);
  });
});

describe('a test case as JSON', () => {
  it('is refused with the field at fault', () => {
    const bad = (raw: object) => () => parseTestCase(raw);
    expect(bad({ trigger: { event: {} }, expectations: [] })).toThrow('testCase.name: must be a non-empty string');
    expect(bad({ name: 'x', trigger: { event: {}, webhook: {} }, expectations: [] })).toThrow('testCase.trigger: must have exactly one of webhook, schedule or event (has webhook, event)');
    expect(bad({ name: 'x', trigger: { schedule: { time: 'soon' } }, expectations: [] })).toThrow('testCase.trigger.schedule');
    expect(bad({ name: 'x', trigger: { event: {} }, expectations: [{ node: 'A' }] })).toThrow('testCase.expectations[0]: must have one of match, jsonLogic or notRun');
    expect(bad({ name: 'x', trigger: { event: {} }, expectations: [{ node: 'A', jsonLogic: { nope: [1] } }] })).toThrow('testCase.expectations[0].jsonLogic');
    expect(bad({ name: 'x', trigger: { event: {} }, pinned: { A: { outputs: 3 } }, expectations: [] })).toThrow('testCase.pinned["A"]');
    expect(bad({ name: 'x', trigger: { event: {} }, expectations: [{ response: { status: 99 } }] })).toThrow('testCase.expectations[0].response.status');
  });
});
