// The warnings' wording, in one place: each names the source, the value and what it was compared
// with, so a support agent reading it in a ticket knows what to check.
import type { FailedSource, OltItem, TaskResultItem } from './classify.ts';
import type { Thresholds } from './thresholds.ts';
import type { OpticalStatus, SourceName, Warning } from './types.ts';

const SOURCE_LABEL: Record<SourceName | 'unknown', string> = {
  genieacs: 'GenieACS',
  'olt-snmp': 'OLT (SNMP)',
  'tplink-bridge': 'TP-Link bridge',
  unknown: 'An upstream source',
};

/** 95 min → "1 h 35 min"; 3 days → "3 d 0 h". */
export function formatAge(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const onuName = (e: { ponPort?: string; onuId?: number }) => (e.ponPort !== undefined || e.onuId !== undefined ? `ONU ${e.ponPort ?? '?'}:${e.onuId ?? '?'}` : 'the ONU');

function whereMeasured(e: OpticalStatus): string {
  const olt = e.olt ? `OLT ${e.olt}` : 'the OLT';
  if (e.source === 'olt-snmp')
    return e.direction === 'upstream' ? `${olt} receives ${e.rxPowerDbm} dBm from ${onuName(e)} (upstream)` : `${onuName(e)} on ${olt} receives ${e.rxPowerDbm} dBm (downstream, read by the OLT)`;
  return `the ONU receives ${e.rxPowerDbm} dBm (downstream, reported by ${SOURCE_LABEL[e.source]})`;
}

export function opticalWarning(e: OpticalStatus, t: Thresholds): Warning | undefined {
  if (e.level === 'critical')
    return { code: 'critical_optical_power', message: `Critical optical power: ${whereMeasured(e)}; critical below ${t.criticalBelowDbm} dBm`, source: e.source };
  if (e.level === 'warning')
    return { code: 'weak_optical_power', message: `Weak optical power: ${whereMeasured(e)}; warning below ${t.warningBelowDbm} dBm`, source: e.source };
  return undefined;
}

export function sourceFailed(f: FailedSource): Warning {
  const details = [f.httpCode ? `HTTP ${f.httpCode}` : '', f.description ?? ''].filter(Boolean).join(', ');
  return { code: 'source_failed', message: `${SOURCE_LABEL[f.source]} failed: ${f.message}${details ? ` (${details})` : ''}`, source: f.source };
}

export function deviceOffline(id: string | null, lastInform: string | null, ageMs: number | undefined, t: Thresholds): Warning {
  const who = id ?? 'The device';
  const message =
    lastInform === null || ageMs === undefined
      ? `${who} has no last inform time in GenieACS; it is not known to be online`
      : `${who} last informed GenieACS at ${lastInform} (${formatAge(ageMs)} ago; online means within ${t.onlineWithinMinutes} min), so its values may be stale`;
  return { code: 'device_offline', message, source: 'genieacs' };
}

export function onuOffline(item: OltItem): Warning {
  const cause = item.lastDownCause ? ` (last down cause: ${item.lastDownCause})` : '';
  return { code: 'onu_offline', message: `OLT ${item.olt ?? '?'} reports ${onuName(item)} as ${item.status}${cause}`, source: 'olt-snmp' };
}

/** An OLT-shaped item with neither readings nor status: usually the OLT node's own input, passed on when it failed with "On Error: Continue". */
export function noReading(item: OltItem): Warning {
  return {
    code: 'no_reading',
    message: `The item for ${onuName(item)}${item.olt ? ` on OLT ${item.olt}` : ''} carries no optical reading or status; if the OLT node failed with "On Error: Continue (regular output)", it passed its input on unchanged`,
    source: 'olt-snmp',
  };
}

export function taskWarning(t: TaskResultItem): Warning | undefined {
  const what = `GenieACS task ${t.task?.name ?? '(unnamed)'} for ${t.deviceId ?? 'the device'}`;
  const reason = t.reason ? `: ${t.reason}` : '';
  if (t.status === 'queued')
    return { code: 'task_queued', message: `${what} is queued${reason}; the device did not take it now, it runs at the next inform`, source: 'genieacs' };
  if (t.status === 'connection_request_failed')
    return { code: 'task_queued', message: `${what} is queued because the connection request failed${reason}; it runs at the next inform`, source: 'genieacs' };
  if (t.status === 'faulted') return { code: 'task_faulted', message: `${what} faulted${reason}`, source: 'genieacs' };
  return undefined;
}

export const noDevice = (): Warning => ({
  code: 'no_device',
  message: 'No GenieACS device document in the input: device, interfaces, Wi-Fi and hosts from GenieACS are missing',
  source: 'genieacs',
});

export const multipleDevices = (ids: string[], chosen: string): Warning => ({
  code: 'multiple_devices',
  message: `The input holds documents of ${ids.length} devices (${ids.join(', ')}); diagnosed ${chosen} only`,
  source: 'genieacs',
});

export const unrecognizedItem = (index: number, keys: string[]): Warning => ({
  code: 'unrecognized_item',
  message: `Input item ${index} is not a GenieACS device or task result, an OLT reading, a TP-Link bridge item or an error item; ignored (fields: ${keys.slice(0, 8).join(', ') || 'none'})`,
});
