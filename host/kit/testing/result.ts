// One RunResult shape for both harnesses, read from an engine result or a stored execution record.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { ExecutionResult, Workflow } from '../../model/index.ts';
import type { RunResult } from './types.ts';

export function toRunResult(result: ExecutionResult, workflow: Workflow, focus: string | undefined, started: number, raw: unknown = result): RunResult {
  const known = new Set(workflow.nodes.map((n) => n.name));
  const output = (node: string, index = 0): INodeExecutionData[] => {
    // A misspelt name would read as "the node produced nothing"; only a real node that did not run gives [].
    if (!known.has(node)) throw new Error(`output("${node}"): the workflow has no node "${node}" (nodes: ${[...known].join(', ')})`);
    return result.runData[node]?.at(-1)?.data?.main[index] ?? [];
  };
  const target = focus ?? result.lastNodeExecuted;
  const items = target && known.has(target) ? output(target) : [];
  return {
    status: result.status as RunResult['status'],
    error: result.error ? { ...result.error } : undefined,
    items,
    json: items.map((i) => i.json as IDataObject),
    output,
    runData: result.runData,
    raw,
    ms: Date.now() - started,
  };
}
