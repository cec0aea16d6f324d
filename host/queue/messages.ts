// What travels through Redis between mains and workers, and how it is encoded (JSON; a binary
// webhook body as base64).
import type { WebhookResponse } from '../engine/types.ts';
import type { ExecutionRecord } from '../model/index.ts';
import type { HostEvent } from '../runtime/types.ts';

/** A BullMQ job's data: only the execution id; the input lives in the execution row. */
export interface ExecutionJobData {
  executionId: string;
  /** The main process that waits for the outcome (reply channel), when one does. */
  replyTo?: string;
}

export interface EncodedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
  /** A Buffer body, base64. */
  bodyBase64?: string;
}

export type ReplyMessage =
  | { type: 'respond'; executionId: string; response: EncodedResponse }
  | { type: 'finished'; executionId: string; record: ExecutionRecord };

export type BroadcastMessage =
  /** `from`: the sending process, which ignores its own message. */
  | { type: 'event'; event: HostEvent; from?: string }
  /** A worker's execution events of one turn of its event loop, in order (one Redis message for many runs). */
  | { type: 'events'; events: HostEvent[] }
  /** A worker run parked at a Wait node: the mains arm its timer. */
  | { type: 'waiting'; executionId: string; waitTill: string };

export function encodeResponse(response: WebhookResponse): EncodedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name] = String(value);
  const { body } = response;
  if (Buffer.isBuffer(body)) return { statusCode: response.statusCode, headers, bodyBase64: body.toString('base64') };
  return { statusCode: response.statusCode, headers, body };
}

export function decodeResponse(encoded: EncodedResponse): WebhookResponse {
  const body = encoded.bodyBase64 !== undefined ? Buffer.from(encoded.bodyBase64, 'base64') : encoded.body;
  return { statusCode: encoded.statusCode, headers: encoded.headers, body } as WebhookResponse;
}

/**
 * The record a waiting caller needs (status, error, the last node's output for a lastNode answer),
 * not the whole run data: replies stay small however long the workflow is.
 */
export function slimRecord(record: ExecutionRecord): ExecutionRecord {
  const { runData, workflowData: _wf, resumeState: _rs, queueInput: _qi, ...rest } = record;
  const last = record.lastNodeExecuted ? runData[record.lastNodeExecuted]?.at(-1) : undefined;
  return { ...rest, runData: last && record.lastNodeExecuted ? { [record.lastNodeExecuted]: [last] } : {} };
}
