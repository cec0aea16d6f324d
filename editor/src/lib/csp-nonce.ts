// The page's CSP nonce, for code that inserts <style> elements at run time (CodeMirror's themes).
// The host serves index.html with a fresh nonce in `style-src 'nonce-…'` and in
// <meta property="csp-nonce" nonce="…"> (Vite's html.cspNonce). Browsers hide the nonce attribute
// from getAttribute once the page runs under a CSP, but keep it in the `nonce` property.
export function cspNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || meta?.getAttribute('nonce') || undefined;
  // The Vite dev server serves the placeholder as is (and sends no CSP): no nonce to give.
  return nonce && !nonce.startsWith('__') ? nonce : undefined;
}
