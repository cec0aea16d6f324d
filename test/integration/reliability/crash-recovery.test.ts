// kill -9 of the single-process host in the middle of runs: on restart nothing is left `running`,
// every run it had accepted is either finished or `crashed` naming the node it died in, every 200 a
// caller got has its success row, and saved waits resume. Then crash-recovery.ts itself on real
// SQLite and PostgreSQL storage, case by case.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRecord, ExecutionSummary, Workflow } from '../../../host/model/index.ts';
import { CRASHED_ERROR_NAME, crashedMessage, recoverCrashedExecutions } from '../../../host/runtime/crash-recovery.ts';
import { openRunJournal, readJournal } from '../../../host/runtime/run-journal.ts';
import { createSqliteStorage } from '../../../host/storage/sqlite/index.ts';
import type { Storage } from '../../../host/storage/storage.ts';
import { createTestDatabase, freshPostgresStorage } from '../../helpers/postgres.ts';
import type { TestDatabase } from '../../helpers/postgres.ts';
import { AFTER_WAIT_NODE, SLOW_NODE, crashWorkflows, eventually, prepareCrashSite } from './crash-host.ts';
import type { CrashSite, HostProcess } from './crash-host.ts';

const WAIT_CALLS = 5;
const WAIT_SECONDS = 5;

describe('kill -9 of the host during executions', () => {
  let site: CrashSite;
  afterAll(async () => site?.cleanup());

  it('marks every run it had accepted finished or crashed at its node, keeps every answered run, resumes saved waits', { timeout: 180_000 }, async () => {
    const { fast, slow, wait } = crashWorkflows({ slowMs: 100, waitSeconds: WAIT_SECONDS });
    const workflows = { fast, slow, wait };
    // Waits longer than 1 s are saved, so the 5 s ones must survive the kill.
    site = await prepareCrashSite({ workflows, env: { GIGAFLOW_WAIT_IN_MEMORY_MAX_MS: '1000' } });
    const ids = site.workflowIds;
    const first = await site.start();

    // Waits first, parked in storage before the kill.
    for (let i = 0; i < WAIT_CALLS; i++) expect((await post(first, 'crash-wait')).status).toBe(200);
    const parked = await eventually('the waits parked', async () => {
      const rows = await site.executions(first, `&workflowId=${ids.wait}&status=waiting`);
      return rows.length === WAIT_CALLS ? rows : undefined;
    });
    const waitTill = Math.max(...parked.map((w) => Date.parse(w.startedAt))) + WAIT_SECONDS * 1000;

    // Callers that keep calling: slow runs (in the Code node for a while) and fast ones.
    const answered: Record<'slow' | 'fast', string[]> = { slow: [], fast: [] };
    let killed = false;
    const keepCalling = async (kind: 'slow' | 'fast') => {
      while (!killed) {
        const res = await post(first, `crash-${kind}`).catch(() => undefined);
        if (res?.status === 200) answered[kind].push(((await res.json()) as { executionId: string }).executionId);
      }
    };
    const callers = [...Array.from({ length: 4 }, () => keepCalling('slow')), keepCalling('fast'), keepCalling('fast')];
    // Kill once some slow runs answered and the journal shows one inside the Code node (under load
    // the callers can all be between calls), and before the waits are due, so their time passes
    // while the host is down.
    const journal = join(site.dataDir, 'executions.journal');
    const inSlowNode = () => {
      try {
        return readJournal(readFileSync(journal, 'utf8')).some((r) => r.node === SLOW_NODE);
      } catch {
        return false;
      }
    };
    await eventually('some slow runs answered, one in the slow node', async () => ((answered.slow.length >= 5 && inSlowNode()) || Date.now() > waitTill - 1500 ? true : undefined), 60_000);
    await site.kill9(first);
    killed = true;
    await Promise.all(callers);
    const answeredAtKill = [...answered.slow, ...answered.fast];
    // What the killed process left: every run it had started and not ended.
    const inFlight = readJournal(readFileSync(journal, 'utf8'));
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.some((r) => r.node === SLOW_NODE)).toBe(true);

    // Restart after the waits were due.
    const delay = waitTill - Date.now();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const second = await site.start();
    expect(second.output()).toContain('executions in progress when the host stopped are marked crashed');

    // Saved waits resume promptly, and end success.
    const waits = await eventually(
      'the saved waits resumed',
      async () => {
        const rows = await site.executions(second, `&workflowId=${ids.wait}`);
        return rows.length === WAIT_CALLS && rows.every((r) => r.status === 'success') ? rows : undefined;
      },
      20_000,
    );
    for (const w of waits) expect((await site.api<ExecutionRecord>(second, `/executions/${w.id}`)).runData[AFTER_WAIT_NODE]).toHaveLength(1);

    const all = await site.executions(second);
    const byId = new Map(all.map((e) => [e.id, e]));
    expect(all.filter((e) => e.status === 'running' || e.status === 'new')).toEqual([]);
    // Every run the killed host had accepted has its row: crashed in the node the journal named
    // (or finished, if it ended in the instant before the kill).
    for (const run of inFlight) {
      const row = byId.get(run.id);
      expect(row?.status, run.id).toMatch(/^(crashed|success)$/);
      if (row?.status === 'crashed') expect(row.error?.node, run.id).toBe(run.node);
    }
    const crashed = all.filter((e) => e.status === 'crashed');
    expect(crashed.filter((e) => e.workflowId === ids.slow && e.error?.node === SLOW_NODE).length).toBeGreaterThan(0);
    const nodeNames = Object.values(workflows).flatMap((w) => w.nodes.map((n) => n.name));
    for (const e of crashed) expectCrashedAtANodeOf(e, nodeNames);
    expect(all.every((e) => e.status === 'success' || e.status === 'crashed')).toBe(true);
    // Every 200 a caller got is a stored success.
    expect(answeredAtKill.length).toBeGreaterThan(0);
    for (const id of answeredAtKill) expect(byId.get(id)?.status, id).toBe('success');

    // A crashed run can be retried like a failed one.
    const retried = await site.api<ExecutionRecord>(second, `/executions/${crashed[0].id}/retry`, { method: 'POST' });
    expect(retried).toMatchObject({ retryOf: crashed[0].id, mode: 'retry' });

    // A second restart changes nothing.
    const before = await site.executions(second);
    await site.kill9(second);
    const third = await site.start();
    expect(await site.executions(third)).toEqual(before);
    expect(third.output()).not.toContain('marked crashed');
  });
});

const post = (host: HostProcess, path: string) => fetch(`${host.url}/webhook/${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

function expectCrashedAtANodeOf(e: ExecutionSummary, nodes: string[]): void {
  expect(e.error, e.id).toMatchObject({ name: CRASHED_ERROR_NAME });
  if (e.error?.node) {
    expect(nodes).toContain(e.error.node);
    expect(e.lastNodeExecuted).toBe(e.error.node);
    expect(e.error.message).toBe(crashedMessage(e.error.node));
  } else expect(e.error?.message).toBe(crashedMessage());
  expect(e.stoppedAt).toEqual(expect.any(String));
}

// crash-recovery.ts on each storage, with journals written by hand.
const storages: [string, () => Promise<{ storage: Storage; done(): Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gigaflow-recovery-'));
      const storage = createSqliteStorage({ path: join(dir, 'db.sqlite'), encryptionKey: randomBytes(32) });
      return { storage, done: async () => (await storage.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      db ??= await createTestDatabase();
      const storage = await freshPostgresStorage(db, randomBytes(32));
      return { storage, done: () => storage.close() };
    },
  ],
];
let db: TestDatabase | undefined;
afterAll(async () => db?.drop());

describe.each(storages)('crash recovery on %s', (_name, open) => {
  let storage: Storage;
  let done: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ storage, done } = await open());
    dir = mkdtempSync(join(tmpdir(), 'gigaflow-recovery-journal-'));
  });
  afterAll(async () => {
    await done();
    rmSync(dir, { recursive: true, force: true });
  });

  const flow = (name: string, setName = 'Set'): Parameters<Storage['workflows']['create']>[0] => ({
    name,
    nodes: [
      { id: 'a', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path: name } },
      { id: 'b', name: setName, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: {} },
    ],
    connections: { Webhook: { main: [[{ node: setName, type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  });
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it('crashes journal runs at their node, creates the rows quick runs never wrote, sweeps rows left running, and does it once', async () => {
    const v1 = await storage.workflows.create(flow(`recovery-${randomBytes(3).toString('hex')}`, 'Set v1'));
    const v2 = await storage.workflows.update(v1.id, flow(v1.name, 'Set v2'));
    const wf = { ...v2 } as Workflow;
    const row = (id: string, extra: Partial<ExecutionRecord>) =>
      storage.executions.create({ id, workflowId: wf.id, workflowVersionId: wf.versionId, mode: 'webhook', status: 'running', startedAt: ago(60_000), runData: {}, workflowData: wf, ...extra });
    const uid = () => `rec${randomBytes(6).toString('hex')}`;
    const long = uid(); // a long run: its row is `running`
    const quick = uid(); // a quick run: no row yet; started on version 1
    const unknownVersion = uid(); // no row, and a version id storage does not know: the current workflow
    const unsaved = uid(); // a manual run of an unsaved workflow: nothing to record it against
    const finished = uid(); // finished just before the kill (its row is final, the end line was not written)
    const resumed = uid(); // a resumed wait, running again at the kill
    const orphan = uid(); // left `running` with no journal (journal lost): node unknown
    const orphanAfterWait = uid(); // same, but a wait had parked it at node Wait once
    const ours = uid(); // running in this very process (started after boot): not touched
    await row(long, {});
    await row(finished, { status: 'success', stoppedAt: ago(1000), lastNodeExecuted: 'Set v2' });
    await row(resumed, { runData: { Wait: [{ startTime: 0, executionTime: 1, executionStatus: 'success', source: [], inputItemCounts: [1] }] }, lastNodeExecuted: 'Wait' });
    await row(orphan, {});
    await row(orphanAfterWait, { lastNodeExecuted: 'Wait' });
    await row(ours, { startedAt: new Date(Date.now() + 60_000).toISOString() });

    const path = join(dir, `${wf.id}.journal`);
    const previous = openRunJournal(path).journal;
    const start = (id: string, extra: object = {}) => previous.started({ id, workflowId: wf.id, versionId: wf.versionId, mode: 'webhook', startedAt: ago(30_000), ...extra });
    start(long);
    previous.nodeStarted(long, 'Webhook');
    previous.nodeStarted(long, 'Set v2');
    start(quick, { versionId: v1.versionId });
    previous.nodeStarted(quick, 'Webhook');
    start(unknownVersion, { versionId: 'no-such-version' });
    start(unsaved, { workflowId: '', versionId: undefined, mode: 'manual' });
    previous.nodeStarted(unsaved, 'Manual');
    start(finished);
    previous.nodeStarted(finished, 'Set v2');
    start(resumed);
    previous.nodeStarted(resumed, 'After Wait');
    previous.close(); // writes them; the process "dies" here

    const bootedAt = new Date().toISOString();
    const warnings: unknown[][] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (...args: unknown[]) => void warnings.push(args), child() { return this; } };
    const opened = openRunJournal(path);
    const counts = await recoverCrashedExecutions({ storage, journal: opened.journal, previous: opened.previous, startedBefore: bootedAt, logger });
    expect(counts).toEqual({ crashed: 2, created: 2, finished: 1, skipped: 1, swept: 2 });

    const get = async (id: string) => (await storage.executions.get(id))!;
    expect(await get(long)).toMatchObject({ status: 'crashed', lastNodeExecuted: 'Set v2', stoppedAt: expect.any(String), error: { name: CRASHED_ERROR_NAME, node: 'Set v2', message: crashedMessage('Set v2') } });
    const created = await get(quick);
    expect(created).toMatchObject({ status: 'crashed', workflowId: wf.id, workflowVersionId: v1.versionId, mode: 'webhook', lastNodeExecuted: 'Webhook', error: { node: 'Webhook', message: 'The host stopped while node "Webhook" was running (crash or kill); the execution did not finish' } });
    expect(created.workflowData?.nodes.map((n) => n.name)).toEqual(['Webhook', 'Set v1']); // the version it started with
    expect((await get(unknownVersion)).workflowData?.nodes.map((n) => n.name)).toEqual(['Webhook', 'Set v2']);
    expect(await storage.executions.get(unsaved)).toBeUndefined();
    expect(warnings.some(([msg]) => String(msg).includes('unsaved workflow'))).toBe(true);
    expect(await get(finished)).toMatchObject({ status: 'success', lastNodeExecuted: 'Set v2' });
    expect(await get(resumed)).toMatchObject({ status: 'crashed', lastNodeExecuted: 'After Wait', error: { node: 'After Wait' }, runData: { Wait: [expect.anything()] } });
    expect(await get(orphan)).toMatchObject({ status: 'crashed', error: { name: CRASHED_ERROR_NAME, message: crashedMessage() } });
    expect((await get(orphan)).error?.node).toBeUndefined();
    expect(await get(orphanAfterWait)).toMatchObject({ status: 'crashed', lastNodeExecuted: 'Wait', error: { node: 'Wait', message: crashedMessage() } });
    expect((await get(ours)).status).toBe('running');
    expect(warnings.some(([msg]) => String(msg).includes('marked crashed'))).toBe(true);
    expect(opened.journal.inFlight()).toEqual([]);
    opened.journal.close();

    // Idempotent: another start finds nothing left to do and changes nothing.
    const snapshot = await Promise.all([long, quick, unknownVersion, finished, resumed, orphan, orphanAfterWait, ours].map(get));
    const again = openRunJournal(path);
    expect(again.previous).toEqual([]);
    expect(await recoverCrashedExecutions({ storage, journal: again.journal, previous: again.previous, startedBefore: bootedAt })).toEqual({ crashed: 0, created: 0, finished: 0, skipped: 0, swept: 0 });
    expect(await Promise.all([long, quick, unknownVersion, finished, resumed, orphan, orphanAfterWait, ours].map(get))).toEqual(snapshot);
    again.journal.close();
    await storage.executions.update(ours, { status: 'success', stoppedAt: new Date().toISOString() });
  });

  it('leaves alone the runs the new process journals itself', async () => {
    const path = join(dir, 'own.journal');
    const opened = openRunJournal(path);
    const wf = await storage.workflows.create(flow(`own-${randomBytes(3).toString('hex')}`));
    const id = `own${randomBytes(6).toString('hex')}`;
    // A run of this process that kept an old start time (as a resumed wait does).
    await storage.executions.create({ id, workflowId: wf.id, mode: 'webhook', status: 'running', startedAt: ago(60_000), runData: {} });
    opened.journal.started({ id, workflowId: wf.id, mode: 'webhook', startedAt: ago(60_000) });
    const counts = await recoverCrashedExecutions({ storage, journal: opened.journal, previous: opened.previous, startedBefore: new Date().toISOString() });
    expect(counts.swept).toBe(0);
    expect((await storage.executions.get(id))?.status).toBe('running');
    opened.journal.close();
  });
});
