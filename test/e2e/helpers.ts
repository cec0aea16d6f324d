// Shared by the browser tests: one editor build per source state (vitest runs the e2e files in
// parallel forks, so the build is guarded by a lock), Chromium (playwright-core driving Debian's
// /usr/bin/chromium; missing is a failure, not a skip), screenshots in test/e2e/artifacts/, and a
// watch on failed requests and console errors so a test can assert there are no unexpected ones.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots of key states (gitignored), overwritten by each run. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/gigaflow-e2e');
const LOCK = join(CACHE, 'build.lock');
const STAMP = join(CACHE, 'build.stamp');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Everything the build reads that can change: the editor's sources and the locked dependencies. */
function sourceHash(): string {
  const editor = join(ROOT, 'editor');
  const files = [join(editor, 'index.html'), join(editor, 'vite.config.ts'), ...filesUnder(join(editor, 'src')), ...filesUnder(join(editor, 'public')), join(ROOT, 'package-lock.json')].sort();
  const h = createHash('sha256');
  for (const f of files) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

async function acquireLock(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // A lock left by a killed run: a build takes seconds, not minutes.
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > 60_000) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // Released meanwhile.
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the editor build lock ${LOCK}`);
    await sleep(100);
  }
}

/** Builds editor/dist unless it was already built from the same sources (by this run or an earlier one). */
export async function buildEditorOnce(): Promise<void> {
  await acquireLock();
  try {
    const hash = sourceHash();
    const stamp = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
    if (stamp === hash && existsSync(join(ROOT, 'editor/dist/index.html'))) return;
    // vite is the project's own (npx resolves it).
    execFileSync('npx', ['vite', 'build', '--config', 'editor/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    writeFileSync(STAMP, hash);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function newPage(browser: Browser, origin?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // Copy writes the system clipboard; the tests read it back from the page.
  if (origin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // Every style or script CSP violation becomes a console error, which watchErrors fails a test on
  // (Chromium also logs its own "Refused to …" line; this one names the directive and the source).
  // Script too: the editor never evals (expression ports come from the host's sandbox).
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.effectiveDirective.startsWith('style-src') || e.effectiveDirective.startsWith('script-src'))
        console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    }),
  );
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

export async function signIn(page: Page, t: TestHost): Promise<void> {
  await page.goto(t.url);
  await page.fill('[data-test=signin-key]', t.apiKey);
  await page.click('[data-test=signin-submit]');
  await page.waitForSelector('[data-test=wf-create]');
}

/** Opens a stored workflow in the editor (signed in) and waits for its canvas. */
export async function openWorkflow(page: Page, t: TestHost, id: string): Promise<void> {
  await page.goto(`${t.url}/#/workflow/${id}`);
  await page.waitForSelector('[data-test=canvas] .vue-flow__viewport');
}

/** A paste of this text onto the page, as the browser delivers it from the system clipboard. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  }, text);
}

export interface FailedRequest {
  method: string;
  url: string;
  status: number;
  /** The API key the request carried, if any. */
  apiKey?: string;
}

/** A failure the test provokes on purpose, matched by method, path (with query) and status. */
export interface ExpectedFailure {
  method: string;
  path: string;
  status: number;
  /** When set: the key the request must have carried (null: none). */
  apiKey?: string | null;
  why: string;
}

/** Every sign-in page load asks the API without a key first: is a ForwardAuth proxy signing us in? */
export const STARTUP_PROBE: ExpectedFailure = { method: 'GET', path: '/api/v1/workflows?limit=1', status: 401, apiKey: null, why: 'start-up probe for a ForwardAuth proxy' };

/** Records every response >= 400, console error and uncaught exception of the page. */
export function watchErrors(page: Page) {
  const failed: FailedRequest[] = [];
  const consoleErrors: { text: string; url: string }[] = [];
  const uncaught: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push({ method: r.request().method(), url: r.url(), status: r.status(), apiKey: r.request().headers()['x-api-key'] });
  });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push({ text: m.text(), url: m.location().url }));
  page.on('pageerror', (e) => uncaught.push(e.message));

  const matches = (f: FailedRequest, e: ExpectedFailure) => {
    const u = new URL(f.url);
    return f.method === e.method && `${u.pathname}${u.search}` === e.path && f.status === e.status && (e.apiKey === undefined || (f.apiKey ?? null) === e.apiKey);
  };

  /** Everything that went wrong and was not expected; each expected failure must have happened exactly once. */
  function unexpected(expected: ExpectedFailure[]): string[] {
    const problems: string[] = [];
    for (const f of failed) if (!expected.some((e) => matches(f, e))) problems.push(`HTTP ${f.status} ${f.method} ${f.url}`);
    for (const e of expected) {
      const n = failed.filter((f) => matches(f, e)).length;
      if (n !== 1) problems.push(`expected once, seen ${n} times: HTTP ${e.status} ${e.method} ${e.path} (${e.why})`);
    }
    for (const c of consoleErrors) {
      // Chromium logs every failed resource load; those are judged above by their request.
      const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(c.text);
      if (!status || !failed.some((f) => f.url === c.url && f.status === Number(status[1]))) problems.push(`console: ${c.text} (${c.url})`);
    }
    return [...problems, ...uncaught.map((m) => `uncaught: ${m}`)];
  }

  return { failed, consoleErrors, uncaught, unexpected };
}

export interface EditorSession {
  t: TestHost;
  browser: Browser;
  page: Page;
  errors: ReturnType<typeof watchErrors>;
  close(): Promise<void>;
}

/**
 * What every browser test file starts with: the built editor, a real host, Chromium and one page
 * watched for errors. `clipboard` lets the page read and write the system clipboard on the host.
 */
export async function startEditorSession(opts: { clipboard?: boolean } = {}): Promise<EditorSession> {
  await buildEditorOnce();
  const t = await startTestHost();
  const browser = await launchBrowser();
  const { page } = await newPage(browser, opts.clipboard ? t.url : undefined);
  return {
    t,
    browser,
    page,
    errors: watchErrors(page),
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
