// Security headers on every answer. Three kinds of answer get different sets:
// - the editor (HTML and its assets): a strict Content-Security-Policy, no framing, isolation;
// - the API, probes and metrics: a CSP that allows nothing at all (JSON is never a document);
// - webhook answers: only headers that cannot change how a workflow's answer renders. A workflow
//   may answer HTML, a form or an image for other sites (Respond to Webhook); a CSP, frame or
//   resource policy there would break it, and the workflow's own headers always win (they are
//   set later, with setHeader, and replace ours).
// HSTS only when the request really came over HTTPS: a TLS socket, or a trusted proxy (by socket
// address, like auth.ts) saying `X-Forwarded-Proto: https`. A plain-HTTP host must not send it.
import type { Request, RequestHandler } from 'express';
import { trustedAddressMatcher } from './auth.ts';

/**
 * The editor's policy. Vite emits only external module scripts (no inline script, no eval;
 * Vue's runtime-only build and vue-i18n 11's JIT message compiler need neither).
 * style-src has no 'unsafe-inline': CodeMirror 6 (through style-mod) writes its themes into a
 * <style> element it creates at run time, whose text changes with every editor theme, so the page
 * (index.html, routes/editor.routes.ts) is served with a fresh nonce per answer that this policy
 * admits, and the editor passes it to EditorView.cspNonce. Every other style the editor sets goes
 * through the CSSOM (Vue's :style, Vue Flow's node positions, CodeMirror's element styles), which
 * CSP does not gate. Other editor answers (assets, 404s, the placeholder page) get the policy
 * without a nonce. img-src data: is for small data-URI icons.
 */
export function editorCsp(nonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The editor policy of answers other than the page itself (no nonce: no inline style at all). */
export const EDITOR_CSP = editorCsp();

/** JSON, probes and metrics: nothing may load, run or frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Browser features the editor never uses; the clipboard stays allowed (copy/paste of nodes). */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

export const HSTS = 'max-age=31536000; includeSubDomains';

const WEBHOOK_PREFIXES = ['/webhook/', '/webhook-test/', '/webhook-waiting/'];
const JSON_ROOTS = ['/api', '/healthz', '/readyz', '/metrics'];

export interface SecurityHeadersOptions {
  /** Same list as API auth's: only these peers may say the request came over HTTPS. */
  trustedProxies: string[];
}

export function cameOverHttps(req: Request, isTrustedProxy: (address: string | undefined) => boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!isTrustedProxy(req.socket.remoteAddress)) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function securityHeaders(opts: SecurityHeadersOptions): RequestHandler {
  const isTrustedProxy = trustedAddressMatcher(opts.trustedProxies);
  return (req, res, next) => {
    const path = req.path;
    // Never guess a type: a JSON or text answer must not be sniffed into HTML or script.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (cameOverHttps(req, isTrustedProxy)) res.setHeader('Strict-Transport-Security', HSTS);
    if (WEBHOOK_PREFIXES.some((p) => path.startsWith(p))) {
      next();
      return;
    }
    const isJson = JSON_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
    res.setHeader('Content-Security-Policy', isJson ? API_CSP : EDITOR_CSP);
    // For browsers without frame-ancestors.
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  };
}
