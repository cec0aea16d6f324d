// The one Chromium of this process, shared by every modem read (node runs and the REST service
// alike): one BrowserContext per modem holding its logged-in page, so a second read within the
// session TTL skips the login. Limits: one operation per modem at a time (a modem allows one admin
// session) and GIGAFLOW_TPLINK_MAX_CONCURRENCY operations overall. The browser is launched on first
// use, closed after GIGAFLOW_TPLINK_IDLE_MS without work, and relaunched after a crash.
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserServer, Page } from 'playwright-core';
import { BridgeError } from './errors.ts';
import { Limiter } from './limiter.ts';

export interface PoolConfig {
  /** Operations running at once across all modems. */
  maxConcurrency: number;
  /** Close the browser after this long without any operation. */
  idleMs: number;
  /** Reuse a modem's login for this long after its last use; then log out (frees the modem's admin session). */
  sessionTtlMs: number;
  /** Logged-in modems kept at most (each is a context with its renderers); the least recently used idle one is logged out first. */
  maxSessions: number;
  executablePath: string;
  args: string[];
}

// Chromium reads one --disable-features and one --enable-features: the last. Ours come after
// Playwright's own (playwright-core's chromiumSwitches), so they repeat Playwright's lists and add
// ours; processes.test.ts fails when a Playwright upgrade changes its lists.
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled',
  'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
export const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'];

// Memory (README "Memory", bench:tplink): a BrowserContext never shares a renderer process with
// another, so each modem costs one renderer at least; these flags remove what comes on top of it.
const MEMORY_DISABLED_FEATURES = [
  // Every context's page is a browser window, and every window preloads its address bar's popup as
  // WebUI pages in a renderer of their own: a second renderer per modem for a bar nobody types in.
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup',
  // A spare renderer kept warm for the next navigation: one idle process; a new modem's renderer
  // starts when its context opens instead.
  'SpareRendererForSitePerProcess',
  // PartitionAlloc (Chromium's malloc) speed-for-memory trades: bigger per-thread caches, and freed
  // pages kept longer before they go back to the system. Off: a little more allocator work.
  'PartitionAllocLargeThreadCacheSize', 'PartitionAllocLargeEmptySlotSpanRing',
];
const MEMORY_ENABLED_FEATURES = [
  // The network service as a thread of the browser process, not a process of its own. A crash in
  // it now takes the browser down, which the pool handles (relaunch, a read is tried once more).
  'NetworkServiceInProcess2',
];

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
  // With --disable-gpu the GPU process only composites in software: as a thread of the browser it
  // saves a process (same crash trade-off as the network service).
  '--in-process-gpu',
  // The second zygote only forks unsandboxed helpers (the storage service): started directly instead.
  '--no-unsandboxed-zygote',
  // Each modem's window draws its (invisible) toolbar and frame: at half scale that costs a quarter.
  // Pages are not affected: the context's viewport fixes them at 1024×700 CSS px, device pixel ratio 1.
  '--force-device-scale-factor=0.5',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...MEMORY_DISABLED_FEATURES].join(',')}`,
  `--enable-features=${[...PLAYWRIGHT_ENABLED_FEATURES, ...MEMORY_ENABLED_FEATURES].join(',')}`,
];

const positive = (v: string | undefined, fallback: number) => (Number(v) > 0 ? Number(v) : fallback);

export function poolConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PoolConfig {
  return {
    maxConcurrency: positive(env.GIGAFLOW_TPLINK_MAX_CONCURRENCY, 4),
    idleMs: positive(env.GIGAFLOW_TPLINK_IDLE_MS, 300_000),
    sessionTtlMs: positive(env.GIGAFLOW_TPLINK_SESSION_TTL_MS, 120_000),
    maxSessions: positive(env.GIGAFLOW_TPLINK_MAX_SESSIONS, 16),
    executablePath: env.GIGAFLOW_CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  };
}

/** A modem's place in the pool: its context, logged-in page and who is logged in. */
interface ModemSlot {
  key: string;
  limiter: Limiter;
  context?: BrowserContext;
  page?: Page;
  /** Who the page is logged in as (user + password fingerprint); undefined = not logged in. */
  loggedInAs?: string;
  /** How to log this page out (the firmware profile's page API), set at login. */
  logout?: (page: Page) => Promise<unknown>;
  loggedInAt: number;
  lastUsed: number;
  ttlTimer?: NodeJS.Timeout;
}

/** What an operation gets while it holds a modem. */
export interface ModemLease {
  /** The modem's page, opening the browser and context when needed. */
  page(): Promise<Page>;
  /** Who the kept page is logged in as, if anyone (the TTL timer logs idle sessions out). */
  loggedInAs(): string | undefined;
  markLoggedIn(who: string, logout: (page: Page) => Promise<unknown>): void;
  markLoggedOut(): void;
  /** Closes the modem's context (its session is abandoned). */
  discard(): Promise<void>;
  /** True when the browser died (or was replaced) since the lease began. */
  browserLost(): boolean;
  /** Waits up to `ms` for the browser to be reported lost (a failed call may arrive before the event). */
  browserLostWithin(ms: number): Promise<boolean>;
}

/** Waits until `p` settles, at most `ms`: for work that is being stopped, or a best-effort logout. */
async function settle(p: Promise<unknown>, ms: number): Promise<void> {
  await Promise.race([p.then(() => {}, () => {}), new Promise((r) => setTimeout(r, ms).unref())]);
}

export class BrowserPool {
  config: PoolConfig;
  private browser?: Browser;
  /** The Chromium process behind `browser` (launchServer: its process is ours to watch and kill). */
  private server?: BrowserServer;
  private launching?: Promise<Browser>;
  /** Bumped each time the browser goes away; leases compare it to detect a crash. */
  private generation = 0;
  private readonly slots = new Map<string, ModemSlot>();
  private global: Limiter;
  private inFlight = 0;
  private idleTimer?: NodeJS.Timeout;
  private closing?: Promise<void>;

  constructor(config: PoolConfig) {
    this.config = config;
    this.global = new Limiter(config.maxConcurrency);
  }

  /** Changes settings (tests, the REST service's flags); the concurrency limit applies to new waiters. */
  configure(patch: Partial<PoolConfig>): void {
    this.config = { ...this.config, ...patch };
    this.global.limit = Math.max(1, Math.floor(this.config.maxConcurrency));
  }

  /**
   * Runs `work` while holding the modem `key` (one at a time per modem) and a global slot. When
   * `signal` aborts (deadline, cancellation) the modem's context is closed so the work stops, and
   * the signal's reason is thrown. `onWait` hears which queue the operation waits in.
   */
  async withModem<T>(key: string, signal: AbortSignal, work: (lease: ModemLease) => Promise<T>, onWait?: (queue: 'modem' | 'global') => void): Promise<T> {
    const slot = this.slot(key);
    if (slot.limiter.inUse) onWait?.('modem');
    const releaseModem = await slot.limiter.acquire(signal);
    let releaseGlobal: (() => void) | undefined;
    try {
      if (this.global.inUse >= this.global.limit) onWait?.('global');
      releaseGlobal = await this.global.acquire(signal);
      this.inFlight++;
      clearTimeout(this.idleTimer);
      clearTimeout(slot.ttlTimer);
      if (this.closing) await this.closing;
      const startGeneration = this.generation;
      const lease: ModemLease = {
        page: () => this.pageFor(slot),
        loggedInAs: () => (slot.page && !slot.page.isClosed() ? slot.loggedInAs : undefined),
        markLoggedIn: (who, logout) => {
          slot.loggedInAs = who;
          slot.logout = logout;
          slot.loggedInAt = Date.now();
        },
        markLoggedOut: () => {
          slot.loggedInAs = undefined;
        },
        discard: () => this.discard(slot),
        browserLost: () => this.generation !== startGeneration,
        browserLostWithin: async (ms) => {
          for (const until = Date.now() + ms; this.generation === startGeneration && Date.now() < until; ) await new Promise((r) => setTimeout(r, 25));
          return this.generation !== startGeneration;
        },
      };
      const running = work(lease);
      let onAbort!: () => void;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([running, aborted]);
      } catch (err) {
        if (signal.aborted) {
          // Closing the context makes the pending page calls fail fast, so the slot is free again.
          await this.discard(slot);
          await settle(running, 5000);
        }
        throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      if (releaseGlobal) {
        this.inFlight--;
        slot.lastUsed = Date.now();
        this.armTimers(slot);
        releaseGlobal();
      }
      releaseModem();
    }
  }

  /** For tests and /healthz: what the pool holds right now. */
  stats() {
    return {
      browserRunning: !!this.browser?.isConnected(),
      browserPid: this.browser ? this.server?.process()?.pid : undefined,
      generation: this.generation,
      inFlight: this.inFlight,
      queued: this.global.queued,
      maxConcurrency: this.global.limit,
      modems: [...this.slots.values()].filter((s) => s.context).map((s) => ({ modem: s.key, loggedIn: !!s.loggedInAs })),
    };
  }

  /** Test hook: kills the browser process as a crash would. */
  killBrowser(): boolean {
    return (this.browser && this.server?.process()?.kill('SIGKILL')) ?? false;
  }

  /** Logs out of every modem (best effort), closes the browser. Used on idle and on shutdown. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      clearTimeout(this.idleTimer);
      await Promise.all([...this.slots.values()].map((s) => this.endSession(s)));
      const browser = this.browser;
      const server = this.server;
      this.browser = undefined;
      this.server = undefined;
      this.generation++;
      await browser?.close().catch(() => {});
      await server?.close().catch(() => {});
    })().finally(() => {
      this.closing = undefined;
    });
    return this.closing;
  }

  private slot(key: string): ModemSlot {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { key, limiter: new Limiter(1), loggedInAt: 0, lastUsed: 0 };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private async launch(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= (async () => {
      try {
        // launchServer + connect rather than launch: the server exposes the Chromium process, which
        // the stats (RSS in the bench) and the crash test need.
        const server = await chromium.launchServer({ executablePath: this.config.executablePath, args: this.config.args });
        const browser = await chromium.connect(server.wsEndpoint()).catch(async (err) => {
          await server.kill().catch(() => {});
          throw err;
        });
        browser.on('disconnected', () => this.lost(browser, server));
        this.browser = browser;
        this.server = server;
        return browser;
      } catch (err) {
        throw new BridgeError('browser_unavailable', `Could not start Chromium (${this.config.executablePath}): ${(err as Error).message.split('\n')[0]}`, {
          description: 'The TP-Link bridge drives the modem\'s web UI in Chromium: install it (apt-get install chromium) or set GIGAFLOW_CHROMIUM_PATH.',
        });
      } finally {
        this.launching = undefined;
      }
    })();
    return this.launching;
  }

  /** The browser went away (crash, kill, close): every context went with it. */
  private lost(browser: Browser, server: BrowserServer): void {
    // Whatever broke the connection, do not leave a Chromium behind.
    void server.kill().catch(() => {});
    if (this.browser !== browser) return;
    this.browser = undefined;
    this.server = undefined;
    this.generation++;
    for (const s of this.slots.values()) {
      s.context = undefined;
      s.page = undefined;
      s.loggedInAs = undefined;
    }
  }

  private async pageFor(slot: ModemSlot): Promise<Page> {
    if (slot.page && !slot.page.isClosed()) return slot.page;
    const browser = await this.launch();
    if (!slot.context) {
      await this.makeRoom();
      // A desktop-sized viewport: the profiles' selectors are the firmware UI's desktop layout.
      const context = await browser.newContext({ ignoreHTTPSErrors: true, serviceWorkers: 'block', viewport: { width: 1024, height: 700 } });
      // Pictures and fonts are no use to a reader and cost time on a slow modem.
      await context.route('**/*', (route) => (['image', 'font', 'media'].includes(route.request().resourceType()) ? route.abort() : route.fallback()));
      context.on('close', () => {
        if (slot.context === context) {
          slot.context = undefined;
          slot.page = undefined;
          slot.loggedInAs = undefined;
        }
      });
      slot.context = context;
    }
    const page = await slot.context.newPage();
    // A crashed renderer leaves a dead page: the next operation opens a new one and logs in.
    page.on('crash', () => void this.discard(slot));
    slot.page = page;
    slot.loggedInAs = undefined;
    return page;
  }

  /** Keeps the number of contexts under maxSessions: logs out the least recently used idle modems. */
  private async makeRoom(): Promise<void> {
    const open = [...this.slots.values()].filter((s) => s.context);
    const idle = open.filter((s) => s.limiter.inUse === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    for (let excess = open.length + 1 - this.config.maxSessions; excess > 0 && idle.length; excess--) {
      const slot = idle.shift()!;
      if (slot.limiter.inUse || !slot.context) continue; // taken or closed meanwhile
      const release = await slot.limiter.acquire(); // free: granted at once
      try {
        await this.endSession(slot);
      } finally {
        release();
      }
    }
  }

  private async discard(slot: ModemSlot): Promise<void> {
    const context = slot.context;
    slot.context = undefined;
    slot.page = undefined;
    slot.loggedInAs = undefined;
    await context?.close().catch(() => {});
  }

  /** Logs out (best effort, 3 s) and closes the modem's context, freeing the modem's admin session. */
  private async endSession(slot: ModemSlot): Promise<void> {
    clearTimeout(slot.ttlTimer);
    const page = slot.page;
    if (page && !page.isClosed() && slot.loggedInAs && slot.logout) await settle(slot.logout(page), 3000);
    await this.discard(slot);
  }

  /**
   * Logs the modem out once it has been unused for the session TTL. A timer counts from the event
   * loop's cached time, which can be a few ms behind Date.now() when it is armed: one that fires
   * "early" by the wall clock waits the rest instead of leaving the session open for good.
   */
  private armSessionTtl(slot: ModemSlot, delayMs: number): void {
    clearTimeout(slot.ttlTimer);
    slot.ttlTimer = setTimeout(() => {
      void slot.limiter.acquire().then(async (release) => {
        try {
          const left = this.config.sessionTtlMs - (Date.now() - slot.lastUsed);
          if (left <= 0) await this.endSession(slot);
          else if (slot.context) this.armSessionTtl(slot, left + 1);
        } finally {
          release();
        }
      });
    }, delayMs);
    slot.ttlTimer.unref();
  }

  private armTimers(slot: ModemSlot): void {
    if (slot.context) this.armSessionTtl(slot, this.config.sessionTtlMs);
    if (this.inFlight === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (this.inFlight === 0 && this.browser) void this.close();
      }, this.config.idleMs);
      this.idleTimer.unref();
    }
  }
}

const SINGLETON = Symbol.for('gigaflow.tplinkBridge.browserPool');

/** The process's pool (created from the environment on first use). */
export function bridgePool(): BrowserPool {
  const g = globalThis as unknown as Record<symbol, BrowserPool | undefined>;
  g[SINGLETON] ??= new BrowserPool(poolConfigFromEnv());
  return g[SINGLETON];
}
