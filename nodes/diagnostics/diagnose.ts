// The whole diagnosis as one pure function of the input items, the thresholds and the clock: the
// node only reads its parameters around it. Missing or failed sources give warnings, never errors.
import { classify, isDeviceDocument } from './classify.ts';
import type { BridgeItem, OltItem } from './classify.ts';
import type { DocNode } from './extract/doc.ts';
import { extractDocument } from './extract/index.ts';
import { mergeSources } from './merge.ts';
import { informAgeMs, isOnline } from './thresholds.ts';
import type { Thresholds } from './thresholds.ts';
import type { DeviceSummary, Diagnostic, ModemView, Warning, WarningCode } from './types.ts';
import { deviceOffline, multipleDevices, noDevice, noReading, onuOffline, opticalWarning, sourceFailed, taskWarning, unrecognizedItem } from './warnings.ts';

export interface DiagnoseOptions extends Thresholds {
  includeRaw?: boolean;
  /** The clock (ms since epoch) the online rule compares `_lastInform` with. */
  now: number;
}

/** Most telling first, so `warnings[0]` is the headline of a ticket. */
const SEVERITY: WarningCode[] = [
  'no_device',
  'device_offline',
  'onu_offline',
  'critical_optical_power',
  'weak_optical_power',
  'source_failed',
  'no_reading',
  'task_faulted',
  'task_queued',
  'multiple_devices',
  'implausible_value',
  'unrecognized_item',
];

const rank = (w: Warning) => {
  const i = SEVERITY.indexOf(w.code);
  return i < 0 ? SEVERITY.length : i;
};

const ONU_FINE = new Set(['online', 'unknown']);
const READINGS = ['rxPowerDbm', 'txPowerDbm', 'oltRxPowerDbm', 'status'] as const;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * The document to diagnose. Documents of one device (a read and a task's re-read) → laid over each
 * other by `_lastInform`, newer on top. Documents of several devices → the first item's device.
 */
export function pickDocument(docs: DocNode[], warnings: Warning[]): DocNode | undefined {
  if (!docs.length) return undefined;
  const ids = [...new Set(docs.map((d) => text(d._id) ?? '(no _id)'))];
  const chosenId = ids[0]!;
  if (ids.length > 1) warnings.push(multipleDevices(ids, chosenId));
  const time = (d: DocNode) => new Date(String(d._lastInform ?? '')).getTime() || 0;
  // A task's re-read holds only the paths it asked for: lay newer documents over older ones (sort is stable: a tie keeps item order).
  const mine = docs.filter((d) => (text(d._id) ?? '(no _id)') === chosenId).sort((a, b) => time(a) - time(b));
  return mine.reduce((older, newer) => overlay(older, newer));
}

const isNode = (v: unknown): v is DocNode => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** `newer` over `older`: objects merge key by key; a parameter (`_value`), array or scalar of `newer` replaces the older one whole. */
function overlay(older: DocNode, newer: DocNode): DocNode {
  const out: DocNode = { ...older };
  for (const [key, v] of Object.entries(newer)) out[key] = isNode(v) && isNode(out[key]) && !('_value' in v) ? overlay(out[key] as DocNode, v) : v;
  return out;
}

function summary(doc: DocNode, modem: ModemView, bridges: BridgeItem[], opts: DiagnoseOptions): DeviceSummary {
  const did = (doc._deviceId && typeof doc._deviceId === 'object' ? doc._deviceId : {}) as Record<string, unknown>;
  const lastInform = doc._lastInform instanceof Date ? doc._lastInform.toISOString() : text(doc._lastInform);
  const model = modem.info.model ?? bridges.map((b) => text(b.model)).find(Boolean) ?? undefined;
  const firmware = modem.info.firmware ?? bridges.map((b) => text(b.firmware)).find(Boolean) ?? undefined;
  return {
    id: text(doc._id),
    serialNumber: text(did._SerialNumber) ?? modem.info.serialNumber ?? null,
    manufacturer: text(did._Manufacturer) ?? modem.info.manufacturer ?? null,
    oui: text(did._OUI) ?? modem.info.oui ?? null,
    productClass: text(did._ProductClass) ?? modem.info.productClass ?? null,
    ...(model ? { model } : {}),
    ...(firmware ? { firmware } : {}),
    lastInform,
    online: isOnline(lastInform, opts.now, opts),
    ...(modem.info.uptimeSeconds !== undefined ? { uptimeSeconds: modem.info.uptimeSeconds } : {}),
    dataModel: modem.dataModel,
  };
}

interface Collected {
  docs: DocNode[];
  olt: OltItem[];
  bridges: BridgeItem[];
}

const isDocumentLike = (v: unknown): v is DocNode =>
  !!v && typeof v === 'object' && (isDeviceDocument(v as DocNode) || 'Device' in v || 'InternetGatewayDevice' in v);

/** Sorts the items by kind; what an item says about its own source (failure, task state, ONU state) becomes a warning here. */
function collect(items: Record<string, unknown>[], warnings: Warning[]): Collected {
  const out: Collected = { docs: [], olt: [], bridges: [] };
  items.forEach((json, index) => {
    if (!Object.keys(json).length) return; // what "Always Output Data" sends for "nothing": no source to report
    const c = classify(json);
    if (c.kind === 'device') out.docs.push(c.doc);
    else if (c.kind === 'task') {
      const w = taskWarning(c.task);
      if (w) warnings.push(w);
      if (isDocumentLike(c.task.device)) out.docs.push(c.task.device);
    } else if (c.kind === 'olt') {
      out.olt.push(c.item);
      if (typeof c.item.status === 'string' && !ONU_FINE.has(c.item.status)) warnings.push(onuOffline(c.item));
      if (!READINGS.some((k) => k in c.item)) warnings.push(noReading(c.item));
    } else if (c.kind === 'bridge') out.bridges.push(c.item);
    else if (c.kind === 'error') warnings.push(sourceFailed(c.failure));
    else warnings.push(unrecognizedItem(index, c.keys));
  });
  return out;
}

export function diagnose(items: Record<string, unknown>[], opts: DiagnoseOptions): Diagnostic {
  const warnings: Warning[] = [];
  const { docs, olt, bridges } = collect(items, warnings);
  const doc = pickDocument(docs, warnings);
  const modem = doc ? extractDocument(doc) : undefined;
  let device: DeviceSummary | null = null;
  if (doc && modem) {
    device = summary(doc, modem, bridges, opts);
    warnings.push(...modem.warnings);
    if (!device.online) warnings.push(deviceOffline(device.id, device.lastInform, informAgeMs(device.lastInform, opts.now), opts));
  } else warnings.push(noDevice());

  const merged = mergeSources({ modem, olt, bridges }, opts, warnings);
  for (const entry of merged.opticalStatus) {
    const w = opticalWarning(entry, opts);
    if (w) warnings.push(w);
  }
  return {
    device,
    interfaces: merged.interfaces,
    wifi: merged.wifi,
    mesh: merged.mesh,
    opticalStatus: merged.opticalStatus,
    hosts: merged.hosts,
    warnings: warnings.sort((a, b) => rank(a) - rank(b)), // stable: same rank keeps input order
    ...(opts.includeRaw ? { raw: items } : {}),
  };
}
