import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Fakes listen on 127.0.0.1: the SSRF guard must allow loopback for engine-level tests and
    // for hosts spawned with process.env (test/security/ssrf.test.ts turns it off per host).
    env: { GIGAFLOW_HTTP_ALLOW_PRIVATE: 'true' },
    hookTimeout: 30_000,
    // isolated-vm is a native addon: forks keep each test file in its own process.
    pool: 'forks',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
