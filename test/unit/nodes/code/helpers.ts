// Shared bits of the Code node tests: a Code node spec, and a run whose input items are pinned
// on the manual trigger.
import type { INode, INodeExecutionData } from '../../../../host/model/index.ts';
import type { EngineResult } from '../../../../host/engine/execution.ts';
import { harness, trigger, workflow } from '../../../helpers/engine.ts';

export type Mode = 'runOnceForAllItems' | 'runOnceForEachItem';

export const codeNode = (name: string, jsCode: string, mode: Mode = 'runOnceForAllItems', extra: Partial<INode> = {}) => ({
  name,
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  parameters: { mode, language: 'javaScript', jsCode },
  ...extra,
});

/** Start (pinned to `input`) → Code, run by the node harness; returns the engine result. */
export async function runCode(jsCode: string, input: INodeExecutionData['json'][], mode: Mode = 'runOnceForAllItems', extra: Partial<INode> = {}) {
  const wf = workflow([trigger, codeNode('Code', jsCode, mode, extra)], [['Start', 'Code']]);
  const run = await (await harness()).runWorkflow(wf, { pinData: { Start: input.map((json) => ({ json })) } });
  return run.raw as EngineResult;
}

type Result = Awaited<ReturnType<typeof runCode>>;

export function output(result: Result, node = 'Code'): INodeExecutionData[] {
  if (result.status !== 'success') throw new Error(`run failed: ${JSON.stringify(result.error)}`);
  return result.runData[node]!.at(-1)!.data!.main[0] ?? [];
}

export const jsonOf = (result: Result, node = 'Code') => output(result, node).map((i) => i.json);
