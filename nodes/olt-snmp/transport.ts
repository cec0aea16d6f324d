// The one place the OLT SNMP node does I/O: net-snmp sessions (v2c or v3) turned into promises,
// always closed, cancelled with the execution, failures turned into node errors by errors.ts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import snmp from 'net-snmp';
import type { Session, SessionOptions, SessionOptionsV3, User, Varbind } from 'net-snmp';
import { NodeOperationError } from '../../host/model/errors.ts';
import { snmpError } from './errors.ts';
import type { SnmpTarget } from './errors.ts';
import { textValue } from './values.ts';
import type { RawVarbind } from './values.ts';

export const CREDENTIAL_TYPE = 'gigafibreOltSnmp';
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_RETRIES = 1;
/** OIDs per GetRequest: small enough for any agent's PDU size, so no tooBig answers. */
const GET_BATCH = 24;

export interface OltSnmpCredentials {
  host: string;
  port: number;
  version: 'v2c' | 'v3';
  community?: string;
  username?: string;
  securityLevel?: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  authProtocol?: 'md5' | 'sha' | 'sha256' | 'sha512';
  authKey?: string;
  privProtocol?: 'des' | 'aes' | 'aes256b' | 'aes256r';
  privKey?: string;
  timeoutMs: number;
  retries: number;
}

/** Per-run overrides of the credential's timing (the node's Options). */
export interface TimingOverrides {
  timeoutMs?: number;
  retries?: number;
}

export interface SubtreeResult {
  varbinds: RawVarbind[];
  /** True when the walk stopped at the row limit before leaving the subtree. */
  truncated: boolean;
}

/** An open session to one OLT. Every method rejects with a node error naming the OLT. */
export interface OltSession {
  readonly target: SnmpTarget;
  /** One varbind per OID, in order; missing objects come back with their noSuch* type, not as errors. */
  get(oids: string[]): Promise<RawVarbind[]>;
  /** Every varbind under `oid` (GetBulk on v2c/v3), at most `limit` of them when limit > 0. */
  subtree(oid: string, opts?: { maxRepetitions?: number; limit?: number }): Promise<SubtreeResult>;
}

const AUTH: Record<string, number> = { md5: snmp.AuthProtocols.md5, sha: snmp.AuthProtocols.sha, sha256: snmp.AuthProtocols.sha256, sha512: snmp.AuthProtocols.sha512 };
const PRIV: Record<string, number> = { des: snmp.PrivProtocols.des, aes: snmp.PrivProtocols.aes, aes256b: snmp.PrivProtocols.aes256b, aes256r: snmp.PrivProtocols.aes256r };
const LEVEL: Record<string, number> = { noAuthNoPriv: snmp.SecurityLevel.noAuthNoPriv, authNoPriv: snmp.SecurityLevel.authNoPriv, authPriv: snmp.SecurityLevel.authPriv };

const positive = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isFinite(n) && n > 0 ? Math.round(n) : fallback;
};
const nonNegative = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isFinite(n) && n >= 0 ? Math.round(n) : fallback;
};

/** The credential, checked: what is missing is named, with where to set it. */
export function checkCredentials(node: string, raw: IDataObject, overrides: TimingOverrides = {}): OltSnmpCredentials {
  const host = String(raw.host ?? '').trim();
  if (!host) throw new NodeOperationError(node, 'The OLT SNMP credential has no Host', { description: 'Set "Host" (the OLT management address) in the credential.' });
  const port = nonNegative(raw.port, 161);
  if (port < 1 || port > 65535) throw new NodeOperationError(node, `The OLT SNMP port ${raw.port} is not a UDP port (1–65535)`);
  const version = raw.version === 'v3' ? 'v3' : 'v2c';
  const cred: OltSnmpCredentials = {
    host,
    port,
    version,
    timeoutMs: positive(overrides.timeoutMs, positive(raw.timeoutMs, DEFAULT_TIMEOUT_MS)),
    retries: nonNegative(overrides.retries, nonNegative(raw.retries, DEFAULT_RETRIES)),
  };
  if (version === 'v2c') {
    cred.community = String(raw.community ?? '');
    if (!cred.community) throw new NodeOperationError(node, 'The OLT SNMP credential has no community', { description: 'Set "Community" (the OLT\'s read community) in the credential, or switch it to SNMPv3.' });
    return cred;
  }
  cred.username = String(raw.username ?? '').trim();
  if (!cred.username) throw new NodeOperationError(node, 'The OLT SNMP credential has no SNMPv3 username');
  cred.securityLevel = (String(raw.securityLevel ?? 'authPriv') as OltSnmpCredentials['securityLevel'])!;
  if (!(cred.securityLevel in LEVEL)) throw new NodeOperationError(node, `Unknown SNMPv3 security level "${cred.securityLevel}"`);
  if (cred.securityLevel !== 'noAuthNoPriv') {
    cred.authProtocol = String(raw.authProtocol || 'sha') as OltSnmpCredentials['authProtocol'];
    cred.authKey = String(raw.authKey ?? '');
    if (!(cred.authProtocol! in AUTH)) throw new NodeOperationError(node, `Unknown SNMPv3 auth protocol "${cred.authProtocol}"`);
    if (cred.authKey.length < 8) throw new NodeOperationError(node, 'The SNMPv3 auth key must have at least 8 characters', { description: 'Set "Auth Key" in the OLT SNMP credential (RFC 3414 needs 8 or more).' });
  }
  if (cred.securityLevel === 'authPriv') {
    cred.privProtocol = String(raw.privProtocol || 'aes') as OltSnmpCredentials['privProtocol'];
    cred.privKey = String(raw.privKey ?? '');
    if (!(cred.privProtocol! in PRIV)) throw new NodeOperationError(node, `Unknown SNMPv3 privacy protocol "${cred.privProtocol}"`);
    if (cred.privKey.length < 8) throw new NodeOperationError(node, 'The SNMPv3 privacy key must have at least 8 characters', { description: 'Set "Privacy Key" in the OLT SNMP credential.' });
  }
  return cred;
}

function openSession(cred: OltSnmpCredentials): Session {
  const options = {
    port: cred.port,
    retries: cred.retries,
    timeout: cred.timeoutMs,
    backoff: 1,
    transport: cred.host.includes(':') ? 'udp6' : 'udp4',
  };
  if (cred.version === 'v2c') return snmp.createSession(cred.host, cred.community!, { ...options, version: snmp.Version2c } as SessionOptions);
  const user = {
    name: cred.username!,
    level: LEVEL[cred.securityLevel!],
    ...(cred.authProtocol ? { authProtocol: AUTH[cred.authProtocol], authKey: cred.authKey } : {}),
    ...(cred.privProtocol ? { privProtocol: PRIV[cred.privProtocol], privKey: cred.privKey } : {}),
  };
  return snmp.createV3Session(cred.host, user as unknown as User, options as SessionOptionsV3);
}

/** A net-snmp callback call as a promise that also ends when the execution is cancelled. */
function request<T>(signal: AbortSignal | undefined, start: (done: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('The execution was cancelled'));
    const onAbort = () => reject(new Error('The execution was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err: Error | null, value?: T) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value as T);
    };
    try {
      start(done);
    } catch (err) {
      done(err as Error);
    }
  });
}

const asRaw = (vb: Varbind): RawVarbind => ({ oid: vb.oid, type: vb.type as number, value: vb.value ?? null });

function sessionApi(session: Session, target: SnmpTarget, node: string, signal: AbortSignal | undefined): OltSession {
  const fail = (err: unknown, oid?: string) => snmpError(node, err, { ...target, oid });
  return {
    target,
    async get(oids) {
      const out: RawVarbind[] = [];
      for (let at = 0; at < oids.length; at += GET_BATCH) {
        const batch = oids.slice(at, at + GET_BATCH);
        try {
          const varbinds = await request<Varbind[]>(signal, (done) => session.get(batch, (err, vbs) => done(err, vbs)));
          out.push(...varbinds.map(asRaw));
        } catch (err) {
          throw fail(err, batch.length === 1 ? batch[0] : undefined);
        }
      }
      return out;
    },
    async subtree(oid, { maxRepetitions = 20, limit = 0 } = {}) {
      const varbinds: RawVarbind[] = [];
      let truncated = false;
      try {
        await request<void>(signal, (done) =>
          session.subtree(
            oid,
            maxRepetitions,
            (vbs: Varbind[]) => {
              for (const vb of vbs) {
                if (limit > 0 && varbinds.length >= limit) {
                  truncated = true;
                  return true;
                }
                varbinds.push(asRaw(vb));
              }
              return undefined;
            },
            (err: Error | null) => done(err ?? null),
          ),
        );
      } catch (err) {
        throw fail(err, oid);
      }
      return { varbinds, truncated };
    },
  };
}

/** Opens a session for checked credentials, runs `use`, and closes the session whatever happens. */
async function withSession<T>(node: string, cred: OltSnmpCredentials, signal: AbortSignal | undefined, use: (olt: OltSession) => Promise<T>): Promise<T> {
  const target: SnmpTarget = { host: cred.host, port: cred.port, version: cred.version, timeoutMs: cred.timeoutMs, retries: cred.retries, username: cred.username };
  let session: Session;
  try {
    session = openSession(cred);
  } catch (err) {
    throw snmpError(node, err, target);
  }
  // Socket errors also reach the pending request's callback; without a listener they would crash the process.
  session.on('error', () => undefined);
  try {
    return await use(sessionApi(session, target, node, signal));
  } finally {
    try {
      session.close();
    } catch {
      // already closed
    }
  }
}

/** Runs `use` with a session to the node's OLT (credential timing overridable per item). */
export async function withOlt<T>(ctx: IExecuteFunctions, itemIndex: number, overrides: TimingOverrides, use: (olt: OltSession) => Promise<T>): Promise<T> {
  const node = ctx.getNode().name;
  const cred = checkCredentials(node, (await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex)) as IDataObject, overrides);
  return withSession(node, cred, ctx.getExecutionCancelSignal?.(), use);
}

/** The credential test: sysName.0 and sysDescr.0, answered as n8n's { status, message }. */
export async function testConnection(raw: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
  const node = 'OLT SNMP credential';
  try {
    const cred = checkCredentials(node, raw);
    const [name, descr] = await withSession(node, cred, undefined, (olt) => olt.get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.1.0']));
    const who = textValue(name) ?? textValue(descr)?.slice(0, 80) ?? 'the agent';
    return { status: 'OK', message: `Connected to ${who} at ${cred.host}:${cred.port} (SNMP${cred.version})` };
  } catch (err) {
    const e = err as Error & { description?: string };
    return { status: 'Error', message: e.description ? `${e.message}. ${e.description}` : e.message };
  }
}
