// The whole diagnosis from a list of input items: what each item is, which document is used, the
// device summary, and every warning code with the wording a support agent acts on.
import { describe, expect, it } from 'vitest';
import { classify, failedSourceOf } from '../../../../nodes/diagnostics/classify.ts';
import { diagnose } from '../../../../nodes/diagnostics/diagnose.ts';
import type { DiagnoseOptions } from '../../../../nodes/diagnostics/diagnose.ts';
import { DEFAULT_THRESHOLDS } from '../../../../nodes/diagnostics/thresholds.ts';
import { formatAge } from '../../../../nodes/diagnostics/warnings.ts';
import { F670L, f670lDocument } from '../../../fixtures/genieacs/zte-f670l.ts';
import { XX230V, xx230vDocument } from '../../../fixtures/genieacs/tplink-xx230v.ts';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const opts: DiagnoseOptions = { ...DEFAULT_THRESHOLDS, now: NOW };
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const codes = (r: ReturnType<typeof diagnose>) => r.warnings.map((w) => w.code);

const oltItem = (o: Record<string, unknown> = {}) => ({
  source: 'olt-snmp', olt: '10.20.0.2', vendor: 'zte-c300', ponPort: '1/2/3', ifIndex: 268566784, onuId: 12,
  rxPowerDbm: -20.1, txPowerDbm: 2.2, oltRxPowerDbm: -23.4, ...o,
});

describe('classify', () => {
  it('recognises every item shape of the contract', () => {
    expect(classify(xx230vDocument()).kind).toBe('device');
    expect(classify({ _id: 'x', InternetGatewayDevice: {} }).kind).toBe('device');
    expect(classify({ deviceId: 'x', task: { name: 'refreshObject' }, status: 'queued', statusCode: 202 }).kind).toBe('task');
    expect(classify(oltItem()).kind).toBe('olt');
    expect(classify({ ponPort: '0/1/0', onuId: 3, rxPowerDbm: -20 }).kind).toBe('olt');
    expect(classify({ source: 'tplink-bridge', wifi: [] }).kind).toBe('bridge');
    expect(classify({ error: { message: 'boom' } }).kind).toBe('error');
    expect(classify({ error: 'boom' }).kind).toBe('error');
    expect(classify({ hello: 'world' })).toEqual({ kind: 'unknown', keys: ['hello'] });
  });

  it('tells where a failed item came from: its source field, its other fields, then its message', () => {
    expect(failedSourceOf({ source: 'tplink-bridge' }, '')).toBe('tplink-bridge');
    expect(failedSourceOf({ olt: '10.0.0.1', deviceId: 'x' }, '')).toBe('olt-snmp');
    expect(failedSourceOf({ deviceId: 'x' }, '')).toBe('genieacs');
    expect(failedSourceOf({}, 'Request timed out: no SNMP answer from 10.20.0.2:161')).toBe('olt-snmp');
    expect(failedSourceOf({}, 'Could not reach GenieACS at http://acs:7557')).toBe('genieacs');
    expect(failedSourceOf({}, 'Login to the TP-Link web UI failed')).toBe('tplink-bridge');
    expect(failedSourceOf({}, 'socket hang up')).toBe('unknown');
  });
});

describe('diagnose', () => {
  it('summarises the device from _deviceId and DeviceInfo, online when the last inform is recent', () => {
    const r = diagnose([xx230vDocument({ lastInform: at(2) })], opts);
    expect(r.device).toEqual({
      id: XX230V.id,
      serialNumber: XX230V.serialNumber,
      manufacturer: 'TP-Link',
      oui: '105A95',
      productClass: 'XX230v',
      model: 'XX230v',
      firmware: '0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n',
      lastInform: at(2),
      online: true,
      uptimeSeconds: 532104,
      dataModel: 'TR-181',
    });
    expect(r.warnings).toEqual([]);
  });

  it('warns device_offline with the age and the threshold', () => {
    const r = diagnose([f670lDocument({ lastInform: at(95) })], opts);
    expect(r.device!.online).toBe(false);
    expect(r.warnings).toEqual([
      { code: 'device_offline', source: 'genieacs', message: `${F670L.id} last informed GenieACS at ${at(95)} (1 h 35 min ago; online means within 5 min), so its values may be stale` },
    ]);
    expect(diagnose([f670lDocument({ lastInform: at(95) })], { ...opts, onlineWithinMinutes: 120 }).device!.online).toBe(true);
  });

  it('warns weak and critical optical power, naming source, value and threshold', () => {
    const r = diagnose([f670lDocument({ lastInform: at(1), rxPower: '-28.69' }), oltItem({ rxPowerDbm: -28.5, oltRxPowerDbm: -31.2 })], opts);
    expect(r.warnings).toEqual([
      { code: 'critical_optical_power', source: 'olt-snmp', message: 'Critical optical power: OLT 10.20.0.2 receives -31.2 dBm from ONU 1/2/3:12 (upstream); critical below -30 dBm' },
      { code: 'weak_optical_power', source: 'olt-snmp', message: 'Weak optical power: ONU 1/2/3:12 on OLT 10.20.0.2 receives -28.5 dBm (downstream, read by the OLT); warning below -27 dBm' },
      { code: 'weak_optical_power', source: 'genieacs', message: 'Weak optical power: the ONU receives -28.69 dBm (downstream, reported by GenieACS); warning below -27 dBm' },
    ]);
  });

  it('turns error items into source_failed warnings and still diagnoses the rest', () => {
    const r = diagnose(
      [
        xx230vDocument({ lastInform: at(1) }),
        { olt: '10.20.0.2', ponPort: '1/2/3', onuId: 12, error: { message: 'No answer from 10.20.0.2:161 within 5000 ms (2 tries)', description: 'Check that the OLT is reachable and the community is right', httpCode: null } },
        { source: 'tplink-bridge', error: { message: 'Login failed', httpCode: 401 } },
        { error: 'socket hang up' },
      ],
      opts,
    );
    expect(r.warnings).toEqual([
      { code: 'source_failed', source: 'olt-snmp', message: 'OLT (SNMP) failed: No answer from 10.20.0.2:161 within 5000 ms (2 tries) (Check that the OLT is reachable and the community is right)' },
      { code: 'source_failed', source: 'tplink-bridge', message: 'TP-Link bridge failed: Login failed (HTTP 401)' },
      { code: 'source_failed', source: 'unknown', message: 'An upstream source failed: socket hang up' },
    ]);
    expect(r.device!.id).toBe(XX230V.id);
    expect(r.opticalStatus).toHaveLength(1);
  });

  it('uses the re-read device of a done task, and warns about queued and faulted tasks', () => {
    const done = { deviceId: XX230V.id, task: { name: 'refreshObject', objectName: 'Device.Optical' }, status: 'done', statusCode: 200, device: xx230vDocument({ lastInform: at(0), rxPower: 17 }) };
    const r = diagnose([xx230vDocument({ lastInform: at(4) }), done], opts);
    expect(r.device!.lastInform).toBe(at(0));
    expect(r.opticalStatus[0]!.rxPowerDbm).toBe(-27.7);

    const queued = { deviceId: F670L.id, task: { name: 'getParameterValues' }, status: 'queued', statusCode: 202, reason: 'Task queued but not processed' };
    const crf = { deviceId: F670L.id, task: { name: 'refreshObject' }, status: 'connection_request_failed', statusCode: 202, reason: 'Connection request error: Device is offline' };
    const faulted = { deviceId: F670L.id, task: { name: 'setParameterValues' }, status: 'faulted', statusCode: 202, reason: 'cwmp.9007: Invalid parameter value' };
    const q = diagnose([f670lDocument({ lastInform: at(1) }), queued, crf, faulted], opts);
    expect(q.warnings).toEqual([
      { code: 'task_faulted', source: 'genieacs', message: `GenieACS task setParameterValues for ${F670L.id} faulted: cwmp.9007: Invalid parameter value` },
      { code: 'task_queued', source: 'genieacs', message: `GenieACS task getParameterValues for ${F670L.id} is queued: Task queued but not processed; the device did not take it now, it runs at the next inform` },
      { code: 'task_queued', source: 'genieacs', message: `GenieACS task refreshObject for ${F670L.id} is queued because the connection request failed: Connection request error: Device is offline; it runs at the next inform` },
    ]);
  });

  it('picks the newest document of one device, and the first device when several came', () => {
    const older = xx230vDocument({ lastInform: at(3), rxPower: 100 });
    const newer = xx230vDocument({ lastInform: at(1), rxPower: 200 });
    expect(diagnose([newer, older], opts).device!.lastInform).toBe(at(1));
    const r = diagnose([f670lDocument({ lastInform: at(1) }), newer], opts);
    expect(r.device!.id).toBe(F670L.id);
    expect(r.warnings).toEqual([{ code: 'multiple_devices', source: 'genieacs', message: `The input holds documents of 2 devices (${F670L.id}, ${XX230V.id}); diagnosed ${F670L.id} only` }]);
  });

  it('lays a task re-read holding only the asked paths over the full read, newer values on top', () => {
    const full = xx230vDocument({ lastInform: at(4), rxPower: 100 });
    const fresh = xx230vDocument({ lastInform: at(0), rxPower: 17 }) as Record<string, unknown>;
    // The re-read of a refresh of Device.Optical: only that subtree plus the device's identity.
    const partial = { _id: fresh._id, _deviceId: fresh._deviceId, _lastInform: fresh._lastInform, Device: { Optical: (fresh.Device as Record<string, unknown>).Optical } };
    const done = { deviceId: XX230V.id, task: { name: 'refreshObject', objectName: 'Device.Optical' }, status: 'done', statusCode: 200, device: partial };
    const merged = diagnose([full, done], opts);
    const whole = diagnose([full], opts);
    expect(merged.device!.lastInform).toBe(at(0));
    expect(merged.opticalStatus[0]!.rxPowerDbm).toBe(-27.7);
    expect(merged.wifi).toEqual(whole.wifi);
    expect(merged.hosts).toEqual(whole.hosts);
    expect(merged.device!.model).toBe(whole.device!.model);
    expect(merged.wifi.length).toBeGreaterThan(0);
  });

  it('answers without any GenieACS document: device null, a no_device warning, the other sources kept', () => {
    const r = diagnose([oltItem(), { source: 'tplink-bridge', wifi: [{ band: '5GHz', ssid: 'x', enabled: true, clients: 2 }] }], opts);
    expect(r.device).toBeNull();
    expect(codes(r)).toEqual(['no_device']);
    expect(r.opticalStatus.map((o) => o.direction)).toEqual(['downstream', 'upstream']);
    expect(r.wifi).toEqual([{ band: '5GHz', ssid: 'x', enabled: true, clients: 2, source: 'tplink-bridge' }]);
    expect(diagnose([], opts)).toEqual({ device: null, interfaces: [], wifi: [], mesh: [], opticalStatus: [], hosts: [], warnings: [expect.objectContaining({ code: 'no_device' })] });
  });

  it('fills model and firmware from the bridge when GenieACS lacks them', () => {
    const doc = xx230vDocument({ lastInform: at(1) }) as Record<string, Record<string, Record<string, unknown>>>;
    delete doc.Device!.DeviceInfo!.ModelName;
    delete doc.Device!.DeviceInfo!.SoftwareVersion;
    const r = diagnose([doc, { source: 'tplink-bridge', model: 'XX230v v1', firmware: '1.1.4' }], opts);
    expect(r.device).toMatchObject({ model: 'XX230v v1', firmware: '1.1.4' });
  });

  it('reports the ONU status an OLT gives, and an OLT item without readings', () => {
    const r = diagnose([oltItem({ status: 'los', lastDownCause: 'LOS', rxPowerDbm: null, oltRxPowerDbm: null }), { olt: '10.20.0.2', ponPort: '1/2/3', onuId: 12, deviceId: 'x' }, oltItem({ onuId: 13, status: 'online' })], opts);
    expect(r.warnings.filter((w) => w.code !== 'no_device')).toEqual([
      { code: 'onu_offline', source: 'olt-snmp', message: 'OLT 10.20.0.2 reports ONU 1/2/3:12 as los (last down cause: LOS)' },
      expect.objectContaining({ code: 'no_reading', source: 'olt-snmp', message: expect.stringContaining('ONU 1/2/3:12 on OLT 10.20.0.2 carries no optical reading or status') }),
    ]);
    expect(r.opticalStatus.find((o) => o.onuId === 12 && o.direction === 'downstream')).toMatchObject({ rxPowerDbm: null, level: 'unknown' });
  });

  it('reports items it does not know, and sorts warnings most telling first', () => {
    const r = diagnose([{ customer: 'C-1001', plan: '500M' }, oltItem({ rxPowerDbm: -33 })], opts);
    expect(codes(r)).toEqual(['no_device', 'critical_optical_power', 'unrecognized_item']);
    expect(codes(diagnose([{}], opts))).toEqual(['no_device']); // Always Output Data's empty item is no source
    expect(r.warnings[2]!.message).toBe('Input item 0 is not a GenieACS device or task result, an OLT reading, a TP-Link bridge item or an error item; ignored (fields: customer, plan)');
  });

  it('attaches the raw inputs only when asked', () => {
    const input = [oltItem()];
    expect(diagnose(input, opts)).not.toHaveProperty('raw');
    expect(diagnose(input, { ...opts, includeRaw: true }).raw).toEqual(input);
  });

  it('formats ages for people', () => {
    expect([0, 59, 60, 95, 24 * 60, 3 * 24 * 60 + 90].map((m) => formatAge(m * 60_000))).toEqual(['0 min', '59 min', '1 h 0 min', '1 h 35 min', '1 d 0 h', '3 d 1 h']);
  });
});
