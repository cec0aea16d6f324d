// What SNMP values look like on output: numbers where they are numbers, text where the octets are
// text, null where the agent has no such object. Pure functions; transport.ts hands us raw varbinds.
import type { IDataObject } from 'n8n-workflow';

/** A varbind as net-snmp gives it: `type` is the ASN.1 tag, `value` a number, string, Buffer or null. */
export interface RawVarbind {
  oid: string;
  type: number;
  value: unknown;
}

/** ASN.1 / SMI tags (RFC 3416); 128–130 are the v2c "exceptions" that replace a missing value. */
export const TYPE_NAMES: Record<number, string> = {
  1: 'Boolean',
  2: 'Integer',
  3: 'BitString',
  4: 'OctetString',
  5: 'Null',
  6: 'OID',
  64: 'IpAddress',
  65: 'Counter32',
  66: 'Gauge32',
  67: 'TimeTicks',
  68: 'Opaque',
  70: 'Counter64',
  128: 'NoSuchObject',
  129: 'NoSuchInstance',
  130: 'EndOfMibView',
};
const OCTET_STRING = 4;
const OPAQUE = 68;
const COUNTER64 = 70;

export const typeName = (tag: number): string => TYPE_NAMES[tag] ?? `type ${tag}`;

/** noSuchObject / noSuchInstance / endOfMibView: the agent has nothing at that OID. */
export const isMissing = (vb: RawVarbind): boolean => vb.type >= 128 && vb.type <= 130;

/**
 * A Counter64 as a JS value: net-snmp hands it over as big-endian bytes (possibly fewer than 8, or
 * 9 with a leading zero). Up to 2^53 − 1 it is a number; above, a decimal string so no digit is lost.
 */
export function counter64(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (!Buffer.isBuffer(value)) return null;
  let n = 0n;
  for (const byte of value) n = (n << 8n) | BigInt(byte);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** Text that reads as text: valid UTF-8 without control characters other than tab and line ends. */
function printable(buf: Buffer): string | null {
  const text = buf.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') !== buf.length || text.includes('\uFFFD')) return null;
  // A trailing NUL is common padding in vendor strings.
  const trimmed = text.replace(/\0+$/, '');
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(trimmed) ? null : trimmed;
}

/** Octets as net-snmp's tools print a Hex-STRING: "48 57 54 43". */
export const hexString = (buf: Buffer): string => [...buf].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/** An OCTET STRING: its text when it is text, else its bytes in hex. */
export function octets(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (!Buffer.isBuffer(value)) return String(value);
  return printable(value) ?? hexString(value);
}

/** A varbind's value for output: null when missing, Counter64 as number or string, octets as text or hex. */
export function plainValue(vb: RawVarbind): IDataObject[keyof IDataObject] {
  if (isMissing(vb)) return null;
  if (vb.type === COUNTER64) return counter64(vb.value);
  if (vb.type === OCTET_STRING || vb.type === OPAQUE) return octets(vb.value);
  if (Buffer.isBuffer(vb.value)) return hexString(vb.value);
  return (vb.value ?? null) as IDataObject[keyof IDataObject];
}

/** A number from an integer-typed varbind; null when missing or not a number. */
export function numberValue(vb: RawVarbind | undefined): number | null {
  if (!vb || isMissing(vb)) return null;
  if (vb.type === COUNTER64) {
    const n = counter64(vb.value);
    return typeof n === 'number' ? n : null;
  }
  if (typeof vb.value === 'number' && Number.isFinite(vb.value)) return vb.value;
  // Some agents answer numbers as text ("-2150").
  const text = Buffer.isBuffer(vb.value) ? vb.value.toString('latin1') : typeof vb.value === 'string' ? vb.value : '';
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null;
}

/** Text from a varbind; null when missing or empty. */
export function textValue(vb: RawVarbind | undefined): string | null {
  if (!vb || isMissing(vb)) return null;
  const value = plainValue(vb);
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text ? text : null;
}

/**
 * A GPON serial number (ITU-T G.984.3 vendor id + serial): 8 octets, 4 ASCII vendor letters and
 * 4 binary bytes, written "HWTC1A2B3C4D". Agents that already answer text pass through, upper-cased.
 */
export function gponSerial(vb: RawVarbind | undefined): string | null {
  if (!vb || isMissing(vb)) return null;
  const value = vb.value;
  if (Buffer.isBuffer(value)) {
    if (value.length === 8) {
      const vendor = value.subarray(0, 4);
      if ([...vendor].every((b) => b >= 0x20 && b < 0x7f)) return `${vendor.toString('latin1')}${value.subarray(4).toString('hex').toUpperCase()}`;
      return value.toString('hex').toUpperCase();
    }
    const text = printable(value);
    if (text !== null) return text.trim().toUpperCase().replace(/[\s:-]/g, '') || null;
    return value.toString('hex').toUpperCase();
  }
  if (typeof value === 'string' && value.trim()) return value.trim().toUpperCase();
  return null;
}

/** A plain-JSON varbind for the Get and Walk operations. */
export function varbindJson(vb: RawVarbind): IDataObject {
  return { oid: vb.oid, type: typeName(vb.type), value: plainValue(vb) };
}
