// Cross-site request forgery guard for the REST API.
// API keys are read from the X-Api-Key header only (never a cookie; a query key only on
// GET /api/v1/events, see auth.ts), and a cross-site page cannot set that header without a CORS
// preflight, which this host never grants. The one identity a browser sends on its own is the
// trusted proxy's (e.g. an Authentik session cookie turned into X-Authentik-Email by Traefik):
// so state-changing API requests that a browser marks as coming from another site are refused,
// whatever identity they carry. Clients that are not browsers send neither header and pass.
import type { RequestHandler } from 'express';
import { sendError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Why a state-changing request looks cross-site, or undefined when it does not. */
export function crossSiteReason(method: string, headers: Record<string, string | string[] | undefined>): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const site = headers['sec-fetch-site'];
  // same-origin: the editor; none: typed in the address bar or a tool.
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    const host = typeof headers.host === 'string' ? headers.host.toLowerCase() : undefined;
    if (origin === 'null' || originHost(origin) !== host) return `Origin ${origin} is not this host`;
  }
  return undefined;
}

/** 403 for cross-site state-changing requests; mount on /api before authentication. */
export function csrfGuard(): RequestHandler {
  return (req, res, next) => {
    const reason = crossSiteReason(req.method, req.headers);
    if (reason) {
      sendError(res, 403, { error: 'forbidden', message: `Cross-site ${req.method} refused: ${reason}` });
      return;
    }
    next();
  };
}
