// Where a modem password may be typed. A per-item (or per-request) modem address can come from
// data a device reports (GenieACS's ConnectionRequestURL), which a CPE could spoof: the shared
// admin password must only go to addresses on the operator's management network. Pure functions.
import { BridgeError } from './errors.ts';

/** Parses "a.b.c.d" into a 32-bit unsigned number, or null when it is not a dotted IPv4 address. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Whether an IPv4 address lies in a CIDR ("10.64.0.0/10") or equals a single address. */
export function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText, ...rest] = cidr.split('/');
  const addr = parseIpv4(ip);
  const net = parseIpv4(base ?? '');
  if (addr === null || net === null || rest.length) return false;
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= 32)) return false;
  if (bits === 0) return true;
  const size = 2 ** (32 - bits); // arithmetic, not bit operators: they are signed 32-bit in JS
  return Math.floor(addr / size) === Math.floor(net / size);
}

/** "10.64.0.0/10, 192.168.1.1 ,modem.lan" → its entries (empty ones dropped). */
export const parseAllowedNetworks = (list: unknown): string[] =>
  String(list ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** The host of a modem address ("http://10.1.2.3:8080/", "10.1.2.3", "[::1]"), lower case, no port or brackets. */
export function hostOf(address: unknown): string | null {
  const text = String(address ?? '').trim();
  if (!text) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/**
 * Whether `host` is allowed: an IPv4 address inside one of the entries (CIDRs or single
 * addresses), or any host (name, IPv6) listed literally. WHATWG URL parsing has already turned
 * "0x7f.1" or "2130706433" into dotted IPv4, so those cannot slip past as "names".
 */
export function hostAllowed(host: string, allowed: string[]): boolean {
  const h = host.toLowerCase();
  if (parseIpv4(h) !== null) return allowed.some((entry) => ipv4InCidr(h, entry));
  return allowed.some((entry) => entry.replace(/^\[|\]$/g, '') === h);
}

/**
 * Checks a per-item address against the allowed networks. The credential's own host is always
 * allowed (it was typed by whoever holds the password); an empty list allows only that host.
 */
export function checkModemAddress(address: string, allowedNetworks: unknown, credentialAddress: unknown, parameter = 'modemAddress'): void {
  const host = hostOf(address);
  if (host === null) throw new BridgeError('bad_request', `"${address}" is not a modem address`, { parameter, description: 'Use an IP address or URL, e.g. 10.64.1.2 or http://10.64.1.2:8080.' });
  const own = hostOf(credentialAddress);
  const allowed = [...parseAllowedNetworks(allowedNetworks), ...(own ? [own] : [])];
  if (hostAllowed(host, allowed)) return;
  const list = parseAllowedNetworks(allowedNetworks);
  throw new BridgeError('bad_request', `The modem address "${address}" is outside the allowed networks (${list.length ? list.join(', ') : `only the credential's own address ${own ?? ''}`.trim()})`, {
    parameter,
    description: 'The modem password is only typed into modems on the management network. Add the network (CIDR) or host to "Allowed Networks" in the TP-Link Modem credential if this address is really one of your modems.',
  });
}
