// n8n exports with If v2.2, Switch v3.2 and Filter v2.2 nodes: imported as a user would import
// them, run with realistic ERPNext / OLT items, and checked against the outputs n8n gives for the
// same conditions (n8n's filter semantics: strict types unless "convert types" is on, case
// handling per condition options, Switch fallback and all-matching outputs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../host/model/errors.ts';
import type { INodeExecutionData, Workflow } from '../../../host/model/index.ts';
import { exportWorkflow, parseWorkflowImport } from '../../../host/workflows/io.ts';
import { run } from '../../helpers/engine.ts';

const fixture = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

function imported(file: string): Workflow {
  const [input] = parseWorkflowImport(fixture(file));
  return { ...input, id: input.id ?? 'wf', active: false };
}

const items = (rows: Record<string, unknown>[]): INodeExecutionData[] => rows.map((json) => ({ json: json as INodeExecutionData['json'] }));
const names = (out: (INodeExecutionData[] | null)[]) => out.map((list) => (list ?? []).map((i) => i.json.name));

describe('If v2.2 (Triage ERPNext issues)', () => {
  const issues = items([
    { name: 'ISS-2026-00041', subject: 'Fibre cut on Main St', priority: 'High', status: 'Open', affected_customers: 120 },
    { name: 'ISS-2026-00042', subject: 'Area outage in Sector 4', priority: 'Medium', status: 'Open', affected_customers: 3 },
    { name: 'ISS-2026-00043', subject: 'Router replaced', priority: 'High', status: 'Closed', affected_customers: 1 },
    { name: 'ISS-2026-00044', subject: 'No internet', priority: 'high', status: 'Replied', affected_customers: 14 },
    { name: 'ISS-2026-00045', subject: 'Slow Wi-Fi', priority: 'Low', status: 'Open', affected_customers: 1 },
  ]);

  it('imports the conditions as JSONLogic', () => {
    const wf = imported('./if-issues.json');
    const node = wf.nodes.find((n) => n.name === 'High priority and open?')!;
    expect(node.parameters.conditions).toEqual({
      jsonLogic: { and: [{ '==': [{ asString: ['={{ $json.priority }}'] }, 'High'] }, { '!=': [{ asString: ['={{ $json.status }}'] }, 'Closed'] }] },
    });
    expect(wf.nodes.find((n) => n.name === 'Outage?')!.parameters.conditions).toEqual({
      jsonLogic: { or: [{ contains: [{ lower: [{ asString: ['={{ $json.subject }}'] }] }, 'outage'] }, { '>=': [{ asNumber: ['={{ $json.affected_customers }}'] }, 10] }] },
    });
  });

  it('routes the issues as n8n does', async () => {
    const result = await run(imported('./if-issues.json'), { triggerItems: issues });
    expect(result.status).toBe('success');
    expect(names(result.runData['High priority and open?'][0].data!.main)).toEqual([
      ['ISS-2026-00041'],
      ['ISS-2026-00042', 'ISS-2026-00043', 'ISS-2026-00044', 'ISS-2026-00045'],
    ]);
    expect(names(result.runData['Outage?'][0].data!.main)).toEqual([
      ['ISS-2026-00042', 'ISS-2026-00044'],
      ['ISS-2026-00043', 'ISS-2026-00045'],
    ]);
    expect(result.runData['Page on-call'][0].inputItemCounts).toEqual([1]);
    expect(result.runData['Open incident'][0].inputItemCounts).toEqual([2]);
    expect(result.runData['Queue for triage'][0].inputItemCounts).toEqual([2]);
  });

  it('fails the whole import naming the node when a condition cannot be converted', () => {
    const json = fixture('./if-issues.json') as { nodes: { name: string; parameters: { conditions?: { conditions: { operator: object }[] } } }[] };
    json.nodes.find((n) => n.name === 'Outage?')!.parameters.conditions!.conditions[0].operator = { type: 'string', operation: 'isUrgent' };
    let error: unknown;
    try {
      parseWorkflowImport([fixture('./switch-subscriptions.json'), json]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('Node "Outage?": condition operator string.isUrgent cannot be converted');
    expect((error as ValidationError).node).toBe('Outage?');
    expect((error as ValidationError).field).toBe('conditions');
  });

  it('exports the converted workflow so that it imports unchanged', () => {
    const wf = imported('./if-issues.json');
    const again = parseWorkflowImport(JSON.parse(JSON.stringify(exportWorkflow(wf))))[0];
    expect(again.nodes.map((n) => n.parameters)).toEqual(wf.nodes.map((n) => n.parameters));
  });
});

describe('Switch v3.2 (Route subscription updates)', () => {
  const subscriptions = items([
    { name: 'ACC-SUB-2026-00011', status: 'Unpaid', days_overdue: 12, plans: [{ plan: 'FTTH 500', qty: 1 }], current_invoice_end: '2026-07-31' },
    { name: 'ACC-SUB-2026-00012', status: 'Past Due Date', days_overdue: 45, plans: [{ plan: 'FTTH 1G', qty: 1 }], current_invoice_end: '2026-06-30' },
    { name: 'ACC-SUB-2026-00013', status: 'Active', days_overdue: 0, plans: [{ plan: 'FTTH 500', qty: 1 }, { plan: 'IPTV', qty: 1 }], current_invoice_end: '2026-06-30' },
    { name: 'ACC-SUB-2026-00014', status: 'Unpaid', days_overdue: 40, plans: [{ plan: 'FTTH 1G', qty: 1 }], current_invoice_end: '2026-08-31' },
    { name: 'ACC-SUB-2026-00015', status: 'Active', days_overdue: 0, plans: [{ plan: 'FTTH 1G', qty: 1 }, { plan: 'IPTV', qty: 1 }], current_invoice_end: '2026-06-30 00:00:00.000000' },
  ]);

  it('routes every matching rule, then the extra fallback output, as n8n does', async () => {
    const result = await run(imported('./switch-subscriptions.json'), { triggerItems: subscriptions });
    expect(result.status).toBe('success');
    expect(names(result.runData['Route by status'][0].data!.main)).toEqual([
      ['ACC-SUB-2026-00011', 'ACC-SUB-2026-00014'],
      ['ACC-SUB-2026-00012', 'ACC-SUB-2026-00014'],
      ['ACC-SUB-2026-00012', 'ACC-SUB-2026-00015'],
      ['ACC-SUB-2026-00013'],
    ]);
    for (const [node, count] of [['Suspend service', 2], ['Collections call', 2], ['Renewal offer', 2], ['Nothing to do', 1]] as const)
      expect(result.runData[node][0].inputItemCounts).toEqual([count]);
  });

  it('fails like n8n strict validation when a number arrives as text', async () => {
    const result = await run(imported('./switch-subscriptions.json'), { triggerItems: items([{ name: 'X', status: 'Active', days_overdue: '45', plans: [] }]) });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'Route by status', parameter: 'rules.values[1].conditions' });
    expect(result.error!.message).toMatch(/^Wrong type: '45' is a string but was expecting a number/);
  });
});

describe('Filter v2.2 (Weak ONT signal to dispatch)', () => {
  const readings = items([
    { name: 'ont-0/1/0-7', serial: 'HWTC1A2B3C4D', rx_power_dbm: -28.41, dispatch: { published: 1, technician: 'HR-EMP-00023' } },
    { name: 'ont-0/1/0-8', serial: 'HWTC5E6F7A8B', rx_power_dbm: -21.3, dispatch: { published: 1, technician: 'HR-EMP-00023' } },
    { name: 'ont-1/2/1-3', serial: 'ZTEG00C0FFEE', rx_power_dbm: -80, dispatch: { published: 1, technician: 'HR-EMP-00023' } },
    { name: 'ont-1/2/1-4', serial: 'ZTEG0A0B0C0D', rx_power_dbm: -29.9, dispatch: { published: 0, technician: 'HR-EMP-00031' } },
    { name: 'ont-1/2/1-5', serial: 'ALCL12345678', rx_power_dbm: -30.2, dispatch: { published: 1, technician: 'HR-EMP-00031' } },
    { name: 'ont-0/1/1-2', serial: 'HWTC0000AAAA', rx_power_dbm: -27.5, dispatch: { published: '1', technician: '' } },
    { name: 'ont-0/1/1-3', serial: 'HWTC0000BBBB', rx_power_dbm: -33, dispatch: { published: true, technician: 'HR-EMP-00007' } },
    { name: 'ont-0/1/1-4', serial: 'HWTC0000CCCC', rx_power_dbm: null, dispatch: { published: 1, technician: 'HR-EMP-00007' } },
  ]);

  it('keeps what n8n keeps, converting 0/1 checkboxes where loose validation is on', async () => {
    const result = await run(imported('./filter-olt-dispatch.json'), { triggerItems: readings });
    expect(result.status).toBe('success');
    expect(names(result.runData['Rx below -27 dBm'][0].data!.main)).toEqual([['ont-0/1/0-7', 'ont-1/2/1-4', 'ont-0/1/1-2', 'ont-0/1/1-3']]);
    const kept = result.runData['Job published with technician'][0].data!.main;
    expect(names(kept)).toEqual([['ont-0/1/0-7', 'ont-0/1/1-3']]);
    expect(kept[0]!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
    expect(result.runData['Notify technician'][0].inputItemCounts).toEqual([2]);
  });

  it('imports the loose filter with loose casts', () => {
    const node = imported('./filter-olt-dispatch.json').nodes.find((n) => n.name === 'Job published with technician')!;
    expect(node.parameters.conditions).toEqual({
      jsonLogic: { and: [{ '!!': [{ asBoolean: ['={{ $json.dispatch.published }}', 'loose'] }] }, { notEmpty: [{ asString: ['={{ $json.dispatch.technician }}', 'loose'] }] }] },
    });
  });
});
