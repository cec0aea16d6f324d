// What can go wrong between the bridge and a modem, as one error type with a stable code. Both
// front ends translate it: the node into a NodeApiError (code as httpCode), the REST service into
// an HTTP status (statusFor). Messages name the modem and say what to do; never a password.
import { NodeApiError, NodeOperationError } from '../../host/model/errors.ts';

export type BridgeErrorCode =
  /** The modem refused the password; `attemptsLeft` before it locks the login, when it says. */
  | 'wrong_password'
  /** Too many wrong passwords: the modem refuses logins for `retryAfterSeconds`. */
  | 'locked'
  /** The modem allows one admin session and someone else holds it. */
  | 'another_admin'
  /** No HTTP answer: refused, no route, unknown name. */
  | 'unreachable'
  /** The page is not the login page / page API the firmware profile expects. */
  | 'unsupported_firmware'
  /** The operation did not finish within its time limit (queueing included). */
  | 'timeout'
  /** The modem's session ended and logging in again did not help. */
  | 'session_expired'
  /** The page API rejected a request (unknown object, bad request); `errorcode` is the modem's. */
  | 'modem_error'
  /** The model does not expose what was asked (e.g. optical levels on a non-GPON unit). */
  | 'not_supported'
  /** The shared browser died during the operation. */
  | 'browser_crashed'
  /** Chromium could not be started. */
  | 'browser_unavailable'
  /** The workflow execution was cancelled. */
  | 'cancelled'
  /** The request itself is wrong (unknown operation, missing OID, reboot without confirm, bad address). */
  | 'bad_request';

export interface BridgeErrorDetails {
  description?: string;
  /** The modem's address (origin), for messages and logs. */
  modem?: string;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
  /** The modem's own error code, when it gave one. */
  errorcode?: number | string;
  /** The request parameter at fault (bad_request). */
  parameter?: string;
}

export class BridgeError extends Error {
  override name = 'BridgeError';
  readonly code: BridgeErrorCode;
  readonly details: BridgeErrorDetails;
  constructor(code: BridgeErrorCode, message: string, details: BridgeErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
  get description(): string | undefined {
    return this.details.description;
  }
}

export const isBridgeError = (e: unknown): e is BridgeError => e instanceof Error && e.name === 'BridgeError' && typeof (e as BridgeError).code === 'string';

/** HTTP status for the REST service. */
export function statusFor(code: BridgeErrorCode): number {
  switch (code) {
    case 'bad_request':
      return 400;
    case 'wrong_password':
      return 401;
    case 'another_admin':
      return 409;
    case 'locked':
      return 423;
    case 'not_supported':
      return 422;
    case 'timeout':
      return 504;
    case 'browser_unavailable':
    case 'browser_crashed':
      return 503;
    case 'cancelled':
      return 499;
    default:
      return 502;
  }
}

/** The error as JSON for the REST service and `continueOnFail` items. */
export function errorJson(e: BridgeError): Record<string, unknown> {
  const { description, ...rest } = e.details;
  return { code: e.code, message: e.message, ...(description ? { description } : {}), ...rest };
}

/** Any failure as the node's error: BridgeErrors become NodeApiErrors with the code as httpCode. */
export function toNodeError(node: string, err: unknown, itemIndex?: number): Error {
  if (err instanceof NodeOperationError) return err;
  if (isBridgeError(err)) {
    if (err.code === 'bad_request') return new NodeOperationError(node, err.message, { description: err.description, parameter: err.details.parameter, itemIndex });
    const out = new NodeApiError(node, err.message, { httpCode: err.code, description: err.description, responseBody: errorJson(err) });
    out.itemIndex = itemIndex;
    return out;
  }
  return err instanceof Error ? err : new Error(String(err));
}
