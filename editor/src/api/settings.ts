// What the workflow settings dialog reads from the API: the workflows it may name as error workflow.
import { request } from './client.ts';
import type { Page, Workflow } from './types.ts';

export interface ErrorWorkflowChoice {
  id: string;
  name: string;
  /** Only a workflow with an Error Trigger node can run as an error workflow. */
  hasErrorTrigger: boolean;
}

const ERROR_TRIGGER = 'n8n-nodes-base.errorTrigger';

/** Every other workflow (up to 250, by name), those with an Error Trigger first. */
export async function errorWorkflowChoices(exceptId: string): Promise<ErrorWorkflowChoice[]> {
  const page = await request<Page<Workflow>>('GET', '/workflows?limit=250');
  return page.data
    .filter((w) => w.id !== exceptId)
    .map((w) => ({ id: w.id, name: w.name, hasErrorTrigger: (w.nodes ?? []).some((n) => n.type === ERROR_TRIGGER && !n.disabled) }))
    .sort((a, b) => Number(b.hasErrorTrigger) - Number(a.hasErrorTrigger) || a.name.localeCompare(b.name));
}
