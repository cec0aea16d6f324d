import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../host/model/index.ts';
import { ValidationError } from '../../../host/model/index.ts';
import { exportWorkflow, parseWorkflowDefinition, parseWorkflowImport, stringifyExport } from '../../../host/workflows/io.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/workflows/n8n-export-webhook-set.json', import.meta.url), 'utf8'));

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseWorkflowImport', () => {
  it('reads an n8n CLI export (array) and drops volatile fields', () => {
    const [wf, ...rest] = parseWorkflowImport(fixture);
    expect(rest).toHaveLength(0);
    expect(wf.id).toBe('Qm3xT2hVb8KpL1dZ');
    expect(wf.name).toBe('Field visit intake');
    expect(wf.tags).toEqual(['field-service']);
    expect(wf.nodes.map((n) => n.name)).toEqual(['Webhook', 'Edit Fields']);
    expect(wf.nodes[0]).toMatchObject({ type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: '7b2d4f60-1c3e-4a8b-b9d2-5e6f7a8b9c0d' });
    expect(wf.settings.executionOrder).toBe('v1');
    expect(wf.meta).toMatchObject({ templateCredsSetupCompleted: true });
    for (const key of ['createdAt', 'updatedAt', 'versionId', 'triggerCount', 'shared', 'homeProject', 'isArchived', 'active', 'staticData', 'pinData'])
      expect(wf).not.toHaveProperty(key);
  });

  it('reads a single workflow (editor download) with string tags and defaults settings', () => {
    const [wf] = parseWorkflowImport({
      name: 'One',
      nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
      connections: {},
      tags: ['a', ' b '],
      homeProject: { id: 'x' },
    });
    expect(wf.tags).toEqual(['a', 'b']);
    expect(wf.settings).toEqual({ executionOrder: 'v1' });
    expect(wf).not.toHaveProperty('id');
    expect(wf).not.toHaveProperty('homeProject');
  });

  it('keeps an explicit executionOrder and defaults missing node fields', () => {
    const wf = parseWorkflowDefinition({ name: 'x', settings: { executionOrder: 'v0' }, nodes: [{ name: 'A', type: 't' }] });
    expect(wf.settings.executionOrder).toBe('v0');
    expect(wf.nodes[0]).toEqual({ id: expect.any(String), name: 'A', type: 't', typeVersion: 1, position: [0, 0], parameters: {} });
  });

  it('names the offending field, with the array index', () => {
    expect(errorOf(() => parseWorkflowImport({ nodes: [] })).field).toBe('name');
    expect(errorOf(() => parseWorkflowImport([{ name: 'ok', nodes: [] }, { name: 'bad', nodes: {} }])).field).toBe('[1].nodes');
    const e = errorOf(() => parseWorkflowImport({ name: 'x', nodes: [{ name: 'A', type: 't', typeVersion: 'two' }] }));
    expect(e.field).toBe('nodes[0].typeVersion');
    expect(e.node).toBe('A');
    expect(errorOf(() => parseWorkflowImport({ name: 'x', nodes: [], tags: [3] })).field).toBe('tags[0]');
    expect(errorOf(() => parseWorkflowImport({ name: 'x', nodes: [], connections: [] })).field).toBe('connections');
    expect(errorOf(() => parseWorkflowImport([])).message).toMatch(/no workflows/);
    expect(errorOf(() => parseWorkflowImport('nope')).message).toMatch(/must be an object/);
  });

  it('accepts the public API list shape {data: [...]}', () => {
    expect(parseWorkflowImport({ data: [{ name: 'a', nodes: [] }, { name: 'b', nodes: [] }] }).map((w) => w.name)).toEqual(['a', 'b']);
  });
});

describe('exportWorkflow', () => {
  const stored: Workflow = {
    updatedAt: '2025-01-02T00:00:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z',
    versionId: 'v-1',
    active: true,
    settings: { timezone: 'Europe/Berlin', executionOrder: 'v1' },
    connections: { B: { main: [[{ node: 'A', type: 'main', index: 0 }]] } },
    nodes: [
      { parameters: { z: 1, a: 2 }, position: [1, 2], typeVersion: 1, type: 't.b', name: 'B', id: 'nb', notes: 'n', disabled: false },
      { id: 'na', name: 'A', type: 't.a', typeVersion: 2, position: [3, 4], parameters: {} },
    ],
    name: 'W',
    id: 'wf1',
    tags: ['x'],
    pinData: {},
    staticData: null,
  };

  it('drops volatile fields, orders keys, keeps node order', () => {
    const out = exportWorkflow(stored) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['id', 'name', 'nodes', 'connections', 'settings', 'tags']);
    const nodes = out.nodes as Record<string, unknown>[];
    expect(nodes.map((n) => n.name)).toEqual(['B', 'A']);
    expect(Object.keys(nodes[0])).toEqual(['id', 'name', 'type', 'typeVersion', 'position', 'disabled', 'parameters', 'notes']);
    expect(Object.keys(out.settings as object)).toEqual(['executionOrder', 'timezone']);
  });

  it('is stable and round-trips through the importer', () => {
    const text = stringifyExport(exportWorkflow(stored));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "name": "W"');
    const [again] = parseWorkflowImport(JSON.parse(text));
    const reexported = stringifyExport(exportWorkflow({ ...again, id: again.id!, active: false }));
    expect(reexported).toBe(text);
  });
});
