// ZTE C600 / Titan, the .1082.500 tree (ZTE-AN-PON-BASE-MIB for the OLT-side RX power).
// PON ifIndex: type(4)=1, rack(4), shelf(8), slot(8), port(8) — 0x11010000 | slot<<8 | port on rack 1, shelf 1.
import { portPart, round3 } from './types.ts';
import type { PonPort, VendorProfile } from './types.ts';
import { phaseName, phaseWord, zteDownCause, zteOnuDbm } from './zte-common.ts';

const BASE = '1.3.6.1.4.1.3902.1082.500';
const FORMAT = 'shelf/slot/port, e.g. 1/3/1 (as in gpon_olt-1/3/1), or rack/shelf/slot/port';
/** zxAnPonRxOpticalPower: "N/A" (ONU not in service). −80000 (−80 dBm) is a real "no signal" reading. */
export const ZTE_C600_OLT_RX_NA = 65535000;

export function zteC600PortIfIndex(rack: number, shelf: number, slot: number, port: number): number {
  const r = portPart(rack, 'The rack', 0, 15, FORMAT);
  const sh = portPart(shelf, 'The shelf', 0, 255, FORMAT);
  return 0x10000000 + r * 0x1000000 + sh * 0x10000 + portPart(slot, 'The slot', 0, 255, FORMAT) * 256 + portPart(port, 'The port', 0, 255, FORMAT);
}

export function zteC600PortName(ifIndex: number): string | null {
  if (!Number.isInteger(ifIndex) || Math.floor(ifIndex / 0x10000000) !== 1) return null;
  const rack = Math.floor(ifIndex / 0x1000000) % 16;
  const shelf = Math.floor(ifIndex / 0x10000) % 256;
  const slot = Math.floor(ifIndex / 256) % 256;
  const port = ifIndex % 256;
  // rack 0 is the C300 layout (0x10…), not a C600 port.
  if (rack === 0) return null;
  return rack === 1 ? `${shelf}/${slot}/${port}` : `${rack}/${shelf}/${slot}/${port}`;
}

export function zteC600OltRxDbm(raw: number): number | null {
  return raw === ZTE_C600_OLT_RX_NA ? null : round3(raw / 1000);
}

export const zteC600: VendorProfile = {
  vendor: 'zte-c600',
  label: 'ZTE C600',
  portFormat: FORMAT,
  onuIds: { min: 1, max: 128 },
  encodePort(parts): PonPort {
    if (parts.length === 4) {
      const [rack, shelf, slot, port] = parts;
      const ifIndex = zteC600PortIfIndex(rack, shelf, slot, port);
      return { name: zteC600PortName(ifIndex) ?? parts.join('/'), ifIndex };
    }
    if (parts.length !== 3) throw new Error(`ZTE C600 PON ports are written ${FORMAT}`);
    const [shelf, slot, port] = parts;
    return { name: `${shelf}/${slot}/${port}`, ifIndex: zteC600PortIfIndex(1, shelf, slot, port) };
  },
  decodeIfIndex: zteC600PortName,
  optical: {
    rxPowerDbm: { oid: `${BASE}.20.2.2.2.1.10`, suffix: '.1', scale: zteOnuDbm },
    oltRxPowerDbm: { oid: `${BASE}.1.2.4.2.1.2`, scale: zteC600OltRxDbm },
  },
  status: {
    state: { oid: `${BASE}.10.2.3.8.1.4` },
    name: { oid: `${BASE}.10.2.3.3.1.2` },
    description: { oid: `${BASE}.10.2.3.3.1.3` },
  },
  // The C600 phase state counts from 1: logging(1), los(2), …, working(4), dyingGasp(5), offline(7).
  stateName: (raw) => phaseName(raw, 1),
  statusWord: (state) => phaseWord(state, 1),
  downCauseText: zteDownCause,
};
