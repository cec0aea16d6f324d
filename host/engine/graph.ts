// Pure graph helpers: validation and lookups over n8n's connection map. No I/O here.
import type { IConnection, INode, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { triggerConditionRule } from '../conditions/trigger-condition.ts';
import type { NodeRegistry } from './registry-types.ts';

/** A node type that validates a node's parameters on save (throws ValidationError naming node and field). */
export interface NodeTypeWithValidation {
  validateNode?(node: INode, workflow: Pick<Workflow, 'nodes' | 'connections' | 'name' | 'settings'>): void;
}

export interface Edge {
  from: string;
  outputIndex: number;
  to: string;
  inputIndex: number;
}

/** The graph of one workflow: nodes by name and main-connection edges both ways. */
export interface Graph {
  nodes: Map<string, INode>;
  /** Outgoing main edges of a node, grouped by output index. */
  children(node: string): Edge[];
  /** Incoming main edges of a node. */
  parents(node: string): Edge[];
  /** How many main inputs are wired (highest input index + 1). */
  wiredInputCount(node: string): number;
}

export function buildGraph(workflow: Pick<Workflow, 'nodes' | 'connections'>): Graph {
  const nodes = new Map<string, INode>(workflow.nodes.map((n) => [n.name, n]));
  const out = new Map<string, Edge[]>();
  const inc = new Map<string, Edge[]>();
  for (const [from, byType] of Object.entries(workflow.connections ?? {})) {
    const outputs = byType?.main ?? [];
    outputs.forEach((targets: IConnection[] | null, outputIndex: number) => {
      for (const c of targets ?? []) {
        const edge: Edge = { from, outputIndex, to: c.node, inputIndex: c.index ?? 0 };
        (out.get(from) ?? out.set(from, []).get(from)!).push(edge);
        (inc.get(c.node) ?? inc.set(c.node, []).get(c.node)!).push(edge);
      }
    });
  }
  return {
    nodes,
    children: (node) => out.get(node) ?? [],
    parents: (node) => inc.get(node) ?? [],
    wiredInputCount: (node) => Math.max(0, ...(inc.get(node) ?? []).map((e) => e.inputIndex + 1)),
  };
}

/**
 * n8n v1 order: ready children run top to bottom, then left to right, by canvas position.
 * Kept in this one function because it makes behaviour depend on layout, as it does in n8n.
 */
export function byCanvasPosition(a: INode, b: INode): number {
  const [ax, ay] = a.position ?? [0, 0];
  const [bx, by] = b.position ?? [0, 0];
  return ay - by || ax - bx;
}

/**
 * Rejects what cannot run: missing names/types, duplicate names, unknown node types or versions,
 * and connections to or from nodes that do not exist. Every message names the node at fault.
 */
export function validateWorkflow(workflow: Pick<Workflow, 'nodes' | 'connections' | 'name' | 'settings'>, registry: NodeRegistry): void {
  if (!workflow || typeof workflow !== 'object') throw new ValidationError('workflow must be an object');
  if (!Array.isArray(workflow.nodes)) throw new ValidationError('workflow.nodes must be an array', { field: 'nodes' });
  if (workflow.connections !== undefined && (typeof workflow.connections !== 'object' || workflow.connections === null || Array.isArray(workflow.connections)))
    throw new ValidationError('workflow.connections must be an object keyed by node name', { field: 'connections' });
  const seen = new Set<string>();
  workflow.nodes.forEach((node, i) => {
    if (!node || typeof node !== 'object') throw new ValidationError(`nodes[${i}] must be an object`, { field: `nodes[${i}]` });
    if (typeof node.name !== 'string' || !node.name.trim()) throw new ValidationError(`nodes[${i}] has no name`, { field: `nodes[${i}].name` });
    if (seen.has(node.name)) throw new ValidationError(`Duplicate node name "${node.name}"`, { node: node.name, field: 'name' });
    seen.add(node.name);
    if (typeof node.type !== 'string' || !node.type) throw new ValidationError(`Node "${node.name}" has no type`, { node: node.name, field: 'type' });
    const version = node.typeVersion ?? 1;
    if (typeof version !== 'number') throw new ValidationError(`Node "${node.name}" has a non-numeric typeVersion`, { node: node.name, field: 'typeVersion' });
    if (!registry.hasType(node.type))
      throw new ValidationError(`Node "${node.name}" has unknown type "${node.type}"`, { node: node.name, field: 'type' });
    if (!registry.get(node.type, version))
      throw new ValidationError(`Node "${node.name}" uses type "${node.type}" version ${version}, which is not supported`, {
        node: node.name,
        field: 'typeVersion',
      });
    if (node.parameters !== undefined && (typeof node.parameters !== 'object' || node.parameters === null))
      throw new ValidationError(`Node "${node.name}" has parameters that are not an object`, { node: node.name, field: 'parameters' });
    // Gigaflow extension: a type may check its parameters at save time (e.g. a cron expression),
    // so a bad value is refused now and not discovered when it would have run.
    (registry.get(node.type, version) as NodeTypeWithValidation | undefined)?.validateNode?.(node, workflow);
  });
  const condition = workflow.settings?.triggerCondition;
  if (condition !== undefined && condition !== null) triggerConditionRule(condition);
  for (const [from, byType] of Object.entries(workflow.connections ?? {})) {
    if (!seen.has(from)) throw new ValidationError(`Connection from unknown node "${from}"`, { node: from, field: 'connections' });
    if (!byType || typeof byType !== 'object') throw new ValidationError(`Connections of "${from}" must be an object`, { node: from, field: 'connections' });
    for (const [kind, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) throw new ValidationError(`Connections "${kind}" of "${from}" must be an array`, { node: from, field: 'connections' });
      for (const targets of outputs) {
        if (targets === null) continue;
        if (!Array.isArray(targets)) throw new ValidationError(`Connections "${kind}" of "${from}" must hold arrays`, { node: from, field: 'connections' });
        for (const t of targets) {
          if (!t || typeof t.node !== 'string' || !seen.has(t.node))
            throw new ValidationError(`Connection from "${from}" goes to unknown node "${t?.node}"`, { node: from, field: 'connections' });
          if (t.index !== undefined && (!Number.isInteger(t.index) || t.index < 0))
            throw new ValidationError(`Connection from "${from}" to "${t.node}" has an invalid input index`, { node: from, field: 'connections' });
        }
      }
    }
  }
}
