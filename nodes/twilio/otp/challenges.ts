// One-time codes kept as challenges in the host's key-value store (helpers.keyValue): shared by
// every execution and workflow using the Twilio node, and kept across restarts. Only a keyed
// digest of the code is stored (HMAC-SHA256 under a per-host secret, bound to the challenge id),
// never the code. Verification is one atomic update: counting attempts cannot race.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { NodeKeyValue } from '../../../host/engine/key-value.ts';

/** After expiry a challenge is kept this long, so Verify can say "expired" rather than "unknown". */
export const EXPIRED_RETENTION_MS = 60 * 60 * 1000;
const ID = /^otp_[A-Za-z0-9_-]{22}$/;

export interface Challenge {
  /** Hex digest of `${id}\n${code}`. */
  digest: string;
  to: string;
  createdAt: number;
  expiresAt: number;
  attempts: number;
  maxAttempts: number;
}

export type VerifyReason = 'ok' | 'wrong_code' | 'expired' | 'too_many_attempts' | 'unknown_challenge';

export interface VerifyResult {
  challengeId: string;
  valid: boolean;
  reason: VerifyReason;
  attemptsLeft: number;
  to?: string;
}

const keyOf = (id: string) => `otp:${id}`;
const digestOf = (kv: NodeKeyValue, id: string, code: string) => kv.digest(`${id}\n${code}`);

/** A code of `length` digits, leading zeros allowed, from the CSPRNG. */
export const newCode = (length: number) => String(randomInt(0, 10 ** length)).padStart(length, '0');

/** Stores a new challenge for `code` and returns its id; the code itself is not kept. */
export async function createChallenge(kv: NodeKeyValue, opts: { code: string; to: string; ttlMs: number; maxAttempts: number }): Promise<{ id: string; expiresAt: number }> {
  const id = `otp_${randomBytes(16).toString('base64url')}`;
  const now = Date.now();
  const challenge: Challenge = { digest: digestOf(kv, id, opts.code), to: opts.to, createdAt: now, expiresAt: now + opts.ttlMs, attempts: 0, maxAttempts: opts.maxAttempts };
  await kv.set(keyOf(id), challenge, { ttlMs: opts.ttlMs + EXPIRED_RETENTION_MS });
  return { id, expiresAt: challenge.expiresAt };
}

export const dropChallenge = (kv: NodeKeyValue, id: string) => kv.delete(keyOf(id));

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks `code` against the challenge, in this order: unknown, locked (attempts used up),
 * expired, then the code. A right code consumes the challenge; a wrong one uses an attempt.
 */
export async function verifyChallenge(kv: NodeKeyValue, challengeId: string, code: string): Promise<VerifyResult> {
  const unknown: VerifyResult = { challengeId, valid: false, reason: 'unknown_challenge', attemptsLeft: 0 };
  if (!ID.test(challengeId)) return unknown;
  // Computed before the transaction: the update callback must be synchronous.
  const given = digestOf(kv, challengeId, code);
  let result = unknown;
  await kv.update<Challenge>(keyOf(challengeId), (c) => {
    if (!c) return undefined;
    const left = Math.max(0, c.maxAttempts - c.attempts);
    const base = { challengeId, to: c.to };
    if (left === 0) {
      result = { ...base, valid: false, reason: 'too_many_attempts', attemptsLeft: 0 };
      return c;
    }
    if (Date.now() >= c.expiresAt) {
      result = { ...base, valid: false, reason: 'expired', attemptsLeft: left };
      return c;
    }
    if (sameDigest(given, c.digest)) {
      result = { ...base, valid: true, reason: 'ok', attemptsLeft: left };
      return undefined;
    }
    result = { ...base, valid: false, reason: 'wrong_code', attemptsLeft: left - 1 };
    return { ...c, attempts: c.attempts + 1 };
  });
  return result;
}
