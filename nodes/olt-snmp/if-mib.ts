// IF-MIB (RFC 2863) columns for port status and counters, and matching ports by name.

export const IF_MIB = {
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifAdminStatus: '1.3.6.1.2.1.2.2.1.7',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifInOctets: '1.3.6.1.2.1.2.2.1.10',
  ifOutOctets: '1.3.6.1.2.1.2.2.1.16',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
  ifAlias: '1.3.6.1.2.1.31.1.1.1.18',
} as const;

const OPER: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing', 4: 'unknown', 5: 'dormant', 6: 'notPresent', 7: 'lowerLayerDown' };
const ADMIN: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing' };

export const operStatusName = (raw: number | null): string | null => (raw === null ? null : (OPER[raw] ?? `status ${raw}`));
export const adminStatusName = (raw: number | null): string | null => (raw === null ? null : (ADMIN[raw] ?? `status ${raw}`));

/**
 * A test for interface names: `*` and `?` are wildcards; without them the name must be equal, or
 * end in the pattern after a separator, so "0/1/0" finds "GPON 0/1/0" and "1/2/1" finds
 * "gpon-olt_1/2/1" (but not "gpon-olt_11/2/1"). Case is ignored.
 */
export function portMatcher(pattern: string): (name: string) => boolean {
  const p = pattern.trim();
  const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  if (/[*?]/.test(p)) {
    const re = new RegExp(`^${escape(p).replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return (name) => re.test(name);
  }
  const re = new RegExp(`(^|[^0-9/])${escape(p)}$`, 'i');
  return (name) => name.toLowerCase() === p.toLowerCase() || re.test(name);
}
