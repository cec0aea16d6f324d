// What a vendor profile is: data (OIDs, index layout) plus the scale and status functions that
// turn that vendor's raw integers into the shared OLT item (dBm, °C, status words).

export type Vendor = 'huawei' | 'zte-c300' | 'zte-c600';
export type OnuStatusWord = 'online' | 'offline' | 'los' | 'dying-gasp' | 'auth-failed' | 'syncing' | 'unknown';
export type OpticalField = 'rxPowerDbm' | 'txPowerDbm' | 'oltRxPowerDbm' | 'temperatureC' | 'voltageV' | 'biasCurrentMa';
export type StatusField = 'state' | 'lastDownCause' | 'serialNumber' | 'name' | 'description' | 'onuType';

/** A PON port as the user names it and as the OLT indexes it. */
export interface PonPort {
  /** Normalised name, e.g. "0/1/0" (Huawei frame/slot/port) or "1/2/1" (ZTE shelf/slot/port). */
  name: string;
  ifIndex: number;
}

/** One column of an ONU table; an instance is `<oid>.<ponIfIndex>.<onuId><suffix>`. */
export interface OnuColumn {
  oid: string;
  /** Extra index components after the ONU id, e.g. ".1" for the ANI port of ZTE's ONU-side tables. */
  suffix?: string;
}

export interface MetricColumn extends OnuColumn {
  /** Raw integer to the unit of the field; null for the vendor's "no reading" sentinels. */
  scale(raw: number): number | null;
}

export interface VendorProfile {
  vendor: Vendor;
  label: string;
  /** How this vendor's PON ports are written, for parameter help and errors. */
  portFormat: string;
  onuIds: { min: number; max: number };
  /** "0/1/0" (after any interface-name prefix is removed) to the port; throws an Error saying what is wrong. */
  encodePort(parts: number[]): PonPort;
  /** The port name for one of this vendor's PON ifIndex values, or null when it is not one. */
  decodeIfIndex(ifIndex: number): string | null;
  optical: Partial<Record<OpticalField, MetricColumn>>;
  /** `state` lists every configured ONU of a port, so it also serves as the roster for "all ONUs". */
  status: Partial<Record<StatusField, OnuColumn>> & { state: OnuColumn };
  /** The vendor's name for a raw state value, e.g. "working". */
  stateName(raw: number | null): string | null;
  statusWord(state: number | null, downCause: number | string | null): OnuStatusWord;
  /** The last down cause as text, or null when the OLT has none. */
  downCauseText(raw: number | string | null): string | null;
}

/** dBm and other readings rounded to 0.001, so 0.002-step scales print without float noise. */
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Checks one number of a port name. */
export function portPart(value: number | undefined, what: string, min: number, max: number, format: string): number {
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) throw new Error(`${what} must be ${min}–${max} (ports are written ${format})`);
  return value;
}
