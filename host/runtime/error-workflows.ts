// settings.errorWorkflow: when a production execution fails, the named workflow runs from its
// Error Trigger with n8n's payload (execution id, url, error, last node, mode; workflow id, name).
import type { Logger } from '../engine/types.ts';
import type { ExecutionRecord, Workflow } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { ExecutionService } from './types.ts';

export const ERROR_TRIGGER = 'n8n-nodes-base.errorTrigger';

export function createErrorWorkflowRunner(deps: { storage: Storage; executions: () => ExecutionService; publicUrl: string; logger?: Logger }) {
  return async (failed: ExecutionRecord, workflow: Workflow): Promise<void> => {
    const targetId = workflow.settings?.errorWorkflow;
    // Manual runs show their error in the editor; an error workflow failing must not loop.
    if (!targetId || failed.mode === 'manual' || failed.mode === 'error') return;
    const target = await deps.storage.workflows.get(String(targetId));
    const start = target?.nodes.find((n) => n.type === ERROR_TRIGGER && !n.disabled);
    if (!target || !start) {
      deps.logger?.warn('error workflow not run', { workflowId: workflow.id, errorWorkflow: targetId, reason: target ? 'no Error Trigger node' : 'not found' });
      return;
    }
    const json = {
      execution: {
        id: failed.id,
        url: `${deps.publicUrl}/api/v1/executions/${failed.id}`,
        ...(failed.retryOf ? { retryOf: failed.retryOf } : {}),
        error: { message: failed.error?.message ?? 'Unknown error', name: failed.error?.name, description: failed.error?.description, node: failed.error?.node },
        lastNodeExecuted: failed.lastNodeExecuted,
        mode: failed.mode,
      },
      workflow: { id: workflow.id, name: workflow.name },
    };
    await deps.executions().run({ workflow: target, mode: 'error', startNode: start.name, triggerItems: [{ json }] });
  };
}
