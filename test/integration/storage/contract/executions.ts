import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../host/model/errors.ts';
import type { ExecutionRecord, ExecutionStatus } from '../../../../host/model/index.ts';
import { sampleExecution } from '../fixtures.ts';
import { type GetStorage, URL_SAFE_ID, collectPages, expectRejects } from './helpers.ts';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const at = (minute: number): string => new Date(Date.UTC(2030, 0, 1, 0, minute)).toISOString();

export function executionContract(s: GetStorage): void {
  describe('executions', () => {
    it('create assigns an id and get returns the whole record, run data and workflow snapshot included', async () => {
      const record = sampleExecution('wf1', { workflowVersionId: 'v-1', retryOf: 'e0', timedOut: false, error: { name: 'Error', message: 'boom', node: 'IF', timestamp: 1 } });
      const id = await s().executions.create(record);
      expect(id).toMatch(URL_SAFE_ID);
      expect(await s().executions.get(id)).toEqual({ ...record, id });
      expect(await s().executions.get('missing')).toBeUndefined();
      const other = await s().executions.create(record);
      expect(other).not.toBe(id);
    });

    it('uses a given id; a taken id is a 409', async () => {
      const id = await s().executions.create({ ...sampleExecution('wf1'), id: 'exec-42' });
      expect(id).toBe('exec-42');
      await expectRejects(s().executions.create({ ...sampleExecution('wf2'), id: 'exec-42' }), ValidationError, 409, 'exec-42');
      expect((await s().executions.get('exec-42'))?.workflowId).toBe('wf1');
    });

    it('concurrent writes all land, in call order; one failing write fails alone', async () => {
      await s().executions.create({ ...sampleExecution('wf1'), id: 'taken' });
      const creates = Array.from({ length: 50 }, (_, i) => s().executions.create(sampleExecution('wfC', { startedAt: at(i) })));
      const duplicate = s().executions.create({ ...sampleExecution('wfC'), id: 'taken' });
      const more = s().executions.create(sampleExecution('wfC', { startedAt: at(59) }));
      const patched = more.then((id) => s().executions.update(id, { status: 'error' }));
      const missing = s().executions.update('nope', { status: 'error' });
      const listed = s().executions.list({ workflowId: 'wfC', limit: 1000 }); // issued after the creates: sees them
      await expectRejects(duplicate, ValidationError, 409, 'taken');
      await expectRejects(missing, NotFoundError, 404);
      const ids = [...(await Promise.all(creates)), await more];
      await patched;
      expect(new Set(ids).size).toBe(51);
      expect((await listed).data).toHaveLength(51);
      expect((await s().executions.get(await more))?.status).toBe('error');
      expect((await s().executions.get('taken'))?.workflowId).toBe('wf1');
    });

    it('rejects an unknown status or mode and a bad startedAt', async () => {
      await expectRejects(s().executions.create({ ...sampleExecution('wf1'), status: 'done' as ExecutionStatus }), ValidationError, 400, 'status');
      await expectRejects(s().executions.create({ ...sampleExecution('wf1'), mode: 'x' as ExecutionRecord['mode'] }), ValidationError, 400, 'mode');
      await expectRejects(s().executions.create({ ...sampleExecution('wf1'), startedAt: 'yesterday' }), ValidationError, 400, 'startedAt');
    });

    it('update patches only the given fields; a missing id is a 404', async () => {
      const start = sampleExecution('wf1', { status: 'running', runData: {}, stoppedAt: undefined, lastNodeExecuted: undefined });
      const id = await s().executions.create(start);
      const final = sampleExecution('wf1');
      await s().executions.update(id, { status: 'success', stoppedAt: final.stoppedAt, runData: final.runData, lastNodeExecuted: 'Respond' });
      const got = await s().executions.get(id);
      expect(got).toEqual({ ...start, id, status: 'success', stoppedAt: final.stoppedAt, runData: final.runData, lastNodeExecuted: 'Respond' });
      await s().executions.update(id, { status: 'error', error: { name: 'Error', message: 'late', timestamp: 2 }, timedOut: true });
      expect(await s().executions.get(id)).toMatchObject({ status: 'error', error: { message: 'late' }, timedOut: true, runData: final.runData, lastNodeExecuted: 'Respond' });
      await expectRejects(s().executions.update('missing', { status: 'success' }), NotFoundError, 404, 'missing');
    });

    it('keeps a waiting execution\'s waitTill/resumeState and a queued one\'s queueInput until patched to null; summaries leave them out', async () => {
      const queueInput = { kind: 'start' as const, startNode: 'Webhook', triggerItems: [{ json: { q: 1 } }], responseMode: 'lastNode' as const };
      const id = await s().executions.create(sampleExecution('wfQ', { status: 'new', runData: {}, queueInput }));
      expect((await s().executions.get(id))?.queueInput).toEqual(queueInput);
      const waitTill = new Date(Date.UTC(2031, 5, 1)).toISOString();
      await s().executions.update(id, { status: 'waiting', waitTill, resumeState: { node: 'Wait', stack: [1, 2] }, queueInput: null });
      const waiting = await s().executions.get(id);
      expect(waiting).toMatchObject({ status: 'waiting', waitTill, resumeState: { node: 'Wait', stack: [1, 2] } });
      expect(waiting?.queueInput).toBeUndefined();
      await s().executions.update(id, { status: 'running', waitTill: null, resumeState: null });
      const resumed = await s().executions.get(id);
      expect(resumed?.waitTill).toBeUndefined();
      expect(resumed?.resumeState).toBeUndefined();
      const [summary] = (await s().executions.list({ workflowId: 'wfQ' })).data;
      expect(Object.keys(summary).sort()).toEqual(['id', 'lastNodeExecuted', 'mode', 'startedAt', 'status', 'stoppedAt', 'workflowId']);
    });

    it('list returns summaries without run data, newest first, filtered', async () => {
      const mk = (wf: string, minute: number, status: ExecutionStatus, mode: ExecutionRecord['mode'] = 'webhook') =>
        s().executions.create(sampleExecution(wf, { startedAt: at(minute), stoppedAt: at(minute), status, mode }));
      const e1 = await mk('wfA', 1, 'success');
      const e2 = await mk('wfB', 2, 'error', 'manual');
      const e3 = await mk('wfA', 3, 'running', 'trigger');
      const e4 = await mk('wfA', 4, 'success', 'manual');
      const all = await s().executions.list();
      expect(all.data.map((e) => e.id)).toEqual([e4, e3, e2, e1]);
      expect(all.nextCursor).toBeUndefined();
      for (const summary of all.data) {
        expect(summary).not.toHaveProperty('runData');
        expect(summary).not.toHaveProperty('workflowData');
      }
      expect(all.data[3]).toEqual({ id: e1, workflowId: 'wfA', mode: 'webhook', status: 'success', startedAt: at(1), stoppedAt: at(1), lastNodeExecuted: 'Respond' });
      const ids = async (f: Parameters<ReturnType<GetStorage>['executions']['list']>[0]) => (await s().executions.list(f)).data.map((e) => e.id);
      expect(await ids({ workflowId: 'wfA' })).toEqual([e4, e3, e1]);
      expect(await ids({ status: 'success' })).toEqual([e4, e1]);
      expect(await ids({ mode: 'manual' })).toEqual([e4, e2]);
      expect(await ids({ workflowId: 'wfA', status: 'success', mode: 'manual' })).toEqual([e4]);
      expect(await ids({ startedAfter: at(1), startedBefore: at(4) })).toEqual([e3, e2]);
      expect(await ids({ startedAfter: at(2) })).toEqual([e4, e3]);
      expect(await ids({ startedBefore: at(2) })).toEqual([e1]);
      expect(await ids({ workflowId: 'none' })).toEqual([]);
    });

    it('paginates newest first with a cursor, ties on startedAt broken by id', async () => {
      const created: string[] = [];
      for (let i = 0; i < 9; i++) created.push(await s().executions.create(sampleExecution('wf1', { startedAt: at(i % 3) })));
      const full = (await s().executions.list()).data;
      const { rows, pages } = await collectPages((cursor) => s().executions.list({ limit: 4, cursor }));
      expect(pages).toBe(3);
      expect(rows.map((e) => e.id)).toEqual(full.map((e) => e.id));
      expect(new Set(rows.map((e) => e.id))).toEqual(new Set(created));
      for (let i = 1; i < rows.length; i++) {
        const [p, c] = [rows[i - 1], rows[i]];
        expect(p.startedAt > c.startedAt || (p.startedAt === c.startedAt && p.id > c.id)).toBe(true);
      }
      const { rows: filtered } = await collectPages((cursor) => s().executions.list({ limit: 2, cursor, startedBefore: at(2) }));
      expect(filtered).toHaveLength(6);
      await expectRejects(s().executions.list({ cursor: 'not-a-cursor' }), ValidationError, 400);
    });

    it('delete removes one execution', async () => {
      const id = await s().executions.create(sampleExecution('wf1'));
      expect(await s().executions.delete(id)).toBe(true);
      expect(await s().executions.get(id)).toBeUndefined();
      expect(await s().executions.delete(id)).toBe(false);
    });

    it('prune by age deletes only old finished executions', async () => {
      const old: Record<string, string> = {};
      for (const status of ['success', 'error', 'canceled', 'running', 'waiting', 'new'] as const) {
        old[status] = await s().executions.create(sampleExecution('wf1', { status, startedAt: ago(10 * DAY) }));
      }
      const recent = await s().executions.create(sampleExecution('wf1', { startedAt: ago(DAY) }));
      expect(await s().executions.prune({ maxAgeMs: 7 * DAY })).toEqual({ deleted: 3 });
      const left = (await s().executions.list()).data.map((e) => e.id).sort();
      expect(left).toEqual([old.running, old.waiting, old.new, recent].sort());
      expect(await s().executions.prune({ maxAgeMs: 7 * DAY })).toEqual({ deleted: 0 });
    });

    it('prune by count keeps the newest finished executions and every unfinished one', async () => {
      const finished: string[] = [];
      for (let i = 0; i < 5; i++) finished.push(await s().executions.create(sampleExecution('wf1', { startedAt: at(10 + i) })));
      const waiting = await s().executions.create(sampleExecution('wf1', { status: 'waiting', startedAt: at(1) }));
      const running = await s().executions.create(sampleExecution('wf1', { status: 'running', startedAt: at(2) }));
      expect(await s().executions.prune({ maxCount: 2 })).toEqual({ deleted: 3 });
      expect((await s().executions.list()).data.map((e) => e.id)).toEqual([finished[4], finished[3], running, waiting]);
      expect(await s().executions.prune({ maxCount: 0 })).toEqual({ deleted: 2 });
      expect((await s().executions.list()).data.map((e) => e.id)).toEqual([running, waiting]);
    });

    it('prune applies age and count together', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(await s().executions.create(sampleExecution('wf1', { startedAt: ago((i + 1) * DAY) })));
      ids.push(await s().executions.create(sampleExecution('wf1', { startedAt: ago(30 * DAY) })));
      expect(await s().executions.prune({ maxAgeMs: 10 * DAY, maxCount: 3 })).toEqual({ deleted: 2 });
      expect((await s().executions.list()).data.map((e) => e.id)).toEqual(ids.slice(0, 3));
      await expectRejects(s().executions.prune({ maxCount: -1 }), ValidationError, 400);
    });
  });
}
