// A fake Gemini API over real HTTP (node:http on 127.0.0.1, port 0) following integration-apis.md
// §6: generateContent with inline images and JSON mode, the model list (for credential tests),
// API keys by header or ?key=, Google's error envelope. Tests script what it "reads" in an image
// (answerFor), inject failures (failNext), slow it down (setDelay), make it hang (setHang) or go
// away and come back on the same port (stop / restart). Every generateContent call is recorded.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiFailure, errorInfo, parseRequest, retryInfo, shape, usage } from './protocol.ts';
import type { ImagePart, Json, ParsedRequest } from './protocol.ts';

export type { ImagePart, Json } from './protocol.ts';

export interface FakeGeminiOptions {
  /** Keys that work (default ['test-gemini-key']). */
  apiKeys?: string[];
  /** Keys Google knows but refuses (a suspended consumer): 403 PERMISSION_DENIED. */
  deniedKeys?: string[];
  /** Models that exist (default gemini-2.5-flash, gemini-2.5-pro, gemini-2.0-flash). */
  models?: string[];
}

export interface FakeGeminiCall {
  model: string;
  /** Where the key came from. */
  keyFrom: 'header' | 'query' | 'none';
  apiKey?: string;
  images: ImagePart[];
  prompt: string;
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
  casing: ParsedRequest['casing'];
  headers: Record<string, string>;
  body: unknown;
  /** The HTTP status answered (0 while held by setHang). */
  status: number;
}

/** What the model sends back for a matching request. */
export interface FakeReply {
  /** The text part; for JSON mode use answerFor with a value instead. */
  text?: string;
  /** STOP by default; SAFETY sends a candidate without parts; MAX_TOKENS cuts the text in half. */
  finishReason?: 'STOP' | 'SAFETY' | 'MAX_TOKENS' | 'RECITATION' | 'OTHER';
  /** The prompt itself was blocked: no candidates, promptFeedback.blockReason. */
  blockReason?: 'SAFETY' | 'OTHER' | 'BLOCKLIST' | 'PROHIBITED_CONTENT';
}

export type Predicate = (req: { images: ImagePart[]; prompt: string; model: string }) => boolean;

export interface FailureSpec {
  status: 400 | 403 | 404 | 429 | 500 | 503 | 504;
  /** How many calls fail this way (default 1). */
  times?: number;
  message?: string;
  /** 429: the RetryInfo delay Google asks for, e.g. "2s". */
  retryDelay?: string;
}

export interface FakeGemini {
  url: string;
  port: number;
  calls: FakeGeminiCall[];
  /** The first matching rule answers: with JSON mode, the value shaped by the request's schema; else its JSON text. */
  answerFor(predicate: Predicate, answer: unknown): void;
  replyFor(predicate: Predicate, reply: FakeReply): void;
  /** The next generateContent calls (after the key check) fail with this status. */
  failNext(spec: FailureSpec): void;
  /** Every answer waits this long (0 = none). */
  setDelay(ms: number): void;
  /** Requests are read but never answered until setHang(false); held ones then get their answer. */
  setHang(on: boolean): void;
  /** Forgets scripted answers, failures, delay, hang and the call log. */
  reset(): void;
  /** Closes the port: clients see connection refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.0-flash'];
const GENERATE = /^\/v1(?:beta)?\/models\/([A-Za-z0-9._-]+):generateContent$/;

function send(res: ServerResponse, status: number, body: Json): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), vary: 'Origin, X-Origin, Referer' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const apiKeys = new Set(opts.apiKeys ?? ['test-gemini-key']);
  const deniedKeys = new Set(opts.deniedKeys ?? []);
  const models = opts.models ?? DEFAULT_MODELS;
  const rules: { predicate: Predicate; reply: (req: ParsedRequest) => { text: string; finishReason: string; blockReason?: string } }[] = [];
  const failures: FailureSpec[] = [];
  const calls: FakeGeminiCall[] = [];
  const sockets = new Set<Socket>();
  const held = new Set<() => void>();
  let delayMs = 0;
  let hang = false;
  let server: Server;
  let port = 0;

  function authenticate(req: IncomingMessage, url: URL): { keyFrom: FakeGeminiCall['keyFrom']; apiKey?: string } {
    const header = req.headers['x-goog-api-key'];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('key') ?? undefined;
    const keyFrom = header ? 'header' : key ? 'query' : 'none';
    if (!key)
      throw new ApiFailure(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", [
        errorInfo('SERVICE_DISABLED'),
      ]);
    if (deniedKeys.has(key)) throw new ApiFailure(403, `Permission denied: Consumer 'api_key:${key}' has been suspended.`, [errorInfo('CONSUMER_SUSPENDED', { consumer: `projects/0` })]);
    if (!apiKeys.has(key)) throw new ApiFailure(400, 'API key not valid. Please pass a valid API key.', [errorInfo('API_KEY_INVALID', { service: 'generativelanguage.googleapis.com' })]);
    return { keyFrom, apiKey: key };
  }

  function takeFailure(): ApiFailure | undefined {
    const next = failures[0];
    if (!next) return undefined;
    next.times = (next.times ?? 1) - 1;
    if (next.times <= 0) failures.shift();
    const details = next.status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' }] }, ...(next.retryDelay ? [retryInfo(next.retryDelay)] : [])] : [];
    return new ApiFailure(next.status, next.message, details);
  }

  function answer(parsed: ParsedRequest, model: string): Json {
    const rule = rules.find((r) => r.predicate({ images: parsed.images, prompt: parsed.prompt, model }));
    const reply = rule ? rule.reply(parsed) : { text: parsed.responseMimeType === 'application/json' ? '{}' : "I can't make out anything in this image.", finishReason: 'STOP' };
    const base = { modelVersion: model, responseId: randomBytes(12).toString('base64url') };
    if (reply.blockReason) return { promptFeedback: { blockReason: reply.blockReason }, usageMetadata: usage(parsed.prompt, parsed.images.length, ''), ...base };
    const text = reply.finishReason === 'MAX_TOKENS' ? reply.text.slice(0, Math.floor(reply.text.length / 2)) : reply.text;
    const content = reply.finishReason === 'SAFETY' ? { role: 'model' } : { role: 'model', parts: [{ text }] };
    return {
      candidates: [{ content, finishReason: reply.finishReason, index: 0 }],
      usageMetadata: usage(parsed.prompt, parsed.images.length, reply.finishReason === 'SAFETY' ? '' : text),
      ...base,
    } as Json;
  }

  async function generate(req: IncomingMessage, res: ServerResponse, url: URL, model: string): Promise<void> {
    const raw = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    const call: FakeGeminiCall = { model, keyFrom: 'none', images: [], prompt: '', casing: [], headers, body: undefined, status: 0 };
    calls.push(call);
    let status = 200;
    let body: Json;
    try {
      Object.assign(call, authenticate(req, url));
      try {
        call.body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        throw new ApiFailure(400, `Invalid JSON payload received. ${(err as Error).message}`);
      }
      const parsed = parseRequest(call.body);
      Object.assign(call, { images: parsed.images, prompt: parsed.prompt, responseMimeType: parsed.responseMimeType, responseSchema: parsed.responseSchema, casing: parsed.casing });
      if (!models.includes(model))
        throw new ApiFailure(404, `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
      const failure = takeFailure();
      if (failure) throw failure;
      body = answer(parsed, model);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      status = err.code;
      body = err.body();
    }
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (hang) await new Promise<void>((resolve) => held.add(resolve));
    call.status = status;
    send(res, status, body);
  }

  function listModels(req: IncomingMessage, res: ServerResponse, url: URL): void {
    try {
      authenticate(req, url);
    } catch (err) {
      return send(res, (err as ApiFailure).code, (err as ApiFailure).body());
    }
    const size = Math.max(1, Math.min(1000, Number(url.searchParams.get('pageSize') ?? 50) || 50));
    const list = models.map((m) => ({ name: `models/${m}`, displayName: m, supportedGenerationMethods: ['generateContent', 'countTokens'] }));
    send(res, 200, { models: list.slice(0, size), ...(list.length > size ? { nextPageToken: 'next' } : {}) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const generateMatch = GENERATE.exec(url.pathname);
    if (generateMatch && req.method === 'POST') return generate(req, res, url, generateMatch[1]);
    if (/^\/v1(beta)?\/models\/?$/.test(url.pathname) && req.method === 'GET') return listModels(req, res, url);
    await readBody(req);
    send(res, 404, new ApiFailure(404, `Method not found: ${req.method} ${url.pathname}`).body());
  }

  async function listen(on: number): Promise<void> {
    server = createServer((req, res) => {
      handle(req, res).catch((err: Error) => send(res, 500, new ApiFailure(500, `fake Gemini: ${err.message}`).body()));
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }

  function setHang(on: boolean): void {
    hang = on;
    if (!on) {
      for (const release of held) release();
      held.clear();
    }
  }

  async function stop(): Promise<void> {
    if (!server.listening) return;
    for (const s of sockets) s.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Let clients see their pooled connections close, so the next request gets a refusal.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  await listen(0);
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    calls,
    answerFor(predicate, value) {
      rules.push({
        predicate,
        reply: (req) => {
          if (req.responseMimeType !== 'application/json') return { text: typeof value === 'string' ? value : JSON.stringify(value), finishReason: 'STOP' };
          let shaped: Json;
          try {
            shaped = shape(value, req.responseSchema);
          } catch (err) {
            throw new Error(`scripted answer does not match the request's responseSchema: ${(err as Error).message}`);
          }
          return { text: JSON.stringify(shaped), finishReason: 'STOP' };
        },
      });
    },
    replyFor(predicate, reply) {
      rules.push({ predicate, reply: () => ({ text: reply.text ?? '', finishReason: reply.finishReason ?? 'STOP', blockReason: reply.blockReason }) });
    },
    failNext(spec) {
      failures.push({ ...spec, times: spec.times ?? 1 });
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    setHang,
    reset() {
      rules.length = 0;
      failures.length = 0;
      calls.length = 0;
      delayMs = 0;
      setHang(false);
    },
    stop,
    restart: () => listen(port),
    async close() {
      setHang(false);
      await stop();
    },
  };
}
