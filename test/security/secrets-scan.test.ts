// Secrets never leave the credential store: every secret field of every credential type gets a
// random canary, the credentials are used in real runs against the fakes (successes, 401s, wrong
// endpoints, guarded webhooks), and then every place Gigaflow writes to is scanned for the canaries
// (raw, random core, URL-encoded, base64, base64url, and Basic `user:secret` forms): API answers
// (bodies and headers) of every read route, credential tests, exports (API and `gigaflow export`),
// the host's debug-level log output, the SSE stream and every row of the raw SQLite database.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { CanarySet, findLeaks } from './secrets/canaries.ts';
import type { Capture } from './secrets/canaries.ts';
import { startCaptureHost } from './secrets/capture-host.ts';
import type { CaptureHost } from './secrets/capture-host.ts';
import { runHttpCredentials } from './secrets/runs-http.ts';
import { storedCredentials } from './secrets/flows.ts';
import { runIntegrations } from './secrets/runs-integrations.ts';

const root = new URL('../..', import.meta.url).pathname;

function cliExport(dataDir: string): Promise<Capture> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIGAFLOW_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'host/cli/bin.ts'), 'export', '--all'], { env: { ...env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_LOG_LEVEL: 'debug' }, cwd: root }, (err, stdout, stderr) =>
      resolve({ where: `gigaflow export --all (exit ${err ? ((err as { code?: number }).code ?? 1) : 0})`, text: `${stdout}\n${stderr}` }),
    );
  });
}

async function settle(h: CaptureHost): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const running = await h.host.storage.executions.list({ status: 'running', limit: 1 });
    if (running.data.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('executions still running after 10 s');
}

/** GET every read route, following every list to its details. */
async function readEverything(h: CaptureHost): Promise<void> {
  const credentials = (await h.api('/credentials')).body.data as { id: string; type: string }[];
  for (const c of credentials) {
    await h.api(`/credentials/${c.id}`);
    await h.api(`/credentials/${c.id}?includeData=true`);
    await h.api(`/credentials/${c.id}/test`, { method: 'POST' });
    await h.api(`/credentials?type=${c.type}`);
  }
  // The "test" button again with the services gone (connection errors), editing: blank secrets reuse the stored ones.
  for (const c of storedCredentials) await h.api('/credentials/test', { method: 'POST', body: { type: c.type, id: c.id, data: {} } });
  const workflows = (await h.api('/workflows?limit=250')).body.data as { id: string }[];
  for (const w of workflows) {
    await h.api(`/workflows/${w.id}`);
    await h.api(`/workflows/${w.id}/export`);
    const versions = (await h.api(`/workflows/${w.id}/versions`)).body.data as { versionId: string }[] | undefined;
    for (const v of versions ?? []) await h.api(`/workflows/${w.id}/versions/${v.versionId}`);
  }
  await h.api('/workflows/export');
  let cursor: string | null = null;
  do {
    const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await h.api(`/executions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    for (const e of page.body.data) await h.api(`/executions/${e.id}`);
    cursor = page.body.nextCursor;
  } while (cursor);
  const types = (await h.api('/credential-types')).body.data as { name: string }[];
  for (const t of types) await h.api(`/credential-types/${t.name}`);
  await h.api('/node-types');
  for (const path of ['/healthz', '/readyz', '/metrics']) await h.record(`GET ${path}`, await fetch(`${h.url}${path}`));
}

/** Every row of every table, as the database holds it. */
function rawDatabase(dataDir: string): Capture[] {
  const db = new DatabaseSync(join(dataDir, 'gigaflow.sqlite'), { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r.name));
    return tables.flatMap((table) =>
      db
        .prepare(`SELECT * FROM "${table}"`)
        .all()
        .map((row, i) => ({ where: `sqlite ${table} row ${i}`, text: JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)) })),
    );
  } finally {
    db.close();
  }
}

describe('secrets scan', () => {
  it('finds a planted canary in every form it looks for', () => {
    const set = new CanarySet();
    const value = set.make('test.secret', (v) => [`u:${v}`]);
    const planted = [value, value.slice(0, 32), encodeURIComponent(value), Buffer.from(value).toString('base64'), Buffer.from(`u:${value}`).toString('base64url')];
    for (const text of planted) expect(findLeaks([{ where: 'log', text: `{"msg":"x ${text} y"}` }], set.all)).toHaveLength(1);
    expect(findLeaks([{ where: 'log', text: 'GFCANARY but not that one' }], set.all)).toEqual([]);
  });

  it('no credential secret appears in API answers, exports, logs, the SSE stream or stored executions', { timeout: 120_000 }, async () => {
    const canaries = new CanarySet();
    const h = await startCaptureHost();
    const captures: Capture[] = [];
    let dbRows: Capture[] = [];
    let statuses: string[] = [];
    try {
      // The capture sees the host's own logger at debug level (the host logs little; what it logs is scanned).
      h.host.logger.debug('secrets-scan capture check', { at: 'start' });
      statuses = [...(await runHttpCredentials(h, canaries)), ...(await runIntegrations(h, canaries))];
      await settle(h);
      await readEverything(h);
      captures.push(await cliExport(h.dataDir));
      await h.host.storage.executions.list({ limit: 1 }); // flushes queued writes before the raw read
      dbRows = rawDatabase(h.dataDir);
    } finally {
      await h.close();
    }
    captures.push(...h.captures, ...dbRows);

    // The runs did what they are for: some succeeded, some failed with an error to scan.
    const runs = statuses.filter((s) => /: (success|error)$/.test(s));
    expect(runs.filter((s) => s.endsWith('success')).length, statuses.join('\n')).toBeGreaterThanOrEqual(6);
    expect(runs.filter((s) => s.endsWith('error')).length, statuses.join('\n')).toBeGreaterThanOrEqual(10);
    for (const ok of ['ERPNext ok', 'GenieACS ok', 'Twilio ok', 'Gemini ok', 'Traccar ok', 'httpHeaderAuth http']) {
      expect(statuses.find((s) => s.startsWith(ok)), statuses.join('\n')).toMatch(/success$/);
    }
    expect(statuses).toEqual(expect.arrayContaining(['scan-basic: 200', 'scan-basic: 403', 'scan-header: 200', 'scan-header: 403', 'scan-hmac: 200', 'stripe: 200']));
    // Every credential type in the registry got canaries.
    const types = JSON.parse(captures.find((c) => c.where.startsWith('GET /api/v1/credential-types ->'))!.text.split('\n\n').slice(1).join('\n\n')).data as { name: string }[];
    for (const t of types) expect(canaries.all.some((c) => c.label.startsWith(`${t.name}.`)), t.name).toBe(true);
    // The scanned places are not empty: logs at debug level, events, execution rows with errors.
    const log = captures.find((c) => c.where === 'host log output (debug)')!.text;
    expect(log).toMatch(/"level":"debug"[^\n]*"msg":"secrets-scan capture check"/);
    expect(captures.find((c) => c.where === 'SSE /api/v1/events')!.text).toContain('event: execution.finished');
    expect(dbRows.filter((r) => r.where.startsWith('sqlite executions')).length).toBeGreaterThanOrEqual(20);
    expect(dbRows.some((r) => r.where.startsWith('sqlite executions') && r.text.includes('401'))).toBe(true);
    expect(captures.find((c) => c.where.startsWith('gigaflow export'))!.where).toContain('exit 0');

    expect(findLeaks(captures, canaries.all)).toEqual([]);
  });
});
