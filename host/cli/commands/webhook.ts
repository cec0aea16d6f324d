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
Workflows activated later on a main are picked up when their activation event arrives over Redis.
See docs/queue-mode.md.`,
  async run(args) {
    parse(args, {}, false);
    const queue = queueSettings('webhook', { required: true });
    const config = loadConfig();
    const host = await createHost(config, { role: 'webhook', queue });
    // Activations on a main reach this process as relayed events: keep the routes in step.
    host.events.subscribe((event) => {
      if (event.type === 'workflow.deactivated') return host.webhooks.unregister(event.workflowId);
      if (event.type !== 'workflow.activated') return;
      host.storage.workflows
        .get(event.workflowId)
        .then((wf) => wf?.active && host.webhooks.register(wf))
        .catch((err: Error) => host.logger.warn('could not register an activated workflow', { workflowId: event.workflowId, error: err.message }));
    });
    const port = await host.listen();
    host.logger.info('gigaflow webhook ready', { port, prefix: queue.prefix });
    onShutdown(async (signal) => {
      host.logger.info('shutting down', { signal });
      await host.close();
    });
    return new Promise<number>(() => {});
  },
};
