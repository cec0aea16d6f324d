// The subset of the host's API shapes the editor reads (see host/server/openapi-schemas.ts).
export interface INode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  disabled?: boolean;
  notes?: string;
  onError?: string;
  credentials?: Record<string, { id: string | null; name: string }>;
  webhookId?: string;
  [key: string]: unknown;
}

export interface Connection {
  node: string;
  type: string;
  index: number;
}

/** Source node name -> connection type -> output index -> targets, as in n8n. */
export type Connections = Record<string, Record<string, (Connection[] | null)[]>>;

export interface WorkflowInput {
  name: string;
  nodes: INode[];
  connections: Connections;
  settings?: Record<string, unknown>;
  active?: boolean;
  tags?: unknown[];
  pinData?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface Workflow extends WorkflowInput {
  id: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  versionId?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface SerializedError {
  message: string;
  description?: string;
  node?: string;
  [key: string]: unknown;
}

export interface TaskData {
  executionStatus: 'success' | 'error' | 'canceled';
  data?: { main: ({ json: unknown }[] | null)[] };
  error?: SerializedError;
  executionTime: number;
  /** Per input: which node output (and run of it) fed this task. */
  source?: ({ previousNode: string; previousNodeOutput?: number; previousNodeRun?: number } | null)[];
}

export interface Execution {
  id: string;
  workflowId: string;
  status: string;
  runData: Record<string, TaskData[]>;
  lastNodeExecuted?: string;
  error?: SerializedError;
}

export interface NodeProperty {
  name: string;
  displayName: string;
  type: string;
  default?: unknown;
  [key: string]: unknown;
}

export interface NodeTypeDescription {
  name: string;
  displayName: string;
  description?: string;
  group: string[];
  version: number | number[];
  defaultVersion?: number;
  defaults?: { name?: string; color?: string };
  inputs: unknown;
  outputs: unknown;
  outputNames?: string[];
  properties: NodeProperty[];
  credentials?: { name: string; required?: boolean }[];
  webhooks?: unknown[];
  codex?: { categories?: string[] };
  [key: string]: unknown;
}
