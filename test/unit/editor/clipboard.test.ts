// The clipboard in n8n's format: a real n8n copy (If with true/false branches) pastes with its
// connections; what we copy has n8n's keys, connections by node name and meta.instanceId.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { convertNodeConditions } from '../../../host/conditions/convert.ts';
import type { INode as HostNode } from '../../../host/model/index.ts';
import { copyPayload, parseClipboard } from '../../../editor/src/lib/clipboard.ts';
import type { ParsedNodes } from '../../../editor/src/lib/clipboard.ts';
import { edgesOf, load, pasteNodes, toInput, wf } from '../../../editor/src/stores/workflow.store.ts';

const n8nCopy = readFileSync(new URL('../../fixtures/clipboard/n8n-copy-if.json', import.meta.url), 'utf8');
const n8nExport = readFileSync(new URL('../../fixtures/workflows/n8n-export-webhook-set.json', import.meta.url), 'utf8');
const n8nDownload = readFileSync(new URL('../../fixtures/workflows/n8n-download-pinned.json', import.meta.url), 'utf8');

beforeEach(() => {
  load({ id: 'w1', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [], connections: {}, meta: { templateCredsSetupCompleted: true } });
});

describe('paste', () => {
  it('pastes n8n’s copy of an If with both branches connected', () => {
    const parsed = parseClipboard(n8nCopy) as ParsedNodes;
    expect(parsed.nodes.map((n) => n.name)).toEqual(['Is urgent?', 'Page on-call', 'Queue for tomorrow']);
    pasteNodes(parsed, [0, 0]);
    expect(edgesOf()).toEqual([
      { src: 'Is urgent?', output: 0, dst: 'Page on-call', input: 0 },
      { src: 'Is urgent?', output: 1, dst: 'Queue for tomorrow', input: 0 },
    ]);
    // n8n gives pasted nodes new ids.
    const original = JSON.parse(n8nCopy).nodes.map((n: { id: string }) => n.id);
    expect(wf.nodes.some((n) => original.includes(n.id))).toBe(false);
  });

  it('reads workflow files: n8n’s download with pinData and settings, export:workflow’s array of one', () => {
    const file = parseClipboard(n8nDownload) as ParsedNodes;
    expect(file.pinData['Fetch open tickets']).toHaveLength(2);
    expect(file.settings).toMatchObject({ timezone: 'Europe/Paris' });
    expect((parseClipboard(n8nExport) as ParsedNodes).nodes.map((n) => n.name)).toEqual(['Webhook', 'Edit Fields']);
    expect(parseClipboard(JSON.stringify([JSON.parse(n8nDownload), JSON.parse(n8nDownload)]))).toEqual({ error: 'The JSON holds 2 workflows: import them from the workflow list.' });
  });

  it('takes a file’s settings only into an empty workflow', () => {
    const file = parseClipboard(n8nDownload) as ParsedNodes;
    pasteNodes(file, [0, 0]);
    expect(toInput().settings).toMatchObject({ timezone: 'Europe/Paris' });
    load({ id: 'w2', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [], connections: {}, settings: { timezone: 'UTC' } });
    pasteNodes(file, [0, 0]);
    pasteNodes({ ...file, settings: { timezone: 'Asia/Tokyo' } }, [0, 0]);
    expect(toInput().settings).toEqual({ executionOrder: 'v1', saveManualExecutions: true, callerPolicy: 'workflowsFromSameOwner', timezone: 'Europe/Paris' });
  });
});

describe('copy', () => {
  it('writes n8n’s shape: nodes, connections among them by name, their pinData, meta with instanceId', () => {
    pasteNodes(parseClipboard(n8nCopy) as ParsedNodes, [0, 0]);
    wf.pinData['Is urgent?'] = [{ json: { priority: 'high', ticket: 'T-1' } }];
    const payload = copyPayload(['Is urgent?', 'Page on-call'], { nodes: wf.nodes, connections: wf.connections, pinData: wf.pinData, meta: { templateCredsSetupCompleted: true } }, 'gigaflow-test');
    expect(Object.keys(payload)).toEqual(['nodes', 'connections', 'pinData', 'meta']);
    expect(payload.nodes.map((n) => Object.keys(n).slice(0, 6))).toEqual([
      ['parameters', 'type', 'typeVersion', 'position', 'id', 'name'],
      ['parameters', 'type', 'typeVersion', 'position', 'id', 'name'],
    ]);
    // The false branch leads out of the selection: its slot stays, empty, as n8n writes it.
    expect(payload.connections).toEqual({ 'Is urgent?': { main: [[{ node: 'Page on-call', type: 'main', index: 0 }], []] } });
    expect(payload.pinData).toEqual({ 'Is urgent?': [{ json: { priority: 'high', ticket: 'T-1' } }] });
    expect(payload.meta).toEqual({ templateCredsSetupCompleted: true, instanceId: 'gigaflow-test' });
    // And it pastes back.
    expect(parseClipboard(JSON.stringify(payload))).toMatchObject({ nodes: [{ name: 'Is urgent?' }, { name: 'Page on-call' }] });
  });
});

describe('copy of saved conditions', () => {
  // What the host does on save: n8n conditions become {jsonLogic: rule}.
  const save = () => wf.nodes.splice(0, wf.nodes.length, ...wf.nodes.map((n) => convertNodeConditions(n as unknown as HostNode) as unknown as typeof n));
  const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value), (key, v) => (key === 'id' ? undefined : v));

  it('gives n8n’s filter back for JSONLogic the host converted', () => {
    pasteNodes(parseClipboard(n8nCopy) as ParsedNodes, [0, 0]);
    save();
    expect(wf.nodes[0].parameters.conditions).toHaveProperty('jsonLogic');
    const payload = copyPayload(['Is urgent?'], { nodes: wf.nodes, connections: wf.connections, pinData: {}, meta: {} }, 'gigaflow-test');
    const original = JSON.parse(n8nCopy).nodes[0].parameters;
    expect(withoutIds(payload.nodes[0].parameters)).toEqual(withoutIds(original));
    expect(payload.meta).toEqual({ instanceId: 'gigaflow-test' });
  });

  it('keeps a rule n8n cannot represent as JSONLogic and names the node in meta', () => {
    pasteNodes(parseClipboard(n8nCopy) as ParsedNodes, [0, 0]);
    const mixed = { and: [{ '==': [{ var: 'a' }, 1] }, { or: [{ '==': [{ var: 'b' }, 2] }, { '==': [{ var: 'c' }, 3] }] }] };
    wf.nodes[0].parameters = { conditions: { jsonLogic: mixed }, options: {} };
    const payload = copyPayload(['Is urgent?', 'Page on-call'], { nodes: wf.nodes, connections: wf.connections, pinData: {}, meta: { gigaflowUnconverted: ['stale'] } }, 'gigaflow-test');
    expect(payload.nodes[0].parameters.conditions).toEqual({ jsonLogic: mixed });
    expect(payload.meta).toEqual({ gigaflowUnconverted: ['Is urgent?'], instanceId: 'gigaflow-test' });
  });
});
