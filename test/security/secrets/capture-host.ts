// A real host for the secrets scan: debug-level logging into a buffer (everything the process writes
// to stdout/stderr while it runs, which takes in console.* too), the SSE stream read the whole time,
// and every API answer (status line, headers, body) recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../host/config.ts';
import { createHost } from '../../../host/host.ts';
import type { Host } from '../../../host/host.ts';
import { createLogger } from '../../../host/logger.ts';
import type { Capture } from './canaries.ts';

export interface CaptureHost {
  host: Host;
  url: string;
  apiKey: string;
  dataDir: string;
  captures: Capture[];
  /** fetch against /api/v1 (or any path starting with /) with the API key; records the answer; parses JSON bodies. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string }>;
  /** Records a fetch made elsewhere (webhooks). */
  record(where: string, res: Response): Promise<string>;
  close(): Promise<void>;
}

export async function startCaptureHost(): Promise<CaptureHost> {
  const captures: Capture[] = [];
  const logged: string[] = [];
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tap = (chunk: unknown) => {
    logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = tap as typeof process.stdout.write;
  process.stderr.write = tap as typeof process.stderr.write;

  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-secrets-'));
  const config = loadConfig({ GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true', GIGAFLOW_LOG_LEVEL: 'debug' });
  const host = await createHost(config, { logger: createLogger('debug') });
  const port = await host.listen();
  const url = `http://127.0.0.1:${port}`;
  const { key: apiKey } = await host.storage.apiKeys.create('secrets-scan');

  // The SSE stream, read from the start to the end of the test.
  const sse = new AbortController();
  let sseText = '';
  const sseDone = (async () => {
    const res = await fetch(`${url}/api/v1/events`, { headers: { 'x-api-key': apiKey }, signal: sse.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      sseText += decoder.decode(value, { stream: true });
    }
  })().catch(() => undefined);

  const record = async (where: string, res: Response) => {
    const text = await res.text();
    captures.push({ where: `${where} -> ${res.status}`, text: `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}` });
    return text;
  };
  return {
    host,
    url,
    apiKey,
    dataDir,
    captures,
    record,
    async api(path, init = {}) {
      const full = path.startsWith('/api/') || path.startsWith('/webhook') ? path : `/api/v1${path}`;
      const res = await fetch(`${url}${full}`, {
        method: init.method ?? 'GET',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await record(`${init.method ?? 'GET'} ${full}`, res);
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, text };
    },
    async close() {
      sse.abort();
      await sseDone;
      captures.push({ where: 'SSE /api/v1/events', text: sseText });
      await host.close();
      process.stdout.write = original.out;
      process.stderr.write = original.err;
      captures.push({ where: 'host log output (debug)', text: logged.join('') });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
