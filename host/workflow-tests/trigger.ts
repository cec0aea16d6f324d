// The node a case starts from and the items it hands on, built the way the real trigger builds
// them: a Webhook node's request item, a Schedule Trigger's slot item, or the event as given.
import { byCanvasPosition } from '../engine/graph.ts';
import type { INode, INodeExecutionData, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { scheduleZone } from '../runtime/schedule-rules.ts';
import { scheduleItem } from '../runtime/schedule-slots.ts';
import type { TriggerInput } from './types.ts';

const WEBHOOK = 'n8n-nodes-base.webhook';
const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';

function methodsOf(node: INode): string[] {
  const p = node.parameters ?? {};
  if (p.multipleMethods === true && Array.isArray(p.httpMethod)) return (p.httpMethod as string[]).map((m) => m.toUpperCase());
  return [String(p.httpMethod ?? 'GET').toUpperCase()];
}

function fail(message: string, field: string, node?: string): never {
  throw new ValidationError(`${field}: ${message}`, { field, ...(node ? { node } : {}) });
}

/** The start node named by the case, else the one its trigger kind implies; undefined: the engine's default. */
export function startNodeOf(trigger: TriggerInput, workflow: Pick<Workflow, 'nodes'>, at = 'trigger'): INode | undefined {
  const live = workflow.nodes.filter((n) => !n.disabled);
  if (trigger.node) {
    const node = live.find((n) => n.name === trigger.node);
    if (!node) fail(`no enabled node named "${trigger.node}" in the workflow`, `${at}.node`, trigger.node);
    if (trigger.webhook && node.type !== WEBHOOK) fail(`"${node.name}" is not a Webhook node: give its items as trigger.event`, `${at}.webhook`, node.name);
    if (trigger.schedule && node.type !== SCHEDULE) fail(`"${node.name}" is not a Schedule Trigger: give its items as trigger.event`, `${at}.schedule`, node.name);
    return node;
  }
  if (trigger.webhook) {
    const method = trigger.webhook.method ?? 'GET';
    const hooks = live.filter((n) => n.type === WEBHOOK).sort(byCanvasPosition);
    const node = hooks.find((n) => methodsOf(n).includes(method)) ?? (trigger.webhook.method ? undefined : hooks[0]);
    if (!node) fail(hooks.length ? `no Webhook node accepts ${method}` : 'the workflow has no Webhook node', `${at}.webhook`);
    return node;
  }
  if (trigger.schedule) {
    const node = live.filter((n) => n.type === SCHEDULE).sort(byCanvasPosition)[0];
    if (!node) fail('the workflow has no Schedule Trigger', `${at}.schedule`);
    return node;
  }
  return undefined;
}

/** The items the start node hands on. */
export function triggerItems(trigger: TriggerInput, start: INode | undefined, workflow: Pick<Workflow, 'settings'>): INodeExecutionData[] {
  if (trigger.webhook) {
    const w = trigger.webhook;
    const headers = Object.fromEntries(Object.entries(w.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const path = String(start?.parameters?.path ?? '');
    const item: INodeExecutionData = {
      json: {
        headers,
        params: w.params ?? {},
        query: w.query ?? {},
        body: (w.body ?? {}) as INodeExecutionData['json'],
        webhookUrl: `http://localhost/webhook-test/${path}`,
        executionMode: 'test',
      },
    };
    // A Webhook with "Raw Body" also hands on the request's bytes as binary `data` (a photo upload):
    // a case gives them as a string body.
    const options = (start?.parameters?.options ?? {}) as { rawBody?: boolean };
    if (options.rawBody && typeof w.body === 'string') {
      const bytes = Buffer.from(w.body, 'utf8');
      item.binary = { data: { data: bytes.toString('base64'), mimeType: headers['content-type'] ?? 'application/octet-stream', fileSize: `${bytes.length} B` } };
    }
    return [item];
  }
  if (trigger.schedule) return [{ json: scheduleItem(Date.parse(trigger.schedule.time), scheduleZone(workflow)) }];
  const event = trigger.event ?? {};
  return (Array.isArray(event) ? event : [event]).map((json) => ({ json: structuredClone(json) }));
}
