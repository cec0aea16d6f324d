// The contract between the two nodes: the bridge's "full diagnostic read" feeds the Device
// Diagnostic node as it is, in one real workflow run (Manual Trigger → TP-Link Bridge → Device
// Diagnostic), and every part of it lands in the merged view.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INode } from '../../../../host/model/index.ts';
import { validate } from '../../../helpers/json-schema.ts';
import { closedPort, startBridgeEnv } from './setup.ts';
import type { BridgeEnv } from './setup.ts';

const schema = JSON.parse(readFileSync(new URL('../../../../nodes/diagnostics/diagnostic.schema.json', import.meta.url), 'utf8'));
const diagnostic: INode = { id: 'diag', name: 'Device Diagnostic', type: 'n8n-nodes-gigafibre.deviceDiagnostic', typeVersion: 1, position: [400, 0], parameters: {} };

let env: BridgeEnv;
beforeAll(async () => {
  env = await startBridgeEnv();
});
afterAll(() => env?.close());

describe('TP-Link Bridge → Device Diagnostic', () => {
  it('merges the full diagnostic read of a degraded modem', async () => {
    const { credId } = await env.modem({ profile: 'degraded' });
    const { last, error } = await env.run(credId, { operation: 'fullDiagnostic' }, { after: [diagnostic] });
    expect(error).toBeUndefined();
    expect(last).toHaveLength(1);
    const d = last[0] as Record<string, any>;
    expect(validate(schema, JSON.parse(JSON.stringify(d)))).toEqual([]);

    expect(d.opticalStatus).toEqual([{ source: 'tplink-bridge', direction: 'downstream', rxPowerDbm: -28.54, txPowerDbm: 2.3, level: 'warning' }]);
    expect(d.interfaces).toEqual([{ name: 'WAN', type: 'wan', status: 'Disconnected', ipAddress: '0.0.0.0', connectionType: 'pppoe', source: 'tplink-bridge' }]);
    expect(d.wifi.map((w: any) => [w.band, w.ssid, w.channel, w.enabled, w.source])).toEqual([
      ['2.4GHz', 'Fibre-4712', 11, true, 'tplink-bridge'],
      ['5GHz', 'Fibre-4712-5G', 44, true, 'tplink-bridge'],
    ]);
    expect(d.hosts).toContainEqual({ mac: 'D4:5D:64:3A:10:7F', ip: '192.168.1.100', hostname: 'DESKTOP-7QK2M1', interface: 'wired', active: true, source: 'tplink-bridge' });
    expect(d.hosts).toHaveLength(3);
    expect(d.mesh).toContainEqual({ mac: 'A8:42:A1:22:33:02', name: 'Deco Basement', ip: '192.168.1.3', backhaul: 'wifi', signalDbm: -84, source: 'tplink-bridge' });
    expect(d.mesh).toContainEqual(expect.objectContaining({ mac: 'A8:42:A1:22:33:01', backhaul: 'ethernet' }));
    const codes = d.warnings.map((w: any) => w.code);
    expect(codes).toContain('weak_optical_power');
    expect(codes).toContain('no_device');
    expect(codes).not.toContain('unrecognized_item');
    expect(codes).not.toContain('implausible_value');
  });

  it('a failed bridge read becomes a source_failed warning naming the bridge', async () => {
    const credId = await env.credential({ address: `http://127.0.0.1:${await closedPort()}`, password: 'x' });
    const { last } = await env.run(credId, { operation: 'fullDiagnostic' }, { node: { onError: 'continueRegularOutput' }, after: [diagnostic] });
    const d = last[0] as Record<string, any>;
    expect(d.warnings).toContainEqual(expect.objectContaining({ code: 'source_failed', source: 'tplink-bridge', message: expect.stringContaining('Could not reach the modem') }));
  });
});
