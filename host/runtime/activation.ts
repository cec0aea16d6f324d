// Activation: a workflow's production webhooks, schedules and trigger() nodes exist exactly while it is active.
import { validateWorkflow } from '../engine/graph.ts';
import type { EngineDeps } from '../engine/types.ts';
import { NotFoundError } from '../model/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { Scheduler } from './scheduler.ts';
import type { TriggerService } from './triggers.ts';
import type { ActivationService, EventBus } from './types.ts';
import { webhooksOf } from './webhooks.ts';
import type { WebhookServiceImpl } from './webhooks.ts';

export function createActivationService(deps: {
  storage: Storage;
  engine: EngineDeps;
  webhooks: WebhookServiceImpl;
  scheduler: Pick<Scheduler, 'register' | 'unregister'>;
  events: EventBus;
  /** trigger() nodes (host/runtime/triggers.ts); absent where nothing may start runs on its own. */
  triggers?: Pick<TriggerService, 'register' | 'unregister'>;
}): ActivationService & {
  /** Registers every active workflow at start-up. */
  restore(): Promise<void>;
} {
  const { storage, engine, webhooks, scheduler, events, triggers } = deps;

  async function load(id: string) {
    const wf = await storage.workflows.get(id);
    if (!wf) throw new NotFoundError(`Workflow ${id} not found`);
    return wf;
  }

  return {
    async activate(id) {
      const wf = await load(id);
      validateWorkflow(wf, engine.registry);
      const hooks = webhooksOf(wf, engine).map(({ node, method, path }) => ({ node, method, path }));
      await storage.webhooks.replaceForWorkflow(id, hooks); // 409 when another workflow holds a path
      const active = await storage.workflows.setActive(id, true);
      try {
        webhooks.register(active);
        await scheduler.register(active);
        await triggers?.register(active, 'activate');
      } catch (err) {
        // A trigger that cannot start (a missing credential, say) leaves nothing half-active behind.
        webhooks.unregister(id);
        await scheduler.unregister(id);
        await triggers?.unregister(id);
        await storage.webhooks.removeForWorkflow(id);
        await storage.workflows.setActive(id, false);
        throw err;
      }
      events.publish({ type: 'workflow.activated', workflowId: id, at: new Date().toISOString() });
      return active;
    },
    async deactivate(id) {
      await load(id);
      webhooks.unregister(id);
      await scheduler.unregister(id);
      await triggers?.unregister(id);
      await storage.webhooks.removeForWorkflow(id);
      const inactive = await storage.workflows.setActive(id, false);
      events.publish({ type: 'workflow.deactivated', workflowId: id, at: new Date().toISOString() });
      return inactive;
    },
    async refresh(id) {
      const wf = await load(id);
      if (!wf.active) return;
      const hooks = webhooksOf(wf, engine).map(({ node, method, path }) => ({ node, method, path }));
      await storage.webhooks.replaceForWorkflow(id, hooks);
      webhooks.register(wf);
      await scheduler.register(wf);
      await triggers?.register(wf, 'update');
      events.publish({ type: 'workflow.updated', workflowId: id, at: new Date().toISOString() });
    },
    async restore() {
      for (const wf of await storage.workflows.listActive()) {
        try {
          validateWorkflow(wf, engine.registry);
          webhooks.register(wf);
          await scheduler.register(wf);
          await triggers?.register(wf, 'init');
        } catch (err) {
          engine.logger?.error('could not re-activate workflow', { workflowId: wf.id, error: (err as Error).message });
        }
      }
    },
  };
}
