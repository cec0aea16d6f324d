// What a label scan returns, whichever path read it: the same five fields, MAC in one spelling,
// the serial checked against the chosen format. A value that is there but wrong becomes null and
// a `problems` entry, so a flow can ask the technician for another photo instead of storing junk.
import type { IDataObject } from 'n8n-workflow';
import { normalizeMac } from '../../host/model/mac.ts';

export type ScanSource = 'local-qr' | 'gemini';

export interface ScanFields {
  qrContent: string | null;
  serialNumber: string | null;
  macAddress: string | null;
  model: string | null;
  confidence: number | null;
}

export interface Problem extends IDataObject {
  field: string;
  value: string;
  message: string;
}

export interface SerialRule {
  /** any: 4–32 letters/digits with at least one digit; gpon: 4 letters + 8 hex digits; pattern: the user's regex. */
  format: 'any' | 'gpon' | 'pattern';
  pattern?: string;
}

const nullable = (description: string) => ({ type: 'STRING', nullable: true, description });

/** responseSchema (the API's OpenAPI subset) for a scan. */
export const SCAN_SCHEMA: IDataObject = {
  type: 'OBJECT',
  properties: {
    qrContent: nullable('The decoded text of a QR code or barcode on the label, exactly; null when none can be read'),
    serialNumber: nullable('The device serial number as printed (S/N, SN, Serial No., GPON SN); null when not visible'),
    macAddress: nullable('The MAC address as printed (MAC, WAN MAC, MAC ID); null when not visible'),
    model: nullable('The model name or number (Model, Type); null when not visible'),
    confidence: { type: 'NUMBER', description: 'From 0 to 1: how sure you are that serialNumber and macAddress are read correctly' },
  },
  required: ['qrContent', 'serialNumber', 'macAddress', 'model', 'confidence'],
  propertyOrdering: ['qrContent', 'serialNumber', 'macAddress', 'model', 'confidence'],
};

export const SCAN_PROMPT = [
  'This is a photo of the label of a network device (ONT, router, modem or similar) taken by a field technician.',
  'Read what is printed on the label. Never guess: a value you cannot read clearly is null.',
  'Return the serial number, the MAC address, the model, and the content of a QR code or barcode if you can decode it.',
].join(' ');

const EMPTY = /^(n\/?a|none|null|unknown|not (visible|found|readable)|-+|\?+)$/i;

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return !t || EMPTY.test(t) ? null : t;
}

/** A GPON serial from its vendor-hex form: "48575443 1A2B3C4D" → "HWTC1A2B3C4D". */
function gponFromHex(hex: string): string | undefined {
  const vendor = Buffer.from(hex.slice(0, 8), 'hex').toString('latin1');
  return /^[A-Z]{4}$/.test(vendor) ? vendor + hex.slice(8) : undefined;
}

/** The serial in its canonical form, or a reason it is not one. */
export function checkSerial(raw: string, rule: SerialRule): { value: string } | { problem: string } {
  if (rule.format === 'pattern') {
    const re = new RegExp(rule.pattern ?? '');
    return re.test(raw) ? { value: raw } : { problem: `does not match the serial pattern ${rule.pattern}` };
  }
  const compact = raw.replace(/^(s\/?n|serial(\s*no\.?)?)\s*[:#]?\s*/i, '').replace(/\s+/g, '').toUpperCase();
  if (rule.format === 'gpon') {
    if (/^[A-Z]{4}[0-9A-F]{8}$/.test(compact)) return { value: compact };
    const fromHex = /^[0-9A-F]{16}$/.test(compact) ? gponFromHex(compact) : undefined;
    return fromHex ? { value: fromHex } : { problem: 'is not a GPON serial (4 letters and 8 hex digits, e.g. HWTC1A2B3C4D)' };
  }
  if (/^[A-Z0-9][A-Z0-9./-]{3,31}$/.test(compact) && /\d/.test(compact)) return { value: compact };
  return { problem: 'is not a serial number (4 to 32 letters and digits, with at least one digit)' };
}

function checkMac(raw: string): { value: string } | { problem: string } {
  const mac = normalizeMac(raw);
  if (!mac) return { problem: 'is not a MAC address (12 hex digits)' };
  if (mac === '00:00:00:00:00:00' || mac === 'FF:FF:FF:FF:FF:FF') return { problem: 'is not a device MAC address (all zeros or broadcast)' };
  return { value: mac };
}

/** A confidence in [0, 1]; percentages (95) are scaled; anything else is null. */
function confidenceOf(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value.replace('%', '')) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  if (n <= 1) return n;
  return n <= 100 ? n / 100 : null;
}

/** The scan result: validated fields, what was wrong, and which path read it. */
export function scanResult(source: ScanSource, raw: Partial<Record<keyof ScanFields, unknown>>, rule: SerialRule): IDataObject {
  const problems: Problem[] = [];
  const fields: ScanFields = {
    qrContent: text(raw.qrContent),
    serialNumber: null,
    macAddress: null,
    model: text(raw.model),
    confidence: source === 'local-qr' ? 1 : confidenceOf(raw.confidence),
  };
  const serial = text(raw.serialNumber);
  if (serial) {
    const checked = checkSerial(serial, rule);
    if ('value' in checked) fields.serialNumber = checked.value;
    else problems.push({ field: 'serialNumber', value: serial, message: `"${serial}" ${checked.problem}` });
  }
  const mac = text(raw.macAddress);
  if (mac) {
    const checked = checkMac(mac);
    if ('value' in checked) fields.macAddress = checked.value;
    else problems.push({ field: 'macAddress', value: mac, message: `"${mac}" ${checked.problem}` });
  }
  return { status: 'ok', source, ...fields, valid: problems.length === 0 && !!(fields.serialNumber || fields.macAddress), problems };
}
