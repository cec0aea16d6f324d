// @vitest-environment happy-dom
// Palette categories: heuristics for our core nodes, n8n's codex.categories[0] for integrations,
// triggers always under Triggers; order Triggers, Flow, Data, integrations A–Z, Other.
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../editor/src/i18n/index.ts';
import { afterEach, describe, expect, it } from 'vitest';
import NodePalette from '../../../editor/src/components/palette/NodePalette.vue';
import { categoryOf, compareCategories, nodeTypes, paletteGroups } from '../../../editor/src/stores/node-types.store.ts';
import type { NodeTypeDescription } from '../../../editor/src/api/types.ts';
import { codeDescription } from '../../../nodes/core/code/description.ts';
import { httpRequestDescription } from '../../../nodes/core/http-request/description.ts';
import { ifDescription } from '../../../nodes/core/if/description.ts';
import { setDescription } from '../../../nodes/core/set/description.ts';
import { stickyNoteDescription } from '../../../nodes/core/sticky-note/description.ts';
import { webhookDescription } from '../../../nodes/core/webhook/description.ts';
import { stripeTriggerDescription } from '../../../nodes/stripe/description.ts';

// The assertions read the English texts.
setLocale('en');

// As the host's catalog serves them: registered under their package prefix.
const core = (d: object) => ({ ...d, name: `n8n-nodes-base.${(d as { name: string }).name}` }) as unknown as NodeTypeDescription;
const integration = (name: string, displayName: string, extra: Partial<NodeTypeDescription>): NodeTypeDescription => ({
  name,
  displayName,
  group: ['transform'],
  version: 1,
  inputs: ['main'],
  outputs: ['main'],
  properties: [],
  credentials: [{ name: `${name.split('.').pop()}Api`, required: true }],
  ...extra,
});

const erpnext = integration('n8n-nodes-gigaflow.erpNext', 'ERPNext', { codex: { categories: ['ERPNext'] } });
const erpnextTrigger = integration('n8n-nodes-gigaflow.erpNextTrigger', 'ERPNext Trigger', { group: ['trigger'], inputs: [], codex: { categories: ['ERPNext'] } });
const radius = integration('n8n-nodes-gigaflow.radius', 'RADIUS', { codex: { categories: ['Network'] } });
const sms = integration('n8n-nodes-gigaflow.sms', 'SMS', { codex: { categories: ['Messaging', 'Communication'] } });
const ocr = integration('n8n-nodes-gigaflow.ocr', 'Photo OCR', { codex: { categories: ['Vision'] } });
const payments = integration('n8n-nodes-gigaflow.mollie', 'Mollie', { codex: { categories: ['Payments'] } });
const noCodex = integration('n8n-nodes-gigaflow.crm', 'CRM', {});
const genericCodex = integration('n8n-nodes-gigaflow.tool', 'Tool', { credentials: undefined, group: ['output'], codex: { categories: ['Core Nodes'] } });

const catalog = [
  core(setDescription), core(ifDescription), core(codeDescription), core(webhookDescription), core(httpRequestDescription), core(stickyNoteDescription),
  core(stripeTriggerDescription), sms, erpnext, radius, payments, erpnextTrigger, ocr, noCodex, genericCodex,
];

afterEach(() => {
  nodeTypes.list = [];
});

describe('categoryOf', () => {
  it('groups integrations by their codex category and keeps triggers under Triggers', () => {
    expect(categoryOf(erpnext)).toBe('ERPNext');
    expect(categoryOf(erpnextTrigger)).toBe('Triggers');
    expect(categoryOf(core(stripeTriggerDescription))).toBe('Triggers');
    expect(categoryOf(sms)).toBe('Messaging');
    expect(categoryOf(noCodex)).toBe('Integrations');
    // A generic n8n bucket names no integration: the heuristics decide.
    expect(categoryOf(genericCodex)).toBe('Other');
  });

  it('keeps the heuristics for core nodes', () => {
    expect(categoryOf(core(ifDescription))).toBe('Flow');
    expect(categoryOf(core(setDescription))).toBe('Data');
    expect(categoryOf(core(codeDescription))).toBe('Data');
    expect(categoryOf(core(webhookDescription))).toBe('Triggers');
    expect(categoryOf(core(httpRequestDescription))).toBe('Integrations');
    expect(categoryOf(core(stickyNoteDescription))).toBe('Other');
  });
});

describe('palette order', () => {
  it('is Triggers, Flow, Data, integration categories alphabetically, then Other', () => {
    const groups = paletteGroups(catalog);
    expect(groups.map((g) => g.name)).toEqual(['Triggers', 'Flow', 'Data', 'ERPNext', 'Integrations', 'Messaging', 'Network', 'Payments', 'Vision', 'Other']);
    expect(groups[0].types.map((t) => t.displayName)).toEqual(['ERPNext Trigger', 'Stripe Trigger', 'Webhook']);
    expect(groups.find((g) => g.name === 'Integrations')!.types.map((t) => t.displayName)).toEqual(['CRM', 'HTTP Request']);
    expect(['Other', 'Vision', 'Data', 'Triggers'].sort(compareCategories)).toEqual(['Triggers', 'Data', 'Vision', 'Other']);
  });

  it('filters by search before grouping', () => {
    expect(paletteGroups(catalog, 'erpnext').map((g) => [g.name, g.types.map((t) => t.displayName)])).toEqual([
      ['Triggers', ['ERPNext Trigger']],
      ['ERPNext', ['ERPNext']],
    ]);
  });

  it('renders the groups in that order in the palette', () => {
    nodeTypes.list = catalog;
    const w = mount(NodePalette, { global: { plugins: [i18n] } });
    expect(w.findAll('[data-test=palette-group]').map((g) => g.attributes('data-category'))).toEqual(['Triggers', 'Flow', 'Data', 'ERPNext', 'Integrations', 'Messaging', 'Network', 'Payments', 'Vision', 'Other']);
    expect(w.find('[data-category=ERPNext] [data-type="n8n-nodes-gigaflow.erpNext"]').exists()).toBe(true);
  });
});
