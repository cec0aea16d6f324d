// Combining the sources. Hosts and mesh nodes have an identity (their MAC): one entry each, the
// preferred source's values first and the others filling what it lacks (`source` names the
// preferred one). Wi-Fi networks have none (an SSID can change between two reads), so each source's
// networks are kept, the bridge's first. The bridge (a live read of the modem's own UI) is preferred
// over GenieACS (as fresh as the last inform); OLT readings come first in opticalStatus.
import type { BridgeItem, OltItem } from './classify.ts';
import { normalizeBand } from './extract/common.ts';
import { stripUndefined } from './extract/doc.ts';
import { normalizeBackhaul } from './extract/mesh.ts';
import { checkedPower } from './extract/optical.ts';
import { normalizeMac } from '../../host/model/mac.ts';
import { opticalLevel } from './thresholds.ts';
import type { Thresholds } from './thresholds.ts';
import type { Host, MeshNode, ModemView, NetInterface, OpticalReading, OpticalStatus, Warning, WifiNetwork } from './types.ts';

const BRIDGE = 'tplink-bridge' as const;
const OLT = 'olt-snmp' as const;

/** Entries by MAC: the first list's entries win field by field; later lists fill gaps or add new MACs. */
export function mergeByMac<T extends { mac: string }>(...lists: T[][]): T[] {
  const byMac = new Map<string, T>();
  for (const list of lists)
    for (const entry of list) {
      const seen = byMac.get(entry.mac);
      byMac.set(entry.mac, seen ? ({ ...stripUndefined(entry), ...stripUndefined(seen) } as T) : entry);
    }
  return [...byMac.values()];
}

export const normalizeConnectionType = (v: unknown): NetInterface['connectionType'] => {
  const s = typeof v === 'string' ? v : '';
  if (/ppp/i.test(s)) return 'pppoe';
  if (/dhcp|dynamic/i.test(s)) return 'dhcp';
  if (/static|fixed/i.test(s)) return 'static';
  return undefined;
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const numOrUndef = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

interface BridgeView {
  wifi: WifiNetwork[];
  hosts: Host[];
  mesh: MeshNode[];
  interfaces: NetInterface[];
  optical: OpticalReading[];
}

export function bridgeView(item: BridgeItem, warnings: Warning[]): BridgeView {
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  const wifi = list(item.wifi).map((w) =>
    stripUndefined<WifiNetwork>({
      band: normalizeBand(w.band),
      ssid: str(w.ssid) ?? '',
      enabled: w.enabled ?? false,
      channel: numOrUndef(w.channel),
      bandwidth: str(w.bandwidth),
      clients: numOrUndef(w.clients) ?? 0,
      source: BRIDGE,
    }),
  );
  const hosts = list(item.hosts).flatMap((h) => {
    const mac = normalizeMac(h.mac);
    return mac ? [stripUndefined<Host>({ mac, ip: str(h.ip), hostname: str(h.hostname), interface: str(h.interface), active: typeof h.active === 'boolean' ? h.active : undefined, source: BRIDGE })] : [];
  });
  const mesh = list(item.mesh).flatMap((m) => {
    const mac = normalizeMac(m.mac);
    return mac ? [stripUndefined<MeshNode>({ mac, name: str(m.name), ip: str(m.ip), backhaul: normalizeBackhaul(m.backhaul), signalDbm: numOrUndef(m.signalDbm), source: BRIDGE })] : [];
  });
  const interfaces = item.wan
    ? [stripUndefined<NetInterface>({ name: 'WAN', type: 'wan', status: str(item.wan.status) ?? 'unknown', ipAddress: str(item.wan.ip), connectionType: normalizeConnectionType(item.wan.type), source: BRIDGE })]
    : [];
  const optical: OpticalReading[] = [];
  if (item.optical) {
    const rx = checkedPower(item.optical.rxPowerDbm, 'dBm', 'TP-Link bridge optical.rxPowerDbm', BRIDGE);
    const tx = checkedPower(item.optical.txPowerDbm, 'dBm', 'TP-Link bridge optical.txPowerDbm', BRIDGE);
    for (const r of [rx, tx]) if (r.warning) warnings.push(r.warning);
    optical.push({ source: BRIDGE, direction: 'downstream', rxPowerDbm: rx.dbm, ...(item.optical.txPowerDbm !== undefined ? { txPowerDbm: tx.dbm } : {}) });
  }
  return { wifi, hosts, mesh, interfaces, optical };
}

/** An OLT item's readings: the ONU's receive (downstream, with the ONU's transmit) and the OLT's receive of it (upstream). */
export function oltReadings(item: OltItem, warnings: Warning[]): OpticalReading[] {
  const where = stripUndefined({ ponPort: str(item.ponPort), onuId: numOrUndef(item.onuId), olt: str(item.olt) });
  const label = `OLT ${item.olt ?? '?'} ONU ${item.ponPort ?? '?'}:${item.onuId ?? '?'}`;
  const power = (field: 'rxPowerDbm' | 'txPowerDbm' | 'oltRxPowerDbm') => {
    if (!(field in item)) return undefined;
    const r = checkedPower(item[field], 'dBm', `${label} ${field}`, OLT);
    if (r.warning) warnings.push(r.warning);
    return r.dbm;
  };
  const rx = power('rxPowerDbm');
  const tx = power('txPowerDbm');
  const oltRx = power('oltRxPowerDbm');
  const out: OpticalReading[] = [];
  if (rx !== undefined || tx !== undefined) out.push({ source: OLT, direction: 'downstream', rxPowerDbm: rx ?? null, ...(tx !== undefined ? { txPowerDbm: tx } : {}), ...where });
  if (oltRx !== undefined) out.push({ source: OLT, direction: 'upstream', rxPowerDbm: oltRx, ...where });
  return out;
}

/** One reading per OLT, PON port, ONU and direction: a later item (a re-read) replaces an earlier one. */
function dedupeOlt(readings: OpticalReading[]): OpticalReading[] {
  const byKey = new Map<string, OpticalReading>();
  for (const r of readings) byKey.set(JSON.stringify([r.olt, r.ponPort, r.onuId, r.direction]), r);
  return [...byKey.values()];
}

export interface Sources {
  modem?: ModemView;
  olt: OltItem[];
  bridges: BridgeItem[];
}

export interface Merged {
  interfaces: NetInterface[];
  wifi: WifiNetwork[];
  mesh: MeshNode[];
  hosts: Host[];
  opticalStatus: OpticalStatus[];
}

export function mergeSources({ modem, olt, bridges }: Sources, t: Thresholds, warnings: Warning[]): Merged {
  const bridge = bridges.map((b) => bridgeView(b, warnings));
  const oltOptical = dedupeOlt(olt.flatMap((o) => oltReadings(o, warnings)));
  const readings = [...oltOptical, ...(modem?.optical ?? []), ...bridge.flatMap((b) => b.optical)];
  return {
    interfaces: [...(modem?.interfaces ?? []), ...bridge.flatMap((b) => b.interfaces)],
    wifi: [...bridge.flatMap((b) => b.wifi), ...(modem?.wifi ?? [])],
    mesh: mergeByMac(...bridge.map((b) => b.mesh), modem?.mesh ?? []),
    hosts: mergeByMac(...bridge.map((b) => b.hosts), modem?.hosts ?? []),
    opticalStatus: readings.map((r) => ({ ...r, level: opticalLevel(r.rxPowerDbm, t) })),
  };
}
