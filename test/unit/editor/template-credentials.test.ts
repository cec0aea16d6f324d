// What the "use template" walkthrough writes into the new workflow's nodes.
import { describe, expect, it } from 'vitest';
import type { INode } from '../../../editor/src/api/types.ts';
import { assignCredentials, nodesWithoutCredential } from '../../../editor/src/components/templates/assign-credentials.ts';

const node = (name: string, credentials?: INode['credentials']): INode => ({ id: name, name, type: 'x', typeVersion: 1, position: [0, 0], parameters: {}, ...(credentials ? { credentials } : {}) });

const nodes = [
  node('Trigger'),
  node('Find Customer', { gigafibreErpNextApi: { id: '', name: 'ERPNext' } }),
  node('Record Payment', { gigafibreErpNextApi: { id: '', name: 'ERPNext' } }),
  node('SMS Receipt', { gigafibreTwilioApi: { id: null, name: 'Twilio' } }),
];
const needed = [
  { type: 'gigafibreErpNextApi', displayName: 'ERPNext API', name: 'ERPNext', nodes: ['Find Customer', 'Record Payment'] },
  { type: 'gigafibreTwilioApi', displayName: 'Twilio API', name: 'Twilio', nodes: ['SMS Receipt'] },
];

describe('assignCredentials', () => {
  it('sets the chosen credential, as { id, name }, on every node that needs its type', () => {
    const out = assignCredentials(nodes, needed, { gigafibreErpNextApi: { id: 'c1', name: 'ERPNext prod' }, gigafibreTwilioApi: { id: 'c2', name: 'Twilio' } });
    expect(out.map((n) => n.credentials ?? null)).toEqual([
      null,
      { gigafibreErpNextApi: { id: 'c1', name: 'ERPNext prod' } },
      { gigafibreErpNextApi: { id: 'c1', name: 'ERPNext prod' } },
      { gigafibreTwilioApi: { id: 'c2', name: 'Twilio' } },
    ]);
    // The template's nodes are not changed in place.
    expect(nodes[1]!.credentials).toEqual({ gigafibreErpNextApi: { id: '', name: 'ERPNext' } });
  });

  it('a skipped type keeps the placeholder and is reported with its nodes', () => {
    const picks = { gigafibreErpNextApi: { id: 'c1', name: 'ERPNext' } };
    const out = assignCredentials(nodes, needed, picks);
    expect(out[3]).toBe(nodes[3]);
    expect(nodesWithoutCredential(needed, picks)).toEqual([{ type: 'gigafibreTwilioApi', displayName: 'Twilio API', nodes: ['SMS Receipt'] }]);
    expect(nodesWithoutCredential(needed, {})).toHaveLength(2);
  });

  it('keeps the other credential types a node already has', () => {
    const both = [node('Both', { a: { id: 'x', name: 'A' }, b: { id: '', name: 'B' } })];
    const out = assignCredentials(both, [{ type: 'b', displayName: 'B', name: 'B', nodes: ['Both'] }], { b: { id: 'y', name: 'B2' } });
    expect(out[0]!.credentials).toEqual({ a: { id: 'x', name: 'A' }, b: { id: 'y', name: 'B2' } });
  });
});
