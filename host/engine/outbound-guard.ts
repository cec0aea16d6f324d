// SSRF guard for the HTTP calls of nodes whose URLs the workflow author types (the HTTP Request node;
// see node-context.ts): private, loopback, link-local,
// CGNAT, unique-local, "this network" and cloud metadata addresses are refused unless the host's
// configuration allows them. The check runs on the address the socket connects to (a custom DNS
// lookup in the fetch dispatcher), so a name that resolves to a public address when checked and a
// private one when connecting (DNS rebinding) is still caught; IP literals and every redirect hop
// are checked before the request is sent.
// The policy is per process (config is per process); createHost sets it from its config.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  allowPrivate: boolean;
  /** CIDR ranges (v4/v6) or host names reachable even though private. */
  allowList: string[];
}

const BLOCKED_V4 = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const;
const BLOCKED_V6 = [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['64:ff9b::', 96], ['2002::', 16], ['ff00::', 8],
] as const;

const blocked = new BlockList();
for (const [a, bits] of BLOCKED_V4) blocked.addSubnet(a, bits, 'ipv4');
for (const [a, bits] of BLOCKED_V6) blocked.addSubnet(a, bits, 'ipv6');

/** An IPv4 address hidden in IPv6 (::ffff:a.b.c.d, ::a.b.c.d, also written in hex), else undefined. */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^::(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address is private, loopback, link-local, metadata or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const v4 = embeddedV4(bare);
  if (v4) return blocked.check(v4, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

let policy: OutboundPolicy = policyFromEnv(process.env);

/** The policy before any host configured one: the same settings read from the environment. */
export function policyFromEnv(env: NodeJS.ProcessEnv): OutboundPolicy {
  return {
    allowPrivate: env.GIGAFLOW_HTTP_ALLOW_PRIVATE === 'true',
    allowList: (env.GIGAFLOW_HTTP_ALLOW_LIST ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

export function setOutboundPolicy(next: OutboundPolicy): void {
  checkAllowList(next.allowList);
  policy = { allowPrivate: next.allowPrivate, allowList: [...next.allowList] };
  dispatcher = undefined;
}

// Node's fetch takes a `dispatcher` but Node does not export undici's Agent; the global
// dispatcher is one, so its constructor builds ours (undici is not a dependency of its own).
type DispatcherCtor = new (opts: { connect: { lookup: ReturnType<typeof guardedLookup> } }) => object;
let dispatcher: object | undefined;

/** The fetch dispatcher enforcing the policy at connect time, or undefined when private targets are allowed. */
export function guardedDispatcher(): object | undefined {
  if (policy.allowPrivate) return undefined;
  if (!dispatcher) {
    new Response(''); // loads Node's bundled undici, which installs its global Agent
    const global = (globalThis as Record<symbol, { constructor: DispatcherCtor } | undefined>)[Symbol.for('undici.globalDispatcher.1')];
    if (!global) throw new Error('SSRF guard: Node did not expose its fetch dispatcher');
    dispatcher = new global.constructor({ connect: { lookup: guardedLookup(policy) } });
  }
  return dispatcher;
}

export function outboundPolicy(): OutboundPolicy {
  return policy;
}

function checkAllowList(entries: string[]): void {
  for (const e of entries) {
    const [addr, prefix] = e.split('/');
    if (prefix === undefined) continue;
    const family = isIP(addr);
    const bits = Number(prefix);
    if (!family || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
      throw new Error(`GIGAFLOW_HTTP_ALLOW_LIST entry "${e}" is not a valid CIDR range`);
  }
}

function allowedByList(p: OutboundPolicy, hostname: string, address?: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const entry of p.allowList) {
    const [addr, prefix] = entry.split('/');
    if (prefix === undefined) {
      if (addr.toLowerCase() === name || (address !== undefined && addr === address)) return true;
      continue;
    }
    const family = isIP(addr);
    const candidate = address ?? name;
    const v4 = embeddedV4(candidate) ?? candidate;
    const cFamily = isIP(v4);
    if (!family || cFamily !== family) continue;
    const list = new BlockList();
    list.addSubnet(addr, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
    if (list.check(v4, family === 6 ? 'ipv6' : 'ipv4')) return true;
  }
  return false;
}

/** Raised when a request targets a refused address; `message` names the host and the setting. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'EBLOCKEDADDRESS';
  readonly hostname: string;
  readonly address: string;
  constructor(hostname: string, address: string) {
    const shown = hostname === address ? hostname : `${hostname} (${address})`;
    super(
      `${shown}: a private, loopback or link-local address is refused. ` +
        'Set GIGAFLOW_HTTP_ALLOW_PRIVATE=true or add it to GIGAFLOW_HTTP_ALLOW_LIST to allow it',
    );
    this.hostname = hostname;
    this.address = address;
  }
}

/** Throws BlockedAddressError when `url`'s host is an IP literal the policy refuses (names are checked at connect time). */
export function checkUrl(url: URL, p: OutboundPolicy = policy): void {
  if (p.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) return;
  if (isPrivateAddress(host) && !allowedByList(p, host, host)) throw new BlockedAddressError(host, host);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup for the fetch dispatcher that refuses names resolving to refused addresses. */
export function guardedLookup(p: OutboundPolicy) {
  return (hostname: string, options: LookupAllOptions | Record<string, unknown>, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...(options as object), all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, []);
      if (!p.allowPrivate) {
        for (const a of addresses) {
          if (isPrivateAddress(a.address) && !allowedByList(p, hostname, a.address))
            return callback(new BlockedAddressError(hostname, a.address) as NodeJS.ErrnoException, []);
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
