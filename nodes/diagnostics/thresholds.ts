// Levels for optical power and the "online" rule, with the node's parameters as input.
import type { OpticalLevel } from './types.ts';

export interface Thresholds {
  /** Receive power below this is a warning (dBm). GPON class B+ ONUs are specified down to -27/-28 dBm. */
  warningBelowDbm: number;
  /** Receive power below this is critical (dBm): near or past the receiver's sensitivity, errors and drops follow. */
  criticalBelowDbm: number;
  /** The device counts as online when its last inform is at most this many minutes old. */
  onlineWithinMinutes: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warningBelowDbm: -27, criticalBelowDbm: -30, onlineWithinMinutes: 5 };

/** Why these thresholds cannot work, or undefined when they can. */
export function thresholdsProblem(t: Thresholds): { parameter: keyof Thresholds; message: string } | undefined {
  for (const key of ['warningBelowDbm', 'criticalBelowDbm', 'onlineWithinMinutes'] as const)
    if (typeof t[key] !== 'number' || !Number.isFinite(t[key])) return { parameter: key, message: `${key} must be a number, not ${JSON.stringify(t[key])}` };
  if (t.criticalBelowDbm > t.warningBelowDbm)
    return {
      parameter: 'criticalBelowDbm',
      message: `The critical threshold (${t.criticalBelowDbm} dBm) must not be above the warning threshold (${t.warningBelowDbm} dBm)`,
    };
  if (t.onlineWithinMinutes <= 0) return { parameter: 'onlineWithinMinutes', message: `The online window must be more than 0 minutes, not ${t.onlineWithinMinutes}` };
  return undefined;
}

export function opticalLevel(rxPowerDbm: number | null | undefined, t: Thresholds): OpticalLevel {
  if (rxPowerDbm === null || rxPowerDbm === undefined || !Number.isFinite(rxPowerDbm)) return 'unknown';
  if (rxPowerDbm < t.criticalBelowDbm) return 'critical';
  if (rxPowerDbm < t.warningBelowDbm) return 'warning';
  return 'ok';
}

/** Milliseconds since `lastInform` (ISO text), or undefined when it is missing or not a date. */
export function informAgeMs(lastInform: unknown, now: number): number | undefined {
  if (typeof lastInform !== 'string' && !(lastInform instanceof Date)) return undefined;
  const at = new Date(lastInform).getTime();
  return Number.isNaN(at) ? undefined : now - at;
}

export function isOnline(lastInform: unknown, now: number, t: Pick<Thresholds, 'onlineWithinMinutes'>): boolean {
  const age = informAgeMs(lastInform, now);
  return age !== undefined && age <= t.onlineWithinMinutes * 60_000;
}
