import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { respondToWebhookDescription } from './description.ts';

interface Options {
  responseCode?: number;
  responseHeaders?: { entries?: { name?: string; value?: string }[] };
  responseKey?: string;
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** `{}` with `value` at the dotted path `key` (`a.b` → `{ a: { b: value } }`), as n8n's responseKey does. */
function nest(key: string, value: unknown): IDataObject {
  const root: IDataObject = {};
  const parts = key.split('.');
  let cur = root;
  parts.slice(0, -1).forEach((part) => (cur = (cur[part] = {}) as IDataObject));
  cur[parts[parts.length - 1]] = value as IDataObject;
  return root;
}

function jsonBody(ctx: IExecuteFunctions): unknown {
  const raw = ctx.getNodeParameter('responseBody', 0, '') as unknown;
  if (raw === '' || raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return raw; // an expression that produced an object or array
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new NodeOperationError(ctx.getNode(), `Invalid JSON in 'Response Body' field: ${(err as Error).message}`, {
      parameter: 'responseBody',
      description: "Check that the syntax of the JSON in the 'Response Body' parameter is valid",
    });
  }
}

function binaryBody(ctx: IExecuteFunctions, items: INodeExecutionData[], headers: Record<string, string>): Buffer {
  const binary = items[0]?.binary;
  if (!binary || !Object.keys(binary).length) throw new NodeOperationError(ctx.getNode(), 'No binary data exists on the first item!', { parameter: 'respondWith' });
  const source = ctx.getNodeParameter('responseDataSource', 0, 'automatically') as string;
  const field = source === 'set' ? (ctx.getNodeParameter('inputFieldName', 0, 'data') as string) : Object.keys(binary)[0];
  const data = binary[field];
  if (!data) {
    throw new NodeOperationError(ctx.getNode(), `The first item has no binary field "${field}"`, {
      parameter: 'inputFieldName',
      description: `Its binary fields: ${Object.keys(binary).join(', ')}`,
    });
  }
  if (typeof data.data !== 'string') throw new NodeOperationError(ctx.getNode(), `Binary field "${field}" holds no inline data`, { parameter: 'inputFieldName' });
  headers['content-type'] ??= data.mimeType || 'application/octet-stream';
  return Buffer.from(data.data, 'base64');
}

/** The HTTP answer this node's parameters describe, for the items it received. */
function buildAnswer(ctx: IExecuteFunctions, items: INodeExecutionData[]): Answer {
  const respondWith = ctx.getNodeParameter('respondWith', 0, 'firstIncomingItem') as string;
  const options = ctx.getNodeParameter('options', 0, {}) as Options;
  const headers: Record<string, string> = {};
  for (const { name, value } of options.responseHeaders?.entries ?? []) if (name) headers[String(name).toLowerCase()] = String(value ?? '');
  const answer: Answer = { statusCode: Number(options.responseCode ?? 200), headers };
  switch (respondWith) {
    case 'allIncomingItems': {
      const all = items.map((i) => i.json);
      answer.body = options.responseKey ? nest(options.responseKey, all) : all;
      break;
    }
    case 'firstIncomingItem': {
      const first = items[0]?.json ?? {};
      answer.body = options.responseKey ? nest(options.responseKey, first) : first;
      break;
    }
    case 'json':
      answer.body = jsonBody(ctx);
      break;
    case 'text':
      answer.body = String(ctx.getNodeParameter('responseBody', 0, '') ?? '');
      break;
    case 'binary':
      answer.body = binaryBody(ctx, items, headers);
      break;
    case 'redirect': {
      const url = String(ctx.getNodeParameter('redirectURL', 0, '') ?? '').trim();
      if (!url) throw new NodeOperationError(ctx.getNode(), 'Redirect URL is empty', { parameter: 'redirectURL' });
      headers.location = url;
      answer.statusCode = Number(options.responseCode ?? 307);
      break;
    }
    case 'noData':
      break;
    default:
      throw new NodeOperationError(ctx.getNode(), `Respond With "${respondWith}" is not supported`, { parameter: 'respondWith' });
  }
  if (!Number.isInteger(answer.statusCode) || answer.statusCode < 100 || answer.statusCode > 599)
    throw new NodeOperationError(ctx.getNode(), `Response Code must be a whole number from 100 to 599, got "${options.responseCode}"`, { parameter: 'options.responseCode' });
  return answer;
}

export class RespondToWebhook implements INodeType {
  description = respondToWebhookDescription;

  /** Answers the waiting webhook call once, with the first item's parameters, and passes every input item on. */
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    try {
      const answer = buildAnswer(this, items);
      try {
        await this.sendResponse(answer as unknown as IN8nHttpFullResponse);
      } catch (err) {
        // v1 in n8n answers nothing, silently, when no webhook waits (e.g. a manual run); v1.1 says so.
        if (this.getNode().typeVersion >= 1.1) {
          throw new NodeOperationError(this.getNode(), (err as Error).message, {
            description: 'Start the workflow with a Webhook node whose "Respond" parameter is "Using \'Respond to Webhook\' Node"',
          });
        }
        this.logger.warn('No webhook call is waiting for this response; nothing was sent');
      }
    } catch (error) {
      if (this.continueOnFail()) return [[{ json: { error: (error as Error).message }, pairedItem: items.map((_, i) => ({ item: i })) }]];
      throw error;
    }
    return [items];
  }
}
