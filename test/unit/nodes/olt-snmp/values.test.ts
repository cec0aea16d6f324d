// SNMP values for output: Counter64 buffers, octet strings, GPON serials, missing objects; port name patterns.
import { describe, expect, it } from 'vitest';
import { portMatcher } from '../../../../nodes/olt-snmp/if-mib.ts';
import { counter64, gponSerial, numberValue, octets, plainValue, varbindJson } from '../../../../nodes/olt-snmp/values.ts';

const vb = (type: number, value: unknown) => ({ oid: '1.3.6.1.2.1.1.5.0', type, value });

describe('counter64', () => {
  it('reads big-endian bytes of any length, as a number up to 2^53 − 1', () => {
    expect(counter64(Buffer.from([0x07, 0x5b, 0xcd, 0x15]))).toBe(123456789);
    expect(counter64(Buffer.from('00000000075bcd15', 'hex'))).toBe(123456789);
    expect(counter64(Buffer.alloc(0))).toBe(0);
    expect(counter64(Buffer.from('001fffffffffffff', 'hex'))).toBe(Number.MAX_SAFE_INTEGER);
  });
  it('above 2^53 − 1 gives a decimal string, so no digit is lost', () => {
    expect(counter64(Buffer.from('0020000000000000', 'hex'))).toBe('9007199254740992');
    expect(counter64(Buffer.from('ffffffffffffffff', 'hex'))).toBe('18446744073709551615');
    // A 9-byte encoding with a leading zero (BER sign byte) reads the same.
    expect(counter64(Buffer.from('00ffffffffffffffff', 'hex'))).toBe('18446744073709551615');
  });
  it('passes numbers through and gives null for nothing', () => {
    expect(counter64(42)).toBe(42);
    expect(counter64(null)).toBeNull();
    expect(plainValue(vb(70, Buffer.from('0100000000000000', 'hex')))).toBe('72057594037927936');
  });
});

describe('octet strings', () => {
  it('text when it is text, hex bytes when it is not', () => {
    expect(octets(Buffer.from('GPON 0/1/0'))).toBe('GPON 0/1/0');
    expect(octets(Buffer.from('Zürich\n'))).toBe('Zürich\n');
    expect(octets(Buffer.from('name\0\0'))).toBe('name');
    expect(octets(Buffer.from([0x48, 0x57, 0x00, 0x1a, 0xff]))).toBe('48 57 00 1A FF');
    expect(octets(Buffer.from([0xc3, 0x28]))).toBe('C3 28'); // invalid UTF-8
  });
  it('missing objects are null values, with their exception type', () => {
    for (const type of [128, 129, 130]) expect(plainValue(vb(type, null))).toBeNull();
    expect(varbindJson(vb(129, null))).toEqual({ oid: '1.3.6.1.2.1.1.5.0', type: 'NoSuchInstance', value: null });
    expect(varbindJson(vb(2, -2150))).toEqual({ oid: '1.3.6.1.2.1.1.5.0', type: 'Integer', value: -2150 });
    expect(numberValue(vb(128, null))).toBeNull();
    expect(numberValue(vb(4, Buffer.from('-2150')))).toBe(-2150);
  });
});

describe('GPON serial numbers', () => {
  it('8 octets: 4 ASCII vendor letters + 4 bytes in hex', () => {
    expect(gponSerial(vb(4, Buffer.from([0x48, 0x57, 0x54, 0x43, 0x1a, 0x2b, 0x3c, 0x4d])))).toBe('HWTC1A2B3C4D');
    expect(gponSerial(vb(4, Buffer.from('5a544547c8a1b2c3', 'hex')))).toBe('ZTEGC8A1B2C3');
    expect(gponSerial(vb(4, Buffer.from('0001020304050607', 'hex')))).toBe('0001020304050607');
  });
  it('agents that answer text pass through; missing is null', () => {
    expect(gponSerial(vb(4, Buffer.from('zteg12345678')))).toBe('ZTEG12345678');
    expect(gponSerial(vb(4, Buffer.from('48-57-54-43')))).toBe('48575443');
    expect(gponSerial(vb(129, null))).toBeNull();
  });
});

describe('port name patterns', () => {
  it('wildcards, exact names, and a bare port after a separator', () => {
    expect(portMatcher('gpon*')('GPON 0/1/0')).toBe(true);
    expect(portMatcher('gpon*')('ethernet0/9/0')).toBe(false);
    expect(portMatcher('gpon-olt_1/?/1')('gpon-olt_1/2/1')).toBe(true);
    expect(portMatcher('lo')('lo')).toBe(true);
    expect(portMatcher('lo')('eth0')).toBe(false);
    expect(portMatcher('0/1/0')('GPON 0/1/0')).toBe(true);
    expect(portMatcher('1/2/1')('gpon-olt_1/2/1')).toBe(true);
    expect(portMatcher('1/2/1')('gpon-olt_11/2/1')).toBe(false);
    expect(portMatcher('1/2/1')('gpon-olt_1/1/2/1')).toBe(false);
    expect(portMatcher('a.b')('axb')).toBe(false);
  });
});
