import { loadConfig } from '../../config.ts';
import { createHost } from '../../host.ts';
import { onShutdown, queueSettings } from './queue-mode.ts';
import { parse } from './shared.ts';
import type { Command } from './shared.ts';

export const webhookCommand: Command = {
  summary: 'Queue mode: webhook intake only (/webhook/*, /webhook-waiting/*, health probes)',
  help: `Usage: gigaflow webhook

Answers production webhooks of active workflows and resume URLs on GIGAFLOW_PORT and queues their
executions for the workers (GIGAFLOW_MODE=queue). No editor, no REST API, no schedules.
Workflows activated, edited or deactivated later on a main are followed as their events arrive over Redis.
See docs/queue-mode.md.`,
  async run(args) {
    parse(args, {}, false);
    const queue = queueSettings('webhook', { required: true });
    const config = loadConfig();
    const host = await createHost(config, { role: 'webhook', queue });
    const port = await host.listen();
    host.logger.info('gigaflow webhook ready', { port, prefix: queue.prefix });
    onShutdown(async (signal) => {
      host.logger.info('shutting down', { signal });
      await host.close();
    });
    return new Promise<number>(() => {});
  },
};
