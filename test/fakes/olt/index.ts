// A fake GPON OLT: a real net-snmp Agent on 127.0.0.1 (free UDP port) serving one vendor's ONU
// tables (multi-part indexes, not-accessible index columns), IF-MIB rows for its PON ports and
// an uplink, and sysName/sysDescr; v2c community and a v3 authPriv (SHA/AES) user. See README.md.
import snmp from 'net-snmp';
import { allowUint32SubIdentifiers, startAgent } from './agent.ts';
import type { FakeV3User } from './agent.ts';
import { VENDORS } from './vendors.ts';
import type { FakeOnu, FakeTable, FakeVendor } from './vendors.ts';

export type { FakeOnu, FakeOnuState, FakeVendor } from './vendors.ts';
export type { FakeV3User } from './agent.ts';
export { serialOctets } from './vendors.ts';

export interface FakePonPort {
  port: string;
  adminStatus?: number;
  operStatus?: number;
  inOctets?: bigint | number;
  outOctets?: bigint | number;
  alias?: string;
}

export interface FakeOltOptions {
  vendor: FakeVendor;
  onus?: FakeOnu[];
  /** IF-MIB details per PON port; every port that has ONUs gets a row anyway. */
  ports?: FakePonPort[];
  community?: string;
  sysName?: string;
}

export interface FakeOlt {
  port: number;
  community: string;
  v3User: FakeV3User;
  /** PDU types answered so far (GetRequest, GetBulkRequest, …). */
  requests: string[];
  ifIndexOf(port: string): number;
  /** Changes an ONU's values (the same fields as FakeOnu); the next request sees them. */
  setOnu(port: string, onuId: number, patch: Partial<FakeOnu>): void;
  /** Changes a PON port's IF-MIB status (1 up, 2 down, 7 lowerLayerDown, …); the next request sees it. */
  setPort(port: string, patch: { adminStatus?: number; operStatus?: number }): void;
  close(): Promise<void>;
}

const RO = snmp.MaxAccess['read-only'];
const NA = snmp.MaxAccess['not-accessible'];
const IDX = snmp.ObjectType.Unsigned32;

type Mib = {
  registerProvider(p: object): void;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(name: string, row: unknown[]): void;
  setTableSingleCell(name: string, column: number, index: unknown[], value: unknown): void;
};

function registerOnuTable(mib: Mib, t: FakeTable): void {
  const index = [
    { number: 100, name: `${t.name}IfIndex`, type: IDX, maxAccess: NA },
    { number: 101, name: `${t.name}OnuId`, type: IDX, maxAccess: NA },
    ...(t.ani ? [{ number: 102, name: `${t.name}Ani`, type: IDX, maxAccess: NA }] : []),
  ];
  mib.registerProvider({
    name: t.name,
    type: snmp.MibProviderType.Table,
    oid: t.entryOid,
    maxAccess: NA,
    tableColumns: [...index, ...t.columns.map((c) => ({ ...c, maxAccess: RO }))],
    tableIndex: index.map((c) => ({ columnName: c.name })),
  });
}

const rowIndex = (t: FakeTable, ifIndex: number, onuId: number) => [ifIndex, onuId, ...(t.ani ? [t.ani] : [])];

function counter64(value: bigint | number): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(value));
  return buf;
}

function registerIfMib(mib: Mib): void {
  mib.registerProvider({
    name: 'ifTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.2.2.1',
    maxAccess: NA,
    tableColumns: [
      // Huawei PON ifIndex values do not fit an Integer32 value, so the fake serves the index only in OIDs.
      { number: 1, name: 'ifIndex', type: IDX, maxAccess: NA },
      { number: 2, name: 'ifDescr', type: snmp.ObjectType.OctetString, maxAccess: RO },
      { number: 7, name: 'ifAdminStatus', type: snmp.ObjectType.Integer, maxAccess: RO },
      { number: 8, name: 'ifOperStatus', type: snmp.ObjectType.Integer, maxAccess: RO },
      { number: 10, name: 'ifInOctets', type: snmp.ObjectType.Counter32, maxAccess: RO },
      { number: 16, name: 'ifOutOctets', type: snmp.ObjectType.Counter32, maxAccess: RO },
    ],
    tableIndex: [{ columnName: 'ifIndex' }],
  });
  mib.registerProvider({
    name: 'ifXTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.31.1.1.1',
    maxAccess: NA,
    tableColumns: [
      { number: 1, name: 'ifName', type: snmp.ObjectType.OctetString, maxAccess: RO },
      { number: 6, name: 'ifHCInOctets', type: snmp.ObjectType.Counter64, maxAccess: RO },
      { number: 10, name: 'ifHCOutOctets', type: snmp.ObjectType.Counter64, maxAccess: RO },
      { number: 18, name: 'ifAlias', type: snmp.ObjectType.OctetString, maxAccess: RO },
    ],
    tableAugments: 'ifTable',
  });
}

function addInterface(mib: Mib, ifIndex: number, name: string, p: Omit<FakePonPort, 'port'>): void {
  const inOctets = BigInt(p.inOctets ?? 123456789);
  const outOctets = BigInt(p.outOctets ?? 987654321);
  const low32 = (n: bigint) => Number(n & 0xffffffffn);
  mib.addTableRow('ifTable', [ifIndex, name, p.adminStatus ?? 1, p.operStatus ?? 1, low32(inOctets), low32(outOctets)]);
  mib.addTableRow('ifXTable', [ifIndex, name, counter64(inOctets), counter64(outOctets), p.alias ?? '']);
}

export async function startFakeOlt(opts: FakeOltOptions): Promise<FakeOlt> {
  allowUint32SubIdentifiers();
  const vendor = VENDORS[opts.vendor];
  const community = opts.community ?? 'olt-read';
  const v3User: FakeV3User = { name: 'oltops', authProtocol: 'sha', authKey: 'auth-key-0001', privProtocol: 'aes', privKey: 'priv-key-0001' };
  const mib = snmp.createMib() as Mib;

  for (const [name, oid, value] of [
    ['sysDescr', '1.3.6.1.2.1.1.1', `Fake ${opts.vendor} OLT`],
    ['sysName', '1.3.6.1.2.1.1.5', opts.sysName ?? `fake-${opts.vendor}`],
  ] as const) {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: snmp.ObjectType.OctetString, maxAccess: RO });
    mib.setScalarValue(name, value);
  }

  registerIfMib(mib);
  const portSettings = new Map((opts.ports ?? []).map((p) => [p.port, p]));
  const ponPorts = [...new Set([...(opts.onus ?? []).map((o) => o.port), ...portSettings.keys()])];
  const interfaces = [...ponPorts.map((port) => ({ ifIndex: vendor.ifIndex(port), name: vendor.ifName(port), p: portSettings.get(port) ?? {} })), { ...vendor.uplink, p: {} }];
  // Rows in ifIndex order, as an agent walks them.
  for (const i of interfaces.sort((a, b) => a.ifIndex - b.ifIndex)) addInterface(mib, i.ifIndex, i.name, i.p);

  const onus = new Map<string, FakeOnu>();
  const key = (port: string, onuId: number) => `${port}#${onuId}`;
  for (const table of vendor.tables) registerOnuTable(mib, table);
  const sorted = [...(opts.onus ?? [])].sort((a, b) => vendor.ifIndex(a.port) - vendor.ifIndex(b.port) || a.onuId - b.onuId);
  for (const onu of sorted) {
    onus.set(key(onu.port, onu.onuId), { ...onu });
    for (const table of vendor.tables) {
      const cells = table.cells(onu);
      mib.addTableRow(table.name, [...rowIndex(table, vendor.ifIndex(onu.port), onu.onuId), ...table.columns.map((c) => cells[c.name])]);
    }
  }

  const started = await startAgent(mib, community, v3User);
  return {
    port: started.port,
    community,
    v3User,
    requests: started.requests,
    ifIndexOf: (port) => vendor.ifIndex(port),
    setOnu(port, onuId, patch) {
      const current = onus.get(key(port, onuId));
      if (!current) throw new Error(`the fake OLT has no ONU ${onuId} on ${port}`);
      const next = { ...current, ...patch, raw: { ...current.raw, ...patch.raw } };
      onus.set(key(port, onuId), next);
      for (const table of vendor.tables) {
        const cells = table.cells(next);
        for (const c of table.columns) mib.setTableSingleCell(table.name, c.number, rowIndex(table, vendor.ifIndex(port), onuId), cells[c.name]);
      }
    },
    setPort(port, patch) {
      if (!ponPorts.includes(port)) throw new Error(`the fake OLT has no PON port ${port}`);
      // ifTable columns 7 (ifAdminStatus) and 8 (ifOperStatus), indexed by the port's ifIndex.
      if (patch.adminStatus !== undefined) mib.setTableSingleCell('ifTable', 7, [vendor.ifIndex(port)], patch.adminStatus);
      if (patch.operStatus !== undefined) mib.setTableSingleCell('ifTable', 8, [vendor.ifIndex(port)], patch.operStatus);
    },
    close: started.close,
  };
}
