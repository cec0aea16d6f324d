// PON optical power in the units CPEs report it, converted to dBm, and the guard that keeps a value
// that cannot be a real reading (an unimplemented parameter, a "no light" sentinel, a wrong unit)
// out of the thresholds: it becomes null plus an `implausible_value` warning.
import type { Warning } from '../types.ts';

/** Units seen in the wild (integration-apis.md §2.7). */
export type PowerUnit =
  /** TR-181 Optical.Interface.{i}.OpticalSignalLevel / TransmitOpticalLevel: integer dBm × 1000. */
  | 'dBm/1000'
  /** TP-Link X_TP_GPON_Config.RXPower / TXPower: 0.1 µW; dBm = 10·log10(v · 0.0001). */
  | '0.1uW'
  /** ZTE X_ZTE-COM_WANPONInterfaceConfig, generic GponInterfaceConfig, OLT and bridge readings. */
  | 'dBm';

/** Readings outside this range are not optical power in dBm (GPON works around -8 … -28 dBm). */
export const PLAUSIBLE_DBM = { min: -50, max: 10 } as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

export function dbmFromThousandths(v: number): number {
  // "Some firmwares report these already in dBm" (§2.7): a fractional value, or one too small to be
  // thousandths of a real reading, is taken as dBm. 0 is 0 either way.
  if (!Number.isInteger(v) || (Math.abs(v) <= Math.abs(PLAUSIBLE_DBM.min) && v !== 0)) return v;
  return v / 1000;
}

/** 0.1 µW → dBm: 1 mW = 10,000 × 0.1 µW. Zero or negative power has no dBm (−∞): NaN, caught by the guard. */
export function dbmFromTenthMicrowatt(v: number): number {
  return v > 0 ? 10 * Math.log10(v * 0.0001) : Number.NaN;
}

export function toDbm(raw: number, unit: PowerUnit): number {
  if (unit === 'dBm/1000') return dbmFromThousandths(raw);
  if (unit === '0.1uW') return dbmFromTenthMicrowatt(raw);
  return raw;
}

export const isPlausibleDbm = (dbm: number): boolean => Number.isFinite(dbm) && dbm >= PLAUSIBLE_DBM.min && dbm <= PLAUSIBLE_DBM.max;

export interface PowerResult {
  dbm: number | null;
  warning?: Warning;
}

/**
 * A reported power in dBm (rounded to 0.01), or null with a warning naming where the value came from
 * (`what`, e.g. "GenieACS Device.Optical.Interface.1.X_TP_GPON_Config.RXPower").
 */
export function checkedPower(raw: number | null | undefined, unit: PowerUnit, what: string, source: Warning['source']): PowerResult {
  if (raw === null || raw === undefined) return { dbm: null };
  const dbm = toDbm(raw, unit);
  if (isPlausibleDbm(dbm)) return { dbm: round2(dbm) };
  const shown = Number.isFinite(dbm) && unit !== 'dBm' ? ` (${round2(dbm)} dBm)` : '';
  return {
    dbm: null,
    warning: {
      code: 'implausible_value',
      message: `${what} = ${raw} (${unit})${shown} is not a plausible optical power (expected ${PLAUSIBLE_DBM.min} … +${PLAUSIBLE_DBM.max} dBm); treated as unknown`,
      source,
    },
  };
}
