// The one place the Gemini nodes talk to Google, through @google/genai: one image and a prompt to
// generateContent, JSON mode when there is a schema, and every failure sorted into transient
// (timeout, unreachable, 408/429/5xx: worth retrying or queueing) or permanent (key, model,
// request, blocked answer: a person must act).
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError, GoogleGenAI } from '@google/genai';
import type { GenerateContentResponse } from '@google/genai';
import type { IDataObject } from 'n8n-workflow';
import { backoffMs } from '../../host/engine/rate-limit-retry.ts';
import type { ImageInput } from './image.ts';

export const CREDENTIAL_TYPE = 'gigafibreGeminiApi';
export const DEFAULT_MODEL = 'gemini-2.5-flash';
export const DEFAULT_TIMEOUT_MS = 8000;
export const TRANSIENT_STATUSES = [408, 429, 500, 502, 503, 504];

export interface GeminiCredentials {
  apiKey: string;
  baseUrl?: string;
}

export interface GeminiRequest {
  model: string;
  image: Pick<ImageInput, 'bytes' | 'mimeType'>;
  prompt: string;
  /** responseSchema (OpenAPI subset); with it the answer is JSON. */
  schema?: IDataObject;
  temperature?: number;
  maxOutputTokens?: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface GeminiAnswer {
  text: string;
  /** The parsed answer when a schema was sent. */
  json?: unknown;
  finishReason?: string;
  modelVersion?: string;
  usage?: IDataObject;
}

export type FailureKind = 'timeout' | 'unreachable' | 'api' | 'answer' | 'canceled';

/** Why a call failed, and whether trying again later can help. */
export class GeminiError extends Error {
  readonly kind: FailureKind;
  readonly transient: boolean;
  /** HTTP status for API errors. */
  readonly httpStatus?: number;
  /** Google's status name (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, ...). */
  readonly statusName?: string;
  readonly reason?: string;
  readonly retryAfterMs?: number;
  readonly responseBody?: unknown;
  /** For unreachable: the network error code (ECONNREFUSED, ENOTFOUND, ...). */
  readonly networkCode?: string;

  constructor(
    kind: FailureKind,
    message: string,
    opts: { httpStatus?: number; statusName?: string; reason?: string; retryAfterMs?: number; responseBody?: unknown; networkCode?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'GeminiError';
    this.kind = kind;
    this.httpStatus = opts.httpStatus;
    this.statusName = opts.statusName;
    this.reason = opts.reason;
    this.retryAfterMs = opts.retryAfterMs;
    this.responseBody = opts.responseBody;
    this.networkCode = opts.networkCode;
    this.transient = kind === 'timeout' || kind === 'unreachable' || (kind === 'api' && TRANSIENT_STATUSES.includes(opts.httpStatus ?? 0));
  }
}

/** The credential, checked: a key, and a base URL only when it is an http(s) URL. */
export function parseCredentials(raw: IDataObject): GeminiCredentials {
  const apiKey = String(raw.apiKey ?? '').trim();
  if (!apiKey) throw new Error('The Gemini credential has no API key');
  const baseUrl = String(raw.baseUrl ?? '').trim().replace(/\/+$/, '');
  if (baseUrl && !/^https?:\/\//i.test(baseUrl)) throw new Error(`The Gemini credential's Base URL "${baseUrl}" must start with http:// or https://`);
  return { apiKey, ...(baseUrl ? { baseUrl } : {}) };
}

/** "30s" / "1.5s" (a protobuf Duration) → ms. */
function durationMs(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

function apiFailure(err: ApiError): GeminiError {
  let body: { error?: { code?: number; message?: string; status?: string; details?: IDataObject[] } } | undefined;
  try {
    body = JSON.parse(err.message);
  } catch {
    body = undefined;
  }
  const e = body?.error;
  const details = Array.isArray(e?.details) ? e.details : [];
  const reason = details.find((d) => String(d['@type']).endsWith('google.rpc.ErrorInfo'))?.reason as string | undefined;
  const retryAfterMs = durationMs(details.find((d) => String(d['@type']).endsWith('google.rpc.RetryInfo'))?.retryDelay);
  const said = e?.message ?? err.message;
  return new GeminiError('api', said, { httpStatus: err.status, statusName: e?.status, reason, retryAfterMs, responseBody: body ?? err.message, cause: err });
}

function transportFailure(err: unknown, req: GeminiRequest): GeminiError {
  if (req.signal?.aborted) return new GeminiError('canceled', 'The request to Gemini was canceled', { cause: err });
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return new GeminiError('timeout', `Gemini did not answer within ${req.timeoutMs} ms`, { cause: err });
  const code = e?.cause?.code;
  const detail = [code, e?.cause?.message ?? e?.message].filter(Boolean).join(' ') || String(err);
  return new GeminiError('unreachable', `Could not reach Gemini: ${detail}`, { networkCode: code, cause: err });
}

function usageOf(res: GenerateContentResponse): IDataObject | undefined {
  const u = res.usageMetadata;
  if (!u) return undefined;
  return { promptTokens: u.promptTokenCount ?? 0, answerTokens: u.candidatesTokenCount ?? 0, totalTokens: u.totalTokenCount ?? 0, ...(u.thoughtsTokenCount ? { thoughtsTokens: u.thoughtsTokenCount } : {}) };
}

/** The answer's text (and JSON), or why there is none: a blocked prompt, a withheld or cut-off answer. */
function answerOf(res: GenerateContentResponse, req: GeminiRequest): GeminiAnswer {
  const block = res.promptFeedback?.blockReason;
  if (block) throw new GeminiError('answer', `Gemini refused the request: the prompt was blocked (${block})`, { reason: String(block), responseBody: res });
  const candidate = res.candidates?.[0];
  const finishReason = candidate?.finishReason ? String(candidate.finishReason) : undefined;
  const text = (candidate?.content?.parts ?? []).map((p) => p.text ?? '').join('');
  if (!text) throw new GeminiError('answer', `Gemini returned no answer (finish reason ${finishReason ?? 'none'})`, { reason: finishReason, responseBody: res });
  const answer: GeminiAnswer = { text, finishReason, modelVersion: res.modelVersion, usage: usageOf(res) };
  if (req.schema) {
    try {
      answer.json = JSON.parse(text);
    } catch {
      const cut = finishReason === 'MAX_TOKENS' ? ' It was cut off at the output token limit (MAX_TOKENS).' : '';
      throw new GeminiError('answer', `Gemini's answer is not the JSON the schema asks for.${cut}`, { reason: finishReason, responseBody: text });
    }
  }
  return answer;
}

/** One generateContent call. Throws GeminiError. */
export async function generate(cred: GeminiCredentials, req: GeminiRequest): Promise<GeminiAnswer> {
  const ai = new GoogleGenAI({ apiKey: cred.apiKey, httpOptions: { ...(cred.baseUrl ? { baseUrl: cred.baseUrl } : {}), timeout: req.timeoutMs } });
  let res: GenerateContentResponse;
  try {
    res = await ai.models.generateContent({
      model: req.model,
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: req.image.mimeType, data: req.image.bytes.toString('base64') } }, { text: req.prompt }] }],
      config: {
        ...(req.schema ? { responseMimeType: 'application/json', responseSchema: req.schema } : {}),
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
        ...(req.maxOutputTokens ? { maxOutputTokens: req.maxOutputTokens } : {}),
        ...(req.signal ? { abortSignal: req.signal } : {}),
      },
    });
  } catch (err) {
    throw err instanceof ApiError ? apiFailure(err) : transportFailure(err, req);
  }
  return answerOf(res, req);
}

export interface RetryPolicy {
  /** Tries in all for 429/5xx answers (timeouts and unreachable are not retried here: they queue). */
  maxTries: number;
  baseDelayMs: number;
  /** A longer wait asked for by Google (RetryInfo) ends the retries: the caller may queue instead. */
  maxWaitMs: number;
  onRetry?: (info: { attempt: number; delayMs: number; error: GeminiError }) => void;
}

/** generate(), re-sent with backoff while Gemini answers 408/429/5xx. */
export async function generateWithRetry(cred: GeminiCredentials, req: GeminiRequest, policy: RetryPolicy): Promise<GeminiAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await generate(cred, req);
    } catch (err) {
      const e = err as GeminiError;
      if (!(e instanceof GeminiError) || e.kind !== 'api' || !e.transient || attempt >= policy.maxTries) throw err;
      const delayMs = e.retryAfterMs ?? backoffMs(attempt, policy.baseDelayMs, Math.max(policy.baseDelayMs, policy.maxWaitMs));
      if (delayMs > policy.maxWaitMs) throw err;
      policy.onRetry?.({ attempt, delayMs, error: e });
      try {
        await delay(delayMs, undefined, { signal: req.signal });
      } catch {
        throw new GeminiError('canceled', 'The request to Gemini was canceled');
      }
    }
  }
}

/** "403 PERMISSION_DENIED" / "timeout" — for messages. */
export function describeFailure(e: GeminiError): string {
  if (e.kind === 'api') return `${e.httpStatus}${e.statusName ? ` ${e.statusName}` : ''}`;
  return e.kind;
}
