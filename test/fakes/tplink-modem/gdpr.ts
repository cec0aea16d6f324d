// POST /cgi_gdpr?9: the login act (signature with key/iv) and every later act (signature h/s,
// JSESSIONID cookie, TokenID header). Checks run in the order that leaks least: body shape →
// signature → session → TokenID → h → s → AES → act. Refusals a client without the key could not
// decrypt are plain `$.ret=<code>;`; everything after a good signature is AES under the client's key.
import { aesDecrypt, aesEncrypt } from './aes.ts';
import type { AesKey } from './aes.ts';
import { runAct } from './acts.ts';
import { md5Hex, parseAct, parseGdprBody, readSignature, RET, retText } from './protocol.ts';
import type { SignedFields } from './protocol.ts';
import type { ModemState, Reply } from './state.ts';

const plainRet = (code: number): Reply => ({ status: 200, type: 'text/plain', body: retText(code) });

function b64Text(v: unknown): string | null {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return null;
  return Buffer.from(v, 'base64').toString('utf8');
}

export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function login(state: ModemState, signed: SignedFields, data: string, now: number): Reply {
  const aes: AesKey = { key: signed.key ?? '', iv: signed.iv ?? '' };
  // The seq is the one the last key fetch issued, used once: a replayed login is refused.
  if (state.issuedSeq === null || signed.s !== state.issuedSeq + data.length) return plainRet(RET.BAD_REQUEST);
  const text = aesDecrypt(data, aes);
  const act = text === null ? null : parseAct(text);
  if (!act || act.operation !== 'cgi' || act.oid !== '/cgi/login') return plainRet(RET.BAD_REQUEST);
  const user = b64Text(act.data.UserName);
  const pass = b64Text(act.data.Passwd);
  if (user === null || pass === null) return plainRet(RET.BAD_REQUEST);
  state.issuedSeq = null;
  state.acts.push({ operation: act.operation, oid: act.oid, data: { ...act.data, Passwd: '***' }, ok: true });
  const reply = (code: number, vars?: Record<string, number>, cookie?: string): Reply => ({
    status: 200,
    type: 'text/plain',
    body: aesEncrypt(retText(code, vars), aes),
    headers: cookie ? { 'Set-Cookie': cookie } : undefined,
  });
  const counters = () => ({ ...state.auth.verdict(now), maxAuthTimes: state.maxAuthAttempts });
  if (state.auth.lockedForMs(now) > 0) return reply(RET.WRONG_PASSWORD, counters());
  if (user !== state.username || pass !== state.password) {
    state.auth.fail(now);
    return reply(RET.WRONG_PASSWORD, counters());
  }
  // Right password but a signature hash that does not match it: not the page's own client.
  if (signed.h !== md5Hex(user + pass)) return plainRet(RET.BAD_REQUEST);
  if (state.anotherAdmin) return reply(RET.ANOTHER_ADMIN);
  state.auth.succeed();
  const session = state.sessions.create(aes, signed.s, now);
  return reply(RET.OK, undefined, `JSESSIONID=${session.id}; Path=/; HttpOnly`);
}

export function handleGdpr(state: ModemState, headers: Record<string, string | undefined>, body: string, now: number): Reply {
  const parsed = parseGdprBody(body);
  if (!parsed) return plainRet(RET.BAD_REQUEST);
  const signed = readSignature(parsed.sign, state.key);
  if (!signed) return plainRet(RET.BAD_REQUEST);
  if (signed.key !== undefined) return login(state, signed, parsed.data, now);

  const session = state.sessions.get(cookieOf(headers.cookie, 'JSESSIONID'), now);
  if (!session) return plainRet(RET.NOT_LOGGED_IN);
  if (headers.tokenid !== session.token) return { status: 403, type: 'text/html', body: '403 Forbidden: TokenID\n' };
  if (signed.h !== md5Hex(state.username + state.password)) return plainRet(RET.BAD_REQUEST);
  // Running sequence: s strictly above the last accepted one, by at least this body's length.
  if (signed.s < session.seq + parsed.data.length) return plainRet(RET.BAD_REQUEST);
  const text = aesDecrypt(parsed.data, session.aes);
  const act = text === null ? null : parseAct(text);
  if (!act) return plainRet(RET.BAD_REQUEST);
  session.seq = signed.s;

  const result = runAct({ objects: state.objects, bootAt: state.bootAt, now }, act);
  state.acts.push({ operation: act.operation, oid: act.oid, data: act.data, ok: result.ok });
  const reply: Reply = { status: 200, type: 'text/plain', body: aesEncrypt(JSON.stringify(result.reply), session.aes) };
  if (result.effect === 'logout') {
    state.sessions.end(session.id);
    reply.headers = { 'Set-Cookie': 'JSESSIONID=deleted; Path=/; Max-Age=0; HttpOnly' };
  }
  if (result.effect === 'reboot') {
    // The reply goes out, then the gateway restarts: every session is gone, upTime starts over.
    state.reboots++;
    state.bootAt = now;
    state.sessions.endAll();
  }
  return reply;
}
