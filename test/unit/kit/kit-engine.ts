// Runs node types made with the kit through the real engine (registry, expressions, credential
// authentication): Manual Trigger → node under test, fed the given items.
import type { ICredentialType, IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { runWorkflow } from '../../../host/engine/execution.ts';
import { resolve } from 'node:path';
import { NODES_ROOT, Registry } from '../../../host/engine/registry.ts';
import type { EngineDeps } from '../../../host/engine/types.ts';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { INode, Workflow } from '../../../host/model/index.ts';

export interface KitEngine {
  run(opts: {
    type: string;
    parameters?: INodeParameters;
    input?: IDataObject[];
    credentials?: Record<string, IDataObject>;
    node?: Partial<INode>;
  }): Promise<{ status: string; error?: { message: string; node?: string; parameter?: string; httpCode?: string; description?: string }; items: INodeExecutionData[]; json: IDataObject[] }>;
}

/**
 * An engine whose registry has the core nodes (for the Manual Trigger) plus `types` (registered as
 * `kit.<name>`) and `credentialTypes`; other node packages stay out, so these tests do not depend on them.
 */
export async function kitEngine(types: Record<string, INodeType>, credentialTypes: ICredentialType[] = []): Promise<KitEngine> {
  const registry = new Registry();
  await registry.loadPackage(resolve(NODES_ROOT, 'core'));
  for (const [name, type] of Object.entries(types)) registry.addNodeType(`kit.${name}`, type);
  for (const c of credentialTypes) registry.addCredentialType(c);
  const expressions = createExpressionEvaluator();
  let n = 0;
  return {
    async run({ type, parameters = {}, input = [{}], credentials = {}, node = {} }) {
      const deps: EngineDeps = {
        registry,
        expressions,
        credentials: async (credType) => {
          const data = credentials[credType];
          if (!data) throw new Error(`test: no credential of type ${credType}`);
          return structuredClone(data);
        },
      };
      const wf: Workflow = {
        id: 'wf-kit',
        name: 'kit',
        active: false,
        settings: { executionOrder: 'v1' },
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          {
            id: 'node',
            name: 'Node',
            type: `kit.${type}`,
            typeVersion: 1,
            position: [200, 0],
            parameters,
            credentials: Object.fromEntries(Object.keys(credentials).map((t) => [t, { id: `cred-${t}`, name: t }])),
            ...node,
          },
        ],
        connections: { Start: { main: [[{ node: node.name ?? 'Node', type: 'main', index: 0 }]] } },
      };
      const result = await runWorkflow(deps, { workflow: wf, executionId: `kit-${++n}`, mode: 'manual', triggerItems: input.map((json) => ({ json })) });
      const items = (result.runData[node.name ?? 'Node']?.[0]?.data?.main[0] ?? []) as INodeExecutionData[];
      return { status: result.status, error: result.error, items, json: items.map((i) => i.json) };
    },
  };
}
