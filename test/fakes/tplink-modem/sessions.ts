// The admin session (one at a time: a new login evicts the previous one, integration-apis.md §4.2)
// and the wrong-password counter with its lock (currAuthTimes / currForbidTime).
import { randomBytes } from 'node:crypto';
import type { AesKey } from './aes.ts';

export interface Session {
  /** JSESSIONID cookie value. */
  id: string;
  /** TokenID: the main page's `var token="…"`, required as a header on every act. */
  token: string;
  aes: AesKey;
  /** Last accepted `s`; the next request must sign s ≥ seq + len(data). */
  seq: number;
  expiresAt: number;
}

export interface SessionStore {
  create(aes: AesKey, seq: number, now: number): Session;
  /** The live session with this cookie value (renewing its idle timer), or null. */
  get(id: string | undefined, now: number): Session | null;
  end(id: string): void;
  endAll(): void;
  count(now: number): number;
}

export function createSessionStore(ttlMs: () => number): SessionStore {
  let current: Session | null = null;
  const live = (now: number): Session | null => {
    if (current && current.expiresAt <= now) current = null;
    return current;
  };
  return {
    create(aes, seq, now) {
      current = { id: randomBytes(16).toString('hex'), token: randomBytes(15).toString('hex'), aes, seq, expiresAt: now + ttlMs() };
      return current;
    },
    get(id, now) {
      const s = live(now);
      if (!s || !id || s.id !== id) return null;
      s.expiresAt = now + ttlMs();
      return s;
    },
    end(id) {
      if (current?.id === id) current = null;
    },
    endAll() {
      current = null;
    },
    count(now) {
      return live(now) ? 1 : 0;
    },
  };
}

export interface AuthVerdict {
  /** Failed attempts so far in this round (what the firmware calls currAuthTimes). */
  currAuthTimes: number;
  /** Seconds the lock still lasts; 0 when not locked. */
  currForbidTime: number;
}

export interface AuthGuard {
  lockedForMs(now: number): number;
  /** Counts a wrong password; starts the lock when the maximum is reached. */
  fail(now: number): AuthVerdict;
  verdict(now: number): AuthVerdict;
  succeed(): void;
  failedAttempts(): number;
}

export function createAuthGuard(maxAttempts: number, lockMs: number): AuthGuard {
  let failed = 0;
  let lockedUntil = 0;
  const lockedForMs = (now: number) => {
    if (lockedUntil && lockedUntil <= now) {
      // The lock is over: a fresh round of attempts.
      lockedUntil = 0;
      failed = 0;
    }
    return lockedUntil ? lockedUntil - now : 0;
  };
  const verdict = (now: number): AuthVerdict => ({ currAuthTimes: failed, currForbidTime: Math.ceil(lockedForMs(now) / 1000) });
  return {
    lockedForMs,
    fail(now) {
      if (!lockedForMs(now)) {
        failed++;
        if (failed >= maxAttempts) lockedUntil = now + lockMs;
      }
      return verdict(now);
    },
    verdict,
    succeed() {
      failed = 0;
      lockedUntil = 0;
    },
    failedAttempts: () => failed,
  };
}
