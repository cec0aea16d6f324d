// Execute Workflow: runs another workflow from its Execute Workflow Trigger with the caller's
// items and hands back the output of its last node, as n8n does.
import type { SubWorkflowRunner } from '../engine/types.ts';
import type { Workflow } from '../model/index.ts';
import { NodeOperationError } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { ExecutionService } from './types.ts';

export const EXECUTE_WORKFLOW_TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';

/**
 * settings.callerPolicy as in n8n: 'any', 'none', 'workflowsFromAList' (settings.callerIds, comma
 * list of workflow ids). 'workflowsFromSameOwner' (n8n's default) allows every caller here: a
 * Gigaflow host has one owner.
 */
function checkCallerPolicy(target: Workflow, callerWorkflowId: string, node: string): void {
  const policy = String(target.settings?.callerPolicy ?? 'workflowsFromSameOwner');
  if (policy === 'none') throw new NodeOperationError(node, `Workflow "${target.name}" does not allow other workflows to call it`);
  if (policy === 'workflowsFromAList') {
    const allowed = String(target.settings?.callerIds ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!allowed.includes(callerWorkflowId))
      throw new NodeOperationError(node, `Workflow "${target.name}" only accepts calls from workflows ${allowed.join(', ') || '(none listed)'}`);
  }
}

export function createSubWorkflowRunner(deps: { storage: Storage; executions: () => ExecutionService }): SubWorkflowRunner {
  return async (target, items, caller, { wait }) => {
    const workflow = target.workflow ?? (target.id ? await deps.storage.workflows.get(target.id) : undefined);
    if (!workflow) throw new NodeOperationError(caller.node, `Workflow "${target.id ?? '(none)'}" to execute was not found`);
    checkCallerPolicy(workflow, caller.workflowId, caller.node);
    const start = workflow.nodes.find((n) => n.type === EXECUTE_WORKFLOW_TRIGGER && !n.disabled);
    if (!start) throw new NodeOperationError(caller.node, `Workflow "${workflow.name}" has no Execute Workflow Trigger node to start from`);
    const running = deps.executions().run({ workflow: { ...workflow, id: workflow.id ?? '' }, mode: 'integrated', startNode: start.name, triggerItems: items });
    if (!wait) {
      running.catch(() => {}); // its outcome is in its own execution record
      return { executionId: '', data: [items] };
    }
    const record = await running;
    if (record.status !== 'success')
      throw new NodeOperationError(caller.node, `Sub-workflow "${workflow.name}" failed: ${record.error?.message ?? record.status}`, {
        description: `Execution ${record.id}${record.error?.node ? `, node "${record.error.node}"` : ''}`,
      });
    const last = record.lastNodeExecuted ? record.runData[record.lastNodeExecuted]?.at(-1) : undefined;
    return { executionId: record.id, data: last?.data?.main.map((items) => items ?? []) ?? null };
  };
}
