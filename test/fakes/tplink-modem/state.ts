// The fake gateway's mutable state, shared by the HTTP layer and the act handlers.
import type { ObjectStore } from './objects.ts';
import type { RsaKey } from './rsa.ts';
import type { AuthGuard, SessionStore } from './sessions.ts';

export interface RecordedRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The raw body as sent (for /cgi_gdpr: the encrypted form). */
  body: string;
  status: number;
  at: number;
}

export interface RecordedAct {
  operation: string;
  oid: string;
  data: Record<string, unknown>;
  ok: boolean;
}

export interface ModemState {
  username: string;
  password: string;
  usernameField: boolean;
  maxAuthAttempts: number;
  key: RsaKey;
  /** The seq the last GET /cgi/getGDPRParm issued; consumed by the next well-formed login. */
  issuedSeq: number | null;
  sessions: SessionStore;
  auth: AuthGuard;
  objects: ObjectStore;
  bootAt: number;
  slowMs: number;
  sessionTtlMs: number;
  anotherAdmin: boolean;
  reboots: number;
  requests: RecordedRequest[];
  acts: RecordedAct[];
}

export interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}
