// API authentication: an `X-Api-Key` checked against storage, or — only when the TCP peer is a
// configured trusted proxy (e.g. Traefik with Authentik ForwardAuth) — the identity header the
// proxy sets. The socket address is used, never X-Forwarded-For, so a client cannot claim to be
// the proxy.
import { BlockList, isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import type { ApiKeyRepository } from '../../storage/storage.ts';
import { sendError } from './errors.ts';

export type Identity = { kind: 'apiKey'; keyId: string; name: string } | { kind: 'proxy'; user: string };

export interface AuthOptions {
  apiKeys: Pick<ApiKeyRepository, 'verify'>;
  /** IP addresses or CIDR ranges (v4 or v6); `localhost` stands for 127.0.0.1 and ::1. */
  trustedProxies: string[];
  /** Header name, any case (default `x-authentik-email`). */
  identityHeader?: string;
}

function normalize(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** A predicate telling whether a socket address belongs to the trusted list. Throws on a malformed entry. */
export function trustedAddressMatcher(entries: string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  let any = false;
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const expanded = raw.toLowerCase() === 'localhost' ? ['127.0.0.1', '::1'] : [raw];
    for (const entry of expanded) {
      const [addr, prefix] = entry.split('/');
      const family = isIP(normalize(addr));
      if (!family) throw new Error(`Trusted proxy "${raw}" is not an IP address or CIDR range`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (prefix !== undefined) {
        const bits = Number(prefix);
        if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) throw new Error(`Trusted proxy "${raw}" has an invalid prefix length`);
        list.addSubnet(normalize(addr), bits, type);
      } else {
        list.addAddress(normalize(addr), type);
      }
      any = true;
    }
  }
  return (address) => {
    if (!any || !address) return false;
    const a = normalize(address);
    const family = isIP(a);
    if (!family) return false;
    return list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * Browsers' EventSource cannot send headers, so the event stream alone also takes `?apiKey=`.
 * No other route does: a key in a URL ends up in logs and history.
 */
function sseQueryKey(req: Request): string | undefined {
  if (req.method !== 'GET' || `${req.baseUrl}${req.path}` !== '/api/v1/events') return undefined;
  const q = req.query.apiKey;
  return typeof q === 'string' ? q : undefined;
}

/** Sets `res.locals.identity` or answers 401 JSON. */
export function apiAuth(opts: AuthOptions): RequestHandler {
  const isTrusted = trustedAddressMatcher(opts.trustedProxies);
  const identityHeader = (opts.identityHeader ?? 'x-authentik-email').toLowerCase();
  return async (req, res, next) => {
    const identity = req.headers[identityHeader];
    if (typeof identity === 'string' && identity.trim() && isTrusted(req.socket.remoteAddress)) {
      res.locals.identity = { kind: 'proxy', user: identity.trim() } satisfies Identity;
      next();
      return;
    }
    const key = req.headers['x-api-key'] ?? sseQueryKey(req);
    if (typeof key !== 'string' || !key) {
      sendError(res, 401, { error: 'unauthorized', message: 'Missing X-Api-Key header' });
      return;
    }
    const meta = await opts.apiKeys.verify(key);
    if (!meta) {
      sendError(res, 401, { error: 'unauthorized', message: 'Invalid API key' });
      return;
    }
    res.locals.identity = { kind: 'apiKey', keyId: meta.id, name: meta.name } satisfies Identity;
    next();
  };
}
