// n8n exports that use the data nodes, Merge, Stop and Error and a Sticky Note, run unchanged;
// each node's output is what n8n produces for the same input (computed from n8n's node semantics).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../host/model/index.ts';
import { run } from '../../helpers/engine.ts';

const load = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as Workflow;
const outputOf = (result: Awaited<ReturnType<typeof run>>, node: string) => result.runData[node]?.[0]?.data?.main[0]?.map((i) => i.json);

describe('n8n export: work orders (Split Out, Sort, Limit, Aggregate, Sticky Note)', () => {
  const order = (id: string, priority: number, name: string, tech: string) => ({ id, priority, customer: { name }, tech });
  const wo0 = order('wo-0', 5, 'Ana', 't1');
  const wo1 = order('WO-1', 5, 'Ola', 't2');
  const wo2 = order('WO-2', 1, 'Ben', 't3');
  const wo3 = order('WO-3', 2, 'Mia', 't1');

  it('produces n8n\'s output at every node', async () => {
    const result = await run(load('./work-orders.json'));
    expect(result.status).toBe('success');
    expect(outputOf(result, 'Split Out')).toEqual([wo3, wo1, wo0, wo2].map((o) => ({ region: 'north', order: o })));
    // Priority descending, then id ascending compared case-insensitively ("wo-0" before "WO-1").
    expect(outputOf(result, 'Sort')).toEqual([wo0, wo1, wo3, wo2].map((o) => ({ region: 'north', order: o })));
    expect(outputOf(result, 'Limit')).toEqual([wo0, wo1, wo3].map((o) => ({ region: 'north', order: o })));
    expect(outputOf(result, 'Aggregate')).toEqual([{ id: ['wo-0', 'WO-1', 'WO-3'], customers: ['Ana', 'Ola', 'Mia'] }]);
    expect(outputOf(result, 'Queue')).toEqual([{ queue: [{ order: wo0 }, { order: wo1 }, { order: wo3 }] }]);
    expect(result.runData['Sticky Note']).toBeUndefined();
  });
});

describe('n8n export: dispatch (Merge v3, v3.1 and v3.2 in every mode)', () => {
  const j1 = { job: 'J1', techId: 't1' };
  const j2 = { job: 'J2', techId: 't9' };
  const j3 = { job: 'J3', techId: 't2', site: { zone: 'A' } };
  const kim = { id: 't1', name: 'Kim' };
  const lee = { id: 't2', name: 'Lee', site: { depot: 'D2' } };

  it('produces n8n\'s output at every Merge', async () => {
    const result = await run(load('./dispatch-merge.json'));
    expect(result.status).toBe('success');
    // Enrich input 1: matched jobs merged (nested fields deep-merged), then the unmatched job.
    expect(outputOf(result, 'Assign')).toEqual([
      { ...j1, ...kim },
      { job: 'J3', techId: 't2', site: { zone: 'A', depot: 'D2' }, id: 't2', name: 'Lee' },
      j2,
    ]);
    expect(outputOf(result, 'Unassigned')).toEqual([j2]);
    expect(outputOf(result, 'Pairs')).toEqual([
      { ...j1, ...kim },
      { ...j2, ...lee },
    ]);
    expect(outputOf(result, 'Both Ready')).toEqual([{}]);
    // Its second input never gets data: it runs with that input empty, as n8n's v1 order does.
    expect(result.runData['All Jobs'][0].inputItemCounts).toEqual([3, 0]);
    expect(outputOf(result, 'All Jobs')).toEqual([j1, j2, j3]);
    const suffixed = (job: object, tech: object) => ({
      ...Object.fromEntries(Object.entries(job).map(([k, v]) => [`${k}_1`, v])),
      ...Object.fromEntries(Object.entries(tech).map(([k, v]) => [`${k}_2`, v])),
    });
    expect(outputOf(result, 'Every Pairing')).toEqual([j1, j2, j3].flatMap((job) => [kim, lee].map((tech) => suffixed(job, tech))));
  });

  it('pairs every merged item with the items it came from, input by input', async () => {
    const result = await run(load('./dispatch-merge.json'));
    expect(result.runData.Assign[0].data!.main[0]!.map((i) => i.pairedItem)).toEqual([
      [{ item: 0 }, { item: 0, input: 1 }],
      [{ item: 2 }, { item: 1, input: 1 }],
      { item: 1 },
    ]);
  });
});

describe('n8n export: Stop and Error', () => {
  it('fails the execution with the message, naming the node', async () => {
    const result = await run(load('./stop-and-error.json'));
    expect(result.status).toBe('error');
    expect(result.lastNodeExecuted).toBe('Stop and Error');
    expect(result.error).toMatchObject({ node: 'Stop and Error', message: 'Dispatch of WO-9 failed: E42' });
  });
});
