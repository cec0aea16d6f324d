// Waiting executions: resumes them when their time comes (also after a restart, from storage),
// and on a call to their resume URL `/webhook-waiting/<execution id>` (`$execution.resumeUrl`).
import type { Request, Response } from 'express';
import type { ResumeState } from '../engine/resume.ts';
import { WAIT_INDEFINITELY } from '../engine/resume.ts';
import type { Logger, WebhookResponse } from '../engine/types.ts';
import type { ExecutionRecord, IDataObject } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { ExecutionService } from './types.ts';
import { sendResponse } from './webhooks.ts';

/** setTimeout's ceiling (~24.8 days); a later wait is re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a resume call waits for a run of the same execution still in progress here. */
const SETTLE_TIMEOUT_MS = 10_000;

export interface WaitTracker {
  /** Arms a timer for a waiting execution (called by the execution service when a run parks). */
  track(record: ExecutionRecord): void;
  /** Arms timers for every waiting execution in storage (at start-up). */
  restore(): Promise<void>;
  /** Express handler for `/webhook-waiting/:executionId`. */
  handleResume(req: Request, res: Response): Promise<void>;
  stop(): void;
}

export function createWaitTracker(deps: { storage: Storage; executions: () => ExecutionService; logger?: Logger }): WaitTracker {
  const timers = new Map<string, NodeJS.Timeout>();

  const resumeNow = (id: string) => {
    timers.delete(id);
    deps
      .executions()
      .resume(id)
      .catch((err: Error) => deps.logger?.warn('could not resume execution', { executionId: id, error: err.message }));
  };

  function track(record: ExecutionRecord): void {
    clearTimeout(timers.get(record.id));
    timers.delete(record.id);
    if (!record.waitTill) return;
    const till = Date.parse(record.waitTill);
    if (till >= WAIT_INDEFINITELY.getTime()) return; // only a resume-URL call ends it
    const ms = till - Date.now();
    if (ms <= 0) return void setImmediate(() => resumeNow(record.id));
    const timer = setTimeout(() => (ms > MAX_TIMER_MS ? track(record) : resumeNow(record.id)), Math.min(ms, MAX_TIMER_MS));
    timer.unref();
    timers.set(record.id, timer);
  }

  return {
    track,
    async restore() {
      let cursor: string | undefined;
      do {
        const page = await deps.storage.executions.list({ status: 'waiting', limit: 500, cursor });
        for (const summary of page.data) {
          const record = await deps.storage.executions.get(summary.id);
          if (record) track(record);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    async handleResume(req, res) {
      const id = String(req.params.executionId ?? '');
      // A call right after the run answered its webhook may arrive before the run reaches the Wait node.
      await deps.executions().settled(id, SETTLE_TIMEOUT_MS);
      const record = await deps.storage.executions.get(id);
      const state = record?.resumeState as ResumeState | undefined;
      if (record) res.locals.workflowId = record.workflowId; // gigaflow_webhook_duration_seconds's workflow_id
      if (!record || record.status !== 'waiting' || state?.kind !== 'webhook') {
        res.status(404).json({ error: 'not_found', message: `No execution "${id}" is waiting for a resume call` });
        return;
      }
      const waitNode = record.workflowData?.nodes.find((n) => n.name === state.node);
      const method = String(waitNode?.parameters?.httpMethod ?? 'GET').toUpperCase();
      if (req.method.toUpperCase() !== method) {
        res.status(405).setHeader('Allow', method).json({ error: 'method_not_allowed', message: `This resume URL takes ${method}` });
        return;
      }
      clearTimeout(timers.get(id));
      timers.delete(id);
      const item = { json: { headers: req.headers as IDataObject, params: {}, query: (req.query ?? {}) as IDataObject, body: (req.body ?? {}) as IDataObject } };
      const responseMode = waitNode?.parameters?.responseMode;
      let answered = false;
      const respond = (response: WebhookResponse) => {
        if (answered || res.headersSent) return;
        answered = true;
        sendResponse(res, response);
      };
      const resumed = deps.executions().resume(id, [item], responseMode === 'responseNode' ? { respond } : {});
      if (responseMode === 'lastNode' || responseMode === 'responseNode') {
        let done: ExecutionRecord;
        try {
          done = await resumed;
        } catch (err) {
          // Another call resumed it first (409), or it vanished meanwhile.
          if (!res.headersSent) res.status(409).json({ error: 'conflict', message: (err as Error).message });
          return;
        }
        if (answered || res.headersSent) return;
        const ok = done.status === 'success' || done.status === 'waiting';
        if (!ok) res.status(500).json({ error: 'execution_failed', message: 'Error in workflow', executionId: id, node: done.error?.node, detail: done.error?.message });
        else if (responseMode === 'responseNode') res.status(200).json({ message: 'Workflow finished without running a Respond to Webhook node', executionId: id });
        else {
          const last = done.lastNodeExecuted ? done.runData[done.lastNodeExecuted]?.at(-1)?.data?.main[0] : undefined;
          res.status(200).json(last?.[0]?.json ?? {});
        }
        return;
      }
      res.status(200).json({ message: 'Workflow was resumed' });
      resumed.catch((err: Error) => deps.logger?.warn('resume failed', { executionId: id, error: err.message }));
    },
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
