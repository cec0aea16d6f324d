import { describe, expect, it } from 'vitest';
import { retryParams } from '../../../host/engine/run-node.ts';
import { engineDeps, run, set, trigger, workflow } from '../../helpers/engine.ts';
import { runWorkflow } from '../../../host/engine/execution.ts';

const order = (result: { runData: Record<string, { startTime: number }[]> }) =>
  Object.entries(result.runData)
    .flatMap(([name, runs]) => runs.map((r, i) => ({ name, i, t: r.startTime })))
    .map((r) => r.name);

describe('execution order (v1)', () => {
  it('runs each branch to its end before the next, top branch first by canvas position', async () => {
    const wf = workflow(
      [trigger, { name: 'Lower', type: 'n8n-nodes-base.noOp', position: [200, 300] }, { name: 'Upper', type: 'n8n-nodes-base.noOp', position: [200, -300] },
        { name: 'Upper2', type: 'n8n-nodes-base.noOp', position: [400, -300] }, { name: 'Lower2', type: 'n8n-nodes-base.noOp', position: [400, 300] }],
      [['Start', 'Lower'], ['Start', 'Upper'], ['Upper', 'Upper2'], ['Lower', 'Lower2']],
    );
    const seen: string[] = [];
    const result = await run(wf, { onEvent: (e) => e.type === 'node.started' && seen.push(e.node) });
    expect(result.status).toBe('success');
    expect(seen).toEqual(['Start', 'Upper', 'Upper2', 'Lower', 'Lower2']);
    expect(order(result)).toHaveLength(5);
  });

  it('never starts from a node that cannot run, such as a note placed top-left', async () => {
    const wf = workflow([{ name: 'Note', type: 'test.note', position: [-500, -500] }, trigger, { name: 'A', type: 'n8n-nodes-base.noOp' }], [['Start', 'A']]);
    const result = await run(wf);
    expect(result.status).toBe('success');
    expect(Object.keys(result.runData)).toEqual(['Start', 'A']);
  });

  it('only runs children of outputs that carry items', async () => {
    const wf = workflow(
      [trigger, { name: 'Branch', type: 'test.branch' }, { name: 'A', type: 'n8n-nodes-base.noOp' }, { name: 'B', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Branch'], ['Branch', 'A', 0], ['Branch', 'B', 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { route: 1 } }, { json: { route: 1 } }] });
    expect(result.runData.A).toBeUndefined();
    expect(result.runData.B[0].data!.main[0]).toHaveLength(2);
    expect(result.runData.Branch[0].inputItemCounts).toEqual([2]);
  });

  it('a single-input child with two parents runs once per parent', async () => {
    const wf = workflow(
      [trigger, { name: 'P1', type: 'n8n-nodes-base.noOp' }, { name: 'P2', type: 'n8n-nodes-base.noOp', position: [200, 100] }, { name: 'C', type: 'n8n-nodes-base.noOp', position: [400, 0] }],
      [['Start', 'P1'], ['Start', 'P2'], ['P1', 'C'], ['P2', 'C']],
    );
    const result = await run(wf);
    expect(result.runData.C).toHaveLength(2);
    expect(result.runData.C.map((r) => r.source[0]?.previousNode)).toEqual(['P1', 'P2']);
  });
});

describe('multi-input nodes', () => {
  it('waits until both inputs have data', async () => {
    const wf = workflow(
      [trigger, { name: 'A', type: 'n8n-nodes-base.noOp' }, { name: 'B', type: 'n8n-nodes-base.noOp', position: [200, 200] }, { name: 'Join', type: 'test.join', position: [400, 0] }],
      [['Start', 'A'], ['Start', 'B'], ['A', 'Join', 0, 0], ['B', 'Join', 0, 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { n: 1 } }] });
    expect(result.runData.Join).toHaveLength(1);
    expect(result.runData.Join[0].data!.main[0]!.map((i) => i.json.from)).toEqual([0, 1]);
  });

  it('runs with the missing input empty once nothing else can run', async () => {
    const wf = workflow(
      [trigger, { name: 'Branch', type: 'test.branch' }, { name: 'Join', type: 'test.join' }],
      [['Start', 'Branch'], ['Branch', 'Join', 0, 0], ['Branch', 'Join', 1, 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { route: 0 } }] });
    expect(result.runData.Join[0].inputItemCounts).toEqual([1, 0]);
    expect(result.runData.Join[0].data!.main[0]).toHaveLength(1);
  });

  it('does not run when requiredInputs are missing', async () => {
    const wf = workflow(
      [trigger, { name: 'Branch', type: 'test.branch' }, { name: 'Join', type: 'test.strictJoin' }],
      [['Start', 'Branch'], ['Branch', 'Join', 0, 0], ['Branch', 'Join', 1, 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { route: 0 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.Join).toBeUndefined();
  });
});

describe('errors, retries and onError', () => {
  it('a node that throws ends the execution in error naming the node', async () => {
    const wf = workflow([trigger, { name: 'Boom', type: 'test.flaky' }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Boom'], ['Boom', 'After']]);
    const result = await run(wf);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Boom', message: 'flaky failure #1' });
    expect(result.runData.Boom[0]).toMatchObject({ executionStatus: 'error', error: { message: 'flaky failure #1' } });
    expect(result.runData.After).toBeUndefined();
    expect(result.lastNodeExecuted).toBe('Boom');
  });

  it('clamps retry settings as n8n does', () => {
    expect(retryParams({})).toEqual({ maxTries: 1, waitMs: 0 });
    expect(retryParams({ retryOnFail: true })).toEqual({ maxTries: 3, waitMs: 1000 });
    expect(retryParams({ retryOnFail: true, maxTries: 50, waitBetweenTries: 99999 })).toEqual({ maxTries: 5, waitMs: 5000 });
    expect(retryParams({ retryOnFail: true, maxTries: 1, waitBetweenTries: -5 })).toEqual({ maxTries: 2, waitMs: 0 });
  });

  it('retries until the node succeeds', async () => {
    const wf = workflow(
      [trigger, { name: 'Flaky', type: 'test.flaky', parameters: { failTimes: 2 }, retryOnFail: true, maxTries: 3, waitBetweenTries: 1 }],
      [['Start', 'Flaky']],
    );
    const result = await run(wf);
    expect(result.status).toBe('success');
    expect(result.runData.Flaky[0].tries).toBe(3);
    expect(result.staticData['node:Flaky']).toEqual({ calls: 3 });
  });

  it('gives up after maxTries', async () => {
    const wf = workflow([trigger, { name: 'Flaky', type: 'test.flaky', retryOnFail: true, maxTries: 2, waitBetweenTries: 1 }], [['Start', 'Flaky']]);
    const result = await run(wf);
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('flaky failure #2');
  });

  it('continueRegularOutput passes the input on', async () => {
    const wf = workflow(
      [trigger, { name: 'Boom', type: 'test.flaky', onError: 'continueRegularOutput' }, { name: 'After', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Boom'], ['Boom', 'After']],
    );
    const result = await run(wf, { triggerItems: [{ json: { a: 1 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.After[0].data!.main[0]![0].json).toEqual({ a: 1 });
    expect(result.runData.Boom[0].error?.message).toBe('flaky failure #1');
  });

  it('continueErrorOutput routes a thrown error to the error output', async () => {
    const wf = workflow(
      [trigger, { name: 'Boom', type: 'test.flaky', onError: 'continueErrorOutput' }, { name: 'Ok', type: 'n8n-nodes-base.noOp' }, { name: 'Failed', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Boom'], ['Boom', 'Ok', 0], ['Boom', 'Failed', 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { a: 1 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.Ok).toBeUndefined();
    expect(result.runData.Failed[0].data!.main[0]![0].json).toMatchObject({ a: 1, error: { message: 'flaky failure #1' } });
  });

  it('continueErrorOutput routes items carrying an error to the error output', async () => {
    const wf = workflow(
      [trigger, { name: 'Check', type: 'test.itemErrors', onError: 'continueErrorOutput' }, { name: 'Ok', type: 'n8n-nodes-base.noOp' }, { name: 'Failed', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Check'], ['Check', 'Ok', 0], ['Check', 'Failed', 1]],
    );
    const result = await run(wf, { triggerItems: [{ json: { bad: false } }, { json: { bad: true } }] });
    expect(result.runData.Ok[0].data!.main[0]).toHaveLength(1);
    expect(result.runData.Failed[0].data!.main[0]).toEqual([expect.objectContaining({ json: { error: 'bad item' } })]);
  });
});

describe('node settings', () => {
  it('alwaysOutputData emits one empty item so the branch goes on', async () => {
    const wf = workflow(
      [trigger, { name: 'Nothing', type: 'test.empty', alwaysOutputData: true }, { name: 'After', type: 'n8n-nodes-base.noOp' }],
      [['Start', 'Nothing'], ['Nothing', 'After']],
    );
    const result = await run(wf);
    expect(result.runData.After[0].data!.main[0]![0].json).toEqual({});
    const without = await run(workflow([trigger, { name: 'Nothing', type: 'test.empty' }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Nothing'], ['Nothing', 'After']]));
    expect(without.runData.After).toBeUndefined();
  });

  it('executeOnce runs on the first item only', async () => {
    const wf = workflow([trigger, { name: 'Once', type: 'n8n-nodes-base.noOp', executeOnce: true }], [['Start', 'Once']]);
    const result = await run(wf, { triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }] });
    expect(result.runData.Once[0].data!.main[0]!.map((i) => i.json.n)).toEqual([1]);
  });

  it('a disabled node passes its first input through', async () => {
    const wf = workflow([trigger, { name: 'Off', type: 'test.flaky', disabled: true }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Off'], ['Off', 'After']]);
    const result = await run(wf, { triggerItems: [{ json: { n: 1 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.After[0].data!.main[0]![0].json).toEqual({ n: 1 });
  });

  it('pinned data replaces a node in manual runs only', async () => {
    const wf = workflow([trigger, { name: 'Boom', type: 'test.flaky' }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Boom'], ['Boom', 'After']]);
    const pinData = { Boom: [{ json: { pinned: true } }] };
    const manual = await run(wf, { pinData });
    expect(manual.status).toBe('success');
    expect(manual.runData.After[0].data!.main[0]![0].json).toEqual({ pinned: true });
    const production = await run(wf, { pinData, mode: 'webhook' });
    expect(production.status).toBe('error');
  });

  it("$('Node').item follows pairedItem lineage back through several nodes", async () => {
    const wf = workflow(
      [
        trigger,
        set('Tag', { tagged: 'yes' }),
        { name: 'Branch', type: 'test.branch' },
        { name: 'Pass', type: 'n8n-nodes-base.noOp' },
        { name: 'Echo', type: 'test.echo', parameters: { value: "={{ $('Start').item.json.n }}-{{ $('Tag').item.json.tagged }}" } },
      ],
      [['Start', 'Tag'], ['Tag', 'Branch'], ['Branch', 'Pass', 1], ['Pass', 'Echo']],
    );
    const result = await run(wf, { triggerItems: [{ json: { n: 1, route: 1 } }, { json: { n: 2, route: 0 } }, { json: { n: 3, route: 1 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.Echo[0].data!.main[0]!.map((i) => i.json.value)).toEqual(['1-yes', '3-yes']);
  });

  it("$('Node').item follows every input of an item merged from two branches", async () => {
    const wf = workflow(
      [
        trigger,
        set('A', { side: 'a' }),
        set('B', { side: 'b' }, { position: [200, 200] }),
        { name: 'Join', type: 'test.join', position: [400, 0] },
        { name: 'Echo', type: 'test.echo', position: [600, 0], parameters: { value: "={{ $('B').item.json.side }}" } },
      ],
      [['Start', 'A'], ['Start', 'B'], ['A', 'Join', 0, 0], ['B', 'Join', 0, 1], ['Join', 'Echo']],
    );
    // test.join emits new items without lineage; give them n8n-style merged pairs via a pinned Join
    const pinned = { Join: [{ json: { merged: true }, pairedItem: [{ item: 0, input: 0 }, { item: 0, input: 1 }] }] };
    const result = await run(wf, { triggerItems: [{ json: {} }], pinData: pinned });
    expect(result.status).toBe('success');
    expect(result.runData.Echo[0].data!.main[0]![0].json.value).toBe('b');
  });

  it('records pairedItem lineage on outputs', async () => {
    const wf = workflow([trigger, set('Set', { x: 1 })], [['Start', 'Set']]);
    const result = await run(wf, { triggerItems: [{ json: {} }, { json: {} }] });
    expect(result.runData.Set[0].data!.main[0]!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});

describe('limits', () => {
  it('settings.executionTimeout cancels the run', async () => {
    const wf = workflow([trigger, { name: 'Slow', type: 'test.slow', parameters: { ms: 5000 } }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Slow'], ['Slow', 'After']], {
      settings: { executionOrder: 'v1', executionTimeout: 0.2 },
    });
    const t0 = Date.now();
    const result = await run(wf);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(result.status).toBe('canceled');
    expect(result.timedOut).toBe(true);
    expect(result.runData.After).toBeUndefined();
  });

  it('an abort signal cancels the run', async () => {
    const wf = workflow([trigger, { name: 'Slow', type: 'test.slow', parameters: { ms: 5000 } }, { name: 'After', type: 'n8n-nodes-base.noOp' }], [['Start', 'Slow'], ['Slow', 'After']]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await run(wf, { signal: controller.signal });
    expect(result.status).toBe('canceled');
    expect(result.runData.After).toBeUndefined();
  });

  it('stops an endless loop', async () => {
    const wf = workflow([trigger, { name: 'A', type: 'n8n-nodes-base.noOp' }, { name: 'B', type: 'n8n-nodes-base.noOp' }], [['Start', 'A'], ['A', 'B'], ['B', 'A']]);
    const deps = { ...(await engineDeps()), maxRunsPerNode: 50 };
    const result = await runWorkflow(deps, { workflow: wf, executionId: 'x', mode: 'manual' });
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/endless loop/);
    expect(result.runData.A).toHaveLength(50);
  });
});

describe('validation before running', () => {
  const cases: [string, Parameters<typeof workflow>, RegExp][] = [
    ['unknown type', [[trigger, { name: 'Mystery', type: 'n8n-nodes-base.doesNotExist' }], [['Start', 'Mystery']]], /Node "Mystery" has unknown type "n8n-nodes-base.doesNotExist"/],
    ['unknown version', [[trigger, { name: 'Old', type: 'n8n-nodes-base.set', typeVersion: 1 }], [['Start', 'Old']]], /Node "Old" uses type "n8n-nodes-base.set" version 1/],
    ['dangling connection', [[trigger], [['Start', 'Ghost']]], /Connection from "Start" goes to unknown node "Ghost"/],
    ['duplicate names', [[trigger, { name: 'Start', type: 'n8n-nodes-base.noOp' }], []], /Duplicate node name "Start"/],
  ];
  for (const [label, args, message] of cases) {
    it(`rejects ${label}`, async () => {
      await expect(run(workflow(...args))).rejects.toThrow(message);
    });
  }
});
