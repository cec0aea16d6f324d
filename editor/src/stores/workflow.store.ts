// The open workflow: the single source of truth for the canvas (Vue Flow nodes/edges are derived
// from it, never persisted). Tracks unsaved edits so nothing is lost silently.
import { reactive } from 'vue';
import { api } from '../api/client.ts';
import { findType, portsOf } from './node-types.store.ts';
import type { Connection, Connections, INode, Workflow, WorkflowInput } from '../api/types.ts';

export const wf = reactive({
  workflow: null as Workflow | null,
  name: '',
  nodes: [] as INode[],
  connections: {} as Connections,
  dirty: false,
  saving: false,
  saveError: '',
});

export function load(w: Workflow): void {
  wf.workflow = w;
  wf.name = w.name;
  wf.nodes = structuredClone(w.nodes ?? []);
  wf.connections = structuredClone(w.connections ?? {});
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
    settings: w?.settings ?? {},
    ...(w?.pinData ? { pinData: w.pinData } : {}),
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
type Snapshot = { name: string; nodes: INode[]; connections: Connections };
const undoStack: Snapshot[] = [];
const redoStack: Snapshot[] = [];
const HISTORY_LIMIT = 100;

function snapshot(): Snapshot {
  return JSON.parse(JSON.stringify({ name: wf.name, nodes: wf.nodes, connections: wf.connections }));
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
  if (!name.trim()) return 'A node needs a name.';
  if (name !== except && wf.nodes.some((n) => n.name === name)) return `A node named "${name}" already exists.`;
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
  if (!node) return `There is no node named "${name}".`;
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
  if (src === dst) return `"${src}" cannot be connected to itself.`;
  const target = getNode(dst);
  if (!getNode(src) || !target) return `There is no node named "${getNode(src) ? dst : src}".`;
  if (portsOf(target, findType(target.type)).inputs === 0) return `"${dst}" has no inputs: a trigger starts the workflow and cannot be connected to.`;
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

/** Adds pasted nodes (renamed when a name is taken) with the connections among them. */
export function pasteNodes(nodes: INode[], connections: Connections, offset: [number, number]): string[] {
  record();
  const renames = new Map<string, string>();
  for (const n of nodes) {
    const name = uniqueName(n.name);
    renames.set(n.name, name);
    wf.nodes.push({ ...structuredClone(n), id: crypto.randomUUID(), name, position: [n.position[0] + offset[0], n.position[1] + offset[1]] });
  }
  for (const [src, byType] of Object.entries(connections)) {
    if (!renames.has(src)) continue;
    (byType.main ?? []).forEach((targets, output) => targets?.forEach((c) => {
      if (renames.has(c.node)) connect(renames.get(src)!, output, renames.get(c.node)!, c.index, false);
    }));
  }
  touch();
  return [...renames.values()];
}
