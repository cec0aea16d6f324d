// The shared vocabulary. Everything may import this folder; it imports nothing of ours.
// Workflow, node and item shapes are n8n's own, so exports move between Gigaflow and n8n unchanged.
import type {
  IConnections,
  IDataObject,
  INode,
  INodeExecutionData,
  INodeParameters,
  IPinData,
  IWorkflowSettings,
} from 'n8n-workflow';

export type { IConnection, IConnections, IDataObject, INode, INodeExecutionData, INodeParameters, IPinData, IWorkflowSettings } from 'n8n-workflow';

/** n8n's workflow settings plus Gigaflow's `triggerCondition` (a JSONLogic rule on the trigger output). */
export type WorkflowSettings = IWorkflowSettings & { triggerCondition?: unknown };

/** A workflow as stored and exchanged: n8n's workflow JSON plus our bookkeeping. */
export interface Workflow {
  id: string;
  name: string;
  active: boolean;
  nodes: INode[];
  connections: IConnections;
  settings: WorkflowSettings;
  staticData?: IDataObject | null;
  pinData?: IPinData;
  tags?: string[];
  meta?: IDataObject;
  /** Changes on every save; one row per version is kept in storage. */
  versionId?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** What a caller supplies to create or replace a workflow. */
export type WorkflowInput = Omit<Workflow, 'id' | 'versionId' | 'createdAt' | 'updatedAt' | 'active'> & {
  id?: string;
  active?: boolean;
};

export type NodeParameters = INodeParameters;
export type Item = INodeExecutionData;
