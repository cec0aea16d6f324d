// /api/v1/templates against a real host: the gallery lists the repository's templates folder
// (cards, diagrams, credentials), "use" stores an inactive copy and names the credential
// candidates, and the folder comes from the config (GIGAFLOW_TEMPLATES_DIR).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from './helpers.ts';
import type { TestHost } from './helpers.ts';

const TEMPLATES = new URL('../../../templates/', import.meta.url).pathname;
const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.json')).sort();
const fileJson = (id: string) => files.map((f) => JSON.parse(readFileSync(join(TEMPLATES, f), 'utf8'))).find((wf) => wf.id === id);

interface Summary {
  id: string;
  name: string;
  description: { en: string; fr: string };
  category: string | null;
  nodes: { name: string; type: string; position: [number, number] }[];
  connections: { from: string; to: string; output: number; input: number }[];
  credentials: { type: string; displayName: string; name: string; nodes: string[] }[];
  installed: string | null;
}

let t: TestHost;
beforeAll(async () => {
  t = await startHost();
});
afterAll(() => t?.close());

const summaryOf = async (id: string) => ((await t.api('/templates')).body.data as Summary[]).find((s) => s.id === id)!;

describe('GET /api/v1/templates', () => {
  it('lists every file of the templates folder with its card text, diagram and credentials', async () => {
    const res = await t.api('/templates');
    expect(res.status).toBe(200);
    const list = res.body.data as Summary[];
    expect(list.map((s) => s.id).sort()).toEqual(files.map((f) => JSON.parse(readFileSync(join(TEMPLATES, f), 'utf8')).id).sort());
    expect(list).toHaveLength(5);
    for (const s of list) {
      const json = fileJson(s.id);
      expect(s.name).toBe(json.name);
      // The file's meta is the one source of the card text, in both languages.
      expect(s.description).toEqual(json.meta.description);
      expect(s.description.fr).not.toBe(s.description.en);
      expect(s.category).toBe(json.meta.category);
      expect(s.nodes.map((n) => [n.name, n.type, n.position])).toEqual(json.nodes.map((n: { name: string; type: string; position: number[] }) => [n.name, n.type, n.position]));
      const names = new Set(s.nodes.map((n) => n.name));
      expect(s.connections.length).toBeGreaterThan(0);
      for (const e of s.connections) expect(names.has(e.from) && names.has(e.to), `${s.id}: ${e.from} → ${e.to}`).toBe(true);
      expect(s.installed).toBeNull();
    }
  });

  it('names each credential type once, with its display name, the referenced name and the nodes using it', async () => {
    const s = await summaryOf('tpl-payment-received');
    expect(s.credentials.map((c) => [c.type, c.name])).toEqual([
      ['stripeApi', 'Stripe'],
      ['gigafibreErpNextApi', 'ERPNext'],
      ['gigafibreTwilioApi', 'Twilio'],
    ]);
    const json = fileJson('tpl-payment-received');
    for (const c of s.credentials) {
      expect(c.displayName).not.toBe('');
      expect(c.nodes).toEqual(json.nodes.filter((n: { credentials?: object }) => n.credentials && c.type in n.credentials).map((n: { name: string }) => n.name));
    }
    expect(s.credentials.find((c) => c.type === 'stripeApi')!.nodes).toEqual(['Stripe Trigger']);
    // The diagram's edges follow the file's connections (main outputs, by index).
    const json2 = fileJson('tpl-payment-received');
    const [first] = json2.connections['Stripe Trigger'].main[0];
    expect(s.connections).toContainEqual({ from: 'Stripe Trigger', to: first.node, output: 0, input: first.index });
  });
});

describe('GET /api/v1/templates/:id', () => {
  it('answers the summary and the whole workflow', async () => {
    const res = await t.api('/templates/tpl-device-diagnostic');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('tpl-device-diagnostic');
    expect(res.body.credentials.map((c: { type: string }) => c.type)).toEqual(['gigafibreGenieAcsApi', 'gigafibreOltSnmp', 'gigafibreTplinkModem']);
    expect(res.body.workflow.nodes).toHaveLength(fileJson('tpl-device-diagnostic').nodes.length);
    expect(res.body.workflow.connections).toEqual(fileJson('tpl-device-diagnostic').connections);
  });

  it('404 names an unknown template', async () => {
    const res = await t.api('/templates/tpl-no-such-flow');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found', message: 'Template "tpl-no-such-flow" not found' });
  });

  it('400 names the id when it cannot be a template id', async () => {
    for (const bad of ['Tpl_Payment', 'tpl%20x', '..%2Ftemplates']) {
      const res = await t.api(`/templates/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_error', field: 'id' });
      expect(res.body.message).toContain('is not a template id');
    }
  });
});

describe('POST /api/v1/templates/:id/use', () => {
  it('stores an inactive copy under a new id and lists stored credentials of each needed type', async () => {
    const erp = (await t.api('/credentials', { method: 'POST', body: { name: 'ERPNext', type: 'gigafibreErpNextApi', data: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's' } } })).body;
    const erp2 = (await t.api('/credentials', { method: 'POST', body: { name: 'ERPNext staging', type: 'gigafibreErpNextApi', data: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's' } } })).body;
    await t.api('/credentials', { method: 'POST', body: { name: 'Some header', type: 'httpHeaderAuth', data: { name: 'x', value: 'y' } } });

    const res = await t.api('/templates/tpl-qr-sticker-otp/use', { method: 'POST' });
    expect(res.status).toBe(201);
    const { workflow, credentials } = res.body;
    const json = fileJson('tpl-qr-sticker-otp');
    expect(workflow.id).not.toBe('tpl-qr-sticker-otp');
    expect(workflow).toMatchObject({ name: json.name, active: false });
    expect(workflow.meta).toMatchObject({ templateId: 'tpl-qr-sticker-otp', templateCredsSetupCompleted: false, description: json.meta.description });
    expect(workflow.nodes.map((n: { name: string }) => n.name)).toEqual(json.nodes.map((n: { name: string }) => n.name));
    expect(workflow.connections).toEqual(json.connections);
    // Fresh webhook ids: the copy never shares one with the template or another copy.
    const webhookIds = workflow.nodes.filter((n: { webhookId?: string }) => n.webhookId).map((n: { webhookId: string }) => n.webhookId);
    expect(webhookIds.length).toBeGreaterThan(0);
    for (const id of webhookIds) expect(json.nodes.map((n: { webhookId?: string }) => n.webhookId)).not.toContain(id);

    expect(credentials.map((c: { type: string }) => c.type)).toEqual(['gigafibreErpNextApi', 'gigafibreTwilioApi']);
    expect(credentials[0]).toMatchObject({ name: 'ERPNext', candidates: [{ id: erp.id, name: 'ERPNext' }, { id: erp2.id, name: 'ERPNext staging' }] });
    expect(credentials[0].nodes.length).toBeGreaterThan(0);
    expect(credentials[1]).toMatchObject({ name: 'Twilio', candidates: [] });

    // Stored, and the gallery shows it installed.
    expect((await t.api(`/workflows/${workflow.id}`)).body.name).toBe(json.name);
    expect((await summaryOf('tpl-qr-sticker-otp')).installed).toBe(workflow.id);

    // A second use makes a second copy; the gallery points at the newest.
    const again = await t.api('/templates/tpl-qr-sticker-otp/use', { method: 'POST' });
    expect(again.status).toBe(201);
    expect(again.body.workflow.id).not.toBe(workflow.id);
    expect((await summaryOf('tpl-qr-sticker-otp')).installed).toBe(again.body.workflow.id);
  });

  it('installed is the template\'s own id once `gigaflow start` (or an import) stored it', async () => {
    const imported = await t.api('/workflows/import', { method: 'POST', body: fileJson('tpl-pon-outage-alert') });
    expect(imported.status).toBe(201);
    expect((await summaryOf('tpl-pon-outage-alert')).installed).toBe('tpl-pon-outage-alert');
  });

  it('a copy listens on its template\'s webhook paths: with the template active, activating the copy is a 409', async () => {
    const imported = await t.api('/workflows/import?activate=true', { method: 'POST', body: fileJson('tpl-device-diagnostic') });
    expect(imported.status).toBe(201);
    const copy = (await t.api('/templates/tpl-device-diagnostic/use', { method: 'POST' })).body.workflow;
    const res = await t.api(`/workflows/${copy.id}/activate`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('diagnostic');
    expect((await t.api(`/workflows/${copy.id}`)).body.active).toBe(false);
  });

  it('404 and 400 as for GET, and nothing is stored', async () => {
    const before = (await t.api('/workflows?limit=250')).body.data.length;
    const missing = await t.api('/templates/tpl-gone/use', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Template "tpl-gone" not found');
    const bad = await t.api('/templates/NOT_AN_ID/use', { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_error', field: 'id' });
    expect((await t.api('/workflows?limit=250')).body.data.length).toBe(before);
  });
});

describe('the templates folder comes from the config', () => {
  it('GIGAFLOW_TEMPLATES_DIR: only that folder\'s files; a missing folder is an empty gallery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gigaflow-templates-'));
    const custom = {
      id: 'tpl-hello',
      name: 'Hello',
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { name: 'Say', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: {} },
      ],
      connections: { Start: { main: [[{ node: 'Say', type: 'main', index: 0 }]] } },
      meta: { category: 'demo', description: { en: 'Says hello.', fr: 'Dit bonjour.' } },
    };
    writeFileSync(join(dir, 'hello.json'), JSON.stringify(custom));
    writeFileSync(join(dir, 'notes.txt'), 'not a template');
    const other = await startHost({ templatesDir: dir });
    const missing = await startHost({ templatesDir: join(dir, 'absent') });
    try {
      const list = (await other.api('/templates')).body.data as Summary[];
      expect(list).toEqual([
        {
          id: 'tpl-hello',
          name: 'Hello',
          description: { en: 'Says hello.', fr: 'Dit bonjour.' },
          category: 'demo',
          tags: [],
          nodes: [
            { name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0] },
            { name: 'Say', type: 'n8n-nodes-base.set', position: [220, 0] },
          ],
          connections: [{ from: 'Start', to: 'Say', output: 0, input: 0 }],
          credentials: [],
          installed: null,
        },
      ]);
      expect((await missing.api('/templates')).body).toEqual({ data: [] });
    } finally {
      await other.close();
      await missing.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
