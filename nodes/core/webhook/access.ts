// Who may call a webhook: the IP allow-list (n8n's `options.ipWhitelist`) and the CORS origin
// answer (n8n's `options.allowedOrigins`). Pure functions, so the rules are testable on their own.
import { BlockList, isIP } from 'node:net';

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is the IPv4 address for matching. */
function unmap(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

export type AllowList = { ok: true; allows: (address: string | undefined) => boolean } | { ok: false; bad: string };

/**
 * Parses a comma-separated list of IPs and CIDR ranges (v4 or v6). An empty list allows everyone,
 * as in n8n. Entries are matched as addresses and ranges, not as substrings.
 */
export function parseAllowList(list: string): AllowList {
  const entries = list.split(',').map((e) => e.trim()).filter(Boolean);
  if (!entries.length) return { ok: true, allows: () => true };
  const blocks = new BlockList();
  for (const entry of entries) {
    const [addr, prefix, extra] = entry.split('/');
    const ip = unmap(addr);
    const family = isIP(ip);
    if (!family || extra !== undefined) return { ok: false, bad: entry };
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      blocks.addAddress(ip, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) return { ok: false, bad: entry };
    blocks.addSubnet(ip, bits, type);
  }
  return {
    ok: true,
    allows: (address) => {
      if (!address) return false;
      const ip = unmap(address);
      const family = isIP(ip);
      return family !== 0 && blocks.check(ip, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/**
 * The `Access-Control-Allow-Origin` value for a request, or undefined when the origin may not
 * read the answer. `*` (n8n's default) lets every origin read it: the request's own origin is
 * echoed, as n8n does, so credentialed requests work too. A list allows exactly its origins.
 */
export function allowedOrigin(allowedOrigins: string | undefined, origin: string | undefined): string | undefined {
  if (!origin) return undefined; // not a cross-origin browser request
  const setting = (allowedOrigins ?? '*').trim() || '*';
  if (setting === '*') return origin;
  const list = setting.split(',').map((o) => o.trim().replace(/\/+$/, ''));
  return list.includes(origin.replace(/\/+$/, '')) ? origin : undefined;
}
