// A fake TP-Link XX230v (EX/XX "JSON over GDPR", integration-apis.md §4.1 C) over real HTTP:
// key issuance, raw-RSA-signed AES acts, JSESSIONID + TokenID + Referer, one admin session,
// wrong-password lock, and a login/main page whose own plain-JS crypto drives the protocol so a
// Playwright bridge can be tested against it. README.md lists what is faithful and what is not.
import type { AddressInfo } from 'node:net';
import { buildProfile } from './objects.ts';
import type { Profile } from './objects.ts';
import { generateRsaKey } from './rsa.ts';
import { createModemServer } from './server.ts';
import { createAuthGuard, createSessionStore } from './sessions.ts';
import type { ModemState, RecordedAct, RecordedRequest } from './state.ts';

export type { Profile } from './objects.ts';
export type { RecordedAct, RecordedRequest } from './state.ts';
export { tenthMicrowatts } from './objects.ts';

export interface FakeModemOptions {
  username?: string;
  password?: string;
  /** Show #pc-login-user on the login page (default false: the username is fixed). */
  usernameField?: boolean;
  profile?: Profile;
  sessionTtlMs?: number;
  maxAuthAttempts?: number;
  lockMs?: number;
  slowMs?: number;
}

export interface FakeModem {
  url: string;
  username: string;
  password: string;
  requests: RecordedRequest[];
  acts: RecordedAct[];
  sessions(): number;
  setProfile(profile: Profile): void;
  expireSessions(): void;
  setSlow(ms: number): void;
  setAnotherAdminLoggedIn(on: boolean): void;
  rebootCount(): number;
  authState(): { failedAttempts: number; lockedForMs: number };
  close(): Promise<void>;
}

/** Up for a few days when the fake starts, so upTime looks like a real gateway's. */
const INITIAL_UPTIME_MS = 3 * 86_400_000 + 4_321_000;

export async function startFakeModem(options: FakeModemOptions = {}): Promise<FakeModem> {
  const maxAuthAttempts = options.maxAuthAttempts ?? 5;
  const state: ModemState = {
    username: options.username ?? 'user',
    password: options.password ?? 'admin1234',
    usernameField: options.usernameField ?? false,
    maxAuthAttempts,
    key: generateRsaKey(),
    issuedSeq: null,
    sessions: createSessionStore(() => state.sessionTtlMs),
    auth: createAuthGuard(maxAuthAttempts, options.lockMs ?? 600_000),
    objects: buildProfile(options.profile ?? 'healthy'),
    bootAt: Date.now() - INITIAL_UPTIME_MS,
    slowMs: options.slowMs ?? 0,
    sessionTtlMs: options.sessionTtlMs ?? 600_000,
    anotherAdmin: false,
    reboots: 0,
    requests: [],
    acts: [],
  };
  const server = createModemServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    username: state.username,
    password: state.password,
    requests: state.requests,
    acts: state.acts,
    sessions: () => state.sessions.count(Date.now()),
    setProfile(profile) {
      state.objects = buildProfile(profile);
    },
    expireSessions: () => state.sessions.endAll(),
    setSlow(ms) {
      state.slowMs = ms;
    },
    setAnotherAdminLoggedIn(on) {
      state.anotherAdmin = on;
    },
    rebootCount: () => state.reboots,
    authState: () => ({ failedAttempts: state.auth.failedAttempts(), lockedForMs: state.auth.lockedForMs(Date.now()) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
