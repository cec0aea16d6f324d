// net-snmp's failures turned into node errors a user can act on: which OLT, what to check in the
// credential, and which OID when it helps. Pure: no I/O, no net-snmp import (codes are RFC values).
import { NodeApiError, NodeOperationError } from '../../host/model/errors.ts';

/** Where a request went, for messages. Never holds a secret. */
export interface SnmpTarget {
  host: string;
  port: number;
  version: 'v2c' | 'v3';
  timeoutMs: number;
  retries: number;
  username?: string;
  oid?: string;
}

/** RFC 3416 error-status names, for RequestFailedError.status. */
const ERROR_STATUS: Record<number, string> = {
  1: 'tooBig',
  2: 'noSuchName',
  3: 'badValue',
  4: 'readOnly',
  5: 'genErr',
  6: 'noAccess',
  7: 'wrongType',
  8: 'wrongLength',
  9: 'wrongEncoding',
  10: 'wrongValue',
  11: 'noCreation',
  12: 'inconsistentValue',
  13: 'resourceUnavailable',
  14: 'commitFailed',
  15: 'undoFailed',
  16: 'authorizationError',
  17: 'notWritable',
  18: 'inconsistentName',
};
/** net-snmp's ResponseInvalidCode values we explain. */
const E_COULD_NOT_DECRYPT = 4;
const E_AUTH_FAILURE = 5;
const E_NOT_IN_TIME_WINDOW = 14;

export const address = (t: SnmpTarget): string => (t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type SnmpLibError = Error & { code?: number | string; status?: number };

/** A v3 USM failure (a Report PDU, or an answer we could not authenticate or decrypt). */
function authError(node: string, e: SnmpLibError, t: SnmpTarget): NodeApiError {
  const at = address(t);
  const user = t.username ? `"${t.username}"` : 'the user';
  const fail = (why: string, description: string) => new NodeApiError(node, `SNMPv3 authentication failed at ${at}: ${why}`, { httpCode: 'EAUTH', description });
  const text = e.message ?? '';
  if (/unknown user/i.test(text))
    return fail(`the OLT does not know user ${user}`, 'Check "Username" in the OLT SNMP credential against the SNMPv3 users configured on the OLT.');
  if (/wrong digest|authentication digest/i.test(text))
    return fail(`wrong auth key for user ${user}`, 'The OLT rejected the message digest: check "Auth Key" and "Auth Protocol" (MD5, SHA-1, SHA-256, SHA-512) in the OLT SNMP credential.');
  if (/unsupported security level/i.test(text))
    return fail(`the OLT does not accept this security level for user ${user}`, 'Match "Security Level" in the OLT SNMP credential to the user\'s level on the OLT (noAuthNoPriv, authNoPriv, authPriv).');
  if (/decrypt/i.test(text) || e.code === E_COULD_NOT_DECRYPT)
    return fail(`wrong privacy key for user ${user}`, 'The answer could not be decrypted: check "Privacy Key" and "Privacy Protocol" (AES-128, AES-256, DES) in the OLT SNMP credential.');
  if (/time window/i.test(text) || e.code === E_NOT_IN_TIME_WINDOW)
    return fail('the OLT\'s engine time is outside the time window', 'Run again; if it persists the OLT\'s SNMP engine boots/time are inconsistent (restart its SNMP agent).');
  return fail(text || 'the OLT rejected the credentials', 'Check the SNMPv3 user, security level, protocols and keys in the OLT SNMP credential.');
}

/** A failed SNMP request as a NodeApiError naming the OLT; node errors and cancellations pass through. */
export function snmpError(node: string, err: unknown, t: SnmpTarget): Error {
  if (err instanceof NodeOperationError) return err;
  const e = (err instanceof Error ? err : new Error(String(err))) as SnmpLibError;
  if (/execution was cancelled/.test(e.message)) return e;
  const at = address(t);
  const about = t.oid ? ` (OID ${t.oid})` : '';

  if (e.name === 'RequestTimedOutError') {
    const tries = t.retries + 1;
    const sent = tries > 1 ? `; sent ${plural(tries, 'time')}` : '';
    const why =
      t.version === 'v2c'
        ? 'An agent ignores requests with a wrong community, so also check "Community" in the OLT SNMP credential.'
        : 'Also check "Privacy Key" and "Privacy Protocol" in the OLT SNMP credential: an agent that cannot decrypt a request drops it without answering.';
    return new NodeApiError(node, `The OLT at ${at} did not answer within ${t.timeoutMs} ms${sent}`, {
      httpCode: 'ETIMEDOUT',
      description: `Check that ${at} is the OLT's SNMP agent (UDP) and reachable from Gigaflow. ${why} If the OLT is slow, raise "Timeout (ms)" or "Retries" in the credential or the node's options.`,
    });
  }
  if (e.name === 'ResponseInvalidError' && (e.code === E_AUTH_FAILURE || e.code === E_COULD_NOT_DECRYPT || e.code === E_NOT_IN_TIME_WINDOW)) return authError(node, e, t);
  if (e.name === 'RequestFailedError') {
    const status = ERROR_STATUS[e.status ?? -1] ?? `error-status ${e.status}`;
    const hint =
      status === 'authorizationError' || status === 'noAccess'
        ? 'The community or user may not read this part of the MIB (check the OLT\'s SNMP view).'
        : status === 'tooBig'
          ? 'The answer did not fit one message: lower "Max Repetitions" or ask for fewer OIDs at once.'
          : 'The OLT\'s SNMP agent could not serve the request.';
    return new NodeApiError(node, `The OLT at ${at} refused the request${about}: ${status}`, { httpCode: status, description: hint });
  }
  if ((e as { code?: string }).code === 'ERR_OSSL_EVP_UNSUPPORTED' || /digital envelope routines::unsupported/.test(e.message))
    return new NodeApiError(node, 'DES privacy is not available in this Node.js (OpenSSL 3 disables it)', {
      description: 'Use AES privacy on the OLT and in the credential, or start Gigaflow with NODE_OPTIONS=--openssl-legacy-provider.',
    });
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new NodeApiError(node, `Could not find the OLT host "${t.host}"`, { httpCode: code, description: 'Check "Host" in the OLT SNMP credential.' });
  return new NodeApiError(node, `SNMP request to the OLT at ${at} failed${about}: ${e.message}`, {
    httpCode: code,
    description: 'Check the OLT SNMP credential (host, port, version) and that the OLT answers SNMP.',
  });
}
