// The soak's load: POSTs over keep-alive connections (node:http Agent), either closed loop (N
// clients, each sending its next request when the last one answered: measures the maximum rate)
// or open loop (requests sent on a fixed schedule whatever the answers: a steady offered rate,
// with latency counted from the scheduled send time so a stalled host cannot hide its backlog).
import http from 'node:http';

export type Failure = 'status' | 'body' | 'timeout' | 'reset' | 'other';

export interface Client {
  /** Resolves with a failure kind, or undefined when the answer was 2xx with the expected body. */
  post(body: string): Promise<Failure | undefined>;
  close(): void;
}

export function createClient(url: string, opts: { maxSockets: number; timeoutMs: number; expect: (body: string) => boolean }): Client {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const { hostname, port, pathname } = new URL(url);
  return {
    post(body) {
      return new Promise((resolve) => {
        let done = false;
        const finish = (failure: Failure | undefined): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve(failure);
        };
        const req = http.request(
          { agent, hostname, port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) finish('status');
              else finish(opts.expect(Buffer.concat(chunks).toString('utf8')) ? undefined : 'body');
            });
            res.on('error', () => finish('reset'));
          },
        );
        // Counts from the call, so time spent queued for a free connection counts too.
        const timer = setTimeout(() => {
          finish('timeout');
          req.destroy();
        }, opts.timeoutMs);
        req.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'other'));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export interface ClosedLoopResult {
  rate: number;
  completed: number;
  failures: number;
}

/** `connections` clients in a loop for `seconds`; the rate counts answered requests of any kind. */
export async function closedLoop(client: Client, bodies: string[], connections: number, seconds: number): Promise<ClosedLoopResult> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let completed = 0;
  let failures = 0;
  const worker = async (w: number): Promise<void> => {
    for (let i = w; performance.now() < until; i += connections) {
      if (await client.post(bodies[i % bodies.length])) failures++;
      completed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  return { rate: completed / ((performance.now() - started) / 1000), completed, failures };
}

export interface MinuteStats {
  sent: number;
  ok: number;
  failures: Record<Failure, number>;
  /** Milliseconds from the scheduled send time to the end of the answer, successful requests only. */
  latencies: number[];
}

export interface OpenLoopResult {
  minutes: MinuteStats[];
  /** The most the sender fell behind its own schedule (its event loop was busy), in ms. */
  maxSendLagMs: number;
}

const emptyMinute = (): MinuteStats => ({ sent: 0, ok: 0, failures: { status: 0, body: 0, timeout: 0, reset: 0, other: 0 }, latencies: [] });

/**
 * Sends `rate` requests per second for `seconds` on a fixed schedule (request k at start + k/rate),
 * whatever the host answers, then waits for the last answers. Stats are bucketed by the minute
 * each request was scheduled in.
 */
export async function openLoop(client: Client, bodies: string[], rate: number, seconds: number): Promise<OpenLoopResult> {
  const minutes: MinuteStats[] = Array.from({ length: Math.ceil(seconds / 60) }, emptyMinute);
  const total = Math.floor(rate * seconds);
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;
  let maxSendLagMs = 0;
  const send = (k: number): void => {
    const scheduled = start + (k * 1000) / rate;
    const bucket = minutes[Math.min(minutes.length - 1, Math.floor((k / rate) / 60))];
    bucket.sent++;
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduled);
    const p = client.post(bodies[k % bodies.length]).then((failure) => {
      if (failure) bucket.failures[failure]++;
      else {
        bucket.ok++;
        bucket.latencies.push(performance.now() - scheduled);
      }
      inFlight.delete(p);
    });
    inFlight.add(p);
  };
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) send(sent++);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  await Promise.all(inFlight);
  return { minutes, maxSendLagMs };
}
