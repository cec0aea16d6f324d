// The bridge library's front door: run one operation against one modem within a time limit.
// It holds the modem in the shared browser pool, logs in when the kept page is not logged in (as
// this user), logs in again once when the modem says the session expired, and turns every failure
// into a BridgeError. The node and the REST service both call runBridgeOperation.
import { bridgePool } from './browser-pool.ts';
import type { BrowserPool, ModemLease } from './browser-pool.ts';
import { BridgeError, isBridgeError } from './errors.ts';
import { operationFor, OPERATIONS } from './operations.ts';
import type { BridgeRequest, Json, ModemSession } from './operations.ts';
import { profileFor, PROFILES } from './profiles/index.ts';
import type { FirmwareProfile } from './profiles/index.ts';
import { actAll, anotherAdmin, identity, isAnotherAdmin, isSessionExpired, login, logout } from './transport.ts';
import type { ActRequest, ActResult, ModemTarget } from './transport.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;

export interface BridgeRunOptions {
  /** The whole operation, queueing included (default 20 s). */
  timeoutMs?: number;
  /** Cancels the operation (e.g. the workflow execution was cancelled). */
  signal?: AbortSignal;
  /** Firmware profile id (default xx230v). */
  profile?: string;
  pool?: BrowserPool;
  /** Notes worth showing (a retry after a crash, a re-login). Never carries secrets. */
  log?: (message: string, meta: Record<string, unknown>) => void;
}

/** Checks a request without touching the modem (bad_request errors). */
export function checkRequest(req: BridgeRequest, profileId?: string): { profile: FirmwareProfile } {
  const spec = operationFor(req.operation);
  if (!spec) throw new BridgeError('bad_request', `Unknown operation "${req.operation}"`, { parameter: 'operation', description: `Use one of: ${OPERATIONS.map((o) => o.name).join(', ')}.` });
  spec.check?.(req);
  const profile = profileFor(profileId);
  if (!profile) throw new BridgeError('bad_request', `Unknown firmware profile "${profileId}"`, { parameter: 'profile', description: `Known profiles: ${Object.keys(PROFILES).join(', ')}.` });
  return { profile };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export async function runBridgeOperation(target: ModemTarget, req: BridgeRequest, opts: BridgeRunOptions = {}): Promise<Json> {
  const { profile } = checkRequest(req, opts.profile);
  const spec = operationFor(req.operation)!;
  const pool = opts.pool ?? bridgePool();
  const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  // What the operation is doing, for the timeout message.
  let stage = 'waiting for the browser';
  const remaining = () => Math.max(1, deadline - Date.now()) + 1000; // the pool's abort fires first

  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.withModem(
        target.origin,
        signal,
        async (lease) => {
          try {
            stage = 'opening the browser';
            const page = await lease.page();
            const session = modemSession(lease, page, target, profile, remaining, (s) => (stage = s), opts.log);
            return await spec.run(session, req);
          } catch (err) {
            const closed = /has been closed|has disconnected|Target closed|Browser closed/i.test((err as Error)?.message ?? '');
            if (!signal.aborted && (lease.browserLost() || (closed && (await lease.browserLostWithin(1000)))))
              throw new BridgeError('browser_crashed', `The bridge's browser stopped during "${spec.label}" on the modem at ${target.origin}`, {
                modem: target.origin,
                description: spec.readOnly ? 'It was restarted and the read tried once more, which failed too. Run again.' : 'The operation was not repeated (it is not a read). Check the modem\'s state before running it again.',
              });
            throw err;
          }
        },
        (queue) => (stage = queue === 'modem' ? 'waiting for another operation on this modem to finish' : 'waiting for a free browser slot (GIGAFLOW_TPLINK_MAX_CONCURRENCY)'),
      );
    } catch (err) {
      if (opts.signal?.aborted) throw new BridgeError('cancelled', `Cancelled while ${stage} (modem ${target.origin})`, { modem: target.origin });
      if (timeout.aborted)
        throw new BridgeError('timeout', `The modem at ${target.origin} did not finish "${spec.label}" within ${seconds(timeoutMs)} (while ${stage})`, {
          modem: target.origin,
          description: 'The modem (or the queue in front of it) was too slow. Raise the "Timeout" option, or check that the modem is reachable and not overloaded.',
        });
      if (isBridgeError(err) && err.code === 'browser_crashed' && spec.readOnly && attempt === 1) {
        opts.log?.('browser crashed during a read; trying once more in a new browser', { modem: target.origin, operation: req.operation });
        continue;
      }
      if (isBridgeError(err)) throw err;
      const first = ((err as Error)?.message ?? String(err)).split('\n')[0];
      throw new BridgeError('modem_error', `Reading the modem at ${target.origin} failed while ${stage}: ${first}`, { modem: target.origin });
    }
  }
}

function modemSession(
  lease: ModemLease,
  page: Awaited<ReturnType<ModemLease['page']>>,
  target: ModemTarget,
  profile: FirmwareProfile,
  remaining: () => number,
  setStage: (s: string) => void,
  log: BridgeRunOptions['log'],
): ModemSession {
  const who = identity(target);
  const signIn = async () => {
    if (lease.loggedInAs() === who) return;
    if (page.url() !== 'about:blank') {
      // Whatever session the page may still hold (another credential, an expired one): end it,
      // so the login below really checks this credential.
      setStage('logging out the previous session');
      await logout(page, profile);
      lease.markLoggedOut();
    }
    setStage('logging in');
    await login(page, target, profile, remaining());
    lease.markLoggedIn(who, (p) => logout(p, profile));
  };
  const describe = (acts: ActRequest[]) => acts.map((a) => `${a.operation} ${a.oid}`).join(', ');
  return {
    target,
    profile,
    async read(acts) {
      await signIn();
      setStage(`reading ${describe(acts)}`);
      let results: ActResult[] | 'logged_out' = await actAll(page, profile, acts);
      if (results === 'logged_out' || results.some((r) => isSessionExpired(r, profile))) {
        // The modem ended the session (timeout, eviction, restart): log in again, once.
        log?.('modem session expired; logging in again', { modem: target.origin });
        lease.markLoggedOut();
        await signIn();
        setStage(`reading ${describe(acts)} after logging in again`);
        results = await actAll(page, profile, acts);
        if (results === 'logged_out' || results.some((r) => isSessionExpired(r, profile)))
          throw new BridgeError('session_expired', `The modem at ${target.origin} ended the session again right after a new login`, {
            modem: target.origin,
            description: 'Someone else may be logging in to the modem at the same time (it allows one admin session). Run again later.',
          });
      }
      if (results.some((r) => isAnotherAdmin(r, profile))) {
        lease.markLoggedOut();
        throw anotherAdmin(target);
      }
      return results;
    },
    discard: () => lease.discard(),
  };
}
