import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError, ValidationError } from '../../../host/model/errors.ts';
import type { INode, Workflow } from '../../../host/model/index.ts';
import { scheduleZone, validateSchedule } from '../../../host/runtime/schedule-rules.ts';
import { scheduleItem } from '../../../host/runtime/schedule-slots.ts';
import { scheduleTriggerDescription } from './description.ts';

/**
 * Starts a workflow on a schedule. The host scheduler (host/runtime/scheduler.ts) computes the slots
 * of active workflows and starts each run with the slot's item, so this node only runs by itself
 * when the workflow is executed by hand: it then emits one item for "now", like n8n's.
 */
export class ScheduleTrigger implements INodeType {
  description = scheduleTriggerDescription;

  /** Called by validateWorkflow on save, import and activation: a bad cron is refused then. */
  validateNode(node: INode, workflow: Pick<Workflow, 'settings'>): void {
    if (node.disabled) return;
    scheduleZone(workflow);
    validateSchedule(node);
  }

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode();
    try {
      validateSchedule(node);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      throw new NodeOperationError(node, err.message, { parameter: err.field });
    }
    return [[{ json: scheduleItem(Date.now(), this.getTimezone()) }]];
  }
}
