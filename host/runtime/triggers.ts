// Trigger nodes that are neither webhooks nor schedules: types with a `trigger()` method (n8n's
// ITriggerFunctions). Activation calls trigger() once per enabled node; `this.emit(items)` starts
// a run from that node; the returned closeFunction (and every subscription the node made through
// its context) ends when the workflow is deactivated, re-registered after an edit, or the host stops.
import type { IHttpRequestOptions, INodeExecutionData, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import type { DurableJobQueueApi } from '../engine/durable-jobs.ts';
import { httpRequest } from '../engine/http-request.ts';
import { rawParameter } from '../engine/parameters.ts';
import type { EngineDeps } from '../engine/types.ts';
import type { INode, Workflow } from '../model/index.ts';
import { NodeOperationError, ValidationError } from '../model/index.ts';
import type { ExecutionService } from './types.ts';

export interface TriggerService {
  /** Starts the trigger() nodes of an active workflow (after closing the ones it had). */
  register(workflow: Workflow, activation?: 'activate' | 'init' | 'update'): Promise<void>;
  unregister(workflowId: string): Promise<void>;
  /** Closes every trigger and waits for the runs they started. */
  stop(): Promise<void>;
}

export interface TriggerServiceDeps {
  engine: EngineDeps;
  executions: Pick<ExecutionService, 'run'>;
  jobs?: Pick<DurableJobQueueApi, 'subscribe'>;
}

interface Open {
  node: string;
  closers: (() => unknown)[];
}

const fallbackZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function createTriggerService(deps: TriggerServiceDeps): TriggerService {
  const { engine, executions } = deps;
  const logger = engine.logger;
  const open = new Map<string, Open[]>();
  const runs = new Set<Promise<unknown>>();

  function context(workflow: Workflow, node: INode, mode: 'activate' | 'init' | 'update', closers: (() => unknown)[]): ITriggerFunctions {
    const type = engine.registry.get(node.type, node.typeVersion)!;
    const getCredentials = async (credType: string) => {
      const ref = node.credentials?.[credType];
      if (!ref) throw new NodeOperationError(node.name, `Node "${node.name}" has no credential of type "${credType}" set`);
      if (!engine.credentials) throw new NodeOperationError(node.name, 'No credential store is available');
      return engine.credentials(credType, ref, node.name);
    };
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (m: string, meta?: object) => logger?.[level](m, { workflowId: workflow.id, node: node.name, ...meta });
    const ctx = {
      emit(data: INodeExecutionData[][]) {
        const run = executions
          .run({ workflow, mode: 'trigger', startNode: node.name, triggerItems: data?.[0] ?? [] })
          .catch((err: Error) => logger?.error('triggered run failed to start', { workflowId: workflow.id, node: node.name, error: err.message }));
        runs.add(run);
        void run.finally(() => runs.delete(run));
      },
      emitError: (err: Error) => logger?.error('trigger reported an error', { workflowId: workflow.id, node: node.name, error: err?.message }),
      saveFailedExecution: (err: Error) => logger?.error('trigger run failed', { workflowId: workflow.id, node: node.name, error: err?.message }),
      getNodeParameter: (name: string, fallback?: unknown) => {
        const value = rawParameter(type.description, node.parameters ?? {}, name, node.typeVersion);
        return value === undefined ? fallback : value;
      },
      getNode: () => node,
      getWorkflow: () => ({ id: workflow.id, name: workflow.name, active: workflow.active }),
      getMode: () => 'trigger',
      getActivationMode: () => mode,
      getTimezone: () => (workflow.settings?.timezone && workflow.settings.timezone !== 'DEFAULT' ? workflow.settings.timezone : fallbackZone),
      getCredentials,
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      helpers: { httpRequest: (opts: IHttpRequestOptions) => httpRequest(node.name, opts) },
      /** Gigaflow extension: how durable jobs ended (host/runtime/retry-queue.ts). */
      ...(deps.jobs
        ? {
            onDurableJobFinished: (listener: Parameters<DurableJobQueueApi['subscribe']>[0]) => {
              const unsubscribe = deps.jobs!.subscribe(listener);
              closers.push(unsubscribe);
              return unsubscribe;
            },
          }
        : {}),
    };
    return ctx as unknown as ITriggerFunctions;
  }

  async function close(entries: Open[] | undefined, workflowId: string): Promise<void> {
    for (const entry of entries ?? []) {
      for (const closer of entry.closers.reverse()) {
        try {
          await closer();
        } catch (err) {
          logger?.warn('trigger did not close cleanly', { workflowId, node: entry.node, error: (err as Error).message });
        }
      }
    }
  }

  async function unregister(workflowId: string): Promise<void> {
    const entries = open.get(workflowId);
    open.delete(workflowId);
    await close(entries, workflowId);
  }

  return {
    unregister,
    async register(workflow, activation = 'activate') {
      await unregister(workflow.id);
      const entries: Open[] = [];
      try {
        for (const node of workflow.nodes) {
          const type = node.disabled ? undefined : engine.registry.get(node.type, node.typeVersion);
          if (!type?.trigger || type.webhook) continue;
          const closers: (() => unknown)[] = [];
          const entry: Open = { node: node.name, closers };
          entries.push(entry);
          const response = (await type.trigger.call(context(workflow, node, activation, closers))) as ITriggerResponse | undefined;
          if (response?.closeFunction) closers.unshift(response.closeFunction);
        }
      } catch (err) {
        await close(entries, workflow.id);
        if (err instanceof ValidationError) throw err;
        // A trigger that cannot start is the workflow's problem, not the host's: say which node.
        const node = entries.at(-1)?.node;
        throw new ValidationError(`Trigger node "${node}" could not start: ${(err as Error)?.message ?? String(err)}`, { status: 422, node });
      }
      if (entries.length) open.set(workflow.id, entries);
    },
    async stop() {
      for (const id of [...open.keys()]) await unregister(id);
      await Promise.allSettled([...runs]);
    },
  };
}
