// The parts of a scan that are pure text handling: reading serial/MAC/model out of QR text in the
// shapes vendors use, and checking the fields (MAC spelling, serial formats, confidence).
import { describe, expect, it } from 'vitest';
import { checkSerial, scanResult } from '../../../../nodes/gemini-vision/label.ts';
import { fieldsFromQr } from '../../../../nodes/gemini-vision/qr.ts';

describe('fieldsFromQr', () => {
  it.each([
    ['SN:HWTC1A2B3C4D;MAC:A0B1C2D3E4F5', { serialNumber: 'HWTC1A2B3C4D', macAddress: 'A0B1C2D3E4F5' }],
    ['S/N=ZTEGC8A1B2C3&MAC Address=aa:bb:cc:dd:ee:ff&Model=F670L', { serialNumber: 'ZTEGC8A1B2C3', macAddress: 'aa:bb:cc:dd:ee:ff', model: 'F670L' }],
    ['Serial No: 2102311QGK10L6000123\nWAN MAC: 00-11-22-33-44-55', { serialNumber: '2102311QGK10L6000123', macAddress: '00-11-22-33-44-55' }],
    ['{"gpon_sn":"ALCLB2C3D4E5","mac":"aabb.ccdd.eeff","type":"G-240W-C"}', { serialNumber: 'ALCLB2C3D4E5', macAddress: 'aabb.ccdd.eeff', model: 'G-240W-C' }],
    ['HWTC1A2B3C4D 001122334455 a0:b1:c2:d3:e4:f5', { serialNumber: 'HWTC1A2B3C4D', macAddress: 'a0:b1:c2:d3:e4:f5' }],
    ['22198F0001234', { serialNumber: '22198F0001234' }],
    ['https://example.com/support', {}],
  ])('%s', (content, expected) => {
    expect(fieldsFromQr(content)).toEqual(expected);
  });
});

describe('checkSerial', () => {
  it('any: 4–32 letters and digits with a digit, upper-cased, "S/N:" prefix and spaces removed', () => {
    expect(checkSerial('s/n: hwtc 1a2b 3c4d', { format: 'any' })).toEqual({ value: 'HWTC1A2B3C4D' });
    expect(checkSerial('ABCDEF', { format: 'any' })).toHaveProperty('problem');
    expect(checkSerial('A1', { format: 'any' })).toHaveProperty('problem');
  });

  it('gpon: 4 letters + 8 hex, the 16-hex vendor form converted', () => {
    expect(checkSerial('ZTEGC8A1B2C3', { format: 'gpon' })).toEqual({ value: 'ZTEGC8A1B2C3' });
    expect(checkSerial('5A544547C8A1B2C3', { format: 'gpon' })).toEqual({ value: 'ZTEGC8A1B2C3' });
    expect(checkSerial('ZTEGC8A1B2CX', { format: 'gpon' })).toHaveProperty('problem');
    expect(checkSerial('0000000011223344', { format: 'gpon' })).toHaveProperty('problem');
  });

  it('pattern: the regular expression on the value as read', () => {
    expect(checkSerial('2102311QGK', { format: 'pattern', pattern: '^2102' })).toEqual({ value: '2102311QGK' });
    expect(checkSerial('3102311QGK', { format: 'pattern', pattern: '^2102' })).toEqual({ problem: 'does not match the serial pattern ^2102' });
  });
});

describe('scanResult', () => {
  it('normalises the MAC, treats "N/A" as absent, scales a percentage confidence', () => {
    expect(scanResult('gemini', { serialNumber: 'N/A', macAddress: 'a0b1.c2d3.e4f5', model: ' F660 ', qrContent: '', confidence: 87 }, { format: 'any' })).toEqual({
      status: 'ok',
      source: 'gemini',
      qrContent: null,
      serialNumber: null,
      macAddress: 'A0:B1:C2:D3:E4:F5',
      model: 'F660',
      confidence: 0.87,
      valid: true,
      problems: [],
    });
  });

  it('flags a broadcast MAC and a bad serial; nothing valid left', () => {
    const r = scanResult('gemini', { serialNumber: '??', macAddress: 'FF:FF:FF:FF:FF:FF', confidence: 'high' }, { format: 'gpon' });
    expect(r).toMatchObject({ serialNumber: null, macAddress: null, confidence: null, valid: false });
    expect((r.problems as { field: string }[]).map((p) => p.field)).toEqual(['macAddress']);
  });
});
