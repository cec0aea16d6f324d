import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import type { Workflow } from '../../../host/model/index.ts';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { executeWorkflowDescription } from './description.ts';

/** n8n stores the id as a plain string (v1) or a resource locator {__rl, value, mode} (v1.1+). */
function workflowIdOf(value: unknown): string {
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value ?? '');
  return String(value ?? '');
}

function target(ctx: IExecuteFunctions): { id?: string; code?: Workflow } {
  const node = ctx.getNode();
  if (ctx.getNodeParameter('source', 0, 'database') === 'parameter') {
    const raw = ctx.getNodeParameter('workflowJson', 0);
    try {
      const code = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Workflow;
      if (!code || !Array.isArray(code.nodes)) throw new Error('it has no "nodes" array');
      return { code: { ...code, id: code.id ?? '', active: false, settings: code.settings ?? {} } };
    } catch (err) {
      throw new NodeOperationError(node, `Workflow JSON is not a valid workflow: ${(err as Error).message}`, { parameter: 'workflowJson' });
    }
  }
  const id = workflowIdOf(ctx.getNodeParameter('workflowId', 0, ''));
  if (!id) throw new NodeOperationError(node, 'No workflow to execute: set "Workflow"', { parameter: 'workflowId' });
  return { id };
}

export class ExecuteWorkflow implements INodeType {
  description = executeWorkflowDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const info = target(this);
    const { waitForSubWorkflow = true } = this.getNodeParameter('options', 0, {}) as IDataObject;
    // Our Workflow carries what the runner needs; n8n's IWorkflowBase wants editor fields we do not use.
    const workflowInfo = info as unknown as Parameters<IExecuteFunctions['executeWorkflow']>[0];
    const run = (input: INodeExecutionData[]) =>
      this.executeWorkflow(workflowInfo, input, undefined, { doNotWaitToFinish: !waitForSubWorkflow }) as Promise<{ data: INodeExecutionData[][] | null }>;
    if (this.getNodeParameter('mode', 0, 'once') === 'each') {
      const out: INodeExecutionData[] = [];
      for (let i = 0; i < items.length; i++) {
        const { data } = await run([items[i]]);
        for (const item of data?.[0] ?? []) out.push({ ...item, pairedItem: { item: i } });
      }
      return [out];
    }
    const { data } = await run(items);
    // Returned items pair with all inputs: the sub-workflow saw every item at once.
    const paired = items.map((_, i) => ({ item: i }));
    return [(data?.[0] ?? []).map((item) => ({ ...item, pairedItem: paired }))];
  }
}
