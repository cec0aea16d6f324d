// Reads the body of the run routes: { input?: object[], pinData?, startNode? }.
import type { IDataObject, IPinData, Workflow } from '../../model/index.ts';
import type { RunOptions } from '../../runtime/types.ts';
import { HttpError } from '../middleware/errors.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readRunOptions(body: Record<string, unknown>, workflow: Workflow): Pick<RunOptions, 'input' | 'pinData' | 'startNode'> {
  const out: Pick<RunOptions, 'input' | 'pinData' | 'startNode'> = {};
  if (body.input !== undefined && body.input !== null) {
    if (!Array.isArray(body.input) || !body.input.every(isObject))
      throw new HttpError(400, '"input" must be an array of JSON objects (one per item)', { field: 'input' });
    out.input = body.input as IDataObject[];
  }
  if (body.pinData !== undefined && body.pinData !== null) {
    if (!isObject(body.pinData) || !Object.values(body.pinData).every((v) => Array.isArray(v)))
      throw new HttpError(400, '"pinData" must map node names to arrays of items', { field: 'pinData' });
    out.pinData = body.pinData as IPinData;
  }
  if (body.startNode !== undefined && body.startNode !== null) {
    if (typeof body.startNode !== 'string') throw new HttpError(400, '"startNode" must be a node name', { field: 'startNode' });
    if (!workflow.nodes.some((n) => n.name === body.startNode))
      throw new HttpError(400, `"startNode": the workflow has no node "${body.startNode}"`, { field: 'startNode' });
    out.startNode = body.startNode;
  }
  return out;
}
