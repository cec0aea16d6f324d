import { createRegistry } from '../../host/engine/registry.ts';
import type { Registry } from '../../host/engine/registry.ts';
import { runWorkflow } from '../../host/engine/execution.ts';
import type { EngineDeps, RunRequest } from '../../host/engine/types.ts';
import { createExpressionEvaluator } from '../../host/expressions/evaluate.ts';
import type { IConnections, INode, Workflow } from '../../host/model/index.ts';
import { addTestNodes } from './test-nodes.ts';

let shared: Promise<EngineDeps> | undefined;

/** Engine dependencies with the repository's nodes plus the test nodes; one sandbox per test file. */
export function engineDeps(): Promise<EngineDeps> {
  shared ??= (async () => {
    const registry: Registry = await createRegistry();
    addTestNodes(registry);
    return { registry, expressions: createExpressionEvaluator(), publicUrl: 'http://127.0.0.1:3300' };
  })();
  return shared;
}

type NodeSpec = Partial<INode> & { name: string; type: string };

/** Builds a workflow from short node specs and `[from, to, outputIndex?, inputIndex?]` edges. */
export function workflow(nodes: NodeSpec[], edges: [string, string, number?, number?][], extra: Partial<Workflow> = {}): Workflow {
  const connections: IConnections = {};
  for (const [from, to, out = 0, input = 0] of edges) {
    const main = ((connections[from] ??= { main: [] }).main ??= []);
    while (main.length <= out) main.push([]);
    main[out]!.push({ node: to, type: 'main', index: input });
  }
  return {
    id: 'wf-test',
    name: 'test',
    active: false,
    settings: { executionOrder: 'v1' },
    connections,
    nodes: nodes.map((n, i) => ({ id: n.name, typeVersion: 1, position: [i * 200, 0], parameters: {}, ...n })),
    ...extra,
  };
}

export async function run(wf: Workflow, req: Partial<RunRequest> = {}) {
  return runWorkflow(await engineDeps(), { workflow: wf, executionId: 'exec-1', mode: 'manual', ...req });
}

export const trigger: NodeSpec = { name: 'Start', type: 'n8n-nodes-base.manualTrigger' };
export const set = (name: string, fields: Record<string, string | number>, extra: Partial<INode> = {}): NodeSpec => ({
  name,
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  parameters: {
    assignments: {
      assignments: Object.entries(fields).map(([k, v], i) => ({ id: String(i), name: k, value: v, type: typeof v === 'number' ? 'number' : 'string' })),
    },
    includeOtherFields: true,
  },
  ...extra,
});
