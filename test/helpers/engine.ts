// The engine tests' runner, a thin layer over the node harness (host/kit/testing): one in-process
// engine (the repository's nodes plus the test nodes) per test file, workflows built by buildWorkflow.
import type { EngineResult } from '../../host/engine/execution.ts';
import type { EngineDeps, RunRequest } from '../../host/engine/types.ts';
import { buildWorkflow } from '../../host/kit/testing.ts';
import type { NodeHarness } from '../../host/kit/testing.ts';
import { harnessOn } from '../../host/kit/testing/harness.ts';
import { createInProcessEngine } from '../../host/kit/testing/in-process.ts';
import type { InProcessEngine } from '../../host/kit/testing/in-process.ts';
import type { INode, Workflow } from '../../host/model/index.ts';
import { testNodeTypes } from './test-nodes.ts';

let shared: Promise<InProcessEngine> | undefined;
const engine = () => (shared ??= createInProcessEngine({ extraTypes: testNodeTypes() }));

/** Engine dependencies with the repository's nodes plus the test nodes; one sandbox per test file. */
export async function engineDeps(): Promise<EngineDeps> {
  return (await engine()).deps;
}

/** The node harness on that shared engine (what node tests use; createNodeHarness builds its own). */
export async function harness(): Promise<NodeHarness> {
  return harnessOn((await engine()).backend(undefined, { executionId: 'exec-1' }));
}

type NodeSpec = Partial<INode> & { name: string; type: string };

/** Builds a workflow from short node specs and `[from, to, outputIndex?, inputIndex?]` edges. */
export const workflow: (nodes: NodeSpec[], edges: [string, string, number?, number?][], extra?: Partial<Workflow>) => Workflow = buildWorkflow;

/**
 * Runs a workflow through the harness and returns the engine's own result. `req` takes the engine
 * request fields engine tests need (onEvent, signal, respond, mode ...); `deps` replaces engine
 * dependencies for one run (a stricter sandbox, a logger, maxRunsPerNode).
 */
export async function run(wf: Workflow, req: Partial<RunRequest> = {}, deps: Partial<EngineDeps> = {}): Promise<EngineResult> {
  const { triggerItems, pinData, startNode, workflow: _ignored, ...request } = req;
  const harness = harnessOn((await engine()).backend(deps, { executionId: 'exec-1', ...request }));
  const result = await harness.runWorkflow(wf, { input: triggerItems, pinData, startNode });
  return result.raw as EngineResult;
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
