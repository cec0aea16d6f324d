import { parseLogSettings } from '../../config.ts';
import { loggerFromSettings } from '../../logger.ts';
import { bridgePool } from '../../../nodes/tplink-bridge/browser-pool.ts';
import { startBridgeServer } from '../../../nodes/tplink-bridge/service/server.ts';
import { parse, UsageError } from './shared.ts';
import type { Command } from './shared.ts';

export const bridgeCommand: Command = {
  summary: 'Serve the TP-Link bridge (modem reads through a headless browser) as a JSON REST API',
  help: `Usage: gigaflow bridge [--port N] [--host ADDRESS]

Serves the TP-Link bridge node's operations over HTTP (see nodes/tplink-bridge/README.md):
  POST /v1/modems/read    {"address","username","password","operation","oid"?,"act"?}
  GET  /v1/modems/<address>/<operation>   credential in X-Modem-Username / X-Modem-Password
  POST /v1/modems/reboot  {"address","username","password","confirm":true}
  GET  /v1/operations, GET /healthz

--port N        port (default GIGAFLOW_BRIDGE_PORT or 3301)
--host ADDRESS  address to bind (default 127.0.0.1). Beyond loopback GIGAFLOW_BRIDGE_API_KEY
                and GIGAFLOW_BRIDGE_ALLOWED_NETWORKS must be set; with the key set, /v1
                requests need X-Api-Key (or Authorization: Bearer).
Browser: GIGAFLOW_TPLINK_MAX_CONCURRENCY (4), GIGAFLOW_TPLINK_IDLE_MS (300000),
GIGAFLOW_TPLINK_SESSION_TTL_MS (120000), GIGAFLOW_CHROMIUM_PATH (/usr/bin/chromium).`,
  async run(args) {
    const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' } }, false);
    const port = Number(values.port ?? process.env.GIGAFLOW_BRIDGE_PORT ?? 3301);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port ?? process.env.GIGAFLOW_BRIDGE_PORT}"`);
    const logger = loggerFromSettings(parseLogSettings(process.env)).child('bridge');
    let server;
    try {
      server = await startBridgeServer({
        host: values.host ?? '127.0.0.1',
        port,
        apiKey: process.env.GIGAFLOW_BRIDGE_API_KEY || undefined,
        allowedNetworks: process.env.GIGAFLOW_BRIDGE_ALLOWED_NETWORKS || undefined,
        log: (level, message, meta) => logger[level](message, meta),
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    logger.info('bridge ready', { url: server.url, apiKey: !!process.env.GIGAFLOW_BRIDGE_API_KEY });
    // Runs until a signal: the CLI exits when run() returns.
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info('shutting down', { signal });
        void Promise.all([server.close(), bridgePool().close()]).finally(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
