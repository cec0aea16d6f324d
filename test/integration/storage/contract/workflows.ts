import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../host/model/errors.ts';
import type { WorkflowInput } from '../../../../host/model/index.ts';
import { sampleWorkflow } from '../fixtures.ts';
import { type GetStorage, ISO, URL_SAFE_ID, UUID, collectPages, expectRejects, sleep } from './helpers.ts';

export function workflowContract(s: GetStorage): void {
  describe('workflows', () => {
    it('create assigns a URL-safe id, a uuid versionId, timestamps and active=false; get returns the same', async () => {
      const wf = await s().workflows.create(sampleWorkflow('Intake'));
      expect(wf.id).toMatch(URL_SAFE_ID);
      expect(wf.versionId).toMatch(UUID);
      expect(wf.createdAt).toMatch(ISO);
      expect(wf.updatedAt).toBe(wf.createdAt);
      expect(wf.active).toBe(false);
      expect(await s().workflows.get(wf.id)).toEqual(wf);
      expect(await s().workflows.get('nope')).toBeUndefined();
      const other = await s().workflows.create(sampleWorkflow('Intake'));
      expect(other.id).not.toBe(wf.id);
      expect(other.versionId).not.toBe(wf.versionId);
    });

    it('stores nodes, connections, settings, pinData, meta, tags and staticData as given', async () => {
      const input = sampleWorkflow('Full', {
        active: true,
        pinData: { Webhook: [{ json: { a: 1, nested: { b: [1, 2, 'ü'] } } }] },
        meta: { templateId: 'x', instanceId: 'y' },
        tags: ['field', 'Ops'],
        staticData: { lastId: 41, 'node:Poll': { cursor: 'abc' } },
      });
      const wf = await s().workflows.create(input);
      const got = await s().workflows.get(wf.id);
      expect(got).toMatchObject({ ...input, active: true });
      expect(got?.nodes).toStrictEqual(input.nodes);
      expect(await s().staticData.get(wf.id)).toEqual(input.staticData);
    });

    it('uses a given free id and rejects a taken one with 409, leaving the first untouched', async () => {
      const first = await s().workflows.create(sampleWorkflow('One', { id: 'my-flow_1' }));
      expect(first.id).toBe('my-flow_1');
      await expectRejects(s().workflows.create(sampleWorkflow('Two', { id: 'my-flow_1' })), ValidationError, 409, 'my-flow_1');
      expect(await s().workflows.get('my-flow_1')).toEqual(first);
      expect(await s().workflows.listVersions('my-flow_1')).toHaveLength(1);
      await expectRejects(s().workflows.create(sampleWorkflow('Bad', { id: 'a/b' })), ValidationError, 400);
    });

    it('rejects malformed input with a 400 ValidationError naming the field', async () => {
      const bad = [{ ...sampleWorkflow(), name: '' }, { ...sampleWorkflow(), nodes: 'x' }, { ...sampleWorkflow(), tags: [1] }, { ...sampleWorkflow(), settings: [] }];
      for (const input of bad) await expectRejects(s().workflows.create(input as unknown as WorkflowInput), ValidationError, 400);
      expect((await s().workflows.list()).data).toHaveLength(0);
    });

    it('update replaces the definition with a new versionId and keeps id, createdAt and active', async () => {
      const wf = await s().workflows.create(sampleWorkflow('Before', { active: true, tags: ['x'], pinData: { Webhook: [] } }));
      await sleep(3);
      const input = sampleWorkflow('After', { settings: { timezone: 'Europe/Berlin' } });
      input.nodes = input.nodes.slice(0, 2);
      const updated = await s().workflows.update(wf.id, input);
      expect(updated.id).toBe(wf.id);
      expect(updated.versionId).toMatch(UUID);
      expect(updated.versionId).not.toBe(wf.versionId);
      expect(updated.createdAt).toBe(wf.createdAt);
      expect(updated.updatedAt! > wf.updatedAt!).toBe(true);
      expect(updated).toMatchObject({ name: 'After', active: true, settings: { timezone: 'Europe/Berlin' } });
      expect(updated.nodes).toHaveLength(2);
      expect(updated.tags).toBeUndefined();
      expect(updated.pinData).toBeUndefined();
      expect(await s().workflows.get(wf.id)).toEqual(updated);
      expect((await s().workflows.update(wf.id, { ...input, active: false })).active).toBe(false);
    });

    it('update and setActive on a missing id throw NotFoundError (404)', async () => {
      await expectRejects(s().workflows.update('missing', sampleWorkflow()), NotFoundError, 404, 'missing');
      await expectRejects(s().workflows.setActive('missing', true), NotFoundError, 404, 'missing');
      await expectRejects(s().workflows.restoreVersion('missing', 'v'), NotFoundError, 404);
    });

    it('keeps static data across updates without staticData, clears it on staticData: null', async () => {
      const wf = await s().workflows.create(sampleWorkflow('S', { staticData: { n: 1 } }));
      await s().staticData.set(wf.id, { n: 2 });
      const kept = await s().workflows.update(wf.id, sampleWorkflow('S2'));
      expect(kept.staticData).toEqual({ n: 2 });
      expect(await s().staticData.get(wf.id)).toEqual({ n: 2 });
      await s().workflows.update(wf.id, sampleWorkflow('S3', { staticData: null }));
      expect(await s().staticData.get(wf.id)).toEqual({});
    });

    it('list filters by case-insensitive name substring, active and tag', async () => {
      const a = await s().workflows.create(sampleWorkflow('Modem Intake', { tags: ['field', 'Ops'], active: true }));
      const b = await s().workflows.create(sampleWorkflow('ÄRGER report', { tags: ['ops'] }));
      const c = await s().workflows.create(sampleWorkflow('Nightly sync', { active: true }));
      const ids = async (f: Parameters<ReturnType<GetStorage>['workflows']['list']>[0]) => (await s().workflows.list(f)).data.map((w) => w.id).sort();
      expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
      expect(await ids({ name: 'INTAKE' })).toEqual([a.id]);
      expect(await ids({ name: 'ärger' })).toEqual([b.id]);
      expect(await ids({ name: 'n' })).toEqual([a.id, c.id].sort());
      expect(await ids({ active: true })).toEqual([a.id, c.id].sort());
      expect(await ids({ active: false })).toEqual([b.id]);
      expect(await ids({ tag: 'ops' })).toEqual([a.id, b.id].sort());
      expect(await ids({ tag: 'field', active: true, name: 'modem' })).toEqual([a.id]);
      expect(await ids({ tag: 'field', active: false })).toEqual([]);
      expect(await ids({ name: '%' })).toEqual([]);
    });

    it('paginates newest-updated first with a cursor, each workflow exactly once', async () => {
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await s().workflows.create(sampleWorkflow(`W${i}`))).id);
      await sleep(3);
      await s().workflows.update(created[0], sampleWorkflow('W0 edited'));
      const all = (await s().workflows.list()).data;
      expect(all[0].id).toBe(created[0]);
      for (let i = 1; i < all.length; i++) {
        const [prev, cur] = [all[i - 1], all[i]];
        expect(prev.updatedAt! > cur.updatedAt! || (prev.updatedAt === cur.updatedAt && prev.id > cur.id)).toBe(true);
      }
      const { rows, pages } = await collectPages((cursor) => s().workflows.list({ limit: 3, cursor }));
      expect(pages).toBe(3);
      expect(rows.map((w) => w.id)).toEqual(all.map((w) => w.id));
      const exact = await s().workflows.list({ limit: 7 });
      expect(exact.data).toHaveLength(7);
      expect(exact.nextCursor).toBeUndefined();
      await expectRejects(s().workflows.list({ cursor: 'garbage' }), ValidationError, 400);
    });

    it('setActive toggles active and listActive returns only active workflows', async () => {
      const a = await s().workflows.create(sampleWorkflow('A'));
      const b = await s().workflows.create(sampleWorkflow('B'));
      const on = await s().workflows.setActive(a.id, true);
      expect(on.active).toBe(true);
      expect(on.versionId).toBe(a.versionId);
      expect((await s().workflows.listActive()).map((w) => w.id)).toEqual([a.id]);
      await s().workflows.setActive(b.id, true);
      await s().workflows.setActive(a.id, false);
      expect((await s().workflows.listActive()).map((w) => w.id)).toEqual([b.id]);
      expect((await s().workflows.get(a.id))?.active).toBe(false);
    });

    it('delete removes the workflow with its versions, webhooks and static data', async () => {
      const wf = await s().workflows.create(sampleWorkflow('Gone', { staticData: { x: 1 } }));
      const keep = await s().workflows.create(sampleWorkflow('Kept'));
      await s().webhooks.replaceForWorkflow(wf.id, [{ node: 'Webhook', method: 'POST', path: 'gone' }]);
      await s().webhooks.replaceForWorkflow(keep.id, [{ node: 'Webhook', method: 'POST', path: 'kept' }]);
      expect(await s().workflows.delete(wf.id)).toBe(true);
      expect(await s().workflows.get(wf.id)).toBeUndefined();
      expect(await s().workflows.listVersions(wf.id)).toEqual([]);
      expect(await s().workflows.getVersion(wf.id, wf.versionId!)).toBeUndefined();
      expect((await s().webhooks.list()).map((h) => h.path)).toEqual(['kept']);
      expect(await s().staticData.get(wf.id)).toEqual({});
      expect(await s().workflows.delete(wf.id)).toBe(false);
      expect(await s().workflows.get(keep.id)).toEqual(keep);
    });

    it('keeps one version per save; restoreVersion saves the old definition as a new version', async () => {
      const v1 = await s().workflows.create(sampleWorkflow('First', { tags: ['t1'] }));
      const v2 = await s().workflows.update(v1.id, sampleWorkflow('Second'));
      const v3 = await s().workflows.update(v1.id, sampleWorkflow('Third', { meta: { m: 1 } }));
      const versions = await s().workflows.listVersions(v1.id);
      expect(versions.map((v) => v.versionId)).toEqual([v3.versionId, v2.versionId, v1.versionId]);
      expect(versions[0]).toEqual({ workflowId: v1.id, versionId: v3.versionId, createdAt: v3.updatedAt });
      const old = await s().workflows.getVersion(v1.id, v1.versionId!);
      expect(old).toEqual({ workflowId: v1.id, versionId: v1.versionId, createdAt: v1.createdAt, workflow: v1 });
      expect(await s().workflows.getVersion('other', v1.versionId!)).toBeUndefined();

      const restored = await s().workflows.restoreVersion(v1.id, v1.versionId!);
      expect(restored.versionId).not.toBe(v1.versionId);
      expect(restored).toMatchObject({ id: v1.id, name: 'First', tags: ['t1'], nodes: v1.nodes, connections: v1.connections, settings: v1.settings });
      expect(restored.meta).toBeUndefined();
      expect(await s().workflows.get(v1.id)).toEqual(restored);
      const after = await s().workflows.listVersions(v1.id);
      expect(after.map((v) => v.versionId)).toEqual([restored.versionId, v3.versionId, v2.versionId, v1.versionId]);
      expect((await s().workflows.getVersion(v1.id, v3.versionId!))?.workflow).toEqual(v3);
      await expectRejects(s().workflows.restoreVersion(v1.id, 'no-such-version'), NotFoundError, 404);
    });

    it('undoUpdate takes an update back: the row as before (version, updatedAt, static data) and its version row gone', async () => {
      const before = await s().workflows.create(sampleWorkflow('Before', { tags: ['Keep'], meta: { m: 1 }, staticData: { n: 1 } }));
      await s().workflows.update(before.id, sampleWorkflow('Middle', { tags: ['Keep'] }));
      const previous = (await s().workflows.get(before.id))!;
      const versionsBefore = await s().workflows.listVersions(before.id);
      await sleep(5); // so a wrongly kept updatedAt would differ
      const imported = await s().workflows.update(before.id, sampleWorkflow('Imported', { tags: ['new'], staticData: { n: 2 } }));
      await s().workflows.setActive(before.id, true);
      await s().workflows.setActive(before.id, false);
      await s().workflows.undoUpdate(previous, imported.versionId!);
      expect(await s().workflows.get(before.id)).toEqual(previous);
      expect(await s().workflows.listVersions(before.id)).toEqual(versionsBefore);
      expect(await s().workflows.getVersion(before.id, imported.versionId!)).toBeUndefined();
      expect((await s().workflows.list({ tag: 'keep' })).data.map((w) => w.id)).toEqual([before.id]);
      expect((await s().workflows.list({ tag: 'new' })).data).toEqual([]);
      await expectRejects(s().workflows.undoUpdate({ ...previous, id: 'missing' }, imported.versionId!), NotFoundError, 404);
    });

    it('undoUpdate keeps a save made after the undone update current (only the undone version goes)', async () => {
      const first = await s().workflows.create(sampleWorkflow('First'));
      const undone = await s().workflows.update(first.id, sampleWorkflow('Undone'));
      const later = await s().workflows.update(first.id, sampleWorkflow('Saved meanwhile'));
      await s().workflows.undoUpdate(first, undone.versionId!);
      expect(await s().workflows.get(first.id)).toEqual(later);
      expect((await s().workflows.listVersions(first.id)).map((v) => v.versionId)).toEqual([later.versionId, first.versionId]);
    });
  });
}
