// What each input item is. The node takes everything a Merge (append) hands it, so it recognises
// the shapes of the network-model contract and reports anything else instead of failing on it.
import type { DocNode } from './extract/doc.ts';
import type { SourceName } from './types.ts';

export type TaskStatus = 'done' | 'queued' | 'faulted' | 'connection_request_failed';

export interface TaskResultItem {
  deviceId?: string;
  task?: { name?: string; [k: string]: unknown };
  status: TaskStatus | string;
  statusCode?: number;
  reason?: string;
  device?: DocNode;
}

export interface OltItem {
  source?: 'olt-snmp';
  olt?: string;
  vendor?: string;
  ponPort?: string;
  ifIndex?: number;
  onuId?: number;
  rxPowerDbm?: number | null;
  txPowerDbm?: number | null;
  oltRxPowerDbm?: number | null;
  status?: string;
  lastDownCause?: string | null;
}

export interface BridgeItem {
  source: 'tplink-bridge';
  model?: string;
  firmware?: string;
  wifi?: { band?: string; ssid?: string; channel?: number; enabled?: boolean; clients?: number; bandwidth?: string }[];
  hosts?: { mac?: string; ip?: string; hostname?: string; interface?: string; active?: boolean }[];
  mesh?: { mac?: string; name?: string; ip?: string; backhaul?: string; signalDbm?: number }[];
  wan?: { status?: string; ip?: string; type?: string };
  optical?: { rxPowerDbm?: number | null; txPowerDbm?: number | null };
}

export interface FailedSource {
  source: SourceName | 'unknown';
  message: string;
  description?: string;
  httpCode?: string;
}

export type Classified =
  | { kind: 'device'; doc: DocNode }
  | { kind: 'task'; task: TaskResultItem }
  | { kind: 'olt'; item: OltItem }
  | { kind: 'bridge'; item: BridgeItem }
  | { kind: 'error'; failure: FailedSource }
  | { kind: 'unknown'; keys: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A GenieACS NBI device document: `_deviceId`, or `_id` beside a data-model root. */
export function isDeviceDocument(json: Record<string, unknown>): boolean {
  return isObject(json._deviceId) || (typeof json._id === 'string' && (isObject(json.Device) || isObject(json.InternetGatewayDevice)));
}

const SOURCES: SourceName[] = ['genieacs', 'olt-snmp', 'tplink-bridge'];

/**
 * Which source a failed item came from: its `source` field, else the fields the failing node's
 * input carried (the engine keeps them beside `error`), else words in the message.
 */
export function failedSourceOf(json: Record<string, unknown>, text: string): FailedSource['source'] {
  if (typeof json.source === 'string' && (SOURCES as string[]).includes(json.source)) return json.source as SourceName;
  if ('olt' in json || 'ponPort' in json || 'onuId' in json || 'ifIndex' in json) return 'olt-snmp';
  if ('deviceId' in json || '_id' in json || 'task' in json) return 'genieacs';
  if (/snmp|\bolt\b|\bonu\b/i.test(text)) return 'olt-snmp';
  if (/genie|\bacs\b|\bnbi\b|\bcwmp\b|tr-?069/i.test(text)) return 'genieacs';
  if (/tp-?link|bridge|modem (web|ui)|playwright/i.test(text)) return 'tplink-bridge';
  return 'unknown';
}

function asFailure(json: Record<string, unknown>): FailedSource | undefined {
  const e = json.error;
  if (typeof e === 'string' && e) return { source: failedSourceOf(json, e), message: e };
  if (!isObject(e) || typeof e.message !== 'string') return undefined;
  const description = typeof e.description === 'string' && e.description ? e.description : undefined;
  const httpCode = e.httpCode !== undefined && e.httpCode !== null && e.httpCode !== '' ? String(e.httpCode) : undefined;
  return {
    source: failedSourceOf(json, `${e.message} ${description ?? ''}`),
    message: e.message,
    ...(description ? { description } : {}),
    ...(httpCode ? { httpCode } : {}),
  };
}

export function classify(json: Record<string, unknown>): Classified {
  const failure = asFailure(json);
  if (failure) return { kind: 'error', failure };
  if (isDeviceDocument(json)) return { kind: 'device', doc: json };
  if (isObject(json.task) && typeof json.status === 'string') return { kind: 'task', task: json as unknown as TaskResultItem };
  if (json.source === 'olt-snmp' || ('ponPort' in json && 'onuId' in json)) return { kind: 'olt', item: json as OltItem };
  if (json.source === 'tplink-bridge') return { kind: 'bridge', item: json as unknown as BridgeItem };
  return { kind: 'unknown', keys: Object.keys(json) };
}
