// Mesh satellites (EasyMesh agents) as a gateway reports them over TR-069. Two trees exist:
//  - Data Elements (TR-181 2.15+, EasyMesh R2): <root>.WiFi.DataElements.Network.Device.{n}, with
//    ID (AL MAC), ManufacturerModel and MultiAPDevice.Backhaul.{LinkType, Stats.SignalStrength};
//  - MultiAP (TR-181 2.13), which TP-Link gateways (XX230v, HX141) fill: <root>.WiFi.MultiAP.APDevice.{n}
//    with MACAddress, ProductClass, BackhaulLinkType, BackhaulSignalStrength and the vendor's
//    X_TP_IsController, X_TP_IPAddress, X_TP_Active.
// The controller (the gateway itself) is left out: only satellites are mesh nodes. A node listed in
// both trees appears once (by MAC, Data Elements first).
import { normalizeMac } from '../../../host/model/mac.ts';
import type { Host, MeshNode } from '../types.ts';
import { at, bool, instances, num, str, stripUndefined } from './doc.ts';
import type { DocNode } from './doc.ts';

/** "Wi-Fi", "IEEE 802.11ax", "Ethernet", "MoCA" → wifi | ethernet | moca | plc, else the text lower-cased. */
export function normalizeBackhaul(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.trim() || /^none$/i.test(v.trim())) return undefined;
  if (/wi-?fi|wlan|802\.11|wireless/i.test(v)) return 'wifi';
  if (/eth|wired|cable/i.test(v)) return 'ethernet';
  if (/moca/i.test(v)) return 'moca';
  if (/plc|powerline|1901/i.test(v)) return 'plc';
  return v.trim().toLowerCase();
}

/**
 * Backhaul signal in dBm. EasyMesh and TR-181 report RCPI (0…220, dBm = RCPI/2 − 110; 255 = not
 * measured); a negative value is already dBm.
 */
export function signalToDbm(v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v < 0) return v;
  if (v > 220) return undefined;
  return v / 2 - 110;
}

interface Candidate extends Omit<MeshNode, 'source' | 'name'> {
  /** ManufacturerModel / ProductClass: the name when the host table has none for the MAC. */
  model?: string;
  isController: boolean;
}

function fromDataElements(root: DocNode | undefined): Candidate[] {
  const network = at(root, 'WiFi.DataElements.Network') ?? at(root, 'DataElements.Network');
  const controller = normalizeMac(str(network, 'ControllerID'));
  return instances(at(network, 'Device')).flatMap(([, dev]) => {
    const mac = normalizeMac(str(dev, 'ID'));
    if (!mac) return [];
    const backhaul = normalizeBackhaul(str(dev, 'MultiAPDevice.Backhaul.LinkType'));
    const hasParent = !!str(dev, 'MultiAPDevice.Backhaul.BackhaulDeviceID') || !!str(dev, 'MultiAPDevice.Backhaul.BackhaulMACAddress');
    return [{
      mac,
      model: str(dev, 'ManufacturerModel'),
      backhaul,
      signalDbm: backhaul === 'wifi' ? signalToDbm(num(dev, 'MultiAPDevice.Backhaul.Stats.SignalStrength')) : undefined,
      isController: controller ? mac === controller : !backhaul && !hasParent,
    }];
  });
}

function fromMultiAp(root: DocNode | undefined): Candidate[] {
  return instances(at(root, 'WiFi.MultiAP.APDevice')).flatMap(([, dev]) => {
    const mac = normalizeMac(str(dev, 'MACAddress'));
    if (!mac) return [];
    const backhaul = normalizeBackhaul(str(dev, 'BackhaulLinkType'));
    const flagged = bool(dev, 'X_TP_IsController');
    return [{
      mac,
      model: str(dev, 'ProductClass'),
      ip: str(dev, 'X_TP_IPAddress'),
      backhaul,
      signalDbm: backhaul === 'wifi' ? signalToDbm(num(dev, 'BackhaulSignalStrength')) : undefined,
      active: bool(dev, 'X_TP_Active'),
      isController: flagged ?? !backhaul,
    }];
  });
}

/**
 * Satellites from both trees. The name is the host table's HostName for the node's MAC (what the
 * subscriber named it), else its model; a missing IP address is taken from the host table too.
 */
export function extractMesh(root: DocNode | undefined, hosts: Host[]): MeshNode[] {
  const byMac = new Map<string, Omit<Candidate, 'isController'>>();
  for (const { isController, ...node } of [...fromDataElements(root), ...fromMultiAp(root)]) {
    if (isController) continue;
    const seen = byMac.get(node.mac);
    byMac.set(node.mac, seen ? { ...stripUndefined(node), ...stripUndefined(seen) } : node);
  }
  const hostByMac = new Map(hosts.map((h) => [h.mac, h]));
  return [...byMac.values()].map(({ model, ...n }) => {
    const host = hostByMac.get(n.mac);
    return stripUndefined<MeshNode>({ mac: n.mac, name: host?.hostname ?? model, ip: n.ip ?? host?.ip, backhaul: n.backhaul, signalDbm: n.signalDbm, active: n.active, source: 'genieacs' });
  });
}
