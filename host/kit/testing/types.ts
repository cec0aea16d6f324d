// The harness's public shapes (re-exported by host/kit/testing.ts); kept apart so the in-process and
// the REST implementation share them without importing each other.
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import type { INode, Workflow } from '../../model/index.ts';

export interface HarnessOptions {
  /** Extra node package folders (with package.json `n8n` field) besides the repo's nodes/ (e.g. a new node under development). */
  packages?: string[];
  /** Test-only node types to register (the repo's test nodes). */
  extraTypes?: Array<{ type: string; node: INodeType }>;
}

export interface RunNodeOptions {
  /** Full type name, e.g. 'n8n-nodes-gigafibre.traccar'. */
  type: string;
  /** Default: the type's latest. */
  typeVersion?: number;
  parameters?: INodeParameters;
  /** Items the Manual Trigger emits into the node (plain objects become { json }). */
  input?: Array<IDataObject | INodeExecutionData>;
  /** Credentials by credential type name → decrypted data; the harness stores them and references them on the node. */
  credentials?: Record<string, IDataObject>;
  /** Extra node fields (name, onError, retryOnFail, continueOnFail, ...). */
  node?: Partial<INode>;
}

export interface RunResult {
  status: 'success' | 'error' | 'canceled' | 'crashed' | 'waiting';
  /** The run's error (message, node, description ...) when status is 'error'. */
  error?: { message: string; node?: string; description?: string; [k: string]: unknown };
  /** First output of the node under test (runNode) or of the last node executed (runWorkflow). */
  items: INodeExecutionData[];
  json: IDataObject[];
  /** Output `index` of the named node's last run. */
  output(node: string, index?: number): INodeExecutionData[];
  runData: Record<string, unknown[]>;
  /** The whole execution record / engine result, for anything else. */
  raw: unknown;
  ms: number;
}

export interface RunWorkflowOptions {
  input?: RunNodeOptions['input'];
  pinData?: Record<string, INodeExecutionData[]>;
  credentials?: Record<string, IDataObject>;
  startNode?: string;
}

export type WorkflowJson = Pick<Workflow, 'nodes' | 'connections'> & Partial<Workflow>;

export interface NodeHarness {
  runNode(opts: RunNodeOptions): Promise<RunResult>;
  /** n8n workflow JSON (nodes + connections); credentials as in runNode, matched by credential type on every node that declares it. */
  runWorkflow(workflow: WorkflowJson, opts?: RunWorkflowOptions): Promise<RunResult>;
  close(): Promise<void>;
}

/** What both implementations need to know about a node type: its versions, default name, declared credentials and whether it takes input. */
export interface TypeFacts {
  latestVersion: number;
  defaultName: string;
  /** Credential type names the description lists (displayOptions ignored: the node may use any of them). */
  credentialTypes: string[];
  /** False for triggers (no main input): runNode starts the run at the node itself. */
  hasInput: boolean;
}
