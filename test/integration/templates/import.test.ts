// Every templates/*.json (whatever the folder holds when this runs) must import the three ways an
// operator imports it — `gigaflow import templates/` (CLI subprocess), the REST API, and the first
// `gigaflow start` (GIGAFLOW_TEMPLATES_DIR) — validate against the node registry, reference
// credentials by name only, hold no secrets, and survive export → import without losing anything.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../host/engine/graph.ts';
import { createRegistry } from '../../../host/engine/registry.ts';
import type { Registry } from '../../../host/engine/registry.ts';
import type { INode } from '../../../host/model/index.ts';
import { parseWorkflowImport } from '../../../host/workflows/io.ts';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const root = new URL('../../..', import.meta.url).pathname;
const templatesDir = join(root, 'templates');
const files = readdirSync(templatesDir).filter((f) => f.endsWith('.json')).sort();
const templates = files.map((file) => ({ file, json: JSON.parse(readFileSync(join(templatesDir, file), 'utf8')) as Record<string, any> }));

/** The credential names every template shares (templates brief, issue 9), by credential type. */
const CREDENTIAL_NAMES: Record<string, string[]> = {
  gigafibreErpNextApi: ['ERPNext'],
  gigafibreGenieAcsApi: ['GenieACS'],
  gigafibreOltSnmp: ['OLT Central'],
  gigafibreTplinkModem: ['TP-Link Modems'],
  gigafibreTwilioApi: ['Twilio'],
  gigafibreGeminiApi: ['Gemini'],
  stripeApi: ['Stripe'],
  httpHeaderAuth: ['Portal Token'],
};

/** Field names whose literal (non-expression) value would be a secret. */
const SECRET_KEY = /^(password|passwd|secret|.*_?secret|token|access_?token|auth_?token|api_?key|apiSecret|private_?key|signingSecret|webhookSecret|clientSecret)$/i;
/** Values that look like a credential whatever the field: provider key formats, PEM, Bearer, user:pass@ URLs. */
const SECRET_VALUE = [/sk_(live|test)_[0-9A-Za-z]{8,}/, /rk_(live|test)_[0-9A-Za-z]{8,}/, /whsec_[0-9A-Za-z]{8,}/, /AKIA[0-9A-Z]{16}/, /AIza[0-9A-Za-z_-]{30,}/, /\bSK[0-9a-f]{32}\b/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/, /:\/\/[^/\s:@]+:[^/\s@]+@/, /\bxox[abp]-[0-9A-Za-z-]{10,}/, /\bgh[pousr]_[0-9A-Za-z]{30,}/];

/** Every string in a value with its path, for the secret scan. */
function strings(value: unknown, path: string, out: { path: string; key: string; value: string }[] = []) {
  if (typeof value === 'string') out.push({ path, key: path.split('.').at(-1)!, value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

function gigaflow(dataDir: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), ...args], { env: { ...process.env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_LOG_LEVEL: 'warn', ...env }, cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `gigaflow start` on port 0; resolves with its URL once it logs "gigaflow ready". */
function startHost(dataDir: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [join(root, 'host/cli/bin.ts'), 'start'], {
    env: { ...process.env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_LOG_LEVEL: 'info', GIGAFLOW_PRUNE_INTERVAL_MINUTES: '0', ...env },
    cwd: root,
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gigaflow start did not get ready:\n${log}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`gigaflow start exited with ${code}:\n${log}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of log.split('\n')) {
        if (!line.includes('"gigaflow ready"')) continue;
        const port = new URL(JSON.parse(line).url).port;
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, log: () => log });
        return;
      }
    });
  });
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

let registry: Registry;
beforeAll(async () => {
  registry = await createRegistry(undefined);
});

it('the templates folder holds workflow files', () => {
  expect(files.length).toBeGreaterThan(0);
});

describe.each(templates)('$file against the registry', ({ file, json }) => {
  it('parses as a workflow with a fixed template id, every node type and version known', () => {
    const [wf] = parseWorkflowImport(json);
    expect(wf!.id).toMatch(/^tpl-[a-z0-9-]+$/);
    expect(() => validateWorkflow({ ...wf!, name: wf!.name }, registry)).not.toThrow();
    for (const node of json.nodes as INode[]) expect(registry.get(node.type, node.typeVersion), `${file}: node "${node.name}" (${node.type} v${node.typeVersion})`).toBeDefined();
  });

  it('references credentials by name only, with the shared names, of a type its node declares', () => {
    for (const node of json.nodes as INode[]) {
      const declared = (registry.get(node.type, node.typeVersion)!.description.credentials ?? []).map((c) => c.name);
      for (const [type, ref] of Object.entries(node.credentials ?? {})) {
        const where = `${file}: node "${node.name}" credential ${type}`;
        expect(registry.credentialType(type), where).toBeDefined();
        // httpHeaderAuth & co. are generic credentials a node picks by parameter, not declared ones.
        if (!['httpHeaderAuth', 'httpBasicAuth', 'httpQueryAuth'].includes(type)) expect(declared, where).toContain(type);
        // Placeholders only: an id would bind the template to one database's credential.
        const { id, ...rest } = ref as { id?: unknown; name: string };
        expect(id ?? null, `${where}: the id must be absent, null or ""`).toSatisfy((v: unknown) => v === null || v === '');
        expect(Object.keys(rest), where).toEqual(['name']);
        expect(CREDENTIAL_NAMES[type], `${where}: use the shared name`).toContain((ref as { name: string }).name);
      }
    }
  });

  it('holds no secret-looking values', () => {
    for (const s of strings(json, file)) {
      const literal = s.value.trim() && !s.value.startsWith('=');
      // A test case's `vars` may stand in for a secret (the flow needs one to run) when its value says it is fake.
      const standIn = /\.testCases\.\d+\.vars\.[^.]+$/.test(s.path) && /not-real|fake/i.test(s.value);
      if (SECRET_KEY.test(s.key) && !standIn) expect(literal ? s.value : '', `${s.path} is a literal secret`).toBe('');
      for (const pattern of SECRET_VALUE) expect(pattern.test(s.value), `${s.path} looks like a secret (${pattern})`).toBe(false);
    }
  });
});

describe('import through the CLI, and export → import round trip', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-templates-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('`gigaflow import templates/` stores every template under its id; importing twice changes nothing in the export', async () => {
    const first = await gigaflow(dataDir, {}, 'import', 'templates/');
    expect(first.code, first.stderr).toBe(0);
    for (const { json } of templates) expect(first.stdout).toContain(`${json.id}\tinactive\t${json.name}`);
    const exportAll = async (dir: string) => {
      const out = join(dataDir, dir);
      const res = await gigaflow(dataDir, {}, 'export', '--all', '--out', out);
      expect(res.code, res.stderr).toBe(0);
      return Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    };
    const once = await exportAll('once');
    expect(Object.keys(once)).toHaveLength(templates.length);

    const second = await gigaflow(dataDir, {}, 'import', 'templates/');
    expect(second.code, second.stderr).toBe(0);
    expect(await exportAll('twice')).toEqual(once);
    // The exports themselves import back to the same export.
    const again = await gigaflow(dataDir, {}, 'import', join(dataDir, 'once'));
    expect(again.code, again.stderr).toBe(0);
    expect(await exportAll('reimported')).toEqual(once);
  }, 120_000);
});

describe('import through the REST API', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(() => t?.close());

  it.each(templates)('$file: POST /workflows/import, then export → import → export is identical, in both formats', async ({ json }) => {
    const imported = await t.api('/api/v1/workflows/import', { method: 'POST', body: JSON.stringify(json) });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const [stored] = ((await imported.json()) as { data: { id: string; name: string; nodes: INode[] }[] }).data;
    expect(stored).toMatchObject({ id: json.id, name: json.name });
    expect(stored!.nodes.map((n) => [n.name, n.type, n.typeVersion, n.credentials ?? null])).toEqual(json.nodes.map((n: INode) => [n.name, n.type, n.typeVersion, n.credentials ?? null]));

    for (const format of ['gigaflow', 'n8n']) {
      const exportOnce = await (await t.api(`/api/v1/workflows/${json.id}/export?format=${format}`)).text();
      const back = await t.api('/api/v1/workflows/import', { method: 'POST', body: exportOnce });
      expect(back.status).toBe(201);
      expect(await (await t.api(`/api/v1/workflows/${json.id}/export?format=${format}`)).text()).toBe(exportOnce);
    }
    // n8n's format gives the template back: same nodes and connections, parameters included except
    // conditions (stored as JSONLogic; n8n filters come back equivalent, not byte-identical).
    const n8n = JSON.parse(await (await t.api(`/api/v1/workflows/${json.id}/export?format=n8n`)).text());
    const conditional = /^n8n-nodes-base\.(if|switch|filter)$/;
    const shape = (nodes: INode[]) => Object.fromEntries(nodes.map((n) => [n.name, { type: n.type, typeVersion: n.typeVersion, credentials: n.credentials ?? {}, onError: n.onError ?? null, parameters: conditional.test(n.type) ? null : n.parameters }]));
    expect(JSON.parse(JSON.stringify(shape(n8n.nodes)))).toEqual(JSON.parse(JSON.stringify(shape(json.nodes))));
    expect(n8n.connections).toEqual(json.connections);
  });
});

describe('import on first start (GIGAFLOW_TEMPLATES_DIR)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-start-'));
  });
  afterEach(async () => {
    if (child) await stopHost(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the first start imports every template; a later start keeps the stored (edited) version', async () => {
    const key = (await gigaflow(dataDir, {}, 'apikey', 'create', '--name', 'templates-test')).stdout.match(/\S{20,}/)?.[0];
    expect(key).toBeDefined();
    const env = { GIGAFLOW_TEMPLATES_DIR: templatesDir };
    let host = await startHost(dataDir, env);
    child = host.child;
    const api = (path: string, init: RequestInit = {}) => fetch(`${host.url}${path}`, { ...init, headers: { 'x-api-key': key!, 'content-type': 'application/json' } });
    for (const { json } of templates) {
      const res = await api(`/api/v1/workflows/${json.id}`);
      expect(res.status, host.log()).toBe(200);
      expect(await res.json()).toMatchObject({ id: json.id, name: json.name });
    }
    // An operator renames one; the next start must not overwrite it with the file.
    const { json } = templates[0]!;
    const renamed = await api(`/api/v1/workflows/${json.id}`, { method: 'PATCH', body: JSON.stringify({ name: `${json.name} (edited)` }) });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    await stopHost(host.child);
    host = await startHost(dataDir, env);
    child = host.child;
    expect(await (await api(`/api/v1/workflows/${json.id}`)).json()).toMatchObject({ name: `${json.name} (edited)` });
    const list = (await (await api('/api/v1/workflows?limit=200')).json()) as { data: { id: string }[] };
    expect(list.data.map((w) => w.id).sort()).toEqual(templates.map((t) => t.json.id).sort());
  }, 60_000);
});
