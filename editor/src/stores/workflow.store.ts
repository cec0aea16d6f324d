// The open workflow: the single source of truth for the canvas (Vue Flow nodes/edges are derived
// from it, never persisted). Tracks unsaved edits so nothing is lost silently.
import { reactive } from 'vue';
import { api } from '../api/client.ts';
import { findType, portsOf } from './node-types.store.ts';
import { normalizePinData } from '../lib/pin-data.ts';
import { t } from '../i18n/index.ts';
import type { PinData, PinItem } from '../lib/pin-data.ts';
import type { Connection, Connections, INode, Workflow, WorkflowInput } from '../api/types.ts';

export const wf = reactive({
  workflow: null as Workflow | null,
  name: '',
  nodes: [] as INode[],
  connections: {} as Connections,
  /** n8n's pinData: node name → the items that node hands on instead of running (manual runs). */
  pinData: {} as PinData,
  settings: {} as Record<string, unknown>,
  dirty: false,
  saving: false,
  saveError: '',
});

export function load(w: Workflow): void {
  wf.workflow = w;
  wf.name = w.name;
  wf.nodes = structuredClone(w.nodes ?? []);
  wf.connections = structuredClone(w.connections ?? {});
  wf.pinData = normalizePinData(w.pinData);
  wf.settings = structuredClone(w.settings ?? {});
  wf.dirty = false;
  wf.saveError = '';
  undoStack.length = 0;
  redoStack.length = 0;
}

export function toInput(): WorkflowInput {
  const w = wf.workflow;
  return {
    name: wf.name,
    nodes: structuredClone(JSON.parse(JSON.stringify(wf.nodes))),
    connections: JSON.parse(JSON.stringify(wf.connections)),
    settings: JSON.parse(JSON.stringify(wf.settings)),
    pinData: JSON.parse(JSON.stringify(wf.pinData)),
    ...(w?.meta ? { meta: w.meta } : {}),
    ...(w?.tags ? { tags: w.tags } : {}),
  };
}

/** Saves a new version; on failure the edits stay and the API's message is kept in saveError. */
export async function save(): Promise<boolean> {
  if (!wf.workflow) return false;
  wf.saving = true;
  wf.saveError = '';
  try {
    const saved = await api.saveWorkflow(wf.workflow.id, toInput());
    wf.workflow = saved;
    wf.dirty = false;
    return true;
  } catch (e) {
    wf.saveError = (e as Error).message;
    return false;
  } finally {
    wf.saving = false;
  }
}

function touch(): void {
  wf.dirty = true;
}

// Undo/redo: snapshots of the editable definition, taken before each change.
type Snapshot = { name: string; nodes: INode[]; connections: Connections; pinData: PinData; settings: Record<string, unknown> };
const undoStack: Snapshot[] = [];
const redoStack: Snapshot[] = [];
const HISTORY_LIMIT = 100;

function snapshot(): Snapshot {
  return JSON.parse(JSON.stringify({ name: wf.name, nodes: wf.nodes, connections: wf.connections, pinData: wf.pinData, settings: wf.settings }));
}

function record(): void {
  undoStack.push(snapshot());
  if (undoStack.length > HISTORY_LIMIT) undoStack.shift();
  redoStack.length = 0;
}

function restore(s: Snapshot): void {
  wf.name = s.name;
  wf.nodes = s.nodes;
  wf.connections = s.connections;
  wf.pinData = s.pinData;
  wf.settings = s.settings;
  touch();
}

export function undo(): boolean {
  const s = undoStack.pop();
  if (!s) return false;
  redoStack.push(snapshot());
  restore(s);
  return true;
}

export function redo(): boolean {
  const s = redoStack.pop();
  if (!s) return false;
  undoStack.push(snapshot());
  restore(s);
  return true;
}

/** Replaces the workflow settings (the settings dialog) as one undoable step; no-op when unchanged. */
export function setSettings(settings: Record<string, unknown>): void {
  if (JSON.stringify(settings) === JSON.stringify(wf.settings)) return;
  record();
  wf.settings = JSON.parse(JSON.stringify(settings));
  touch();
}

export function canUndo(): boolean {
  return undoStack.length > 0;
}

export function uniqueName(base: string): string {
  const taken = new Set(wf.nodes.map((n) => n.name));
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, '');
  for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/** Why a node may not take this name ('' when it may): n8n connects nodes by name, so names are unique. */
export function nameProblem(name: string, except?: string): string {
  if (!name.trim()) return t('canvas.problems.needsName');
  if (name !== except && wf.nodes.some((n) => n.name === name)) return t('canvas.problems.nameTaken', { name });
  return '';
}

/** Adds the node; refuses (returning the reason, changing nothing) when its name is taken. */
export function addNode(node: INode): string {
  const problem = nameProblem(node.name);
  if (problem) return problem;
  record();
  wf.nodes.push(node);
  touch();
  return '';
}

export function getNode(name: string): INode | undefined {
  return wf.nodes.find((n) => n.name === name);
}

/** Applies the edit; a rename to a taken or empty name is refused with the reason, changing nothing. */
export function updateNode(name: string, patch: Partial<INode>): string {
  const node = getNode(name);
  if (!node) return t('canvas.problems.noSuchNode', { name });
  if (patch.name !== undefined) {
    const problem = nameProblem(patch.name, name);
    if (problem) return problem;
  }
  record();
  if (patch.name && patch.name !== name) renameNode(name, patch.name);
  Object.assign(node, patch);
  touch();
  return '';
}

function renameNode(from: string, to: string): void {
  const conns: Connections = {};
  for (const [src, byType] of Object.entries(wf.connections)) {
    const out: Record<string, (Connection[] | null)[]> = {};
    for (const [type, outputs] of Object.entries(byType)) out[type] = outputs.map((targets) => targets?.map((c) => (c.node === from ? { ...c, node: to } : c)) ?? null);
    conns[src === from ? to : src] = out;
  }
  wf.connections = conns;
  // Pinned data is keyed by node name too: it moves with the node.
  if (wf.pinData[from]) {
    wf.pinData[to] = wf.pinData[from];
    delete wf.pinData[from];
  }
}

export function moveNode(name: string, x: number, y: number): void {
  const node = getNode(name);
  if (!node || (node.position[0] === Math.round(x) && node.position[1] === Math.round(y))) return;
  record();
  node.position = [Math.round(x), Math.round(y)];
  touch();
}

/** Moves many nodes as one undoable step (automatic layout); unknown names are ignored. */
export function setPositions(positions: Record<string, [number, number]>): void {
  const changed = wf.nodes.filter((n) => positions[n.name] && (positions[n.name][0] !== n.position[0] || positions[n.name][1] !== n.position[1]));
  if (!changed.length) return;
  record();
  for (const n of changed) n.position = [...positions[n.name]];
  touch();
}

export function removeNodes(names: string[]): void {
  const gone = new Set(names);
  if (!wf.nodes.some((n) => gone.has(n.name))) return;
  record();
  wf.nodes = wf.nodes.filter((n) => !gone.has(n.name));
  for (const name of names) delete wf.pinData[name];
  for (const src of Object.keys(wf.connections)) {
    if (gone.has(src)) {
      delete wf.connections[src];
      continue;
    }
    for (const outputs of Object.values(wf.connections[src])) {
      outputs.forEach((targets, i) => {
        if (targets) outputs[i] = targets.filter((c) => !gone.has(c.node));
      });
    }
  }
  touch();
}

/** Why this connection may not be made ('' when it may). */
export function connectionProblem(src: string, dst: string): string {
  if (src === dst) return t('canvas.problems.selfConnection', { name: src });
  const target = getNode(dst);
  if (!getNode(src) || !target) return t('canvas.problems.noSuchNode', { name: getNode(src) ? dst : src });
  if (portsOf(target, findType(target.type)).inputs === 0) return t('canvas.problems.noInputs', { name: dst });
  return '';
}

/** Connects an output to an input; refuses (returning the reason, changing nothing) a connection that cannot work. */
export function connect(src: string, output: number, dst: string, input: number, recordHistory = true): string {
  const problem = connectionProblem(src, dst);
  if (problem) return problem;
  if (recordHistory) record();
  const byType = (wf.connections[src] ??= {});
  const outputs = (byType.main ??= []);
  while (outputs.length <= output) outputs.push([]);
  const targets = (outputs[output] ??= []);
  if (targets.some((c) => c.node === dst && c.index === input)) return '';
  targets.push({ node: dst, type: 'main', index: input });
  touch();
  return '';
}

export function disconnect(src: string, output: number, dst: string, input: number): void {
  const targets = wf.connections[src]?.main?.[output];
  if (!targets) return;
  const i = targets.findIndex((c) => c.node === dst && c.index === input);
  if (i < 0) return;
  record();
  targets.splice(i, 1);
  touch();
}

/** Every main connection as a flat list, for the canvas edges. */
export function edgesOf(): { src: string; output: number; dst: string; input: number }[] {
  const list: { src: string; output: number; dst: string; input: number }[] = [];
  for (const [src, byType] of Object.entries(wf.connections)) {
    (byType.main ?? []).forEach((targets, output) => targets?.forEach((c) => list.push({ src, output, dst: c.node, input: c.index })));
  }
  return list;
}

export function pinnedItems(name: string): PinItem[] | undefined {
  return wf.pinData[name];
}

/** Pins items (already validated, see parsePinText) to a node, as one undoable step. */
export function pinNode(name: string, items: PinItem[]): string {
  if (!getNode(name)) return t('canvas.problems.noSuchNode', { name });
  if (!items.length) return t('canvas.problems.pinNeedsItem');
  record();
  wf.pinData[name] = structuredClone(items);
  touch();
  return '';
}

export function unpinNode(name: string): void {
  if (!wf.pinData[name]) return;
  record();
  delete wf.pinData[name];
  touch();
}

/** Renamed copies of the connections among `renames`' nodes, every type and output slot kept. */
function renamedConnections(connections: Connections, renames: Map<string, string>): Connections {
  const out: Connections = {};
  for (const [src, byType] of Object.entries(connections)) {
    if (!renames.has(src) || !byType || typeof byType !== 'object') continue;
    const copy: Connections[string] = {};
    for (const [type, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) continue;
      copy[type] = outputs.map((targets) => (Array.isArray(targets) ? targets.filter((c) => renames.has(c?.node)).map((c) => ({ ...c, node: renames.get(c.node)! })) : []));
    }
    out[renames.get(src)!] = copy;
  }
  return out;
}

export interface Pasted {
  nodes: INode[];
  connections: Connections;
  pinData?: PinData;
  /** A workflow file's settings: taken over only when it is imported into an empty workflow. */
  settings?: Record<string, unknown>;
}

/**
 * Adds pasted or imported nodes as one undoable step, as n8n does: names made unique (connections
 * and pinned data follow the new names), fresh node ids, a webhook id already used here replaced.
 * Into an empty workflow a file's settings come along (n8n's own import leaves settings alone).
 */
export function pasteNodes({ nodes, connections, pinData = {}, settings }: Pasted, offset: [number, number]): string[] {
  const empty = wf.nodes.length === 0;
  record();
  if (empty && settings) wf.settings = { ...wf.settings, ...structuredClone(settings) };
  const renames = new Map<string, string>();
  const webhookIds = new Set(wf.nodes.map((n) => n.webhookId).filter(Boolean));
  for (const n of nodes) {
    const name = uniqueName(n.name);
    renames.set(n.name, name);
    const copy: INode = { ...structuredClone(n), id: crypto.randomUUID(), name, position: [n.position[0] + offset[0], n.position[1] + offset[1]] };
    if (copy.webhookId && webhookIds.has(copy.webhookId)) {
      const fresh = crypto.randomUUID();
      if (copy.parameters.path === copy.webhookId) copy.parameters = { ...copy.parameters, path: fresh };
      copy.webhookId = fresh;
    }
    if (copy.webhookId) webhookIds.add(copy.webhookId);
    wf.nodes.push(copy);
  }
  Object.assign(wf.connections, renamedConnections(connections, renames));
  for (const [name, items] of Object.entries(pinData)) if (renames.has(name)) wf.pinData[renames.get(name)!] = structuredClone(items);
  touch();
  return [...renames.values()];
}
