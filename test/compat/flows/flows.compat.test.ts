// n8n exports imported through the REST API and driven over HTTP, as an ops lead would: the
// answers are what n8n gives for the same input.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(() => t?.close());

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('n8n export: ticket intake (Webhook → Code → If → Set → Respond to Webhook, Sticky Note)', () => {
  it('imports through the API, activates, and answers like n8n', async () => {
    const imported = await t.api('/api/v1/workflows/import?activate=true', { method: 'POST', body: fixture('./ticket-intake.json') });
    expect(imported.status).toBeLessThan(300);
    const post = (text: string) =>
      fetch(`${t.url}/webhook/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'C-1', text }) });

    const urgent = await post('Panne totale depuis ce matin');
    expect(urgent.status).toBe(201);
    expect(urgent.headers.get('x-queue')).toBe('dispatch-now');
    expect(await urgent.json()).toEqual({ customer: 'C-1', words: 5, urgent: true, queue: 'dispatch-now' });

    const calm = await post('Question about my invoice');
    expect(calm.status).toBe(201);
    expect(await calm.json()).toEqual({ customer: 'C-1', words: 4, urgent: false, queue: 'backlog' });

    const runs = await (await t.api('/api/v1/executions?workflowId=TicketIntake0001')).json();
    expect(runs.data.map((r: { status: string }) => r.status)).toEqual(['success', 'success']);
  });
});
