// Automatic layout through ELK: workflow → ELK graph → positions, applied as one undoable step.
import { describe, expect, it } from 'vitest';
import { layoutWorkflow, positionsFrom, toElkGraph } from '../../../editor/src/lib/auto-layout.ts';
import { load, setPositions, undo, wf } from '../../../editor/src/stores/workflow.store.ts';
import type { Connections, INode } from '../../../editor/src/api/types.ts';

const node = (name: string, type = 'n8n-nodes-base.set', position: [number, number] = [0, 0]): INode => ({ id: name, name, type, typeVersion: 1, position, parameters: {} });
const nodes = [node('Webhook', 'n8n-nodes-base.webhook', [500, 300]), node('If', 'n8n-nodes-base.if', [500, 300]), node('Yes', 'n8n-nodes-base.set', [700, 100]), node('No', 'n8n-nodes-base.set', [700, 100]), node('Note', 'n8n-nodes-base.stickyNote', [-50, -50])];
const connections: Connections = {
  Webhook: { main: [[{ node: 'If', type: 'main', index: 0 }]] },
  If: { main: [[{ node: 'Yes', type: 'main', index: 0 }], [{ node: 'No', type: 'main', index: 0 }]] },
};

describe('toElkGraph', () => {
  it('maps flow nodes and main connections to a layered left-to-right graph, leaving sticky notes out', () => {
    const g = toElkGraph(nodes, connections);
    expect(g.layoutOptions).toMatchObject({ 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' });
    expect(g.children!.map((c: { id: string }) => c.id)).toEqual(['Webhook', 'If', 'Yes', 'No']);
    expect(g.children!.find((c: { id: string }) => c.id === 'If')!.ports).toHaveLength(3);
    expect(g.edges).toHaveLength(3);
  });
});

describe('layoutWorkflow', () => {
  it('places every node left to right along its connections, starting where the flow was', async () => {
    const p = await layoutWorkflow(nodes, connections);
    expect(Object.keys(p).sort()).toEqual(['If', 'No', 'Webhook', 'Yes']);
    expect(p.Webhook[0]).toBeLessThan(p.If[0]);
    expect(p.If[0]).toBeLessThan(p.Yes[0]);
    expect(p.Yes[0]).toBe(p.No[0]);
    expect(p.Yes[1]).toBeLessThan(p.No[1]);
    expect(Math.min(...Object.values(p).map((xy) => xy[0]))).toBe(500);
    expect(Math.min(...Object.values(p).map((xy) => xy[1]))).toBe(100);
    expect(new Set(Object.values(p).map((xy) => xy.join(','))).size).toBe(4);
  });

  it('keeps unconnected nodes and reads positions back from a laid-out graph', () => {
    expect(positionsFrom({ id: 'root', children: [{ id: 'A', x: 10, y: 20 }, { id: 'B', x: 30, y: 20 }] }, [node('A', 't', [5, 5]), node('B', 't', [100, 100])])).toEqual({ A: [5, 5], B: [25, 5] });
  });

  it('applies the positions to the store as one undoable step', async () => {
    load({ id: 'w', name: 'W', active: false, createdAt: '', updatedAt: '', nodes, connections });
    setPositions(await layoutWorkflow(wf.nodes, wf.connections));
    expect(wf.nodes).toHaveLength(5);
    expect(wf.nodes.find((n) => n.name === 'No')!.position).not.toEqual([700, 100]);
    expect(wf.nodes.find((n) => n.name === 'Note')!.position).toEqual([-50, -50]);
    expect(wf.dirty).toBe(true);
    undo();
    expect(wf.nodes.map((n) => n.position)).toEqual(nodes.map((n) => n.position));
  });
});
