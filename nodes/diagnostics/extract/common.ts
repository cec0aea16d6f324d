// The parts TR-098 and TR-181 share: DeviceInfo, the Hosts table, and Wi-Fi band inference.
import { normalizeMac } from '../../../host/model/mac.ts';
import type { Band, Host, ModemView } from '../types.ts';
import { at, bool, instances, num, str, stripUndefined } from './doc.ts';
import type { DocNode } from './doc.ts';

/** <root>.DeviceInfo.{SerialNumber, Manufacturer, ManufacturerOUI, ProductClass, ModelName, SoftwareVersion, UpTime}. */
export function deviceInfo(root: DocNode | undefined): ModemView['info'] {
  const info = at(root, 'DeviceInfo');
  return stripUndefined({
    serialNumber: str(info, 'SerialNumber'),
    manufacturer: str(info, 'Manufacturer'),
    oui: str(info, 'ManufacturerOUI'),
    productClass: str(info, 'ProductClass'),
    model: str(info, 'ModelName'),
    firmware: str(info, 'SoftwareVersion'),
    uptimeSeconds: num(info, 'UpTime'),
  });
}

/**
 * Hosts.Host.{n}: MACAddress (TR-098) or PhysAddress (TR-181), IPAddress, HostName, Active, and the
 * interface as the CPE names it: InterfaceType ("Ethernet", "802.11"), TP-Link's X_TP_LanConnType, or
 * the Layer1Interface / Layer2Interface path. Entries repeating a MAC collapse into one, the
 * active entry's values first.
 */
export function extractHosts(hostsNode: DocNode | undefined): Host[] {
  const byMac = new Map<string, Host>();
  for (const [, h] of instances(at(hostsNode, 'Host'))) {
    const mac = normalizeMac(str(h, 'MACAddress') ?? str(h, 'PhysAddress'));
    if (!mac) continue;
    const host: Host = stripUndefined({
      mac,
      ip: str(h, 'IPAddress'),
      hostname: str(h, 'HostName'),
      interface: str(h, 'InterfaceType') ?? str(h, 'X_TP_LanConnType') ?? str(h, 'Layer1Interface') ?? str(h, 'Layer2Interface'),
      active: bool(h, 'Active'),
      source: 'genieacs' as const,
    });
    const seen = byMac.get(mac);
    if (!seen) byMac.set(mac, host);
    else byMac.set(mac, host.active && !seen.active ? { ...seen, ...host } : { ...host, ...seen });
  }
  return [...byMac.values()];
}

/** "2.4GHz", "2.4G", "2g", "5 GHz", "wifi-5g", "6GHz" → the contract's band names. */
export function normalizeBand(v: unknown): Band {
  const s = String(v ?? '').toLowerCase().replace(/\s+/g, '');
  if (/(^|[^\d.])2\.?4|(^|[^\d])2g/.test(s)) return '2.4GHz';
  if (/(^|[^\d.])5(ghz|g|$)/.test(s)) return '5GHz';
  if (/(^|[^\d.])6(ghz|g|$|e)/.test(s)) return '6GHz';
  return 'unknown';
}

/** The band a channel number belongs to where it is unambiguous (2.4 GHz: 1–14, 5 GHz: 32–177). */
export function bandOfChannel(channel: number | undefined): Band {
  if (!channel || channel < 1) return 'unknown';
  if (channel <= 14) return '2.4GHz';
  if (channel >= 32 && channel <= 177) return '5GHz';
  return 'unknown';
}

/** TR-098 Standard ("b,g,n", "a,n,ac", "ax"): 'a'/'ac' mean 5 GHz, 'b'/'g' 2.4 GHz; 'n' and 'ax' alone say nothing. */
export function bandOfStandard(standard: string | undefined): Band {
  const parts = (standard ?? '').toLowerCase().split(/[\s,/]+/);
  if (parts.includes('a') || parts.includes('ac')) return '5GHz';
  if (parts.includes('b') || parts.includes('g')) return '2.4GHz';
  return 'unknown';
}

/** The first band that is not unknown. */
export const firstBand = (...bands: Band[]): Band => bands.find((b) => b !== 'unknown') ?? 'unknown';

/** "80 MHz", "80mhz" → "80MHz"; "Auto" and vendor words are kept as the CPE says them. */
export const normalizeBandwidth = (v: string | undefined): string | undefined => (v ? v.replace(/\s+/g, '').replace(/mhz$/i, 'MHz') : undefined);
