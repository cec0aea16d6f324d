// Optical power units → dBm, the plausibility guard, and the levels and online rule built on them.
import { describe, expect, it } from 'vitest';
import { checkedPower, dbmFromTenthMicrowatt, dbmFromThousandths, toDbm } from '../../../../nodes/diagnostics/extract/optical.ts';
import { DEFAULT_THRESHOLDS, informAgeMs, isOnline, opticalLevel, thresholdsProblem } from '../../../../nodes/diagnostics/thresholds.ts';

describe('optical units', () => {
  it('TP-Link 0.1 µW: dBm = 10·log10(v·0.0001)', () => {
    expect(dbmFromTenthMicrowatt(10_000)).toBeCloseTo(0, 10); // 1 mW
    expect(dbmFromTenthMicrowatt(1_000)).toBeCloseTo(-10, 10); // 100 µW
    expect(dbmFromTenthMicrowatt(123)).toBeCloseTo(-19.101, 3);
    expect(dbmFromTenthMicrowatt(19_498)).toBeCloseTo(2.9, 2);
    expect(dbmFromTenthMicrowatt(10)).toBeCloseTo(-30, 10); // 1 µW
    expect(dbmFromTenthMicrowatt(0)).toBeNaN(); // no light has no dBm
  });

  it('TR-181 dBm/1000, and values some firmwares already report in dBm', () => {
    expect(dbmFromThousandths(-18_740)).toBe(-18.74);
    expect(dbmFromThousandths(2_150)).toBe(2.15);
    expect(dbmFromThousandths(-65_536)).toBe(-65.536);
    expect(dbmFromThousandths(-19.5)).toBe(-19.5); // fractional: already dBm
    expect(dbmFromThousandths(-21)).toBe(-21); // too small to be thousandths of a real reading
    expect(dbmFromThousandths(0)).toBe(0);
    expect(toDbm(-21.35, 'dBm')).toBe(-21.35);
  });

  it('rounds to 0.01 dBm and passes plausible readings without a warning', () => {
    expect(checkedPower(123, '0.1uW', 'x', 'genieacs')).toEqual({ dbm: -19.1 });
    expect(checkedPower(-50, 'dBm', 'x', 'olt-snmp')).toEqual({ dbm: -50 });
    expect(checkedPower(10, 'dBm', 'x', 'olt-snmp')).toEqual({ dbm: 10 });
    expect(checkedPower(undefined, 'dBm', 'x', 'olt-snmp')).toEqual({ dbm: null });
    expect(checkedPower(null, 'dBm', 'x', 'olt-snmp')).toEqual({ dbm: null });
  });

  it('turns values that cannot be dBm into null with a warning naming the parameter and the raw value', () => {
    const high = checkedPower(12.5, 'dBm', 'OLT 10.20.0.2 ONU 0/1/0:3 rxPowerDbm', 'olt-snmp');
    expect(high.dbm).toBeNull();
    expect(high.warning).toMatchObject({ code: 'implausible_value', source: 'olt-snmp' });
    expect(high.warning!.message).toContain('OLT 10.20.0.2 ONU 0/1/0:3 rxPowerDbm = 12.5 (dBm)');

    const sentinel = checkedPower(-65_536, 'dBm/1000', 'GenieACS Device.Optical.Interface.1.OpticalSignalLevel', 'genieacs');
    expect(sentinel.dbm).toBeNull();
    expect(sentinel.warning!.message).toContain('= -65536 (dBm/1000) (-65.54 dBm) is not a plausible optical power');

    const dark = checkedPower(0, '0.1uW', 'GenieACS …RXPower', 'genieacs');
    expect(dark.dbm).toBeNull();
    expect(dark.warning!.message).toContain('= 0 (0.1uW) is not a plausible');
  });
});

describe('thresholds', () => {
  const t = DEFAULT_THRESHOLDS;

  it('grades receive power: below -27 warning, below -30 critical, the bounds themselves one level better', () => {
    expect(opticalLevel(-19.1, t)).toBe('ok');
    expect(opticalLevel(-27, t)).toBe('ok');
    expect(opticalLevel(-27.01, t)).toBe('warning');
    expect(opticalLevel(-30, t)).toBe('warning');
    expect(opticalLevel(-30.01, t)).toBe('critical');
    expect(opticalLevel(null, t)).toBe('unknown');
    expect(opticalLevel(undefined, t)).toBe('unknown');
  });

  it('uses the configured thresholds', () => {
    const strict = { ...t, warningBelowDbm: -24, criticalBelowDbm: -26 };
    expect(opticalLevel(-25, strict)).toBe('warning');
    expect(opticalLevel(-26.5, strict)).toBe('critical');
    expect(opticalLevel(-25, t)).toBe('ok');
  });

  it('rejects thresholds that cannot work, naming the parameter', () => {
    expect(thresholdsProblem(t)).toBeUndefined();
    expect(thresholdsProblem({ ...t, criticalBelowDbm: -20 })).toMatchObject({ parameter: 'criticalBelowDbm' });
    expect(thresholdsProblem({ ...t, onlineWithinMinutes: 0 })).toMatchObject({ parameter: 'onlineWithinMinutes' });
    expect(thresholdsProblem({ ...t, warningBelowDbm: Number.NaN })).toMatchObject({ parameter: 'warningBelowDbm' });
  });

  it('counts a device online when its last inform is within the window', () => {
    const now = Date.parse('2025-06-01T12:00:00.000Z');
    expect(isOnline('2025-06-01T11:55:00.000Z', now, t)).toBe(true);
    expect(isOnline('2025-06-01T11:54:59.000Z', now, t)).toBe(false);
    expect(isOnline('2025-06-01T11:40:00.000Z', now, { onlineWithinMinutes: 30 })).toBe(true);
    expect(isOnline(undefined, now, t)).toBe(false);
    expect(isOnline('not a date', now, t)).toBe(false);
    expect(informAgeMs('2025-06-01T10:00:00.000Z', now)).toBe(2 * 3_600_000);
  });
});
