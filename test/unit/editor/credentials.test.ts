// @vitest-environment happy-dom
// Credential selectors fed with the saved credentials, grouped by type and filtered by display rules.
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NodeSettingsPanel from '../../../editor/src/components/panels/NodeSettingsPanel.vue';
import { availableFor, credentials } from '../../../editor/src/stores/credentials.store.ts';
import { nodeTypes } from '../../../editor/src/stores/node-types.store.ts';
import { load, wf } from '../../../editor/src/stores/workflow.store.ts';
import type { NodeTypeDescription } from '../../../editor/src/api/types.ts';

// The assertions read the English texts.
setLocale('en');

const saved = [
  { id: '1', name: 'Ops API', type: 'httpHeaderAuth' },
  { id: '2', name: 'Stripe live', type: 'stripeApi' },
  { id: '3', name: 'Partner API', type: 'httpHeaderAuth' },
];
const slots = [
  { name: 'httpHeaderAuth', displayOptions: { show: { authentication: ['header'] } } },
  { name: 'httpBasicAuth', displayOptions: { show: { authentication: ['basic'] } } },
];

afterEach(() => {
  nodeTypes.list = [];
  credentials.list = [];
  credentials.loaded = false;
});

describe('availableFor', () => {
  it('lists the saved credentials of each type the node shows for its parameters', () => {
    expect(availableFor(slots, saved, { authentication: 'header' }, 1)).toEqual({ httpHeaderAuth: [{ id: '1', name: 'Ops API' }, { id: '3', name: 'Partner API' }] });
    expect(availableFor(slots, saved, { authentication: 'basic' }, 1)).toEqual({ httpBasicAuth: [] });
    expect(availableFor(slots, saved, {}, 1)).toEqual({});
  });
});

describe('node settings credential selector', () => {
  it("offers the saved credentials of the node's type and stores the pick on the node", async () => {
    nodeTypes.list = [{ name: 'test.api', displayName: 'API', group: [], version: 1, inputs: ['main'], outputs: ['main'], properties: [], credentials: [{ name: 'stripeApi' }] }] as unknown as NodeTypeDescription[];
    credentials.list = saved;
    credentials.loaded = true;
    load({ id: 'w', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [{ id: 'a', name: 'Pay', type: 'test.api', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} });
    const w = mount(NodeSettingsPanel, { global: { plugins: [i18n] }, props: { name: 'Pay' } });
    // The parameter form is an async component (it pulls in the expression editor): wait for it.
    const select = await vi.waitFor(() => w.get('[data-test=param-credentials-stripeApi]'), { timeout: 5000 });
    expect(select.findAll('option').map((o) => o.text())).toEqual(['— none —', 'Stripe live']);
    await select.setValue('2');
    expect(wf.nodes[0].credentials).toEqual({ stripeApi: { id: '2', name: 'Stripe live' } });
  });
});
