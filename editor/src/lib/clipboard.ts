// Reads nodes pasted onto the canvas: a workflow ({ nodes, connections }), an array of nodes or a
// single node. Anything else is refused with a message and nothing changes.
import type { Connections, INode } from '../api/types.ts';

export type Parsed = { nodes: INode[]; connections: Connections } | { error: string };

function isNode(v: unknown): v is INode {
  return !!v && typeof v === 'object' && typeof (v as INode).name === 'string' && typeof (v as INode).type === 'string';
}

export function parseClipboard(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `Pasted text is not valid JSON: ${(e as Error).message}` };
  }
  let nodes: unknown;
  let connections: unknown = {};
  if (Array.isArray(value)) nodes = value;
  else if (isNode(value)) nodes = [value];
  else if (value && typeof value === 'object' && Array.isArray((value as { nodes?: unknown }).nodes)) {
    nodes = (value as { nodes: unknown }).nodes;
    connections = (value as { connections?: unknown }).connections ?? {};
  } else return { error: 'Pasted JSON holds no nodes: expected a workflow with "nodes" or a node.' };
  const list = nodes as unknown[];
  if (!list.length) return { error: 'Pasted JSON holds no nodes.' };
  const bad = list.findIndex((n) => !isNode(n));
  if (bad >= 0) return { error: `Pasted node ${bad + 1} has no "name" or "type".` };
  if (!connections || typeof connections !== 'object' || Array.isArray(connections)) return { error: 'Pasted "connections" must be an object keyed by node name.' };
  const withPositions = (list as INode[]).map((n) => ({
    ...n,
    parameters: n.parameters && typeof n.parameters === 'object' ? n.parameters : {},
    typeVersion: typeof n.typeVersion === 'number' ? n.typeVersion : 1,
    position: (Array.isArray(n.position) && n.position.length === 2 ? n.position.map(Number) : [0, 0]) as [number, number],
  }));
  return { nodes: withPositions, connections: connections as Connections };
}
