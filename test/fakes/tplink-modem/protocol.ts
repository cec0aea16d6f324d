// The wire format of POST /cgi_gdpr?9 (integration-apis.md §4.1 B/C): body
// `sign=<hex>\r\ndata=<base64>\r\n`, `sign` = raw RSA of `key=&iv=&h=&s=` (login) or `h=&s=`
// (afterwards), `data` = AES-128-CBC of the JSON act. Everything here is pure: the server decides
// what to do with the result.
import { createHash } from 'node:crypto';
import { rawRsaDecrypt } from './rsa.ts';
import type { RsaKey } from './rsa.ts';

/** `$.ret` codes. 0/71233/71234 are the firmware's; 4 and 71235 are the fake's own choice (README). */
export const RET = { OK: 0, NOT_LOGGED_IN: 4, WRONG_PASSWORD: 71233, BAD_REQUEST: 71234, ANOTHER_ADMIN: 71235 } as const;
/** `errorcode` values inside a decrypted act reply (9003/9004 chosen by the fake). */
export const ERR = { NO_SUCH_OBJECT: 9003, BAD_OPERATION: 9004, BAD_REQUEST: 71234 } as const;

export const OPERATIONS = ['go', 'gl', 'gs', 'so', 'add', 'del', 'do', 'op', 'cgi'] as const;
export type Operation = (typeof OPERATIONS)[number];

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export interface GdprBody {
  sign: string;
  data: string;
}

/** `sign=…\r\ndata=…\r\n` (line breaks may be bare \n); null for anything else, e.g. a plain JSON body. */
export function parseGdprBody(body: string): GdprBody | null {
  const m = /^sign=([0-9a-fA-F]+)\r?\ndata=([A-Za-z0-9+/]+={0,2})(?:\r?\n)?$/.exec(body);
  return m ? { sign: m[1], data: m[2] } : null;
}

export interface SignedFields {
  /** Present on a login signature only. */
  key?: string;
  iv?: string;
  h: string;
  s: number;
}

/** The signed text, RSA-decrypted and parsed; null when it decrypts to anything but the two known shapes. */
export function readSignature(signHex: string, key: RsaKey): SignedFields | null {
  const raw = rawRsaDecrypt(signHex, key);
  if (!raw) return null;
  const text = raw.toString('latin1');
  const login = /^key=([\x21-\x25\x27-\x7e]{16})&iv=([\x21-\x25\x27-\x7e]{16})&h=([0-9a-f]{32})&s=(\d{1,15})$/.exec(text);
  if (login) return { key: login[1], iv: login[2], h: login[3], s: Number(login[4]) };
  const later = /^h=([0-9a-f]{32})&s=(\d{1,15})$/.exec(text);
  if (later) return { h: later[1], s: Number(later[2]) };
  return null;
}

export interface Act {
  operation: Operation;
  oid: string;
  data: Record<string, unknown>;
}

/** The decrypted JSON act; null when it is not `{data?: object, operation: string, oid: string}`. */
export function parseAct(text: string): Act | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.operation !== 'string' || typeof o.oid !== 'string' || !o.oid) return null;
  const data = o.data ?? {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  return { operation: o.operation as Operation, oid: o.oid, data: data as Record<string, unknown> };
}

/** `$.ret=<code>;` as the login and refusal replies carry it (the firmware ends lines with \n). */
export function retText(code: number, vars: Record<string, number> = {}): string {
  return Object.entries(vars).map(([k, v]) => `var ${k}=${v};\n`).join('') + `$.ret=${code};\n`;
}

/** The key-issuance script of GET /cgi/getGDPRParm. */
export function gdprParmScript(key: RsaKey, seq: number): string {
  return `var ee="${key.eeHex}";\nvar nn="${key.nnHex}";\nvar seq="${seq}";\n$.ret=0;\n`;
}
