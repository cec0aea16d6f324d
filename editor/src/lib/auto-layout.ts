// Automatic layout: the workflow as an ELK graph (layered, left to right) and the laid-out graph
// back as node positions. Sticky notes are annotations, not part of the flow: they stay put.
import * as elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Connections, INode } from '../api/types.ts';

const STICKY = 'n8n-nodes-base.stickyNote';
// The canvas node's size (CanvasNode.vue is 180px wide); height allows for a badge line.
const WIDTH = 180;
const HEIGHT = 70;

export function toElkGraph(nodes: INode[], connections: Connections): ElkNode {
  const placed = nodes.filter((n) => n.type !== STICKY);
  const names = new Set(placed.map((n) => n.name));
  const outputs = new Map<string, number>();
  const inputs = new Map<string, number>();
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (const [src, byType] of Object.entries(connections)) {
    if (!names.has(src)) continue;
    (byType.main ?? []).forEach((targets, output) => targets?.forEach((c) => {
      if (!names.has(c.node)) return;
      outputs.set(src, Math.max(outputs.get(src) ?? 0, output + 1));
      inputs.set(c.node, Math.max(inputs.get(c.node) ?? 0, c.index + 1));
      edges.push({ id: `${src}:${output}->${c.node}:${c.index}`, sources: [`${src}\u0000out${output}`], targets: [`${c.node}\u0000in${c.index}`] });
    }));
  }
  const port = (node: string, kind: 'in' | 'out', i: number) => ({ id: `${node}\u0000${kind}${i}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': kind === 'in' ? 'WEST' : 'EAST', 'elk.port.index': String(kind === 'in' ? -i : i) } });
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '60',
      'elk.layered.spacing.nodeNodeBetweenLayers': '100',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    // ELK orders ports clockwise: ascending on the east side, descending on the west, so output
    // 0 (an If's true branch) and input 0 come out on top.
    children: placed.map((n) => ({
      id: n.name,
      width: WIDTH,
      height: HEIGHT,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...Array.from({ length: inputs.get(n.name) ?? 0 }, (_, i) => port(n.name, 'in', i)),
        ...Array.from({ length: outputs.get(n.name) ?? 0 }, (_, i) => port(n.name, 'out', i)),
      ],
    })),
    edges,
  };
}

/**
 * Positions from a laid-out graph, shifted so the layout starts where the flow's top-left node was
 * (the view does not jump away from the nodes).
 */
export function positionsFrom(graph: ElkNode, nodes: INode[]): Record<string, [number, number]> {
  const children = graph.children ?? [];
  const before = nodes.filter((n) => children.some((c) => c.id === n.name));
  if (!before.length) return {};
  const ox = Math.min(...before.map((n) => n.position[0]));
  const oy = Math.min(...before.map((n) => n.position[1]));
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  const out: Record<string, [number, number]> = {};
  for (const c of children) out[c.id] = [Math.round((c.x ?? 0) - minX + ox), Math.round((c.y ?? 0) - minY + oy)];
  return out;
}

export async function layoutWorkflow(nodes: INode[], connections: Connections): Promise<Record<string, [number, number]>> {
  // A CommonJS bundle: its constructor is the default export or the module itself, by bundler.
  const m = elkModule as unknown as { default?: unknown };
  const Elk = (typeof m === 'function' ? m : typeof m.default === 'function' ? m.default : (m.default as { default: unknown }).default) as new () => ELK;
  const laidOut = await new Elk().layout(toElkGraph(nodes, connections));
  return positionsFrom(laidOut, nodes);
}
