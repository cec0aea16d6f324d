// What the engine hands the expression evaluator. The evaluator copies only what an expression
// asks for into the sandbox, so a large upstream output costs nothing unless it is read.
import type { INodeExecutionData, IDataObject } from '../model/index.ts';

export interface ExpressionData {
  /** The current item's index in the node's input (`$itemIndex`). */
  itemIndex: number;
  /** How many times this node ran before in this execution (`$runIndex`). */
  runIndex: number;
  /** The node's input items on input 0 (`$input.all()`, `$json` is `inputItems[itemIndex].json`). */
  inputItems: INodeExecutionData[];
  /** Output items of an upstream node's last run on output 0, or undefined if it has not run (`$('Node').all()`). */
  nodeOutput(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[] | undefined;
  /** The upstream node's item that the current item descends from, following pairedItem (`$('Node').item`). */
  pairedItem(nodeName: string, itemIndex: number): INodeExecutionData | undefined;
  /** True if a node of that name exists in the workflow (an unknown name is an error, as in n8n). */
  hasNode(nodeName: string): boolean;
  /** `$node` / `$('Node').params`: the parameters of a node (raw, unresolved). */
  nodeParameters(nodeName: string): IDataObject | undefined;
  /** The current node: `$node.name` etc. */
  node: { name: string; type: string; typeVersion: number };
  execution: { id: string; mode: string; resumeUrl: string; resumeFormUrl?: string };
  workflow: { id: string; name: string; active: boolean };
  /** `$vars`. */
  vars: Record<string, string>;
  /** `$prevNode`. */
  prevNode?: { name: string; outputIndex: number; runIndex: number };
  /** IANA zone for $now/$today and Luxon (workflow setting `timezone`, else the host's). */
  timezone: string;
}
