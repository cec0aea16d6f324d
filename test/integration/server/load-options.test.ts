import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';

const pkg = mkdtempSync(join(tmpdir(), 'gf-load-options-'));
let t: TestHost;

/** A community node whose dropdown lists depend on a parameter and on its credential. */
beforeAll(async () => {
  mkdirSync(join(pkg, 'dist'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'n8n-nodes-catalog', n8n: { nodes: ['dist/Catalog.node.js'], credentials: ['dist/CatalogApi.credentials.js'] } }));
  writeFileSync(
    join(pkg, 'dist/CatalogApi.credentials.js'),
    `class CatalogApi { constructor() { this.name = 'catalogApi'; this.displayName = 'Catalog'; this.properties = [{ displayName: 'Region', name: 'region', type: 'string', default: '' }]; } }
exports.CatalogApi = CatalogApi;`,
  );
  writeFileSync(
    join(pkg, 'dist/Catalog.node.js'),
    `class Catalog {
  constructor() {
    this.description = { displayName: 'Catalog', name: 'catalog', group: ['transform'], version: 1, description: 'x', defaults: { name: 'Catalog' },
      inputs: ['main'], outputs: ['main'], credentials: [{ name: 'catalogApi', required: true }],
      properties: [{ displayName: 'Kind', name: 'kind', type: 'options', options: [{ name: 'Modem', value: 'modem' }], default: 'modem' },
                   { displayName: 'Model', name: 'model', type: 'options', typeOptions: { loadOptionsMethod: 'getModels' }, default: '' }] };
    this.methods = { loadOptions: {
      async getModels() {
        const kind = this.getCurrentNodeParameter('kind');
        const { region } = await this.getCredentials('catalogApi');
        return [{ name: kind + ' XX230v (' + region + ')', value: 'xx230v' }];
      },
      async broken() { throw new Error('catalog is down'); },
    } };
  }
  async execute() { return [this.getInputData()]; }
}
exports.Catalog = Catalog;`,
  );
  t = await startTestHost({ GIGAFLOW_NODES_PATH: pkg });
});
afterAll(async () => {
  await t?.close();
  rmSync(pkg, { recursive: true, force: true });
});

const call = (body: unknown, type = 'n8n-nodes-catalog.catalog') =>
  t.api(`/api/v1/node-types/${encodeURIComponent(type)}/load-options`, { method: 'POST', body: JSON.stringify(body) });

describe('POST /api/v1/node-types/:type/load-options', () => {
  it('runs the method with the current parameters and the decrypted credential', async () => {
    const cred = await t.host.storage.credentials.create({ name: 'north', type: 'catalogApi', data: { region: 'Laurentides' } });
    const res = await call({ method: 'getModels', parameters: { kind: 'modem' }, credentials: { catalogApi: { id: cred.id, name: cred.name } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [{ name: 'modem XX230v (Laurentides)', value: 'xx230v' }] });
  });

  it('names what is wrong: unknown method, missing credential, failing method, unknown type', async () => {
    expect(await (await call({ method: 'nope' })).json()).toMatchObject({ field: 'method', message: expect.stringContaining('no loadOptions method "nope"') });
    const missing = await call({ method: 'getModels', parameters: { kind: 'modem' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ field: 'credentials.catalogApi' });
    const broken = await call({ method: 'broken' });
    expect(broken.status).toBe(502);
    expect(await broken.json()).toMatchObject({ message: expect.stringContaining('catalog is down') });
    expect((await call({ method: 'getModels' }, 'n8n-nodes-base.nothing')).status).toBe(404);
  });
});
