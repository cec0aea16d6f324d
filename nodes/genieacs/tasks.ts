// Posting a task to a device and saying plainly what became of it. With a connection request
// the NBI waits for the device's session: 200 = the task ran; 202 = it did not (yet), the reason
// phrase says why. None of those is an error for a workflow — the status is in the output.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { queryCollection } from './collections.ts';
import { pathSegment } from './device-id.ts';
import { genieAcsCredentials, genieAcsRequest } from './transport.ts';

export type TaskStatus = 'done' | 'queued' | 'faulted' | 'connection_request_failed';

export interface TaskResult extends IDataObject {
  deviceId: string;
  task: IDataObject;
  status: TaskStatus;
  statusCode: number;
  reason: string;
  message: string;
}

export interface TaskOptions {
  /** Ask the device to connect now (`?connection_request`) and wait for its session. */
  connectionRequest: boolean;
  /** How long the NBI waits for the session to start (`timeout`, ms); undefined = GenieACS's cwmp.deviceOnlineThreshold. */
  timeoutMs?: number;
  /** Longest the HTTP request may take, whatever the task timeout. */
  maxWaitMs: number;
  /** Seconds after which GenieACS drops the task if it has not run. */
  expirySeconds?: number;
}

/** GenieACS's default wait for a session to start (cwmp.deviceOnlineThreshold). */
export const NBI_DEFAULT_TASK_TIMEOUT_MS = 4000;
/** The NBI waits up to 120 s for a started session to end before answering. */
export const SESSION_END_WAIT_MS = 120_000;
export const DEFAULT_MAX_WAIT_MS = 300_000;

export const QUEUED_REASON = 'Task queued but not processed';
export const FAULTED_REASON = 'Task faulted';

/** The task operations' shared parameters: connection request and task options. */
export function taskProperties(operations: string[]): INodeProperties[] {
  return [
    {
      displayName: 'Connection Request',
      name: 'connectionRequest',
      type: 'boolean',
      default: true,
      displayOptions: { show: { operation: operations } },
      description: 'Whether to ask the device to connect now and wait for the result. Off: the task is stored and runs at the device\'s next periodic inform (status "queued").',
    },
    {
      displayName: 'Task Options',
      name: 'taskOptions',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      displayOptions: { show: { operation: operations } },
      options: [
        {
          displayName: 'Task Timeout (ms)',
          name: 'timeout',
          type: 'number',
          typeOptions: { minValue: 0 },
          default: 0,
          description: 'How long GenieACS waits for the device to start its session; 0 = GenieACS\'s default (cwmp.deviceOnlineThreshold, 4 s). The request may then take up to this + 120 s.',
        },
        {
          displayName: 'Max Wait (ms)',
          name: 'maxWait',
          type: 'number',
          typeOptions: { minValue: 1000 },
          default: DEFAULT_MAX_WAIT_MS,
          description: 'Upper limit for the whole request (task timeout + 120 s, at least the credential\'s timeout)',
        },
        { displayName: 'Expiry (s)', name: 'expiry', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Drop the task if it has not run after this many seconds; 0 = never' },
      ],
    },
  ];
}

export function taskOptionsOf(ctx: IExecuteFunctions, i: number): TaskOptions {
  const o = ctx.getNodeParameter('taskOptions', i, {}) as { timeout?: number; maxWait?: number; expiry?: number };
  const timeout = Number(o.timeout ?? 0);
  const maxWait = Number(o.maxWait ?? DEFAULT_MAX_WAIT_MS);
  const expiry = Number(o.expiry ?? 0);
  return {
    connectionRequest: ctx.getNodeParameter('connectionRequest', i, true) !== false,
    timeoutMs: timeout > 0 ? timeout : undefined,
    maxWaitMs: maxWait > 0 ? maxWait : DEFAULT_MAX_WAIT_MS,
    expirySeconds: expiry > 0 ? expiry : undefined,
  };
}

/** The HTTP timeout for a task POST: task timeout + 120 s (and never less than the credential's), capped by Max Wait. */
export function taskRequestTimeout(opts: TaskOptions, credentialTimeoutMs: number): number {
  if (!opts.connectionRequest) return credentialTimeoutMs;
  const needed = Math.max(credentialTimeoutMs, (opts.timeoutMs ?? NBI_DEFAULT_TASK_TIMEOUT_MS) + SESSION_END_WAIT_MS);
  return Math.min(needed, opts.maxWaitMs);
}

/** The status of a task POST's 2xx answer, from its code and reason phrase. */
export function taskStatus(statusCode: number, reason: string, connectionRequest: boolean): TaskStatus {
  if (statusCode === 200) return 'done';
  if (!connectionRequest) return 'queued';
  if (reason === FAULTED_REASON) return 'faulted';
  if (reason === QUEUED_REASON) return 'queued';
  return 'connection_request_failed';
}

function statusMessage(status: TaskStatus, reason: string, opts: TaskOptions): string {
  switch (status) {
    case 'done':
      return 'The device ran the task.';
    case 'faulted':
      return 'The device ran the task and it failed; see fault. GenieACS retries it at the next inform until the fault is deleted.';
    case 'connection_request_failed':
      return `GenieACS could not reach the device (${reason}); the task stays queued for its next periodic inform.`;
    default:
      return opts.connectionRequest
        ? `The device did not start a session within ${opts.timeoutMs ?? NBI_DEFAULT_TASK_TIMEOUT_MS} ms (or did not finish it); the task stays queued for its next inform.`
        : 'The task is stored and runs at the device\'s next periodic inform.';
  }
}

/** POST /devices/<id>/tasks[?connection_request&timeout=] and what came of it; a faulted task carries its fault. */
export async function runTask(ctx: IExecuteFunctions, deviceId: string, task: IDataObject, opts: TaskOptions): Promise<TaskResult> {
  const cred = await genieAcsCredentials(ctx);
  const body: IDataObject = { ...task, ...(opts.expirySeconds ? { expiry: opts.expirySeconds } : {}) };
  const query = opts.connectionRequest ? `?connection_request${opts.timeoutMs ? `&timeout=${opts.timeoutMs}` : ''}` : '';
  const res = await genieAcsRequest(ctx, {
    method: 'POST',
    path: `/devices/${pathSegment(deviceId)}/tasks${query}`,
    body,
    timeoutMs: taskRequestTimeout(opts, cred.timeout),
    subject: { deviceId, taskName: String(task.name), task: body },
  });
  const reason = res.statusMessage ?? '';
  const status = taskStatus(res.statusCode, reason, opts.connectionRequest);
  const stored = res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as IDataObject) : body;
  const result: TaskResult = { deviceId, task: stored, status, statusCode: res.statusCode, reason, message: statusMessage(status, reason, opts) };
  if (status === 'faulted') {
    // The NBI names a task's fault <deviceId>:task_<taskId>.
    const faultId = `${deviceId}:task_${String(stored._id ?? '')}`;
    const { docs } = await queryCollection(ctx, 'faults', { query: stored._id ? { _id: faultId } : { device: deviceId } }, deviceId);
    result.fault = docs[0] ?? null;
  }
  return result;
}
