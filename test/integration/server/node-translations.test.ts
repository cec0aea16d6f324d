// GET /api/v1/node-types/translations/:locale on a real host: the repository's French files, a
// community package's own translations, and a package whose file is broken (host still serves).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const root = mkdtempSync(join(tmpdir(), 'gf-node-translations-'));
let t: TestHost;

function writePackage(name: string, cls: string, fr: string) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'dist/translations'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, n8n: { nodes: [`dist/${cls}.node.js`], credentials: [`dist/${cls}Api.credentials.js`] } }));
  writeFileSync(
    join(dir, `dist/${cls}Api.credentials.js`),
    `class ${cls}Api { constructor() { this.name = '${cls.toLowerCase()}Api'; this.displayName = '${cls}'; this.properties = [{ displayName: 'Region', name: 'region', type: 'string', default: '' }]; } }
exports.${cls}Api = ${cls}Api;`,
  );
  writeFileSync(
    join(dir, `dist/${cls}.node.js`),
    `class ${cls} { constructor() { this.description = { displayName: '${cls}', name: '${cls.toLowerCase()}', group: ['transform'], version: 1, description: 'x',
  defaults: { name: '${cls}' }, inputs: ['main'], outputs: ['main'], credentials: [{ name: '${cls.toLowerCase()}Api' }],
  properties: [{ displayName: 'Kind', name: 'kind', type: 'string', default: '' }] }; }
  async execute() { return [this.getInputData()]; } }
exports.${cls} = ${cls};`,
  );
  writeFileSync(join(dir, 'dist/translations/fr.json'), fr);
  return dir;
}

beforeAll(async () => {
  const good = writePackage(
    'n8n-nodes-catalog',
    'Catalog',
    JSON.stringify({ catalog: { header: { displayName: 'Catalogue' }, nodeView: { kind: { displayName: 'Type' } }, credentialsModal: { catalogApi: { region: { displayName: 'Région' } } } } }),
  );
  const broken = writePackage('n8n-nodes-broken', 'Broken', '{ "broken": ');
  t = await startTestHost({ GIGAFLOW_NODES_PATH: `${good}:${broken}` });
});
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('GET /api/v1/node-types/translations/:locale', () => {
  it('serves French translations by full type name, with credential types from credentialsModal', async () => {
    const res = await t.api('/api/v1/node-types/translations/fr');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { nodes: Record<string, { header?: { displayName?: string } }>; credentials: Record<string, Record<string, { displayName?: string }>> };
    expect(body.nodes['n8n-nodes-base.set'].header?.displayName).toBe('Modifier les champs (Set)');
    expect(body.nodes['n8n-nodes-catalog.catalog']).toEqual({
      header: { displayName: 'Catalogue' },
      nodeView: { kind: { displayName: 'Type' } },
      credentialsModal: { catalogApi: { region: { displayName: 'Région' } } },
    });
    expect(body.credentials.catalogApi.region.displayName).toBe('Région');
    // The broken package's file was rejected; its node still loads and has no translation.
    expect(body.nodes['n8n-nodes-broken.broken']).toBeUndefined();
    const types = (await (await t.api('/api/v1/node-types')).json()) as { data: { name: string }[] };
    expect(types.data.map((d) => d.name)).toContain('n8n-nodes-broken.broken');
  });

  it('answers empty maps for English (the descriptions are English)', async () => {
    const res = await t.api('/api/v1/node-types/translations/en');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ nodes: {}, credentials: {} });
  });

  it('404 naming an unsupported locale', async () => {
    const res = await t.api('/api/v1/node-types/translations/de');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe('Unsupported locale "de" (supported: en, fr)');
  });

  it('does not shadow one node type lookup', async () => {
    expect((await t.api('/api/v1/node-types/n8n-nodes-base.set')).status).toBe(200);
  });
});
