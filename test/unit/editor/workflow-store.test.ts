// The editor's workflow store (source of truth for the canvas) and canvas paste parsing.
import { beforeEach, describe, expect, it } from 'vitest';
import { parseClipboard } from '../../../editor/src/lib/clipboard.ts';
import { nodeTypes } from '../../../editor/src/stores/node-types.store.ts';
import { addNode, canUndo, connect, disconnect, edgesOf, load, moveNode, pasteNodes, redo, removeNodes, toInput, undo, uniqueName, updateNode, wf } from '../../../editor/src/stores/workflow.store.ts';
import type { INode, NodeTypeDescription } from '../../../editor/src/api/types.ts';
import { setDescription } from '../../../nodes/core/set/description.ts';
import { webhookDescription } from '../../../nodes/core/webhook/description.ts';

const node = (name: string, type = 'n8n-nodes-base.set'): INode => ({ id: name, name, type, typeVersion: 3.4, position: [0, 0], parameters: {} });

beforeEach(() => {
  load({ id: 'w1', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [node('Webhook', 'n8n-nodes-base.webhook'), node('Set')], connections: {} });
});

describe('workflow store', () => {
  it('connects by node name in n8n shape and tracks unsaved edits', () => {
    expect(wf.dirty).toBe(false);
    connect('Webhook', 0, 'Set', 0);
    connect('Webhook', 0, 'Set', 0);
    expect(toInput().connections).toEqual({ Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } });
    expect(wf.dirty).toBe(true);
    disconnect('Webhook', 0, 'Set', 0);
    expect(edgesOf()).toEqual([]);
  });

  it('keeps connections when a node is renamed and drops them when it is removed', () => {
    connect('Webhook', 0, 'Set', 0);
    updateNode('Set', { name: 'Greeting' });
    expect(edgesOf()).toEqual([{ src: 'Webhook', output: 0, dst: 'Greeting', input: 0 }]);
    removeNodes(['Greeting']);
    expect(wf.nodes.map((n) => n.name)).toEqual(['Webhook']);
    expect(edgesOf()).toEqual([]);
  });

  it('names new nodes uniquely and pastes with renamed connections', () => {
    expect(uniqueName('Set')).toBe('Set1');
    const added = pasteNodes({ nodes: [node('Set'), node('Other')], connections: { Set: { main: [[{ node: 'Other', type: 'main', index: 0 }]] } } }, [100, 0]);
    expect(added).toEqual(['Set1', 'Other']);
    expect(edgesOf()).toEqual([{ src: 'Set1', output: 0, dst: 'Other', input: 0 }]);
    expect(wf.nodes.find((n) => n.name === 'Set1')!.position).toEqual([100, 0]);
  });

  it('undoes and redoes edits', () => {
    addNode(node('Third'));
    moveNode('Third', 10.4, 20.6);
    expect(wf.nodes.find((n) => n.name === 'Third')!.position).toEqual([10, 21]);
    undo();
    expect(wf.nodes.find((n) => n.name === 'Third')!.position).toEqual([0, 0]);
    undo();
    expect(wf.nodes.map((n) => n.name)).toEqual(['Webhook', 'Set']);
    expect(undo()).toBe(false);
    redo();
    expect(wf.nodes.map((n) => n.name)).toEqual(['Webhook', 'Set', 'Third']);
  });
});

describe('workflow store refusals', () => {
  it('refuses a new node or a rename to a name already taken, changing nothing', () => {
    expect(addNode(node('Set'))).toBe('A node named "Set" already exists.');
    expect(updateNode('Set', { name: 'Webhook' })).toBe('A node named "Webhook" already exists.');
    expect(updateNode('Set', { name: '  ' })).toBe('A node needs a name.');
    expect(wf.nodes.map((n) => n.name)).toEqual(['Webhook', 'Set']);
    expect(wf.dirty).toBe(false);
    expect(canUndo()).toBe(false);
    expect(updateNode('Set', { name: 'Set', disabled: true })).toBe('');
  });

  it('refuses connecting a node to itself or to a trigger without inputs', () => {
    // As the host's catalog serves them: registered under the package prefix.
    nodeTypes.list = [webhookDescription, setDescription].map((d) => ({ ...d, name: `n8n-nodes-base.${d.name}` })) as unknown as NodeTypeDescription[];
    try {
      expect(connect('Set', 0, 'Set', 0)).toBe('"Set" cannot be connected to itself.');
      expect(connect('Set', 0, 'Webhook', 0)).toContain('"Webhook" has no inputs');
      expect(connect('Set', 0, 'Nowhere', 0)).toBe('There is no node named "Nowhere".');
      expect(edgesOf()).toEqual([]);
      expect(wf.dirty).toBe(false);
      expect(connect('Webhook', 0, 'Set', 0)).toBe('');
      expect(edgesOf()).toHaveLength(1);
    } finally {
      nodeTypes.list = [];
    }
  });
});

describe('parseClipboard', () => {
  it('refuses invalid JSON and JSON without nodes, naming the problem', () => {
    expect(parseClipboard('{ nope')).toMatchObject({ error: expect.stringContaining('not valid JSON') });
    expect(parseClipboard('{"a":1}')).toMatchObject({ error: expect.stringContaining('no nodes') });
    expect(parseClipboard('[{"name":"x"}]')).toMatchObject({ error: 'Pasted node 1 has no "name" or "type".' });
  });

  it('accepts a workflow, an array of nodes or one node', () => {
    const wfJson = JSON.stringify({ nodes: [node('A')], connections: { A: { main: [[]] } } });
    expect(parseClipboard(wfJson)).toMatchObject({ nodes: [{ name: 'A' }], connections: { A: { main: [[]] } } });
    expect(parseClipboard(JSON.stringify([node('A')]))).toMatchObject({ nodes: [{ name: 'A' }] });
    expect(parseClipboard(JSON.stringify({ name: 'B', type: 't' }))).toMatchObject({ nodes: [{ name: 'B', typeVersion: 1, position: [0, 0], parameters: {} }] });
  });
});
