// A protocol-level client for the fake TP-Link gateway, written from integration-apis.md §4.1 B/C
// (and tplinkrouterc6u's EX client as a wire-format check), independent of the fake's own code:
// node:crypto for AES-128-CBC and MD5, BigInt for the raw RSA signature. Every step is exposed so
// tests can tamper with one part (signature, seq, token, Referer, body) at a time.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/** Raw node:http (fetch would not let a test drop or forge Referer freely). */
export function http(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export function aesEnc(text: string, key: string, iv: string): string {
  const c = createCipheriv('aes-128-cbc', Buffer.from(key, 'ascii'), Buffer.from(iv, 'ascii'));
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
}

export function aesDec(b64: string, key: string, iv: string): string {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(key, 'ascii'), Buffer.from(iv, 'ascii'));
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]).toString('utf8');
}

function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/** Raw RSA, no padding: chunks of the modulus size, the last one zero-padded, each as fixed-width hex. */
export function rsaSign(text: string, nn: string, ee: string): string {
  const n = BigInt('0x' + nn);
  const e = BigInt('0x' + ee);
  const size = nn.length / 2;
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (let pos = 0; pos < bytes.length; pos += size) {
    const chunk = Buffer.alloc(size);
    bytes.copy(chunk, 0, pos, Math.min(pos + size, bytes.length));
    out += powMod(BigInt('0x' + chunk.toString('hex')), e, n).toString(16).padStart(size * 2, '0');
  }
  return out;
}

/** 16 chars: timestamp-ms + random digits (tplinkrouterc6u's EncryptionWrapperMR). */
export function randomAesString(): string {
  return (String(Date.now()) + String(100_000_000 + Math.floor(Math.random() * 899_999_999))).slice(0, 16);
}

export const retOf = (text: string): number | null => {
  const m = /\$\.ret=(\d+);/.exec(text);
  return m ? Number(m[1]) : null;
};
export const varOf = (text: string, name: string): number | null => {
  const m = new RegExp(`var ${name}=(\\d+);`).exec(text);
  return m ? Number(m[1]) : null;
};

export interface GdprKey {
  nn: string;
  ee: string;
  seq: number;
}

export interface ActAnswer extends HttpAnswer {
  /** `$.ret` of a plain (unencrypted) refusal. */
  ret: number | null;
  /** The decrypted JSON reply when the answer was encrypted. */
  json?: { success: boolean; data?: unknown; errorcode?: number; operation?: string; oid?: string };
}

export interface ActOverrides {
  token?: string | null;
  cookie?: string | null;
  referer?: string | null;
  /** Replace the signed `h`. */
  h?: string;
  /** Replace the signed `s`. */
  s?: number;
  /** Do not advance the client's seq (for a second request built on the same base). */
  keepSeq?: boolean;
}

export class GdprClient {
  url: string;
  username: string;
  password: string;
  key = randomAesString();
  iv = randomAesString();
  rsa: GdprKey | null = null;
  seq = 0;
  cookie: string | null = null;
  token: string | null = null;

  constructor(url: string, username: string, password: string) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  get referer(): string {
    return `${this.url}/`;
  }

  async fetchKey(referer: string | null = this.referer): Promise<HttpAnswer & { key: GdprKey | null }> {
    const a = await http(`${this.url}/cgi/getGDPRParm`, { headers: referer ? { Referer: referer } : {} });
    const ee = /var ee="(.*)";/.exec(a.text);
    const nn = /var nn="(.*)";/.exec(a.text);
    const seq = /var seq="(.*)";/.exec(a.text);
    const key = ee && nn && seq ? { ee: ee[1], nn: nn[1], seq: Number(seq[1]) } : null;
    if (key) this.rsa = key;
    return { ...a, key };
  }

  loginBody(password = this.password, username = this.username): string {
    if (!this.rsa) throw new Error('fetchKey first');
    const act = JSON.stringify({
      data: { UserName: Buffer.from(username).toString('base64'), Passwd: Buffer.from(password).toString('base64'), Action: '1', stack: '0,0,0,0,0,0', pstack: '0,0,0,0,0,0' },
      operation: 'cgi',
      oid: '/cgi/login',
    });
    const data = aesEnc(act, this.key, this.iv);
    const s = this.rsa.seq + data.length;
    this.seq = s;
    const sign = rsaSign(`key=${this.key}&iv=${this.iv}&h=${md5(username + password)}&s=${s}`, this.rsa.nn, this.rsa.ee);
    return `sign=${sign}\r\ndata=${data}\r\n`;
  }

  /** POSTs to /cgi_gdpr?9 with Referer (unless null), the session cookie and TokenID when known. */
  async post(body: string, o: ActOverrides = {}): Promise<ActAnswer> {
    const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
    const referer = o.referer === undefined ? this.referer : o.referer;
    if (referer) headers.Referer = referer;
    const cookie = o.cookie === undefined ? this.cookie : o.cookie;
    if (cookie) headers.Cookie = `JSESSIONID=${cookie}`;
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.TokenID = token;
    const a = await http(`${this.url}/cgi_gdpr?9`, { method: 'POST', headers, body });
    const answer: ActAnswer = { ...a, ret: null };
    if (a.status === 200 && /^\s*(var |\$\.ret=)/.test(a.text)) answer.ret = retOf(a.text);
    return answer;
  }

  /** Login with the fetched key; returns the decrypted reply text (or the plain refusal). */
  async login(password = this.password, username = this.username): Promise<ActAnswer & { plain: string }> {
    await this.fetchKey(); // each key fetch issues the seq for one login
    const a = await this.post(this.loginBody(password, username), { cookie: null, token: null });
    const plain = a.status === 200 && a.ret === null ? aesDec(a.text, this.key, this.iv) : a.text;
    const setCookie = ([] as string[]).concat(a.headers['set-cookie'] ?? []);
    const id = setCookie.map((c) => /^JSESSIONID=([^;]+)/.exec(c)?.[1]).find(Boolean);
    if (id && retOf(plain) === 0) this.cookie = id;
    return { ...a, plain, ret: retOf(plain) };
  }

  /** GET / with the session cookie; stores the scraped TokenID. */
  async home(): Promise<HttpAnswer & { token: string | null }> {
    const a = await http(`${this.url}/`, { headers: this.cookie ? { Cookie: `JSESSIONID=${this.cookie}`, Referer: this.referer } : {} });
    const token = /var token="(.*)";/.exec(a.text)?.[1] ?? null;
    if (token) this.token = token;
    return { ...a, token };
  }

  async authorize(): Promise<void> {
    const l = await this.login();
    if (l.ret !== 0) throw new Error(`login failed: ${l.plain}`);
    const h = await this.home();
    if (!h.token) throw new Error('no token after login');
  }

  /** An encrypted, signed act body; advances the running seq unless told not to. */
  actBody(operation: string, oid: string, data: Record<string, unknown> = {}, o: ActOverrides = {}): string {
    if (!this.rsa) throw new Error('authorize first');
    const payload = JSON.stringify({ data: { stack: '0,0,0,0,0,0', pstack: '0,0,0,0,0,0', ...data }, operation, oid });
    const enc = aesEnc(payload, this.key, this.iv);
    const s = o.s ?? this.seq + enc.length;
    if (!o.keepSeq) this.seq = s;
    const sign = rsaSign(`h=${o.h ?? md5(this.username + this.password)}&s=${s}`, this.rsa.nn, this.rsa.ee);
    return `sign=${sign}\r\ndata=${enc}\r\n`;
  }

  async act(operation: string, oid: string, data: Record<string, unknown> = {}, o: ActOverrides = {}): Promise<ActAnswer> {
    const a = await this.post(this.actBody(operation, oid, data, o), o);
    if (a.status === 200 && a.ret === null && a.text) a.json = JSON.parse(aesDec(a.text, this.key, this.iv));
    return a;
  }
}
