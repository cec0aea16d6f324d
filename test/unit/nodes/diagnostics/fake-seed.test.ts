// The fake GenieACS's seed fleet (test/fakes/genieacs/seed.ts), as GET /devices returns it, read by
// the diagnostic: the data-model choices of the two helpers agree (TP-Link optics in 0.1 µW and
// Data Elements mesh, ZTE/Huawei/Nokia optics in dBm, an offline device).
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../nodes/diagnostics/diagnose.ts';
import { DEFAULT_THRESHOLDS } from '../../../../nodes/diagnostics/thresholds.ts';
import { buildDocument, liveState } from '../../../fakes/genieacs/devices.ts';
import { seedDevices } from '../../../fakes/genieacs/seed.ts';

const now = new Date('2025-06-01T12:00:00.000Z');
/** The documents as JSON over the NBI (dates as ISO text). */
const docs = seedDevices({ now }).map((d) => JSON.parse(JSON.stringify(buildDocument(d, liveState(d)))) as Record<string, unknown>);
const run = (i: number) => diagnose([docs[i]!], { ...DEFAULT_THRESHOLDS, now: now.getTime() });

describe('fake GenieACS seed devices', () => {
  it('TP-Link XX230v: PPPoE WAN, 0.1 µW optics, EasyMesh agents named from the host table', () => {
    const r = run(0);
    expect(r.device).toMatchObject({ manufacturer: 'TP-Link', productClass: 'XX230v', dataModel: 'TR-181', online: true });
    expect(r.opticalStatus).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -18.01, txPowerDbm: 2.9, level: 'ok' }]);
    expect(r.interfaces.find((i) => i.type === 'wan')).toMatchObject({ name: 'ppp0', status: 'Connected', ipAddress: '100.64.18.77', connectionType: 'pppoe', username: 'cliente4821@gigafibre' });
    expect(r.interfaces.find((i) => i.name === 'br0')).toMatchObject({ type: 'lan', ipAddress: '192.168.0.1' });
    expect(r.mesh).toEqual([
      { mac: 'E8:48:B8:7E:21:40', name: 'Deco-X20-Sala', ip: '192.168.0.2', backhaul: 'wifi', signalDbm: -61, source: 'genieacs' },
      { mac: 'E8:48:B8:7E:55:A0', name: 'Deco-X20-Quarto', ip: '192.168.0.3', backhaul: 'ethernet', source: 'genieacs' },
    ]);
    expect(r.wifi.filter((w) => w.enabled).map((w) => [w.band, w.ssid, w.clients])).toEqual([
      ['2.4GHz', 'GigaFibre_3C10', 2],
      ['5GHz', 'GigaFibre_3C10_5G', 2],
    ]);
    expect(r.hosts).toHaveLength(7);
    expect(r.warnings).toEqual([]);
  });

  it('ZTE F660: a weak PON signal', () => {
    const r = run(1);
    expect(r.opticalStatus).toEqual([{ source: 'genieacs', direction: 'downstream', rxPowerDbm: -28.69, txPowerDbm: 2.35, level: 'warning' }]);
    expect(r.warnings.map((w) => w.code)).toEqual(['weak_optical_power']);
  });

  it('Huawei HG8245H: X_GponInterafceConfig optics, DHCP WAN', () => {
    const r = run(2);
    expect(r.opticalStatus[0]).toMatchObject({ rxPowerDbm: -21.55, txPowerDbm: 2.13, level: 'ok' });
    expect(r.interfaces.find((i) => i.type === 'wan')).toMatchObject({ connectionType: 'dhcp', ipAddress: '177.54.12.203' });
  });

  it('Nokia G-240W-C: offline for days, Nokia optics still read', () => {
    const r = run(3);
    expect(r.device!.online).toBe(false);
    expect(r.warnings.map((w) => w.code)).toEqual(['device_offline']);
    expect(r.warnings[0]!.message).toContain('(3 d 1 h ago; online means within 5 min)');
    expect(r.opticalStatus[0]).toMatchObject({ rxPowerDbm: -19.2, level: 'ok' });
  });
});
