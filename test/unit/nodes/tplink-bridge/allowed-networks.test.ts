import { describe, expect, it } from 'vitest';
import { checkModemAddress, hostAllowed, hostOf, ipv4InCidr, parseAllowedNetworks, parseIpv4 } from '../../../../nodes/tplink-bridge/allowed-networks.ts';
import { isBridgeError } from '../../../../nodes/tplink-bridge/errors.ts';

describe('allowed networks: IPv4 CIDR containment', () => {
  it('parses dotted IPv4 only', () => {
    expect(parseIpv4('10.64.0.1')).toBe(10 * 2 ** 24 + 64 * 2 ** 16 + 1);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['10.64.0', '10.64.0.256', '1.2.3.4.5', 'a.b.c.d', '', '1..2.3', '-1.2.3.4']) expect(parseIpv4(bad)).toBeNull();
  });

  it('checks containment at the prefix boundaries', () => {
    expect(ipv4InCidr('10.64.0.0', '10.64.0.0/10')).toBe(true);
    expect(ipv4InCidr('10.127.255.255', '10.64.0.0/10')).toBe(true);
    expect(ipv4InCidr('10.128.0.0', '10.64.0.0/10')).toBe(false);
    expect(ipv4InCidr('10.63.255.255', '10.64.0.0/10')).toBe(false);
    expect(ipv4InCidr('100.64.18.77', '100.64.0.0/10')).toBe(true);
    expect(ipv4InCidr('200.1.2.3', '128.0.0.0/1')).toBe(true); // high bit: no signed-int surprises
    expect(ipv4InCidr('127.0.0.1', '128.0.0.0/1')).toBe(false);
    expect(ipv4InCidr('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(ipv4InCidr('192.168.1.1', '192.168.1.1')).toBe(true);
    expect(ipv4InCidr('192.168.1.2', '192.168.1.1')).toBe(false);
    expect(ipv4InCidr('192.168.1.2', '192.168.1.0/32')).toBe(false);
  });

  it('treats malformed entries as matching nothing', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/', '10.0.0/8', '10.0.0.0/8/8', 'modem.lan']) expect(ipv4InCidr('10.1.2.3', bad)).toBe(false);
  });

  it('parses the list and the host of an address', () => {
    expect(parseAllowedNetworks(' 10.64.0.0/10, 192.168.1.1 ,,Modem.LAN ')).toEqual(['10.64.0.0/10', '192.168.1.1', 'modem.lan']);
    expect(parseAllowedNetworks(undefined)).toEqual([]);
    expect(hostOf('http://10.64.1.2:8080/x')).toBe('10.64.1.2');
    expect(hostOf('10.64.1.2')).toBe('10.64.1.2');
    expect(hostOf('https://[::1]:8443')).toBe('::1');
    expect(hostOf('http://2130706433/')).toBe('127.0.0.1'); // URL parsing normalises numeric hosts
    expect(hostOf('')).toBeNull();
    expect(hostOf('http://')).toBeNull();
  });

  it('allows host names only when listed literally', () => {
    expect(hostAllowed('modem.lan', ['modem.lan'])).toBe(true);
    expect(hostAllowed('evil.modem.lan', ['modem.lan'])).toBe(false);
    expect(hostAllowed('modem.lan', ['10.0.0.0/8'])).toBe(false);
    expect(hostAllowed('10.1.2.3', ['modem.lan', '10.0.0.0/8'])).toBe(true);
  });
});

describe('checkModemAddress', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected a refusal');
  };

  it('accepts addresses inside the list and the credential\'s own host', () => {
    expect(() => checkModemAddress('http://100.64.18.77', '100.64.0.0/10', 'http://192.168.1.1')).not.toThrow();
    expect(() => checkModemAddress('192.168.1.1', '', 'http://192.168.1.1')).not.toThrow();
    expect(() => checkModemAddress('https://192.168.1.1:8443', undefined, '192.168.1.1')).not.toThrow();
  });

  it('refuses an address outside, naming it and the allowed networks', () => {
    const err = refusal(() => checkModemAddress('http://203.0.113.9', '100.64.0.0/10, 10.0.0.1', 'http://192.168.1.1'));
    expect(isBridgeError(err) && err.code).toBe('bad_request');
    expect((err as Error).message).toBe('The modem address "http://203.0.113.9" is outside the allowed networks (100.64.0.0/10, 10.0.0.1)');
    expect(isBridgeError(err) && err.details.parameter).toBe('modemAddress');
  });

  it('with an empty list allows only the credential\'s host', () => {
    const err = refusal(() => checkModemAddress('10.64.1.2', '', 'http://192.168.1.1'));
    expect((err as Error).message).toContain("only the credential's own address 192.168.1.1");
  });

  it('refuses something that is not an address', () => {
    expect((refusal(() => checkModemAddress('http://', '0.0.0.0/0', '')) as Error).message).toContain('is not a modem address');
  });
});
