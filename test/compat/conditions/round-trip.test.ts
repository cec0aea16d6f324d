// n8n → JSONLogic → n8n → JSONLogic over every n8n fixture with If/Switch/Filter nodes: the
// n8n-format export imports to the same rules (a fixed point), the original n8n condition and the
// round-tripped rule route sample items alike in our If node, and n8n's own filter evaluator
// (n8n-workflow's executeFilter, with the settings n8n would read from the exported node) agrees.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isN8nFilterValue } from '../../../host/conditions/convert.ts';
import type { N8nFilterValue } from '../../../host/conditions/convert.ts';
import type { IDataObject, INode, Workflow } from '../../../host/model/index.ts';
import { exportWorkflow, parseWorkflowImport } from '../../../host/workflows/io.ts';
import { decide, ifParameters, n8nDecide, n8nSettings } from '../../helpers/n8n-filter.ts';

const root = new URL('../../..', import.meta.url).pathname;
const CONDITION_TYPES = ['n8n-nodes-base.if', 'n8n-nodes-base.switch', 'n8n-nodes-base.filter'];
type Json = Record<string, unknown>;

function jsonFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? jsonFiles(path) : e.name.endsWith('.json') ? [path] : [];
  });
}

/** Every n8n fixture (workflow file or clipboard copy) with a condition node. */
const fixtures = [...jsonFiles('test/compat'), ...jsonFiles('test/fixtures/workflows'), ...jsonFiles('test/fixtures/clipboard')]
  .map((path) => ({ path: relative(root, join(root, path)), json: JSON.parse(readFileSync(join(root, path), 'utf8')) as Json }))
  .filter(({ json }) => Array.isArray(json.nodes) && (json.nodes as INode[]).some((n) => CONDITION_TYPES.includes(n.type)));

function imported(json: Json): Workflow {
  const [input] = parseWorkflowImport({ name: 'clipboard', ...json });
  return { ...input, id: input.id ?? 'wf', active: false };
}

/** Each condition parameter of a node with the node settings around it: [field, value][]. */
function slots(node: INode): [string, unknown][] {
  if (node.type !== 'n8n-nodes-base.switch') return [['conditions', node.parameters.conditions]];
  const values = ((node.parameters.rules as Json | undefined)?.values ?? []) as Json[];
  return values.map((v, i) => [`rules.values[${i}].conditions`, v.conditions]);
}

// Items for every field the fixtures test: well typed, typed as text, and missing.
const samples: IDataObject[] = [
  {
    priority: 'High', status: 'Open', subject: 'Area OUTAGE north', affected_customers: 120, days_overdue: 45, plans: [{ plan: 'FTTH 1G' }],
    current_invoice_end: '2026-06-15T08:00:00Z', rx_power_dbm: -28.4, serial: 'HWTC1A2B3C4D', dispatch: { published: true, technician: 'HR-EMP-00023' }, urgent: true,
  },
  {
    priority: 'high', status: 'Closed', subject: 'Slow Wi-Fi', affected_customers: 3, days_overdue: 0, plans: [{ plan: 'FTTH 500' }],
    current_invoice_end: '2026-08-31T08:00:00Z', rx_power_dbm: -21, serial: 'ALCL12345678', dispatch: { published: false, technician: '' }, urgent: false,
  },
  {
    priority: 'Low', status: 'Unpaid', subject: 'outage', affected_customers: 10, days_overdue: 30, plans: [{ plan: 'FTTH 1G' }, { plan: 'IPTV' }],
    current_invoice_end: '2026-07-15T08:00:00Z', rx_power_dbm: -80, serial: 'ZTEG00C0FFEE', dispatch: { published: 1, technician: 'HR-EMP-00031' }, urgent: true,
  },
  {
    priority: 5, status: null, subject: null, affected_customers: '12', days_overdue: '45', plans: [],
    current_invoice_end: null, rx_power_dbm: null, serial: '', dispatch: { published: 'true', technician: null }, urgent: 'yes',
  },
  { name: 'nothing set', plans: [] },
];

describe('conditions round trip n8n → JSONLogic → n8n → JSONLogic', () => {
  it('finds the n8n fixtures with conditions', () => {
    expect(fixtures.map((f) => f.path)).toEqual(expect.arrayContaining([
      'test/compat/conditions/if-issues.json', 'test/compat/conditions/switch-subscriptions.json', 'test/compat/conditions/filter-olt-dispatch.json',
      'test/compat/flows/ticket-intake.json', 'test/fixtures/clipboard/n8n-copy-if.json',
    ]));
  });

  describe.each(fixtures)('$path', ({ json }) => {
    const first = imported(json);
    const exported = exportWorkflow(first, 'n8n') as Json & { nodes: INode[]; meta?: Json };
    const again = imported(JSON.parse(JSON.stringify(exported)));
    const conditionNodes = exported.nodes.filter((n) => CONDITION_TYPES.includes(n.type));

    it('exports every condition in n8n’s shape', () => {
      expect(exported.meta?.gigaflowUnconverted).toBeUndefined();
      for (const node of conditionNodes) for (const [, value] of slots(node)) expect(isN8nFilterValue(value)).toBe(true);
    });

    it('imports the export to the same rules (fixed point)', () => {
      expect(again.nodes.map((n) => n.parameters)).toEqual(first.nodes.map((n) => n.parameters));
      // And the n8n form is stable too: exporting the re-import gives the same document.
      expect(exportWorkflow(again, 'n8n')).toEqual(exported);
    });

    it('routes sample items as the original does, and as n8n’s evaluator does with the export', async () => {
      const originalNodes = (json.nodes as INode[]).filter((n) => CONDITION_TYPES.includes(n.type));
      for (const node of conditionNodes) {
        const original = originalNodes.find((n) => n.name === node.name)!;
        const storedNode = again.nodes.find((n) => n.name === node.name)!;
        const originalSlots = slots(original);
        const storedSlots = slots(storedNode);
        for (const [i, [field, filter]] of slots(node).entries()) {
          // n8n reads the node's settings, not the filter's options: the export makes them agree.
          const { caseSensitive, typeValidation } = (filter as N8nFilterValue).options!;
          expect({ caseSensitive, typeValidation }).toEqual(n8nSettings(node));
          for (const item of samples) {
            const before = await decide(ifParameters(original, originalSlots[i][1]), item);
            const after = await decide(ifParameters(storedNode, storedSlots[i][1]), item);
            const inN8n = await n8nDecide(node, filter as N8nFilterValue, item);
            expect({ node: node.name, field, item, after, inN8n }).toEqual({ node: node.name, field, item, after: before, inN8n: before });
          }
        }
      }
    });
  });
});
