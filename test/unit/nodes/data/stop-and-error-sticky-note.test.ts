import { describe, expect, it } from 'vitest';
import { engineDeps, run, trigger, workflow } from '../../../helpers/engine.ts';
import { items, runNode } from './helpers.ts';

describe('Stop and Error', () => {
  it('fails the execution with the configured message', async () => {
    const { result, task } = await runNode('stopAndError', 1, { errorMessage: '=Order {{ $json.id }} has no address' }, items({ id: 'A-7' }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ name: 'NodeOperationError', node: 'Node', message: 'Order A-7 has no address' });
    expect(task!.executionStatus).toBe('error');
  });

  it('throws an error object: its message and description, else a message naming the workflow', async () => {
    const withMessage = await runNode('stopAndError', 1, { errorType: 'errorObject', errorObject: '{"message":"Quota exceeded","description":"Try tomorrow","code":"429"}' }, items({}));
    expect(withMessage.result.error).toMatchObject({ node: 'Node', message: 'Quota exceeded', description: 'Try tomorrow' });
    const bare = await runNode('stopAndError', 1, { errorType: 'errorObject', errorObject: '{"code":"404"}' }, items({}));
    expect(bare.result.error?.message).toBe('Workflow ID wf-test "test" has failed');
  });

  it('names the parameter when the error object is not JSON', async () => {
    const { result } = await runNode('stopAndError', 1, { errorType: 'errorObject', errorObject: '{oops' }, items({}));
    expect(result.error).toMatchObject({ node: 'Node', parameter: 'errorObject', message: expect.stringContaining('not valid JSON') });
  });

  it('lets a workflow continue past it when the node is set to continue', async () => {
    const { result, out } = await runNode('stopAndError', 1, { errorMessage: 'stop' }, items({ a: 1 }), { onError: 'continueRegularOutput' });
    expect(result.status).toBe('success');
    expect(result.runData.Node[0].error?.message).toBe('stop');
    expect(out.map((i) => i.json)).toEqual([{ a: 1 }]);
  });
});

describe('Sticky Note', () => {
  it('is registered with n8n\'s type name and never runs, even placed before the trigger', async () => {
    const deps = await engineDeps();
    const type = deps.registry.get('n8n-nodes-base.stickyNote', 1)!;
    expect(type.description.inputs).toEqual([]);
    expect(type.execute).toBeUndefined();
    const wf = workflow(
      [
        { name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [-400, -400], parameters: { content: '## Dispatch\nRuns nightly', height: 200, width: 300, color: 4 } },
        trigger,
        { name: 'A', type: 'n8n-nodes-base.noOp' },
      ],
      [['Start', 'A']],
    );
    const result = await run(wf, { triggerItems: items({ n: 1 }) });
    expect(result.status).toBe('success');
    expect(Object.keys(result.runData).sort()).toEqual(['A', 'Start']);
  });
});
