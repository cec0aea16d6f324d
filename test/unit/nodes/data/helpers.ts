// Runs data nodes through the real engine (registry, sandbox, run-node policy) on given items.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { INode } from '../../../../host/model/index.ts';
import { run, trigger, workflow } from '../../../helpers/engine.ts';

export const items = (...json: IDataObject[]): INodeExecutionData[] => json.map((j) => ({ json: j }));

/** Start → node under test, fed `input`; returns its first output (or the run's error). */
export async function runNode(type: string, typeVersion: number, parameters: Record<string, unknown>, input: INodeExecutionData[], extra: Partial<INode> = {}) {
  const wf = workflow([trigger, { name: 'Node', type: `n8n-nodes-base.${type}`, typeVersion, parameters: parameters as INodeParameters, ...extra }], [['Start', 'Node']]);
  const result = await run(wf, { triggerItems: input });
  const task = result.runData.Node?.[0];
  return { result, task, out: (task?.data?.main[0] ?? []) as INodeExecutionData[], json: (task?.data?.main[0] ?? []).map((i) => i.json) };
}

/**
 * Start → A and Start → B (pinned to the given items) → Merge inputs 1 and 2 → After (a Set node that
 * reads `$('A').item` and `$('B').item`, so lineage through the merge is checked too).
 */
export async function runMerge(parameters: Record<string, unknown>, a: IDataObject[], b: IDataObject[], typeVersion = 3) {
  const wf = workflow(
    [
      trigger,
      { name: 'A', type: 'n8n-nodes-base.noOp', position: [200, -100] },
      { name: 'B', type: 'n8n-nodes-base.noOp', position: [200, 100] },
      { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion, parameters: parameters as INodeParameters, position: [400, 0] },
    ],
    [['Start', 'A'], ['Start', 'B'], ['A', 'Merge', 0, 0], ['B', 'Merge', 0, 1]],
  );
  const result = await run(wf, { pinData: { A: items(...a), B: items(...b) } });
  const task = result.runData.Merge?.[0];
  const out = (task?.data?.main[0] ?? []) as INodeExecutionData[];
  return { result, task, out, json: out.map((i) => i.json) };
}
