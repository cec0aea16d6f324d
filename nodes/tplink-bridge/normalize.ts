// The modem's raw objects (string-valued attributes, as the firmware sends them) turned into the
// normalised TP-Link item the Device Diagnostic node merges (nodes/diagnostics/classify.ts,
// BridgeItem). Pure: no I/O, so the unit tests feed it captured objects.

export type Raw = Record<string, unknown>;

export interface BridgeWifi {
  band: string;
  ssid: string;
  channel?: number;
  enabled: boolean;
  clients: number;
  bandwidth?: string;
  autoChannel?: boolean;
  standards?: string;
  guestEnabled?: boolean;
}
export interface BridgeHost {
  mac: string;
  ip?: string;
  hostname?: string;
  interface?: string;
  active: boolean;
}
export interface BridgeMeshAgent {
  mac: string;
  name?: string;
  ip?: string;
  backhaul?: string;
  /** The firmware's own word ("wired", "2.4G", "5G"). */
  backhaulLink?: string;
  signalDbm?: number;
  active?: boolean;
  model?: string;
}
export interface BridgeWan {
  status: string;
  ip?: string;
  type?: string;
  name?: string;
  enabled?: boolean;
  gateway?: string;
  dnsServers?: string[];
}
export interface BridgeOptical {
  rxPowerDbm: number | null;
  txPowerDbm: number | null;
  /** The firmware's values, 0.1 µW. */
  rxPowerRaw?: number;
  txPowerRaw?: number;
  status?: string;
}
export interface DeviceInfo {
  model?: string;
  firmware?: string;
  hardwareVersion?: string;
  serialNumber?: string;
  manufacturer?: string;
  uptimeSeconds?: number;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const int = (v: unknown): number | undefined => {
  const s = text(v);
  const n = s === undefined ? Number.NaN : Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const flag = (v: unknown): boolean | undefined => {
  const s = text(v)?.toLowerCase();
  if (s === undefined) return undefined;
  if (['1', 'true', 'on', 'enabled', 'up', 'yes'].includes(s)) return true;
  if (['0', 'false', 'off', 'disabled', 'down', 'no'].includes(s)) return false;
  return undefined;
};
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Raw[]) : v && typeof v === 'object' ? [v as Raw] : []);
const one = (v: unknown): Raw => list(v)[0] ?? {};
/** Drops undefined fields so the JSON stays small and stable. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff, aabbccddeeff → AA:BB:CC:DD:EE:FF; anything else as given. */
export function normalizeMac(v: unknown): string | undefined {
  const s = text(v);
  if (!s) return undefined;
  const hex = s.replace(/[^0-9a-f]/gi, '');
  return hex.length === 12 ? hex.toUpperCase().match(/../g)!.join(':') : s;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 0.1 µW → dBm: 10·log10(v·0.0001) (1 mW = 10,000 × 0.1 µW), rounded to 0.01; no power → null. */
export function tenthMicrowattToDbm(v: unknown): number | null {
  const n = int(v);
  return n !== undefined && n > 0 ? round2(10 * Math.log10(n * 0.0001)) : null;
}

/** "2.4GHz", "2.4G", "2g", "5 GHz" → 2.4GHz / 5GHz / 6GHz; else the text. */
export function normalizeBand(v: unknown): string {
  const s = text(v) ?? '';
  if (/^2(\.4)?\s*g/i.test(s)) return '2.4GHz';
  if (/^5\s*g/i.test(s)) return '5GHz';
  if (/^6\s*g/i.test(s)) return '6GHz';
  return s || 'unknown';
}

export function deviceInfo(raw: unknown): DeviceInfo {
  const d = one(raw);
  return compact({
    model: text(d.modelName),
    firmware: text(d.softwareVersion),
    hardwareVersion: text(d.hardwareVersion),
    serialNumber: text(d.serialNumber),
    manufacturer: text(d.manufacturer),
    uptimeSeconds: int(d.upTime),
  });
}

/** One entry per SSID; the radio of the same band gives what the SSID lacks and must be on too. */
export function wifi(ssids: unknown, radios: unknown, common?: unknown): BridgeWifi[] {
  const radioByBand = new Map(list(radios).map((r) => [normalizeBand(r.band), r]));
  const commons = list(common);
  return list(ssids).map((s, i) => {
    const band = normalizeBand(s.band);
    const radio = radioByBand.get(band) ?? {};
    const radioOn = flag(radio.enable);
    return compact({
      band,
      ssid: text(s.SSID) ?? '',
      channel: int(s.channel) ?? int(radio.channel),
      enabled: (flag(s.enable) ?? false) && radioOn !== false,
      clients: int(s.clients) ?? 0,
      bandwidth: text(s.operatingChannelBandwidth) ?? text(radio.operatingChannelBandwidth),
      autoChannel: flag(radio.autoChannelEnable),
      standards: text(radio.operatingStandards),
      guestEnabled: flag(commons[i]?.guestEnable),
    });
  });
}

/** X_TP_LanConnType codes (tplinkrouterc6u's mapping) to words. */
const LAN_CONN: Record<string, string> = { '0': 'wired', '1': '2.4GHz', '2': '2.4GHz guest', '3': '5GHz', '4': '5GHz guest' };

export function hosts(raw: unknown): BridgeHost[] {
  return list(raw).flatMap((h) => {
    const mac = normalizeMac(h.physAddress);
    if (!mac) return [];
    const conn = text(h.X_TP_LanConnType);
    return [compact({ mac, ip: text(h.IPAddress), hostname: text(h.hostName), interface: conn === undefined ? undefined : (LAN_CONN[conn] ?? conn), active: flag(h.active) ?? false })];
  });
}

/** "wired" → ethernet, "2.4G"/"5G"/"6G" → wifi (the words the Device Diagnostic uses). */
function backhaul(v: unknown): string | undefined {
  const s = text(v);
  if (!s) return undefined;
  if (/wired|eth|cable/i.test(s)) return 'ethernet';
  if (/^(2\.4|5|6)\s*g|wi-?fi|wireless|wlan/i.test(s)) return 'wifi';
  return s.toLowerCase();
}

export function mesh(raw: unknown): BridgeMeshAgent[] {
  return list(raw).flatMap((m) => {
    const mac = normalizeMac(m.mac);
    if (!mac) return [];
    const link = backhaul(m.backhaul);
    return [compact({ mac, name: text(m.name), ip: text(m.ip), backhaul: link, backhaulLink: text(m.backhaul), signalDbm: link === 'wifi' ? int(m.signalDbm) : undefined, active: flag(m.active), model: text(m.model) })];
  });
}

/** Every WAN, as the Device Diagnostic's wan shape plus the details. */
export function wans(raw: unknown): BridgeWan[] {
  return list(raw).map((w) =>
    compact({
      status: text(w.connStatusV4) ?? 'unknown',
      ip: text(w.connIPv4Address),
      type: text(w.connType),
      name: text(w.name),
      enabled: flag(w.enable),
      gateway: text(w.connIPv4Gateway),
      dnsServers: text(w.dnsServers)?.split(/[,\s]+/).filter(Boolean),
    }),
  );
}

/**
 * The internet WAN: the first enabled entry (the firmware lists the internet connection first;
 * IPTV/VoIP connections follow). Not "the first connected one": a connected IPTV WAN must not hide
 * a disconnected internet WAN.
 */
export function mainWan(all: BridgeWan[]): BridgeWan | undefined {
  return all.find((w) => w.enabled !== false) ?? all[0];
}

export function optical(raw: unknown): BridgeOptical {
  const o = one(raw);
  return compact({ rxPowerDbm: tenthMicrowattToDbm(o.RXPower), txPowerDbm: tenthMicrowattToDbm(o.TXPower), rxPowerRaw: int(o.RXPower), txPowerRaw: int(o.TXPower), status: text(o.status) });
}
