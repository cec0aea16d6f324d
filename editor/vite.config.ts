// The editor is built into editor/dist, which the host serves at `/` (npm start builds it first).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3300', '/webhook': 'http://localhost:3300', '/webhook-test': 'http://localhost:3300' } },
});
