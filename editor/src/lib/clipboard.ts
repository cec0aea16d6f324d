// Nodes on the clipboard in n8n's format, both ways. n8n copies
//   { "nodes": [...], "connections": { <node name>: { "main": [[{ node, type, index }]] } },
//     "pinData": { <node name>: [{ "json": {...} }] }, "meta": { ..., "instanceId": "..." } }
// and pastes anything with "nodes" and "connections". We paste that, a workflow file (also n8n's
// `export:workflow` array of one), an array of nodes or a single node; anything else is refused
// with a message and nothing changes. Pasted n8n conditions stay as they are until the host
// converts them to JSONLogic on save; a copy turns saved JSONLogic conditions back into n8n's
// shape with the host's own converter (a pure module Vite bundles from host/conditions/).
import { nodesToN8n } from '../../../host/conditions/to-n8n.ts';
import type { Connections, INode } from '../api/types.ts';
import { normalizePinData } from './pin-data.ts';
import { t } from '../i18n/index.ts';
import type { PinData } from './pin-data.ts';

export interface ParsedNodes {
  nodes: INode[];
  connections: Connections;
  pinData: PinData;
  /** Present when the text was a whole workflow (it has settings). */
  settings?: Record<string, unknown>;
}

export type Parsed = ParsedNodes | { error: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function isNode(v: unknown): v is INode {
  return isObject(v) && typeof v.name === 'string' && typeof v.type === 'string';
}

export function parseClipboard(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: t('canvas.paste.notJson', { error: (e as Error).message }) };
  }
  // `n8n export:workflow` writes an array of workflows.
  if (Array.isArray(value) && value.length && value.every((v) => isObject(v) && Array.isArray(v.nodes))) {
    if (value.length > 1) return { error: t('canvas.paste.manyWorkflows', { n: value.length }) };
    value = value[0];
  }
  let nodes: unknown;
  let connections: unknown = {};
  let pinData: unknown;
  let settings: unknown;
  if (Array.isArray(value)) nodes = value;
  else if (isNode(value)) nodes = [value];
  else if (isObject(value) && Array.isArray(value.nodes)) {
    ({ nodes, pinData, settings } = value);
    connections = value.connections ?? {};
  } else return { error: t('canvas.paste.noNodesExpected') };
  const list = nodes as unknown[];
  if (!list.length) return { error: t('canvas.paste.noNodes') };
  const bad = list.findIndex((n) => !isNode(n));
  if (bad >= 0) return { error: t('canvas.paste.incompleteNode', { n: bad + 1 }) };
  if (!isObject(connections)) return { error: t('canvas.paste.badConnections') };
  const withPositions = (list as INode[]).map((n) => ({
    ...n,
    parameters: isObject(n.parameters) ? n.parameters : {},
    typeVersion: typeof n.typeVersion === 'number' ? n.typeVersion : 1,
    position: (Array.isArray(n.position) && n.position.length === 2 ? n.position.map(Number) : [0, 0]) as [number, number],
  }));
  return { nodes: withPositions, connections: connections as Connections, pinData: normalizePinData(pinData), ...(isObject(settings) ? { settings } : {}) };
}

/** A node with n8n's key order (parameters first, as n8n's getNodeDataToSave writes it). */
function n8nNode(node: INode): INode {
  const { parameters, type, typeVersion, position, id, name, ...rest } = node;
  return { parameters, type, typeVersion, position, id, name, ...rest } as INode;
}

export interface ClipboardSource {
  nodes: INode[];
  connections: Connections;
  pinData: PinData;
  meta?: Record<string, unknown>;
}

export interface CopyPayload {
  nodes: INode[];
  connections: Connections;
  pinData: PinData;
  /** The workflow's meta, instanceId, and `gigaflowUnconverted` (as in an n8n-format export) when some node kept JSONLogic. */
  meta: Record<string, unknown>;
}

/**
 * What "copy" puts on the clipboard for the named nodes, in n8n's shape: If/Switch/Filter
 * conditions as n8n's filters where they can be, their connections among each other (every
 * type, output slots kept), their pinned data and the workflow's meta with an instanceId naming
 * this host (n8n only compares it with its own).
 */
export function copyPayload(names: Iterable<string>, from: ClipboardSource, instanceId: string): CopyPayload {
  const picked = new Set(names);
  const { nodes, unconverted } = nodesToN8n(from.nodes.filter((n) => picked.has(n.name)));
  const connections: Connections = {};
  const pinData: PinData = {};
  for (const n of nodes) {
    if (from.pinData[n.name]) pinData[n.name] = from.pinData[n.name];
    const byType = from.connections[n.name];
    if (!byType) continue;
    const kept: Connections[string] = {};
    for (const [type, outputs] of Object.entries(byType)) kept[type] = outputs.map((targets) => (targets ?? []).filter((c) => picked.has(c.node)));
    if (Object.keys(kept).length) connections[n.name] = kept;
  }
  const { gigaflowUnconverted: _stale, ...meta } = from.meta ?? {};
  if (unconverted.length) meta.gigaflowUnconverted = unconverted.map((u) => u.node);
  return JSON.parse(JSON.stringify({ nodes: nodes.map(n8nNode), connections, pinData, meta: { ...meta, instanceId } }));
}
