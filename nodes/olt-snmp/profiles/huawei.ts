// Huawei MA5600T / MA5680T / MA5800, HUAWEI-XPON-MIB (hwXponDeviceMIB, 1.3.6.1.4.1.2011.6.128).
// ONT tables are indexed {PON ifIndex, ONT id 0–127}; PON ifIndex = 0xFA000000 + slot<<13 + port<<8.
import { portPart, round3 } from './types.ts';
import type { OnuStatusWord, PonPort, VendorProfile } from './types.ts';

const BASE = '1.3.6.1.4.1.2011.6.128.1.1.2';
const IF_BASE = 4194304000; // 0xFA000000, frame 0
const FORMAT = 'frame/slot/port, e.g. 0/1/0';
/** hwGponOntOpticalDdm*: 0x7FFFFFFF when the ONT is offline or the value is unknown. */
export const HUAWEI_INVALID = 2147483647;

const valid = (raw: number) => raw !== HUAWEI_INVALID && raw !== -HUAWEI_INVALID - 1;

export function huaweiPortIfIndex(frame: number, slot: number, port: number): number {
  portPart(frame, 'The frame', 0, 0, `${FORMAT}; only frame 0 has a known ifIndex layout — give the ifIndex for other frames`);
  return IF_BASE + portPart(slot, 'The slot', 0, 63, FORMAT) * 8192 + portPart(port, 'The port', 0, 31, FORMAT) * 256;
}

export function huaweiPortName(ifIndex: number): string | null {
  const rest = ifIndex - IF_BASE;
  if (!Number.isInteger(rest) || rest < 0 || rest >= 64 * 8192 || rest % 256 !== 0) return null;
  return `0/${Math.floor(rest / 8192)}/${(rest % 8192) / 256}`;
}

/** hwGponDeviceOntControlLastDownCause. */
const DOWN_CAUSES: Record<number, string> = {
  1: 'LOS',
  2: 'LOSi/LOBi',
  3: 'LOFi',
  4: 'SFi',
  5: 'LOAi',
  6: 'LOAMi',
  7: 'deactivate ONT fails',
  8: 'deactivate ONT success',
  9: 'reset ONT',
  10: 're-register ONT',
  11: 'pop up fail',
  13: 'dying-gasp',
  15: 'LOKi',
};
const RUN_STATUS: Record<number, string> = { 1: 'up', 2: 'down', [-1]: 'invalid' };

export const huawei: VendorProfile = {
  vendor: 'huawei',
  label: 'Huawei MA5600T/MA5800',
  portFormat: FORMAT,
  onuIds: { min: 0, max: 127 },
  encodePort(parts): PonPort {
    // "1/0" (slot/port) is accepted as frame 0.
    const [frame, slot, port] = parts.length === 2 ? [0, parts[0], parts[1]] : parts;
    if (parts.length < 2 || parts.length > 3) throw new Error(`Huawei PON ports are written ${FORMAT}`);
    const ifIndex = huaweiPortIfIndex(frame, slot, port);
    return { name: `${frame}/${slot}/${port}`, ifIndex };
  },
  decodeIfIndex: huaweiPortName,
  optical: {
    rxPowerDbm: { oid: `${BASE}.51.1.4`, scale: (raw) => (valid(raw) ? round3(raw / 100) : null) },
    txPowerDbm: { oid: `${BASE}.51.1.3`, scale: (raw) => (valid(raw) ? round3(raw / 100) : null) },
    oltRxPowerDbm: { oid: `${BASE}.51.1.6`, scale: (raw) => (valid(raw) ? round3((raw - 10000) / 100) : null) },
    temperatureC: { oid: `${BASE}.51.1.1`, scale: (raw) => (valid(raw) ? raw : null) },
    voltageV: { oid: `${BASE}.51.1.5`, scale: (raw) => (valid(raw) ? round3(raw / 1000) : null) },
    biasCurrentMa: { oid: `${BASE}.51.1.2`, scale: (raw) => (valid(raw) ? raw : null) },
  },
  status: {
    state: { oid: `${BASE}.46.1.15` },
    lastDownCause: { oid: `${BASE}.46.1.24` },
    serialNumber: { oid: `${BASE}.43.1.3` },
    description: { oid: `${BASE}.43.1.9` },
  },
  stateName: (raw) => (raw === null ? null : (RUN_STATUS[raw] ?? `state ${raw}`)),
  statusWord(state, downCause): OnuStatusWord {
    if (state === 1) return 'online';
    if (state !== 2) return 'unknown';
    if (downCause === 1 || downCause === 2) return 'los';
    if (downCause === 13) return 'dying-gasp';
    return 'offline';
  },
  downCauseText(raw) {
    if (raw === null || raw === -1) return null;
    if (typeof raw === 'string') return raw;
    return DOWN_CAUSES[raw] ?? `cause ${raw}`;
  },
};
