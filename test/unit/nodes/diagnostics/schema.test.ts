// diagnostic.schema.json describes what the node really outputs: every fixture, the fake
// GenieACS seed fleet and the edge cases validate, and the checker catches outputs that do not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../nodes/diagnostics/diagnose.ts';
import { DEFAULT_THRESHOLDS } from '../../../../nodes/diagnostics/thresholds.ts';
import { easyMeshOntDocument } from '../../../fixtures/genieacs/tr181-easymesh-ont.ts';
import { xx230vDocument } from '../../../fixtures/genieacs/tplink-xx230v.ts';
import { f670lDocument } from '../../../fixtures/genieacs/zte-f670l.ts';
import { validate } from '../../../helpers/json-schema.ts';

const schema = JSON.parse(readFileSync(new URL('../../../../nodes/diagnostics/diagnostic.schema.json', import.meta.url), 'utf8'));
const opts = { ...DEFAULT_THRESHOLDS, now: Date.now() };
/** As the output is stored and sent: JSON. */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v));

const olt = { source: 'olt-snmp', olt: '10.20.0.2', vendor: 'huawei', ponPort: '0/1/0', ifIndex: 4194312192, onuId: 3, rxPowerDbm: -28.1, txPowerDbm: 2.3, oltRxPowerDbm: -31.5, status: 'online' };
const bridge = {
  source: 'tplink-bridge', model: 'XX230v', firmware: '1.1.4',
  wifi: [{ band: '2.4GHz', ssid: 'Casa', channel: 6, enabled: true, clients: 3 }],
  hosts: [{ mac: 'aa-bb-cc-dd-ee-01', ip: '192.168.1.20', hostname: 'tv', interface: 'lan', active: true }],
  mesh: [{ mac: 'aa:bb:cc:dd:ee:02', name: 'Deco', ip: '192.168.1.2', backhaul: 'Wi-Fi', signalDbm: -60 }],
  wan: { status: 'Connected', ip: '100.64.1.2', type: 'PPPoE' },
  optical: { rxPowerDbm: -19.5, txPowerDbm: 2.1 },
};

describe('diagnostic.schema.json', () => {
  const cases: [string, Record<string, unknown>[], boolean?][] = [
    ['TP-Link XX230v', [xx230vDocument()]],
    ['ZTE F670L', [f670lDocument()]],
    ['TR-181 EasyMesh ONT', [easyMeshOntDocument()]],
    ['all sources, raw attached', [xx230vDocument({ rxPower: 0 }), olt, bridge, { error: { message: 'timeout' } }, { deviceId: 'x', task: { name: 'refreshObject' }, status: 'queued', statusCode: 202 }], true],
    ['no input at all', []],
    ['an offline device with implausible OLT values', [f670lDocument({ lastInform: '2025-01-01T00:00:00.000Z' }), { ...olt, rxPowerDbm: 99, status: 'los' }, { unknown: true }]],
  ];

  it.each(cases)('validates the output for %s', (_name, items, includeRaw) => {
    expect(validate(schema, wire(diagnose(items, { ...opts, includeRaw })))).toEqual([]);
  });

  it('rejects outputs that break it', () => {
    const good = wire(diagnose([xx230vDocument(), olt], opts));
    const bad = structuredClone(good);
    bad.wifi[0].band = '5G';
    bad.hosts[0].mac = 'a4:c3:f0:85:12:9e';
    bad.opticalStatus[0].rxPowerDbm = -65.5;
    delete bad.device.online;
    bad.extra = 1;
    expect(validate(schema, bad)).toEqual([
      expect.stringMatching(/^\/device: matches no anyOf branch \(.*\| \/device: missing required "online"\)$/),
      '/wifi/0/band: "5G" is not one of ["2.4GHz","5GHz","6GHz","unknown"]',
      '/opticalStatus/0/rxPowerDbm: matches no anyOf branch (/opticalStatus/0/rxPowerDbm: expected null, got -65.5 | /opticalStatus/0/rxPowerDbm: -65.5 < minimum -50)',
      '/hosts/0/mac: "a4:c3:f0:85:12:9e" does not match ^[0-9A-F]{2}(:[0-9A-F]{2}){5}$',
      '/extra: not allowed',
    ]);
  });

  it('refuses keywords the checker does not implement rather than skipping them', () => {
    expect(() => validate({ type: 'object', oneOf: [] }, {})).toThrow('keyword "oneOf"');
  });
});
