// POST /api/v1/node-types/ports: port counts and names of parameter-dependent descriptions (Switch),
// evaluated in the host's sandbox so the editor never evals (its CSP forbids it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INodeTypeDescription } from 'n8n-workflow';
import { portsOfNode } from '../../../host/server/routes/node-ports.routes.ts';
import type { NodeRegistry } from '../../../host/engine/registry-types.ts';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

const ports = (body: unknown) => t.api('/node-types/ports', { method: 'POST', body });
const SWITCH = 'n8n-nodes-base.switch';
const rule = (extra: Record<string, unknown> = {}) => ({ conditions: { conditions: [] }, ...extra });

describe('node ports API', () => {
  it('answers one output per Switch rule plus the fallback, with their names, in one batch', async () => {
    const res = await ports({
      nodes: [
        { name: 'Route', type: SWITCH, typeVersion: 3.2, parameters: { rules: { values: [rule(), rule({ renameOutput: true, outputKey: 'unpaid' }), rule()] }, options: { fallbackOutput: 'extra' } } },
        { name: 'Computed', type: SWITCH, typeVersion: 3.2, parameters: { mode: 'expression', numberOutputs: 6 } },
        { name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: {} },
        { name: 'Guarded', type: SWITCH, typeVersion: 3.2, parameters: { rules: { values: [rule(), rule()] } }, onError: 'continueErrorOutput' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.ports.Route).toEqual({ inputs: 1, outputs: ['0', 'unpaid', '2', 'Fallback'] });
    expect(res.body.ports.Computed).toEqual({ inputs: 1, outputs: ['0', '1', '2', '3', '4', '5'] });
    expect(res.body.ports.Set).toEqual({ inputs: 1, outputs: [''] });
    expect(res.body.ports.Guarded).toEqual({ inputs: 1, outputs: ['0', '1', 'error'] });
  });

  it('answers the fallback with the reason for an unknown type and for an expression that fails', async () => {
    const res = await ports({
      nodes: [
        { name: 'Mystery', type: 'n8n-nodes-base.noSuchNode', typeVersion: 1, parameters: {} },
        { name: 'Broken', type: SWITCH, typeVersion: 3.2, parameters: { rules: { values: 5 } } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.ports.Mystery).toEqual({ inputs: 1, outputs: [''], error: 'Unknown node type "n8n-nodes-base.noSuchNode"' });
    expect(res.body.ports.Broken.inputs).toBe(1);
    expect(res.body.ports.Broken.outputs).toEqual(['']);
    expect(res.body.ports.Broken.error).toMatch(/^Ports of node "Broken": .*map/);
  });

  it('reports a malformed description expression (syntax error, non-array result) from the real sandbox', () => {
    const described = (outputs: string): INodeTypeDescription => ({ displayName: 'Odd', name: 'odd', group: [], version: 1, description: '', defaults: {}, inputs: ['main'], outputs: outputs as never, properties: [] });
    const registryOf = (d: INodeTypeDescription): NodeRegistry => ({ get: () => undefined, hasType: (type) => type === d.name, descriptions: () => [d], credentialType: () => undefined, credentialTypes: () => [] });
    const syntax = portsOfNode(registryOf(described('={{ $parameter.( }}')), t.host.expressions, { name: 'Odd', type: 'odd', typeVersion: 1, parameters: {} });
    expect(syntax).toMatchObject({ inputs: 1, outputs: [''] });
    expect(syntax.error).toMatch(/^Ports of node "Odd": /);
    const notArray = portsOfNode(registryOf(described('={{ $parameter.count }}')), t.host.expressions, { name: 'Odd', type: 'odd', typeVersion: 1, parameters: { count: 3 } });
    expect(notArray).toEqual({ inputs: 1, outputs: [''], error: 'Ports of node "Odd": The description\'s "outputs" expression answered number, not an array of ports' });
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const cases: [unknown, string][] = [
      [{}, 'nodes'],
      [{ nodes: [42] }, 'nodes[0]'],
      [{ nodes: [{ type: SWITCH }] }, 'nodes[0].name'],
      [{ nodes: [{ name: 'A', type: SWITCH, parameters: [] }] }, 'nodes[0].parameters'],
      [{ nodes: [{ name: 'A', type: SWITCH, typeVersion: 'x' }] }, 'nodes[0].typeVersion'],
      [{ nodes: [{ name: 'A', type: SWITCH }, { name: 'A', type: SWITCH }] }, 'nodes[1].name'],
    ];
    for (const [body, field] of cases) {
      const res = await ports(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});
