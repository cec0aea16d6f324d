import { describe, expect, it } from 'vitest';
import type { INodeParameters } from '../../../../host/model/index.ts';
import { engineDeps, run, workflow } from '../../../helpers/engine.ts';

const schedule = (interval: INodeParameters[]) => ({
  name: 'Schedule',
  type: 'n8n-nodes-base.scheduleTrigger',
  typeVersion: 1.2,
  parameters: { rule: { interval } },
});

describe('Schedule Trigger node', () => {
  it('is registered under n8n\'s type name in versions 1, 1.1 and 1.2, as a trigger', async () => {
    const { registry } = await engineDeps();
    for (const v of [1, 1.1, 1.2]) expect(registry.get('n8n-nodes-base.scheduleTrigger', v)?.description.inputs).toEqual([]);
    expect(registry.get('n8n-nodes-base.scheduleTrigger', 1.3)).toBeUndefined();
  });

  it('emits one item for now in the workflow timezone when run by hand', async () => {
    const wf = workflow([schedule([{ field: 'hours', hoursInterval: 3 }]), { name: 'Next', type: 'n8n-nodes-base.noOp' }], [['Schedule', 'Next']], {
      settings: { executionOrder: 'v1', timezone: 'Asia/Tokyo' },
    });
    const before = Date.now();
    const result = await run(wf);
    expect(result.status).toBe('success');
    const item = result.runData.Next[0].data!.main[0]![0].json;
    expect(item.Timezone).toBe('Asia/Tokyo (UTC+09:00)');
    expect(String(item.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$/);
    const at = Date.parse(String(item.timestamp));
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(Object.keys(item)).toEqual(['timestamp', 'Readable date', 'Readable time', 'Day of week', 'Year', 'Month', 'Day of month', 'Hour', 'Minute', 'Second', 'Timezone']);
  });

  it('passes on the items the scheduler started the run with', async () => {
    const wf = workflow([schedule([{ field: 'minutes' }])], []);
    const result = await run(wf, { mode: 'trigger', triggerItems: [{ json: { Hour: '03' } }] });
    expect(result.runData.Schedule[0].data!.main[0]).toEqual([{ json: { Hour: '03' }, pairedItem: { item: 0 } }]);
  });

  it('refuses to run a workflow with an invalid cron expression, naming the node and the parameter', async () => {
    const wf = workflow([schedule([{ field: 'cronExpression', expression: '61 * * * *' }])], []);
    await expect(run(wf)).rejects.toMatchObject({ node: 'Schedule', field: 'rule.interval[0].expression', message: expect.stringContaining('"61 * * * *" is invalid') });
  });
});
