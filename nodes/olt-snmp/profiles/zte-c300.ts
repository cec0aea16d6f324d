// ZTE ZXA10 C300 / C320, the legacy .1012 tree (community-documented OIDs, see README).
// PON ifIndex = 0x10000000 | slot<<16 | port<<8; ONU ids 1–128; ONU-side optics add an ANI port ".1".
import { portPart } from './types.ts';
import type { PonPort, VendorProfile } from './types.ts';
import { phaseName, phaseWord, zteDownCause, zteOnuDbm } from './zte-common.ts';

const BASE = '1.3.6.1.4.1.3902.1012.3';
const FORMAT = 'shelf/slot/port, e.g. 1/2/1 (as in gpon-olt_1/2/1)';

export function zteC300PortIfIndex(slot: number, port: number): number {
  return 0x10000000 + portPart(slot, 'The slot', 0, 255, FORMAT) * 65536 + portPart(port, 'The port', 0, 255, FORMAT) * 256;
}

export function zteC300PortName(ifIndex: number): string | null {
  if (!Number.isInteger(ifIndex) || Math.floor(ifIndex / 0x1000000) !== 0x10 || ifIndex % 256 !== 0) return null;
  return `1/${Math.floor(ifIndex / 65536) % 256}/${Math.floor(ifIndex / 256) % 256}`;
}

export const zteC300: VendorProfile = {
  vendor: 'zte-c300',
  label: 'ZTE C300/C320',
  portFormat: FORMAT,
  onuIds: { min: 1, max: 128 },
  encodePort(parts): PonPort {
    if (parts.length < 2 || parts.length > 3) throw new Error(`ZTE C300/C320 PON ports are written ${FORMAT}`);
    // The .1012 index has no shelf field: only shelf 1 exists on these OLTs.
    const [shelf, slot, port] = parts.length === 2 ? [1, parts[0], parts[1]] : parts;
    portPart(shelf, 'The shelf', 1, 1, FORMAT);
    return { name: `1/${slot}/${port}`, ifIndex: zteC300PortIfIndex(slot, port) };
  },
  decodeIfIndex: zteC300PortName,
  optical: {
    rxPowerDbm: { oid: `${BASE}.50.12.1.1.10`, suffix: '.1', scale: zteOnuDbm },
    txPowerDbm: { oid: `${BASE}.50.12.1.1.14`, suffix: '.1', scale: zteOnuDbm },
  },
  status: {
    state: { oid: `${BASE}.28.2.1.4` },
    lastDownCause: { oid: `${BASE}.28.2.1.7` },
    onuType: { oid: `${BASE}.28.1.1.1` },
    name: { oid: `${BASE}.28.1.1.2` },
    description: { oid: `${BASE}.28.1.1.3` },
    serialNumber: { oid: `${BASE}.28.1.1.5` },
  },
  // zxGponOntPhaseState is 0-based on the .1012 tree: logging(0) … offline(6).
  stateName: (raw) => phaseName(raw, 0),
  statusWord: (state) => phaseWord(state, 0),
  downCauseText: zteDownCause,
};
