// What both operations share: the operation shape, the credential, the model and request options,
// and sending with logged retries.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../host/model/errors.ts';
import { CREDENTIAL_TYPE, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS, generateWithRetry, parseCredentials } from './client.ts';
import type { GeminiAnswer, GeminiCredentials, GeminiRequest } from './client.ts';
import { geminiNodeError } from './errors.ts';

export interface VisionOperation {
  operation: INodePropertyOptions;
  properties: INodeProperties[];
  run(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]>;
}

export const show = (...operations: string[]): INodeProperties['displayOptions'] => ({ show: { operation: operations } });

export interface RequestOptions {
  model: string;
  timeoutMs: number;
  maxTries: number;
  retryDelayMs: number;
  temperature?: number;
}

/** Options every operation has, for its `options` collection. */
export const requestOptionProperties: INodeProperties[] = [
  { displayName: 'Timeout (ms)', name: 'timeout', type: 'number', typeOptions: { minValue: 100 }, default: DEFAULT_TIMEOUT_MS, description: 'How long one request to Gemini may take' },
  {
    displayName: 'Max Tries',
    name: 'maxTries',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 10 },
    default: 3,
    description: 'Tries in all when Gemini answers 429 or 5xx (with backoff); timeouts are not retried here',
  },
  { displayName: 'Retry Delay (ms)', name: 'retryDelayMs', type: 'number', typeOptions: { minValue: 0 }, default: 1000, description: 'First backoff step between tries; doubles each time' },
  { displayName: 'Temperature', name: 'temperature', type: 'number', typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 }, default: 0, description: '0 reads most literally' },
];

const num = (value: unknown, fallback: number, min: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n >= min ? n : fallback;
};

export function requestOptions(ctx: IExecuteFunctions, i: number): RequestOptions & { raw: IDataObject } {
  const raw = (ctx.getNodeParameter('options', i, {}) ?? {}) as IDataObject;
  const model = String(ctx.getNodeParameter('model', i, DEFAULT_MODEL) ?? '').trim().replace(/^models\//, '') || DEFAULT_MODEL;
  return {
    raw,
    model,
    timeoutMs: num(raw.timeout, DEFAULT_TIMEOUT_MS, 100),
    maxTries: Math.min(10, Math.floor(num(raw.maxTries, 3, 1))),
    retryDelayMs: num(raw.retryDelayMs, 1000, 0),
    temperature: raw.temperature === undefined || raw.temperature === '' ? 0 : num(raw.temperature, 0, 0),
  };
}

export async function geminiCredentials(ctx: IExecuteFunctions): Promise<GeminiCredentials> {
  const raw = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
  try {
    return parseCredentials(raw);
  } catch (err) {
    throw new NodeOperationError(ctx.getNode().name, (err as Error).message, { description: 'Open the Gemini credential and set the API key (and a Base URL only for a proxy).' });
  }
}

/** Longest wait between in-node tries; a longer RetryInfo from Google ends the tries (a scan then queues). */
const MAX_IN_NODE_WAIT_MS = 10_000;

/** generateWithRetry with each retry logged on the host and kept with the node run. */
export function sendLogged(ctx: IExecuteFunctions, cred: GeminiCredentials, req: GeminiRequest, opts: RequestOptions): Promise<GeminiAnswer> {
  const withLogs = ctx as IExecuteFunctions & { addExecutionLogs?: (lines: { level: 'warn'; message: string; at: string }[]) => void };
  return generateWithRetry(cred, req, {
    maxTries: opts.maxTries,
    baseDelayMs: opts.retryDelayMs,
    maxWaitMs: Math.max(MAX_IN_NODE_WAIT_MS, opts.retryDelayMs),
    onRetry: ({ attempt, delayMs, error }) => {
      const message = `Gemini answered ${error.httpStatus} ${error.statusName ?? ''} on try ${attempt}; trying again in ${delayMs} ms`;
      ctx.logger.warn(message);
      withLogs.addExecutionLogs?.([{ level: 'warn', message, at: new Date().toISOString() }]);
    },
  });
}

/** sendLogged with failures as node errors (operations that do not queue). */
export async function sendOrThrow(ctx: IExecuteFunctions, cred: GeminiCredentials, req: GeminiRequest, opts: RequestOptions): Promise<GeminiAnswer> {
  try {
    return await sendLogged(ctx, cred, req, opts);
  } catch (err) {
    throw geminiNodeError(ctx.getNode().name, err, req.model);
  }
}
