// Device Diagnostic in a real workflow run: a healthy modem, a weak-signal modem, and a modem
// whose OLT cannot be reached (a continueOnFail source upstream): one output item paired with
// every input, matching diagnostic.schema.json, and never a failed run for a failed source.
import { describe, expect, it } from 'vitest';
import { minutesAgo } from '../../../fixtures/genieacs/document.ts';
import { xx230vDocument } from '../../../fixtures/genieacs/tplink-xx230v.ts';
import { runFlow, SUBSCRIBER } from './flow.ts';

const oltReading = (rx: number, oltRx: number) => ({ source: 'olt-snmp', olt: SUBSCRIBER.olt, vendor: 'huawei', ponPort: SUBSCRIBER.ponPort, ifIndex: 4194312192, onuId: SUBSCRIBER.onuId, rxPowerDbm: rx, txPowerDbm: 2.31, oltRxPowerDbm: oltRx, temperatureC: 41.2, voltageV: 3.29, biasCurrentMa: 11.4 });
const oltStatus = (status: string) => ({ source: 'olt-snmp', olt: SUBSCRIBER.olt, vendor: 'huawei', ponPort: SUBSCRIBER.ponPort, ifIndex: 4194312192, onuId: SUBSCRIBER.onuId, status, lastDownCause: null });

describe('Device Diagnostic in a workflow', () => {
  it('healthy modem: one item, no warnings, every source combined, paired with every input item', async () => {
    const r = await runFlow({
      genieacs: { items: [xx230vDocument({ lastInform: minutesAgo(1) })] },
      olt: { items: [oltReading(-19.42, -22.15), oltStatus('online')] },
    });
    expect(r.result.status).toBe('success');
    expect(r.out).toHaveLength(1);
    expect(r.out[0]!.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(r.merged).toHaveLength(3);
    expect(r.schemaErrors).toEqual([]);
    expect(r.json.warnings).toEqual([]);
    expect(r.json.device).toMatchObject({ id: SUBSCRIBER.deviceId, online: true, dataModel: 'TR-181', model: 'XX230v' });
    expect(r.json.opticalStatus).toEqual([
      { source: 'olt-snmp', direction: 'downstream', rxPowerDbm: -19.42, txPowerDbm: 2.31, level: 'ok', ponPort: '0/1/0', onuId: 3, olt: '10.20.0.2' },
      { source: 'olt-snmp', direction: 'upstream', rxPowerDbm: -22.15, level: 'ok', ponPort: '0/1/0', onuId: 3, olt: '10.20.0.2' },
      { source: 'genieacs', direction: 'downstream', rxPowerDbm: -19.1, txPowerDbm: 2.9, level: 'ok' },
    ]);
    expect(r.json.interfaces).toContainEqual(expect.objectContaining({ type: 'wan', connectionType: 'pppoe', status: 'Connected' }));
    expect(r.json.mesh).toHaveLength(2);
    expect(r.json.hosts).toHaveLength(4);
    expect(r.json).not.toHaveProperty('raw');
  });

  it('weak-signal modem: weak and critical warnings by source, graded with the node’s thresholds', async () => {
    const inputs = { genieacs: { items: [xx230vDocument({ lastInform: minutesAgo(1), rxPower: 17 })] }, olt: { items: [oltReading(-27.9, -30.6)] } };
    const r = await runFlow(inputs);
    expect(r.result.status).toBe('success');
    expect(r.schemaErrors).toEqual([]);
    expect(r.json.warnings.map((w) => `${w.code}:${w.source}`)).toEqual(['critical_optical_power:olt-snmp', 'weak_optical_power:olt-snmp', 'weak_optical_power:genieacs']);
    expect(r.json.warnings[2]!.message).toBe('Weak optical power: the ONU receives -27.7 dBm (downstream, reported by GenieACS); warning below -27 dBm');
    expect((r.json.opticalStatus as { level: string }[]).map((o) => o.level)).toEqual(['warning', 'critical', 'warning']);

    const lenient = await runFlow({ ...inputs, diagnostic: { warningBelowDbm: -28, criticalBelowDbm: -31, options: { includeRaw: true } } });
    expect(lenient.json.warnings.map((w) => w.code)).toEqual(['weak_optical_power']);
    expect(lenient.json.warnings[0]!.message).toContain('OLT 10.20.0.2 receives -30.6 dBm from ONU 0/1/0:3 (upstream); warning below -28 dBm');
    expect(lenient.json.raw).toHaveLength(2);
    expect(lenient.schemaErrors).toEqual([]);
  });

  it('OLT unreachable (the source node continues on its error output): partial result plus source_failed, the run succeeds', async () => {
    const r = await runFlow({
      genieacs: { items: [xx230vDocument({ lastInform: minutesAgo(1) })] },
      olt: { throws: 'No SNMP answer from 10.20.0.2:161 within 5000 ms (2 tries)', node: { onError: 'continueErrorOutput' } },
      oltErrorOutput: true,
    });
    expect(r.result.status).toBe('success');
    expect(r.merged[1]!.json).toEqual({ error: 'No SNMP answer from 10.20.0.2:161 within 5000 ms (2 tries) [line 1]' });
    expect(r.schemaErrors).toEqual([]);
    expect(r.json.warnings).toEqual([{ code: 'source_failed', source: 'olt-snmp', message: 'OLT (SNMP) failed: No SNMP answer from 10.20.0.2:161 within 5000 ms (2 tries) [line 1]' }]);
    expect(r.json.device).toMatchObject({ id: SUBSCRIBER.deviceId, online: true });
    expect(r.json.opticalStatus).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -19.1, txPowerDbm: 2.9, level: 'ok' }]);
    expect(r.out[0]!.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('a source node that throws as a whole: the engine’s error item names the ONU it was asked about', async () => {
    const flaky = { node: { type: 'test.flaky', typeVersion: 1, parameters: { failTimes: 1000 }, onError: 'continueErrorOutput' as const } };
    const r = await runFlow({ genieacs: { items: [xx230vDocument({ lastInform: minutesAgo(1) })] }, olt: flaky, oltErrorOutput: true });
    expect(r.result.status).toBe('success');
    expect(r.merged[1]!.json).toMatchObject({ ...SUBSCRIBER, error: { message: 'flaky failure #1' } });
    expect(r.json.warnings).toEqual([{ code: 'source_failed', source: 'olt-snmp', message: 'OLT (SNMP) failed: flaky failure #1' }]);
    expect(r.schemaErrors).toEqual([]);
  });

  it('a source node that throws under "continue (regular output)": its passed-on input gives a no_reading warning', async () => {
    const flaky = { node: { type: 'test.flaky', typeVersion: 1, parameters: { failTimes: 1000 }, onError: 'continueRegularOutput' as const } };
    const r = await runFlow({ genieacs: { items: [xx230vDocument({ lastInform: minutesAgo(1) })] }, olt: flaky });
    expect(r.result.status).toBe('success');
    expect(r.merged[1]!.json).toEqual(SUBSCRIBER);
    expect(r.json.warnings.map((w) => w.code)).toEqual(['no_reading']);
    expect(r.schemaErrors).toEqual([]);
  });

  it('GenieACS failed and the OLT answered: no device, the OLT readings still graded', async () => {
    const r = await runFlow({
      genieacs: { items: [{ error: { message: 'Could not reach GenieACS at http://acs.gigafibre.example:7557 (ECONNREFUSED)' } }] },
      olt: { items: [oltReading(-31.4, -24)] },
    });
    expect(r.result.status).toBe('success');
    expect(r.json.device).toBeNull();
    expect(r.json.warnings.map((w) => `${w.code}:${w.source}`)).toEqual(['no_device:genieacs', 'critical_optical_power:olt-snmp', 'source_failed:genieacs']);
    expect(r.schemaErrors).toEqual([]);
  });

  it('both sources empty: the node runs only when a source always outputs data, and then answers no_device', async () => {
    const quiet = await runFlow({ genieacs: { items: [] }, olt: { items: [] } });
    expect(quiet.result.status).toBe('success');
    expect(quiet.task).toBeUndefined(); // as in n8n, a node after an empty output does not run
    const r = await runFlow({ genieacs: { items: [], node: { alwaysOutputData: true } }, olt: { items: [] } });
    expect(r.merged.map((i) => i.json)).toEqual([{}]);
    expect(r.json).toEqual({ device: null, interfaces: [], wifi: [], mesh: [], opticalStatus: [], hosts: [], warnings: [expect.objectContaining({ code: 'no_device' })] });
    expect(r.schemaErrors).toEqual([]);
  });

  it('fails the run, naming the parameter, when the thresholds cannot work', async () => {
    const r = await runFlow({ genieacs: { items: [xx230vDocument()] }, olt: { items: [] }, diagnostic: { warningBelowDbm: -30, criticalBelowDbm: -27 } });
    expect(r.result.status).toBe('error');
    expect(r.task?.error?.message).toBe('The critical threshold (-27 dBm) must not be above the warning threshold (-30 dBm)');
  });
});
