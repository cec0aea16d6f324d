// Sample records shared by the storage contract, the SQLite tests and the insert-rate script.
import type { ExecutionRecord, Workflow, WorkflowInput } from '../../../host/model/index.ts';

/** A small webhook workflow: Webhook -> Set -> IF -> HTTP Request -> Respond to Webhook. */
export function sampleWorkflow(name = 'Sample', extra: Partial<WorkflowInput> = {}): WorkflowInput {
  const names = ['Webhook', 'Set', 'IF', 'HTTP Request', 'Respond'];
  return {
    name,
    nodes: names.map((n, i) => ({
      id: `node-${i}`,
      name: n,
      type: `n8n-nodes-base.${n.replace(/\s/g, '').toLowerCase()}`,
      typeVersion: 1,
      position: [i * 200, 0] as [number, number],
      parameters: { ...(n === 'Webhook' ? { path: 'q/:mac' } : {}), value: `={{ $json.body.value }}`, options: {} },
    })),
    connections: Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main' as const, index: 0 }]] }])),
    settings: { executionOrder: 'v1' },
    ...extra,
  } as WorkflowInput;
}

/** A finished webhook execution: five nodes, one item each, and the workflow snapshot. */
export function sampleExecution(workflowId: string, extra: Partial<ExecutionRecord> = {}): Omit<ExecutionRecord, 'id'> {
  const wf = sampleWorkflow('Sample');
  const startedAt = extra.startedAt ?? new Date().toISOString();
  const item = { json: { mac: 'AA:BB:CC:DD:EE:FF', technician: 'Jo', status: 'ok', value: 42, tags: ['a', 'b'] } };
  const runData = Object.fromEntries(
    wf.nodes.map((n, i) => [
      n.name,
      [{ startTime: 1_700_000_000_000 + i, executionTime: 1, executionStatus: 'success' as const, source: i === 0 ? [] : [{ previousNode: wf.nodes[i - 1].name }], inputItemCounts: [1], data: { main: [[item]] } }],
    ]),
  );
  return {
    workflowId,
    mode: 'webhook',
    status: 'success',
    startedAt,
    stoppedAt: startedAt,
    lastNodeExecuted: 'Respond',
    runData,
    workflowData: { ...wf, id: workflowId, active: true } as Workflow,
    ...extra,
  };
}
