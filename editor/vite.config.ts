// The editor is built into editor/dist, which the host serves at `/` (npm start builds it first).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // The host replaces this with a fresh nonce per answer (host/server/routes/editor.routes.ts) and
  // allows `style-src 'nonce-…'`; Vite writes it on the page's tags and into
  // <meta property="csp-nonce">, where CodeMirror's setup reads it (src/lib/csp-nonce.ts).
  html: { cspNonce: '__GIGAFLOW_CSP_NONCE__' },
  server: { proxy: { '/api': 'http://localhost:3300', '/webhook': 'http://localhost:3300', '/webhook-test': 'http://localhost:3300' } },
});
