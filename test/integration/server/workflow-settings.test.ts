// PUT/PATCH/POST/import of a workflow with settings the host could not honour: 400 naming
// `settings.<field>`; good values (and n8n's 'DEFAULT') are stored and read back unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

let t: TestHost;
let id = '';
beforeAll(async () => {
  t = await startTestHost();
  id = (await t.host.storage.workflows.create(base())).id;
});
afterAll(() => t?.close());

function base(settings: Record<string, unknown> = {}): WorkflowInput {
  return {
    name: 'with settings',
    nodes: [{ id: 'm', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
    connections: {},
    settings: { executionOrder: 'v1', ...settings },
  };
}

const GOOD = {
  errorWorkflow: 'wf-errors',
  timezone: 'Europe/Paris',
  executionTimeout: 30,
  saveDataSuccessExecution: 'none',
  saveDataErrorExecution: 'all',
  saveManualExecutions: false,
  maxConcurrency: 2,
};

const BAD: [string, unknown, RegExp][] = [
  ['errorWorkflow', { id: 'x' }, /must be a workflow id/],
  ['timezone', 'Mars/Olympus_Mons', /IANA time zone/],
  ['timezone', 7, /IANA time zone/],
  ['executionTimeout', 'soon', /seconds above 0, or -1/],
  ['executionTimeout', 0, /seconds above 0, or -1/],
  ['executionTimeout', -5, /seconds above 0, or -1/],
  ['saveDataSuccessExecution', 'some', /"all", "none" or "DEFAULT"/],
  ['saveDataErrorExecution', true, /"all", "none" or "DEFAULT"/],
  ['saveManualExecutions', 'yes', /true, false or "DEFAULT"/],
  ['maxConcurrency', 0, /at least 1, or -1/],
  ['maxConcurrency', 1.5, /at least 1, or -1/],
  ['maxConcurrency', '2', /at least 1, or -1/],
];

describe('workflow settings validation', () => {
  it('stores every setting the dialog offers and returns them from GET /workflows/:id', async () => {
    const res = await t.api(`/api/v1/workflows/${id}`, { method: 'PUT', body: JSON.stringify(base(GOOD)) });
    expect(res.status).toBe(200);
    const got = await (await t.api(`/api/v1/workflows/${id}`)).json();
    expect(got.settings).toEqual({ executionOrder: 'v1', ...GOOD });
  });

  it("accepts n8n's DEFAULT values and -1 for no limit", async () => {
    const settings = { timezone: 'DEFAULT', errorWorkflow: 'DEFAULT', saveDataSuccessExecution: 'DEFAULT', saveDataErrorExecution: 'DEFAULT', saveManualExecutions: 'DEFAULT', executionTimeout: -1, maxConcurrency: -1 };
    const res = await t.api(`/api/v1/workflows/${id}`, { method: 'PATCH', body: JSON.stringify({ settings }) });
    expect(res.status).toBe(200);
    expect((await res.json()).settings).toMatchObject(settings);
  });

  for (const [field, value, message] of BAD) {
    it(`PUT and PATCH refuse settings.${field} = ${JSON.stringify(value)} with 400 naming the field`, async () => {
      const put = await t.api(`/api/v1/workflows/${id}`, { method: 'PUT', body: JSON.stringify(base({ [field]: value })) });
      expect(put.status).toBe(400);
      const body = await put.json();
      expect(body).toMatchObject({ error: 'validation_error', field: `settings.${field}` });
      expect(body.message).toMatch(message);
      const patch = await t.api(`/api/v1/workflows/${id}`, { method: 'PATCH', body: JSON.stringify({ settings: { [field]: value } }) });
      expect(patch.status).toBe(400);
      expect(await patch.json()).toMatchObject({ field: `settings.${field}` });
    });
  }

  it('refuses bad settings on create and on import, naming the workflow in the batch', async () => {
    const created = await t.api('/api/v1/workflows', { method: 'POST', body: JSON.stringify(base({ maxConcurrency: -3 })) });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ field: 'settings.maxConcurrency' });
    const imported = await t.api('/api/v1/workflows/import', { method: 'POST', body: JSON.stringify([base(), base({ timezone: 'Nowhere/Town' })]) });
    expect(imported.status).toBe(400);
    expect(await imported.json()).toMatchObject({ field: '[1].settings.timezone' });
  });
});
