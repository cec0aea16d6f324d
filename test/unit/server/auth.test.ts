import { describe, expect, it } from 'vitest';
import { trustedAddressMatcher } from '../../../host/server/middleware/auth.ts';

describe('trustedAddressMatcher', () => {
  it('matches exact addresses, CIDR ranges and IPv4-mapped IPv6', () => {
    const trusted = trustedAddressMatcher(['10.0.0.5', '172.18.0.0/16', 'fd00::/8']);
    expect(trusted('10.0.0.5')).toBe(true);
    expect(trusted('::ffff:10.0.0.5')).toBe(true);
    expect(trusted('10.0.0.6')).toBe(false);
    expect(trusted('172.18.44.2')).toBe(true);
    expect(trusted('172.19.0.1')).toBe(false);
    expect(trusted('fd12::1')).toBe(true);
    expect(trusted('127.0.0.1')).toBe(false);
    expect(trusted(undefined)).toBe(false);
    expect(trusted('not-an-ip')).toBe(false);
  });

  it('trusts nobody when the list is empty', () => {
    const trusted = trustedAddressMatcher([]);
    expect(trusted('127.0.0.1')).toBe(false);
    expect(trusted('::1')).toBe(false);
  });

  it('expands localhost and rejects malformed entries', () => {
    const trusted = trustedAddressMatcher(['localhost']);
    expect(trusted('127.0.0.1')).toBe(true);
    expect(trusted('::1')).toBe(true);
    expect(() => trustedAddressMatcher(['proxy.internal'])).toThrow(/not an IP address/);
    expect(() => trustedAddressMatcher(['10.0.0.0/40'])).toThrow(/prefix length/);
  });
});
