import { existsSync } from 'node:fs';
import { loadConfig, templatesDirOf } from '../../config.ts';
import { createHost } from '../../host.ts';
import { watchNodePackages } from '../../engine/watch-nodes.ts';
import { importWorkflows } from './import.ts';
import { queueSettings } from './queue-mode.ts';
import { parse } from './shared.ts';
import type { Command } from './shared.ts';

export const startCommand: Command = {
  summary: 'Start the host: REST API, webhooks, editor, on the configured storage',
  help: `Usage: gigaflow start [--watch-nodes]

Starts the HTTP host on GIGAFLOW_PORT (default 3300) with the editor, the REST API under
/api/v1 and webhooks under /webhook/*. Workflows in the templates folder
(GIGAFLOW_TEMPLATES_DIR, default: the templates shipped with Gigaflow) that are not stored yet are imported.
With GIGAFLOW_MODE=queue (needs GIGAFLOW_DATABASE_URL and Redis) production executions are queued
for \`gigaflow worker\` processes instead of running here: see docs/queue-mode.md.
Every setting is an environment variable: see README.md.

Options:
  --watch-nodes   development: reload a node package (nodes/*, installed community packages,
                  GIGAFLOW_NODES_PATH) when one of its files changes, without restarting; a package
                  whose new version fails its checks keeps the previous one (see docs/node-api.md)`,
  async run(args) {
    const { values } = parse(args, { 'watch-nodes': { type: 'boolean' } }, false);
    const started = performance.now();
    const queue = queueSettings('start');
    const config = loadConfig();
    const host = await createHost(config, { role: 'main', queue, crashJournal: true });
    const templates = templatesDirOf(config);
    if (existsSync(templates)) {
      const imported = await importWorkflows(host, templates, { onlyNew: true });
      if (imported.length) host.logger.info('imported templates', { count: imported.length, from: templates });
    }
    const watcher = values['watch-nodes'] ? watchNodePackages(host.registry, { logger: host.logger }) : undefined;
    const port = await host.listen();
    host.logger.info('gigaflow ready', { url: `http://localhost:${port}`, dataDir: config.dataDir, startupMs: Math.round(performance.now() - started) });
    const stop = async (signal: string) => {
      host.logger.info('shutting down', { signal });
      watcher?.close();
      await host.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  },
};
