// A TR-181 (`Device.`) GenieACS document → ModemView. Paths read are listed in README.md.
import type { ModemView, OpticalReading, Warning, WifiNetwork } from '../types.ts';
import { bandOfChannel, deviceInfo, extractHosts, firstBand, normalizeBand, normalizeBandwidth } from './common.ts';
import { absolute, at, bool, instances, instancesAt, num, refs, resolve, str, stripUndefined, value } from './doc.ts';
import type { DocNode } from './doc.ts';
import { extractMesh } from './mesh.ts';
import { checkedPower } from './optical.ts';
import type { PowerUnit } from './optical.ts';
import { tr181Interfaces } from './tr181-interfaces.ts';

const ROOT = 'Device';

const countInstances = (node: DocNode | undefined, path: string): number | undefined => {
  const obj = at(node, path);
  return obj ? instances(obj).length : undefined;
};

/** The AccessPoint serving an SSID: the one whose SSIDReference points at it, else the same instance number. */
function accessPointOf(root: DocNode, ssidPath: string, index: string): DocNode | undefined {
  const byRef = instances(at(root, 'WiFi.AccessPoint')).find(([, ap]) => refs(value(ap, 'SSIDReference')).some((r) => absolute(ROOT, r) === ssidPath));
  return byRef?.[1] ?? at(root, `WiFi.AccessPoint.${index}`);
}

/**
 * Clients on an SSID from the MultiAP tree, for gateways (TP-Link XX230v) that list associated
 * devices there rather than under AccessPoint: the MultiAP AP with the SSID's BSSID.
 */
function multiApClients(root: DocNode, bssid: string | undefined): number | undefined {
  if (!bssid) return undefined;
  for (const [, dev] of instances(at(root, 'WiFi.MultiAP.APDevice')))
    for (const [, radio] of instances(at(dev, 'Radio')))
      for (const [, ap] of instances(at(radio, 'AP')))
        if (str(ap, 'BSSID')?.toUpperCase() === bssid.toUpperCase()) return num(ap, 'AssociatedDeviceNumberOfEntries') ?? countInstances(ap, 'AssociatedDevice');
  return undefined;
}

/** WiFi.SSID.{i} + its Radio (LowerLayers) + its AccessPoint. */
function wifi(doc: DocNode, root: DocNode): WifiNetwork[] {
  return instancesAt(root, ROOT, 'WiFi.SSID').flatMap(({ index, path, node }) => {
    const ssid = str(node, 'SSID');
    const enabled = bool(node, 'Enable') ?? (str(node, 'Status') ? str(node, 'Status') === 'Up' : undefined);
    if (ssid === undefined && enabled === undefined) return []; // never fetched
    const radioRef = refs(value(node, 'LowerLayers')).find((r) => /WiFi\.Radio\.\d+$/.test(r));
    const radio = radioRef ? resolve(doc, ROOT, radioRef) : undefined;
    const ap = accessPointOf(root, path, index);
    const channel = num(radio, 'Channel');
    const clients = num(ap, 'AssociatedDeviceNumberOfEntries') ?? countInstances(ap, 'AssociatedDevice') ?? multiApClients(root, str(node, 'BSSID'));
    return [
      stripUndefined<WifiNetwork>({
        band: firstBand(normalizeBand(str(radio, 'OperatingFrequencyBand')), bandOfChannel(channel)),
        ssid: ssid ?? '',
        enabled: enabled ?? false,
        channel: channel && channel > 0 ? channel : undefined,
        bandwidth: normalizeBandwidth(str(radio, 'CurrentOperatingChannelBandwidth') ?? str(radio, 'OperatingChannelBandwidth')),
        clients: clients ?? 0,
        source: 'genieacs',
      }),
    ];
  });
}

/** Where each direction's power may be, most specific first: TP-Link's 0.1 µW values, then the standard dBm/1000. */
const OPTICAL_PATHS: { rx: [string, PowerUnit][]; tx: [string, PowerUnit][] } = {
  rx: [
    ['X_TP_GPON_Config.RXPower', '0.1uW'],
    ['OpticalSignalLevel', 'dBm/1000'],
  ],
  tx: [
    ['X_TP_GPON_Config.TXPower', '0.1uW'],
    ['TransmitOpticalLevel', 'dBm/1000'],
  ],
};

function optical(root: DocNode, warnings: Warning[]): OpticalReading[] {
  return instancesAt(root, ROOT, 'Optical.Interface').flatMap(({ path, node }) => {
    const read = (candidates: [string, PowerUnit][]) => {
      const hit = candidates.find(([p]) => num(node, p) !== undefined);
      if (!hit) return undefined;
      const r = checkedPower(num(node, hit[0]), hit[1], `GenieACS ${path}.${hit[0]}`, 'genieacs');
      if (r.warning) warnings.push(r.warning);
      return r.dbm;
    };
    const rx = read(OPTICAL_PATHS.rx);
    const tx = read(OPTICAL_PATHS.tx);
    if (rx === undefined && tx === undefined) return [];
    return [{ source: 'genieacs', direction: 'downstream', rxPowerDbm: rx ?? null, ...(tx !== undefined ? { txPowerDbm: tx } : {}) } satisfies OpticalReading];
  });
}

export function extractTr181(doc: DocNode): ModemView {
  const root = at(doc, ROOT) ?? {};
  const warnings: Warning[] = [];
  const hosts = extractHosts(at(root, 'Hosts'));
  return {
    dataModel: 'TR-181',
    info: deviceInfo(root),
    interfaces: tr181Interfaces(doc),
    wifi: wifi(doc, root),
    hosts,
    mesh: extractMesh(root, hosts),
    optical: optical(root, warnings),
    warnings,
  };
}
