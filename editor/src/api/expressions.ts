// The host's expression preview: the editor never evaluates expressions itself.
import { request } from './client.ts';

export interface PreviewRequest {
  /** The parameter value as stored, starting with '='. */
  expression: string;
  itemIndex: number;
  /** JSON of the node's input items. */
  input: Record<string, unknown>[];
  /** JSON of upstream nodes' output items, by node name. */
  nodes: Record<string, Record<string, unknown>[]>;
  workflowNodes: string[];
  node: { name: string; type: string; typeVersion: number };
  workflow: { id: string; name: string; active: boolean; timezone?: string };
  prevNode?: string;
}

export type PreviewResult =
  | { value: unknown; type: string; error?: undefined }
  | { error: { message: string; description?: string; segment?: number } };

export const previewExpression = (body: PreviewRequest) => request<PreviewResult>('POST', '/expressions/preview', body);
