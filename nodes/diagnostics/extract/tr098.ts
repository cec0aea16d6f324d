// A TR-098 (`InternetGatewayDevice.`) GenieACS document → ModemView. Paths read are listed in README.md.
import type { ModemView, NetInterface, OpticalReading, Warning, WifiNetwork } from '../types.ts';
import { bandOfChannel, bandOfStandard, deviceInfo, extractHosts, firstBand, normalizeBand, normalizeBandwidth } from './common.ts';
import { at, bool, instances, instancesAt, num, str, stripUndefined } from './doc.ts';
import type { DocNode } from './doc.ts';
import { extractMesh } from './mesh.ts';
import { checkedPower } from './optical.ts';
import type { PowerUnit } from './optical.ts';

const ROOT = 'InternetGatewayDevice';

/** Vendor PON objects, their RX/TX parameter names and unit (integration-apis.md §2.7; all dBm as text). */
const PON_OBJECTS: { under: 'WANDevice' | 'root'; object: string; rx: string; tx: string; unit: PowerUnit }[] = [
  { under: 'WANDevice', object: 'X_ZTE-COM_WANPONInterfaceConfig', rx: 'RXPower', tx: 'TXPower', unit: 'dBm' },
  { under: 'WANDevice', object: 'GponInterfaceConfig', rx: 'RXPower', tx: 'TXPower', unit: 'dBm' },
  // Huawei HG8245H and Intelbras firmwares spell it "Interafce".
  { under: 'WANDevice', object: 'X_GponInterafceConfig', rx: 'RXPower', tx: 'TXPower', unit: 'dBm' },
  // Nokia (ALCL) ONTs.
  { under: 'root', object: 'X_ALU_COM.OntOpticalParam', rx: 'RxPower', tx: 'TxPower', unit: 'dBm' },
];

interface PonObject {
  path: string;
  node: DocNode;
  rx: string;
  tx: string;
  unit: PowerUnit;
}

/** The PON objects this document has, WANDevice by WANDevice, then the root-level ones. */
function ponObjects(root: DocNode): PonObject[] {
  const bases = [...instancesAt(root, ROOT, 'WANDevice').map((wd) => ({ under: 'WANDevice', ...wd })), { under: 'root', path: ROOT, node: root }];
  return bases.flatMap((base) =>
    PON_OBJECTS.filter((p) => p.under === base.under).flatMap((p) => {
      const node = at(base.node, p.object);
      return node ? [{ path: `${base.path}.${p.object}`, node, rx: p.rx, tx: p.tx, unit: p.unit }] : [];
    }),
  );
}

const address = (ip: string | undefined) => (ip && ip !== '0.0.0.0' ? ip : undefined);

/** WANDevice.{d}.WANConnectionDevice.{j}.WANIPConnection.{k} and .WANPPPConnection.{k}. */
function wanConnections(root: DocNode): NetInterface[] {
  const out: NetInterface[] = [];
  for (const wd of instancesAt(root, ROOT, 'WANDevice'))
    for (const cd of instancesAt(wd.node, wd.path, 'WANConnectionDevice'))
      for (const kind of ['WANIPConnection', 'WANPPPConnection'] as const)
        for (const { path, node } of instancesAt(cd.node, cd.path, kind)) {
          const status = str(node, 'ConnectionStatus');
          const ip = address(str(node, 'ExternalIPAddress'));
          if (status === undefined && ip === undefined && str(node, 'Name') === undefined) continue; // never fetched
          const addressing = str(node, 'AddressingType');
          out.push(
            stripUndefined<NetInterface>({
              name: str(node, 'Name') ?? path,
              type: 'wan',
              status: status ?? 'unknown',
              ipAddress: ip,
              macAddress: str(node, 'MACAddress'),
              connectionType: kind === 'WANPPPConnection' ? 'pppoe' : addressing && /dhcp/i.test(addressing) ? 'dhcp' : addressing && /static/i.test(addressing) ? 'static' : undefined,
              username: kind === 'WANPPPConnection' ? str(node, 'Username') : undefined,
              source: 'genieacs',
            }),
          );
        }
  return out;
}

function ponInterfaces(root: DocNode): NetInterface[] {
  return ponObjects(root).map(({ path, node }) => stripUndefined<NetInterface>({ name: path, type: 'pon', status: str(node, 'Status') ?? 'unknown', source: 'genieacs' }));
}

/** LANDevice.{l}: Ethernet ports, the LAN IP interface, and the WLANConfigurations as wifi interfaces. */
function lanInterfaces(root: DocNode): NetInterface[] {
  const out: NetInterface[] = [];
  for (const ld of instancesAt(root, ROOT, 'LANDevice')) {
    for (const { path, node } of instancesAt(ld.node, ld.path, 'LANEthernetInterfaceConfig'))
      out.push(stripUndefined<NetInterface>({ name: str(node, 'Name') ?? path, type: 'lan', status: str(node, 'Status') ?? 'unknown', macAddress: str(node, 'MACAddress'), source: 'genieacs' }));
    for (const { path, node } of instancesAt(ld.node, ld.path, 'LANHostConfigManagement.IPInterface')) {
      const enabled = bool(node, 'Enable');
      out.push(
        stripUndefined<NetInterface>({
          name: path,
          type: 'lan',
          status: enabled === undefined ? 'unknown' : enabled ? 'Enabled' : 'Disabled',
          ipAddress: address(str(node, 'IPInterfaceIPAddress')),
          source: 'genieacs',
        }),
      );
    }
    for (const { path, node } of instancesAt(ld.node, ld.path, 'WLANConfiguration'))
      out.push(stripUndefined<NetInterface>({ name: str(node, 'Name') ?? path, type: 'wifi', status: str(node, 'Status') ?? 'unknown', macAddress: str(node, 'BSSID'), source: 'genieacs' }));
  }
  return out;
}

/** LANDevice.{l}.WLANConfiguration.{i}: band from OperatingFrequencyBand, else the channel, else Standard. */
function wifi(root: DocNode): WifiNetwork[] {
  return instancesAt(root, ROOT, 'LANDevice').flatMap((ld) =>
    instancesAt(ld.node, ld.path, 'WLANConfiguration').flatMap(({ node }) => {
      const ssid = str(node, 'SSID');
      const enabled = bool(node, 'Enable');
      if (ssid === undefined && enabled === undefined) return []; // never fetched
      const channel = num(node, 'Channel');
      const associated = at(node, 'AssociatedDevice');
      return [
        stripUndefined<WifiNetwork>({
          band: firstBand(normalizeBand(str(node, 'OperatingFrequencyBand')), bandOfChannel(channel), bandOfStandard(str(node, 'Standard'))),
          ssid: ssid ?? '',
          enabled: enabled ?? false,
          channel: channel && channel > 0 ? channel : undefined,
          bandwidth: normalizeBandwidth(str(node, 'OperatingChannelBandwidth')),
          clients: num(node, 'TotalAssociations') ?? (associated ? instances(associated).length : 0),
          source: 'genieacs',
        }),
      ];
    }),
  );
}

function optical(root: DocNode, warnings: Warning[]): OpticalReading[] {
  return ponObjects(root).flatMap(({ path, node, rx: rxParam, tx: txParam, unit }) => {
    const read = (param: string) => {
      const raw = num(node, param);
      if (raw === undefined) return undefined;
      const r = checkedPower(raw, unit, `GenieACS ${path}.${param}`, 'genieacs');
      if (r.warning) warnings.push(r.warning);
      return r.dbm;
    };
    const rx = read(rxParam);
    const tx = read(txParam);
    if (rx === undefined && tx === undefined) return [];
    return [{ source: 'genieacs', direction: 'downstream', rxPowerDbm: rx ?? null, ...(tx !== undefined ? { txPowerDbm: tx } : {}) } satisfies OpticalReading];
  });
}

export function extractTr098(doc: DocNode): ModemView {
  const root = at(doc, ROOT) ?? {};
  const warnings: Warning[] = [];
  const hosts = instancesAt(root, ROOT, 'LANDevice').flatMap(({ node }) => extractHosts(at(node, 'Hosts')));
  return {
    dataModel: 'TR-098',
    info: deviceInfo(root),
    interfaces: [...ponInterfaces(root), ...wanConnections(root), ...lanInterfaces(root)],
    wifi: wifi(root),
    hosts,
    mesh: extractMesh(root, hosts),
    optical: optical(root, warnings),
    warnings,
  };
}
