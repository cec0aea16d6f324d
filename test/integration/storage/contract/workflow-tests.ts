import { describe, expect, it } from 'vitest';
import type { WorkflowTestCase } from '../../../../host/workflow-tests/types.ts';
import { sampleWorkflow } from '../fixtures.ts';
import { NotFoundError, ValidationError } from '../../../../host/model/errors.ts';
import { type GetStorage, ISO, expectRejects } from './helpers.ts';

const testCase = (name: string, extra: Partial<WorkflowTestCase> = {}): WorkflowTestCase => ({
  name,
  trigger: { webhook: { method: 'POST', body: { serial: 'ABC' } } },
  pinned: { 'HTTP Request': [{ ok: true }] },
  expectations: [{ node: 'Set', match: [{ serial: 'ABC' }] }],
  ...extra,
});

export function workflowTestContract(s: GetStorage): void {
  describe('workflow test cases', () => {
    it('keep their order, definition and timestamps; update keeps the place, delete removes one', async () => {
      const wf = await s().workflows.create(sampleWorkflow());
      const a = await s().workflowTests.create(wf.id, testCase('a', { description: 'first', vars: { X: '1' } }));
      const b = await s().workflowTests.create(wf.id, testCase('b'));
      await s().workflowTests.create(wf.id, testCase('c'));
      expect(a).toMatchObject({ workflowId: wf.id, name: 'a', description: 'first', vars: { X: '1' }, pinned: { 'HTTP Request': [{ ok: true }] } });
      expect(a.createdAt).toMatch(ISO);
      const updated = await s().workflowTests.update(wf.id, a.id, testCase('a renamed', { expectations: [] }));
      expect(updated).toMatchObject({ id: a.id, name: 'a renamed', expectations: [], createdAt: a.createdAt });
      expect(updated).not.toHaveProperty('description');
      expect((await s().workflowTests.list(wf.id)).map((c) => c.name)).toEqual(['a renamed', 'b', 'c']);
      expect(await s().workflowTests.delete(wf.id, b.id)).toBe(true);
      expect(await s().workflowTests.delete(wf.id, b.id)).toBe(false);
      expect(await s().workflowTests.get(wf.id, b.id)).toBeUndefined();
      expect(await s().workflowTests.update(wf.id, b.id, testCase('b'))).toBeUndefined();
      expect((await s().workflowTests.list(wf.id)).map((c) => c.name)).toEqual(['a renamed', 'c']);
    });

    it('refuse a second case of the same name (409) and a case of an unknown workflow (404)', async () => {
      const wf = await s().workflows.create(sampleWorkflow());
      const a = await s().workflowTests.create(wf.id, testCase('a'));
      await s().workflowTests.create(wf.id, testCase('b'));
      await expectRejects(s().workflowTests.create(wf.id, testCase('a')), ValidationError, 409, 'already has a test case named "a"');
      await expectRejects(s().workflowTests.update(wf.id, a.id, testCase('b')), ValidationError, 409, '"b"');
      await expectRejects(s().workflowTests.create('nope', testCase('a')), NotFoundError, 404, 'nope');
      const other = await s().workflows.create(sampleWorkflow('Other'));
      expect((await s().workflowTests.create(other.id, testCase('a'))).name).toBe('a');
      expect(await s().workflowTests.get(other.id, a.id)).toBeUndefined();
    });

    it('replaceAll swaps every case at once, or none when one is refused; deleting the workflow deletes its cases', async () => {
      const wf = await s().workflows.create(sampleWorkflow());
      await s().workflowTests.create(wf.id, testCase('old'));
      const replaced = await s().workflowTests.replaceAll(wf.id, [testCase('x'), testCase('y')]);
      expect(replaced.map((c) => c.name)).toEqual(['x', 'y']);
      await expectRejects(s().workflowTests.replaceAll(wf.id, [testCase('z'), testCase('z')]), ValidationError, 409, '"z"');
      expect((await s().workflowTests.list(wf.id)).map((c) => c.name)).toEqual(['x', 'y']);
      await s().workflows.delete(wf.id);
      expect(await s().workflowTests.list(wf.id)).toEqual([]);
    });

    it('replaceAll puts listed cases back under their own ids (an undone import), each readable by its id', async () => {
      const wf = await s().workflows.create(sampleWorkflow());
      const before = await s().workflowTests.replaceAll(wf.id, [testCase('x'), testCase('y')]);
      await s().workflowTests.replaceAll(wf.id, [testCase('z')]);
      const restored = await s().workflowTests.replaceAll(wf.id, before);
      expect(restored.map((c) => [c.id, c.name])).toEqual(before.map((c) => [c.id, c.name]));
      for (const c of restored) expect(await s().workflowTests.get(wf.id, c.id)).toEqual(c);
      // The JSON column holds the definition only: name first, id and times from the row.
      expect(Object.keys(restored[0]!)).toEqual(['id', 'workflowId', 'name', 'trigger', 'pinned', 'expectations', 'createdAt', 'updatedAt']);
      // A plain case (an import) gets a fresh id.
      const [fresh] = await s().workflowTests.replaceAll(wf.id, [testCase('x')]);
      expect(before.map((c) => c.id)).not.toContain(fresh!.id);
      await s().workflows.delete(wf.id);
      expect(await s().workflowTests.list(wf.id)).toEqual([]);
    });
  });
}
