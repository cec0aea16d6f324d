// The vendor profiles, and PON port names to ifIndex values through them.
import { huawei } from './huawei.ts';
import type { PonPort, Vendor, VendorProfile } from './types.ts';
import { zteC300 } from './zte-c300.ts';
import { zteC600 } from './zte-c600.ts';

export const PROFILES: Record<Vendor, VendorProfile> = { huawei, 'zte-c300': zteC300, 'zte-c600': zteC600 };
export const profileFor = (vendor: string): VendorProfile | undefined => PROFILES[vendor as Vendor];

/** Interface-name prefixes users paste from the OLT CLI or ifName: "GPON 0/1/0", "gpon-olt_1/2/1", "gpon_olt-1/3/1". */
const PREFIX = /^\s*(x?e?g?pon[-_ ]?(olt)?[-_ ]?|olt[-_ ]?)/i;

/**
 * A PON port from what the user typed: "0/1/0", an interface name with a prefix, or the ifIndex
 * itself. Throws an Error that says how this vendor writes ports.
 */
export function parsePonPort(profile: VendorProfile, text: string): PonPort {
  const raw = String(text ?? '').trim();
  if (/^\d{7,10}$/.test(raw)) {
    const ifIndex = Number(raw);
    const name = profile.decodeIfIndex(ifIndex);
    if (name === null) throw new Error(`${ifIndex} is not a ${profile.label} PON port ifIndex`);
    return { name, ifIndex };
  }
  const body = raw.replace(PREFIX, '');
  if (!/^\d+(\/\d+){1,3}$/.test(body)) throw new Error(`"${raw}" is not a PON port: ${profile.label} ports are written ${profile.portFormat}`);
  return profile.encodePort(body.split('/').map(Number));
}

/** The PON port name and vendor of an ifIndex, trying each profile (their ranges do not overlap). */
export function ponPortOf(ifIndex: number): { vendor: Vendor; ponPort: string } | null {
  for (const profile of Object.values(PROFILES)) {
    const name = profile.decodeIfIndex(ifIndex);
    if (name !== null) return { vendor: profile.vendor, ponPort: name };
  }
  return null;
}
