// Python's json module, byte for byte, for the text a real Frappe puts on the wire:
// - frappe.as_json(obj): json.dumps(indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=True),
//   the webhook body and the text its signature is computed over;
// - the REST response: json.dumps(response, separators=(",", ":")) (ensure_ascii on);
// - `_server_messages`: json.dumps([json.dumps(msg) ...]) with the default separators.
// JavaScript has one number type, Python two: a Python float is written "59.0" where JS writes "59".
// Values that are floats in Python (Float/Currency/Percent fields, JSON numbers with a "." or an
// exponent) travel here wrapped in PyFloat so they print the way Python prints them.

export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Python's repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const sign = n < 0 ? '-' : '';
  // toExponential() without an argument gives the same shortest digits as Python's repr.
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1; // value = 0.<digits> × 10^decpt
  let body: string;
  if (decpt <= -4 || decpt > 16) {
    const exp = decpt - 1;
    const expText = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    body = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${expText}`;
  } else if (decpt <= 0) {
    body = `0.${'0'.repeat(-decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    body = `${digits}${'0'.repeat(decpt - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return sign + body;
}

const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** json.encoder.py_encode_basestring(_ascii): with ensure_ascii every char outside ' '..'~' is \uXXXX. */
export function pyJsonString(s: string, ensureAscii = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i); // UTF-16 code units: astral chars come out as surrogate pairs, like Python
    if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code < 0x20) out += hex4(code);
    else if (ensureAscii && code > 0x7e) out += hex4(code);
    else out += ch;
  }
  return `${out}"`;
}

export interface PyDumpsOptions {
  indent?: number;
  sortKeys?: boolean;
  /** Python's default is (", ", ": "), or (",", ": ") when an indent is given. */
  separators?: [string, string];
  ensureAscii?: boolean;
}

/** Python sorts str keys by code point; JS's default sort compares UTF-16 code units. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** json.dumps(value, ...) as CPython writes it. `undefined` members are left out, as if absent. */
export function pyJsonDumps(value: unknown, opts: PyDumpsOptions = {}): string {
  const indent = opts.indent;
  const [itemSep, keySep] = opts.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  const ensureAscii = opts.ensureAscii ?? true;
  const encode = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof PyFloat) return pyFloatRepr(v.value);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return pyJsonString(v, ensureAscii);
    const newline = indent === undefined ? '' : `\n${' '.repeat(indent * (level + 1))}`;
    const closing = indent === undefined ? '' : `\n${' '.repeat(indent * level)}`;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${newline}${v.map((item) => encode(item, level + 1)).join(itemSep + newline)}${closing}]`;
    }
    if (typeof v === 'object') {
      let keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length === 0) return '{}';
      if (opts.sortKeys) keys = keys.sort(byCodePoint);
      const parts = keys.map((k) => `${pyJsonString(k, ensureAscii)}${keySep}${encode((v as Record<string, unknown>)[k], level + 1)}`);
      return `{${newline}${parts.join(itemSep + newline)}${closing}}`;
    }
    return pyJsonString(String(v), ensureAscii);
  };
  return encode(value, 0);
}

/** frappe.as_json(obj): the webhook body, and the text X-Frappe-Webhook-Signature is computed over. */
export function asJson(value: unknown): string {
  return pyJsonDumps(value, { indent: 1, sortKeys: true, separators: [',', ': '], ensureAscii: true });
}

/** The body of a Frappe JSON response (frappe.utils.response.as_json). */
export function responseJson(value: unknown): string {
  return pyJsonDumps(value, { separators: [',', ':'] });
}

/** json.loads: numbers written with "." or an exponent become PyFloat, as they become float in Python. */
export function parsePyJson(text: string): unknown {
  type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;
  const parse = JSON.parse as (text: string, reviver: Reviver) => unknown;
  return parse(text, (_key, value, context) => {
    if (typeof value === 'number' && context?.source !== undefined && /[.eE]/.test(context.source)) return new PyFloat(value);
    return value;
  });
}

/** Python's repr() of JSON-like values: 'text', None, True, 59.0, [...], {...}. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as object)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Python's str(): strings as they are, everything else as repr (what Jinja prints for {{ x }}). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
