// GET /api/v1/events: Server-Sent Events, one `event: <type>` + `data: <json>` per HostEvent,
// a comment line as heartbeat so proxies keep the stream open. `?workflowId=` narrows the stream.
// Auth: X-Api-Key, or `?apiKey=` on this route only (EventSource cannot set headers; see middleware/auth.ts).
import { Router } from 'express';
import type { EventBus, HostEvent } from '../../runtime/types.ts';
import { queryString } from '../params.ts';

export interface EventRouteDeps {
  events: EventBus;
  /** Default 15 s. */
  heartbeatMs?: number;
}

export function formatEvent(event: HostEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function eventRoutes(deps: EventRouteDeps): Router {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const r = Router();

  r.get('/events', (req, res) => {
    const workflowId = queryString(req, 'workflowId');
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and Traefik buffering would hold events back.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n: connected\n\n');

    const unsubscribe = deps.events.subscribe((event) => {
      if (workflowId && event.workflowId !== workflowId) return;
      res.write(formatEvent(event));
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    res.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  return r;
}
