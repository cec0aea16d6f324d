// The harness logic both implementations share: build the workflow, store and reference the
// credentials, run it on a backend (the in-process engine or a host's REST API), shape the result.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { ExecutionResult, Workflow } from '../../model/index.ts';
import { toRunResult } from './result.ts';
import type { NodeHarness, RunNodeOptions, RunResult, RunWorkflowOptions, TypeFacts, WorkflowJson } from './types.ts';
import { attachCredentials, nodeUnderTestWorkflow, toItems } from './workflow.ts';

export interface RunInput {
  triggerItems?: INodeExecutionData[];
  pinData?: Record<string, INodeExecutionData[]>;
  startNode?: string;
}

export interface HarnessBackend {
  /** What the harness needs of a node type; throws naming the type when it is unknown. */
  facts(type: string, typeVersion?: number): Promise<TypeFacts>;
  /** Stores decrypted credential data; returns the reference nodes carry. */
  storeCredential(type: string, data: IDataObject): Promise<{ id: string; name: string }>;
  /** Runs the workflow; `raw` is the engine result or execution record as the backend got it. */
  execute(workflow: Workflow, input: RunInput): Promise<{ result: ExecutionResult; raw: unknown }>;
  close(): Promise<void>;
}

/** Fills in what n8n workflow JSON may leave out, so hand-written and imported workflows run alike. */
function completeWorkflow(wf: WorkflowJson): Workflow {
  return { id: 'wf-test', name: 'test', active: false, settings: { executionOrder: 'v1' }, ...wf };
}

export function harnessOn(backend: HarnessBackend): NodeHarness {
  // The same data for the same type is stored once per harness.
  const stored = new Map<string, Promise<{ id: string; name: string }>>();
  const store = (type: string, data: IDataObject) => {
    const key = `${type}\u0000${JSON.stringify(data)}`;
    let ref = stored.get(key);
    if (!ref) stored.set(key, (ref = backend.storeCredential(type, data)));
    return ref;
  };
  const storeAll = async (credentials: Record<string, IDataObject> = {}) =>
    Object.fromEntries(await Promise.all(Object.entries(credentials).map(async ([type, data]) => [type, await store(type, data)] as const)));

  async function runWorkflow(wf: WorkflowJson, opts: RunWorkflowOptions = {}): Promise<RunResult> {
    const started = Date.now();
    let workflow = completeWorkflow(wf);
    if (opts.credentials && Object.keys(opts.credentials).length > 0) {
      const facts = new Map<string, TypeFacts>();
      for (const node of workflow.nodes) facts.set(node.name, await backend.facts(node.type, node.typeVersion));
      workflow = attachCredentials(workflow, await storeAll(opts.credentials), facts);
    }
    const { result, raw } = await backend.execute(workflow, { triggerItems: toItems(opts.input), pinData: opts.pinData, startNode: opts.startNode });
    return toRunResult(result, workflow, undefined, started, raw);
  }

  async function runNode(opts: RunNodeOptions): Promise<RunResult> {
    const started = Date.now();
    const facts = await backend.facts(opts.type, opts.typeVersion);
    const name = opts.node?.name ?? facts.defaultName;
    const refs = await storeAll(opts.credentials);
    const node = {
      ...opts.node,
      name,
      type: opts.type,
      typeVersion: opts.typeVersion ?? facts.latestVersion,
      parameters: opts.parameters ?? {},
      // The test names the credentials this node gets, declared or not (e.g. a credential type chosen by a parameter).
      ...(Object.keys(refs).length > 0 ? { credentials: { ...opts.node?.credentials, ...refs } } : {}),
    };
    const { workflow, startNode } = nodeUnderTestWorkflow(node, facts);
    const { result, raw } = await backend.execute(workflow, { triggerItems: toItems(opts.input), startNode });
    return toRunResult(result, workflow, name, started, raw);
  }

  return { runNode, runWorkflow, close: () => backend.close() };
}
