// The built n8n-nodes-gigafibre package also loads into Gigaflow itself, as any installed
// community package does (GIGAFLOW_NODES_PATH / harness `packages`), with its translations, and
// its nodes run there: Device Diagnostic on fixture items, GenieACS against the fake NBI over
// real HTTP with the built credential type's settings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, Registry } from '../../../../host/engine/registry.ts';
import { createNodeHarness } from '../../../../host/kit/testing.ts';
import type { NodeHarness } from '../../../../host/kit/testing.ts';
import { startFakeGenieAcs, SEED_IDS, seedDevices } from '../../../fakes/genieacs/index.ts';
import type { FakeGenieAcs } from '../../../fakes/genieacs/index.ts';
import { minutesAgo } from '../../../fixtures/genieacs/document.ts';
import { XX230V, xx230vDocument } from '../../../fixtures/genieacs/tplink-xx230v.ts';
import { validate } from '../../../helpers/json-schema.ts';
import { buildPackage } from './build.ts';
import type { BuiltPackage } from './build.ts';

const PREFIX = 'n8n-nodes-gigafibre';
const OLT = { source: 'olt-snmp', olt: '10.20.0.2', vendor: 'huawei', ponPort: '0/1/0', ifIndex: 4194312192, onuId: 3 };

let built: BuiltPackage;
let harness: NodeHarness;
let acs: FakeGenieAcs;
beforeAll(async () => {
  built = await buildPackage();
  [harness, acs] = await Promise.all([createNodeHarness({ packages: [built.dir] }), startFakeGenieAcs({ devices: seedDevices() })]);
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await acs?.close();
  built?.remove();
});

describe('the built package in Gigaflow', () => {
  it('loads into the registry on its own: every node under the package name, every credential, the French translations', async () => {
    const registry = new Registry();
    await registry.loadPackage(built.dir);
    const nodeNames = registry.descriptions().map((d) => d.name);
    expect(nodeNames).toHaveLength(built.pkg.n8n.nodes.length);
    expect(nodeNames).toEqual(expect.arrayContaining([`${PREFIX}.deviceDiagnostic`, `${PREFIX}.genieAcs`, `${PREFIX}.oltSnmp`, `${PREFIX}.erpNext`]));
    for (const name of nodeNames) expect(registry.nodeSource(name)!.file.startsWith(join(built.dir, 'dist/nodes/')), name).toBe(true);
    expect(registry.credentialTypes().map((c) => c.name).sort()).toHaveLength(built.pkg.n8n.credentials.length);
    expect(registry.translationProblems).toEqual([]);
    expect(Object.keys(registry.nodeTranslations('fr')).sort()).toEqual([...nodeNames].sort());
  });

  it('replaces the repo’s own nodes when given as an extra package, as the harness loads it', async () => {
    const registry = await createRegistry([built.dir], () => {});
    expect(registry.nodeSource(`${PREFIX}.deviceDiagnostic`)!.file).toBe(join(built.dir, 'dist/nodes/diagnostics/DeviceDiagnostic.node.js'));
    expect(registry.nodeSource(`${PREFIX}.genieAcs`)!.file).toBe(join(built.dir, 'dist/nodes/genieacs/GenieAcs.node.js'));
  });

  it('runs the built Device Diagnostic: fixture items in, one diagnostic out matching the shipped schema', async () => {
    const r = await harness.runNode({
      type: `${PREFIX}.deviceDiagnostic`,
      input: [
        xx230vDocument({ lastInform: minutesAgo(1) }) as IDataObject,
        { ...OLT, rxPowerDbm: -27.9, txPowerDbm: 2.31, oltRxPowerDbm: -30.6, temperatureC: 41.2, voltageV: 3.29, biasCurrentMa: 11.4 },
        { ...OLT, status: 'online', lastDownCause: null },
      ],
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('success');
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    const json = r.json[0] as { device: { id: string; online: boolean }; warnings: { code: string; source: string }[] };
    expect(json.device).toMatchObject({ id: XX230V.id, online: true });
    expect(json.warnings.map((w) => `${w.code}:${w.source}`)).toEqual(['critical_optical_power:olt-snmp', 'weak_optical_power:olt-snmp']);
    const schema = JSON.parse(readFileSync(join(built.dir, 'dist/nodes/diagnostics/diagnostic.schema.json'), 'utf8'));
    expect(validate(schema, JSON.parse(JSON.stringify(json)))).toEqual([]);
  });

  it('runs the built GenieACS node against the fake NBI with the built credential type', async () => {
    const r = await harness.runNode({
      type: `${PREFIX}.genieAcs`,
      parameters: { operation: 'getDevice', deviceId: SEED_IDS.huawei },
      credentials: { gigafibreGenieAcsApi: { baseUrl: acs.url, authType: 'none' } },
    });
    expect(r.error).toBeUndefined();
    expect(r.json).toEqual([acs.device(SEED_IDS.huawei)]);
    const query = acs.requests.filter((q) => q.path === '/devices/').at(-1)!.query.query;
    expect(JSON.parse(query)).toEqual({ _id: SEED_IDS.huawei });
  });
});
