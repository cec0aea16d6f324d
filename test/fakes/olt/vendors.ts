// The vendor tables the fake OLT serves, written from the reference (integration-apis.md §3), not
// from the node: PON ifIndex layouts, column OIDs, and physical values encoded to each vendor's raw
// integers and sentinels. Index columns are not-accessible, as in the real MIBs.
import snmp from 'net-snmp';

export type FakeVendor = 'huawei' | 'zte-c300' | 'zte-c600';
export type FakeOnuState = 'online' | 'offline' | 'los' | 'dying-gasp' | 'auth-failed' | 'syncing';

export interface FakeOnu {
  /** Huawei frame/slot/port ("0/1/0"); ZTE shelf/slot/port ("1/2/1"). */
  port: string;
  onuId: number;
  state?: FakeOnuState;
  /** Physical values; null = the vendor's "no reading" sentinel; left out = a typical value when online, the sentinel when not. */
  rxPowerDbm?: number | null;
  txPowerDbm?: number | null;
  oltRxPowerDbm?: number | null;
  temperatureC?: number | null;
  voltageV?: number | null;
  biasCurrentMa?: number | null;
  /** 4 vendor letters + 8 hex digits, served as 8 octets. */
  serial?: string;
  name?: string;
  description?: string;
  /** ZTE ONU model, e.g. "ZTE-F660". */
  type?: string;
  /** Raw last down cause (Huawei integer code, ZTE text); left out = one that fits the state. */
  lastDownCause?: number | string;
  /** Raw cell values by column name, served as they are (e.g. { rx: 40000 }). */
  raw?: Record<string, number>;
}

export interface FakeColumn {
  number: number;
  name: string;
  type: number;
}

export interface FakeTable {
  name: string;
  /** The Entry OID (table + ".1"). */
  entryOid: string;
  /** Extra index after {ifIndex, onuId}: the ANI port of ZTE's ONU-side optical tables. */
  ani?: number;
  columns: FakeColumn[];
  /** Cell values for one ONU, by column name. */
  cells(onu: FakeOnu): Record<string, number | string | Buffer>;
}

export interface FakeVendorDef {
  ifIndex(port: string): number;
  ifName(port: string): string;
  /** A non-PON interface, so name patterns have something to leave out. */
  uplink: { ifIndex: number; name: string };
  tables: FakeTable[];
}

const INT = snmp.ObjectType.Integer;
const STR = snmp.ObjectType.OctetString;
const col = (number: number, name: string, type: number = INT): FakeColumn => ({ number, name, type });
const parts = (port: string) => port.split('/').map(Number);

/** "HWTC1A2B3C4D" → 8 octets: 4 ASCII + 4 binary. */
export function serialOctets(serial: string): Buffer {
  return Buffer.concat([Buffer.from(serial.slice(0, 4), 'latin1'), Buffer.from(serial.slice(4), 'hex')]);
}

const online = (onu: FakeOnu) => (onu.state ?? 'online') === 'online';
/** The value to serve: given, else the default when online, else the sentinel. */
const pick = (onu: FakeOnu, value: number | null | undefined, fallback: number, encode: (v: number) => number, sentinel: number) =>
  value === null ? sentinel : value !== undefined ? encode(value) : online(onu) ? encode(fallback) : sentinel;
const withRaw = (onu: FakeOnu, cells: Record<string, number | string | Buffer>) => ({ ...cells, ...(onu.raw ?? {}) });

// Huawei: ifIndex 4194304000 + slot·8192 + port·256; DDM in 0.01 dBm, OLT RX as dBm·100 + 10000; 0x7FFFFFFF invalid.
const HW = '1.3.6.1.4.1.2011.6.128.1.1.2';
const HW_INVALID = 2147483647;
const HW_RUN: Record<FakeOnuState, number> = { online: 1, offline: 2, los: 2, 'dying-gasp': 2, 'auth-failed': -1, syncing: -1 };
const HW_CAUSE: Record<FakeOnuState, number> = { online: -1, offline: 9, los: 1, 'dying-gasp': 13, 'auth-failed': -1, syncing: -1 };
const huawei: FakeVendorDef = {
  ifIndex: (port) => 4194304000 + parts(port)[1] * 8192 + parts(port)[2] * 256,
  ifName: (port) => `GPON ${port}`,
  uplink: { ifIndex: 4227932160, name: 'ethernet0/9/0' },
  tables: [
    {
      name: 'hwGponDeviceOntInfo',
      entryOid: `${HW}.43.1`,
      columns: [col(3, 'sn', STR), col(9, 'despt', STR)],
      cells: (onu) => withRaw(onu, { sn: serialOctets(onu.serial ?? 'HWTC00000000'), despt: onu.description ?? `ont ${onu.onuId}` }),
    },
    {
      name: 'hwGponDeviceOntControl',
      entryOid: `${HW}.46.1`,
      columns: [col(15, 'runStatus'), col(24, 'lastDownCause')],
      cells: (onu) => withRaw(onu, { runStatus: HW_RUN[onu.state ?? 'online'], lastDownCause: (onu.lastDownCause as number | undefined) ?? HW_CAUSE[onu.state ?? 'online'] }),
    },
    {
      name: 'hwGponOntOpticalDdm',
      entryOid: `${HW}.51.1`,
      columns: [col(1, 'temperature'), col(2, 'bias'), col(3, 'tx'), col(4, 'rx'), col(5, 'voltage'), col(6, 'oltRx'), col(7, 'catvRx')],
      cells: (onu) =>
        withRaw(onu, {
          temperature: pick(onu, onu.temperatureC, 45, (v) => v, HW_INVALID),
          bias: pick(onu, onu.biasCurrentMa, 12, (v) => v, HW_INVALID),
          tx: pick(onu, onu.txPowerDbm, 2.3, (v) => Math.round(v * 100), HW_INVALID),
          rx: pick(onu, onu.rxPowerDbm, -21.5, (v) => Math.round(v * 100), HW_INVALID),
          voltage: pick(onu, onu.voltageV, 3.3, (v) => Math.round(v * 1000), HW_INVALID),
          oltRx: pick(onu, onu.oltRxPowerDbm, -23.1, (v) => Math.round(v * 100) + 10000, HW_INVALID),
          catvRx: HW_INVALID,
        }),
    },
  ],
};

// ZTE: ONU-side power raw = (dBm + 30) / 0.002 as an unsigned 16-bit word, 65535 = N/A.
const ZTE_NA = 65535;
const zteOnuRaw = (dbm: number) => Math.round((dbm + 30) / 0.002) & 0xffff;
/** zxGponOntPhaseState, 0-based (C300/C320); the C600 counts from 1. */
const PHASE: Record<FakeOnuState, number> = { syncing: 2, los: 1, online: 3, 'dying-gasp': 4, 'auth-failed': 5, offline: 6 };
const ZTE_CAUSE: Record<FakeOnuState, string> = { online: '', offline: 'Power off', los: 'LOS', 'dying-gasp': 'DyingGasp', 'auth-failed': 'Auth failed', syncing: '' };

const Z300 = '1.3.6.1.4.1.3902.1012.3';
const zteC300: FakeVendorDef = {
  ifIndex: (port) => 0x10000000 + parts(port)[1] * 65536 + parts(port)[2] * 256,
  ifName: (port) => `gpon-olt_${port}`,
  uplink: { ifIndex: 805392640, name: 'xgei_1/21/1' },
  tables: [
    {
      name: 'zxGponOntConfig',
      entryOid: `${Z300}.28.1.1`,
      columns: [col(1, 'type', STR), col(2, 'name', STR), col(3, 'description', STR), col(5, 'sn', STR)],
      cells: (onu) =>
        withRaw(onu, { type: onu.type ?? 'ZTE-F660', name: onu.name ?? `onu-${onu.onuId}`, description: onu.description ?? '', sn: serialOctets(onu.serial ?? 'ZTEG00000000') }),
    },
    {
      name: 'zxGponOntState',
      entryOid: `${Z300}.28.2.1`,
      columns: [col(4, 'phase'), col(7, 'lastDownCause', STR)],
      cells: (onu) => withRaw(onu, { phase: PHASE[onu.state ?? 'online'], lastDownCause: String(onu.lastDownCause ?? ZTE_CAUSE[onu.state ?? 'online']) }),
    },
    {
      name: 'zxGponOntOptical',
      entryOid: `${Z300}.50.12.1.1`,
      ani: 1,
      columns: [col(10, 'rx'), col(14, 'tx')],
      cells: (onu) => withRaw(onu, { rx: pick(onu, onu.rxPowerDbm, -21.5, zteOnuRaw, ZTE_NA), tx: pick(onu, onu.txPowerDbm, 2.3, zteOnuRaw, ZTE_NA) }),
    },
  ],
};

// C600: ifIndex 0x11010000 | slot<<8 | port; OLT-side RX in 0.001 dBm, 65535000 = N/A.
const Z600 = '1.3.6.1.4.1.3902.1082.500';
const zteC600: FakeVendorDef = {
  ifIndex: (port) => 0x11010000 + parts(port)[1] * 256 + parts(port)[2],
  ifName: (port) => `gpon_olt-${port}`,
  uplink: { ifIndex: 822154497, name: 'xgei-1/21/1' },
  tables: [
    {
      name: 'zxAnPonOnuName',
      entryOid: `${Z600}.10.2.3.3.1`,
      columns: [col(2, 'name', STR), col(3, 'description', STR)],
      cells: (onu) => withRaw(onu, { name: onu.name ?? `onu-${onu.onuId}`, description: onu.description ?? '' }),
    },
    {
      name: 'zxAnPonOnuPhase',
      entryOid: `${Z600}.10.2.3.8.1`,
      columns: [col(4, 'phase')],
      cells: (onu) => withRaw(onu, { phase: PHASE[onu.state ?? 'online'] + 1 }),
    },
    {
      name: 'zxAnPonRxOpticalPower',
      entryOid: `${Z600}.1.2.4.2.1`,
      columns: [col(2, 'oltRx')],
      cells: (onu) => withRaw(onu, { oltRx: pick(onu, onu.oltRxPowerDbm, -23.1, (v) => Math.round(v * 1000), 65535000) }),
    },
    {
      name: 'zxAnPonOnuOptical',
      entryOid: `${Z600}.20.2.2.2.1`,
      ani: 1,
      columns: [col(10, 'rx')],
      cells: (onu) => withRaw(onu, { rx: pick(onu, onu.rxPowerDbm, -21.5, zteOnuRaw, ZTE_NA) }),
    },
  ],
};

export const VENDORS: Record<FakeVendor, FakeVendorDef> = { huawei, 'zte-c300': zteC300, 'zte-c600': zteC600 };
