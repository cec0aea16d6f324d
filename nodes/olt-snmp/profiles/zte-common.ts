// What ZTE's two MIB trees share: the ONU-side optical scale and the GPON ONU phase states.
import { round3 } from './types.ts';
import type { OnuStatusWord } from './types.ts';

/** ONU-side optical tables: 65535 means no reading (ONU offline or not supported). */
export const ZTE_ONU_NA = 65535;

/** ONU-side RX/TX power: the raw unsigned 16-bit value read as signed, times 0.002, minus 30 dBm. */
export function zteOnuDbm(raw: number): number | null {
  const u16 = raw & 0xffff;
  if (u16 === ZTE_ONU_NA) return null;
  const signed = u16 >= 0x8000 ? u16 - 0x10000 : u16;
  return round3(signed * 0.002 - 30);
}

/** zxGponOntPhaseState names in MIB order (logging first). */
const PHASES = ['logging', 'los', 'syncMib', 'working', 'dyingGasp', 'authFailed', 'offline'] as const;
const WORDS: Record<(typeof PHASES)[number], OnuStatusWord> = {
  logging: 'syncing',
  los: 'los',
  syncMib: 'syncing',
  working: 'online',
  dyingGasp: 'dying-gasp',
  authFailed: 'auth-failed',
  offline: 'offline',
};

/** The phase name of a raw value; `first` is the value of "logging" (0 on C300/C320, 1 on C600). */
export function phaseName(raw: number | null, first: 0 | 1): string | null {
  if (raw === null) return null;
  return PHASES[raw - first] ?? `state ${raw}`;
}

export function phaseWord(raw: number | null, first: 0 | 1): OnuStatusWord {
  const name = raw === null ? undefined : PHASES[raw - first];
  return name ? WORDS[name] : 'unknown';
}

/** ZTE's last down cause: text as the OLT gives it; numbers (undocumented codes) as "cause N". */
export function zteDownCause(raw: number | string | null): string | null {
  if (raw === null) return null;
  if (typeof raw === 'number') return `cause ${raw}`;
  return raw.trim() || null;
}
