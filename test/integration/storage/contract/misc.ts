import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IDataObject } from '../../../../host/model/index.ts';
import { ValidationError } from '../../../../host/model/errors.ts';
import { type GetStorage, ISO, expectRejects } from './helpers.ts';

export function webhookContract(s: GetStorage): void {
  describe('webhooks', () => {
    it('replaceForWorkflow stores paths without leading slash and methods upper-case, replacing earlier ones', async () => {
      await s().webhooks.replaceForWorkflow('wf1', [
        { node: 'Webhook', method: 'post', path: '/q/:mac' },
        { node: 'Webhook1', method: 'GET', path: 'status' },
      ]);
      expect(await s().webhooks.list()).toEqual([
        { workflowId: 'wf1', node: 'Webhook', method: 'POST', path: 'q/:mac' },
        { workflowId: 'wf1', node: 'Webhook1', method: 'GET', path: 'status' },
      ]);
      await s().webhooks.replaceForWorkflow('wf1', [{ node: 'Webhook', method: 'POST', path: 'q/:mac' }]);
      expect(await s().webhooks.list()).toEqual([{ workflowId: 'wf1', node: 'Webhook', method: 'POST', path: 'q/:mac' }]);
      await s().webhooks.replaceForWorkflow('wf1', []);
      expect(await s().webhooks.list()).toEqual([]);
    });

    it('the same path may be used with another method or by the same workflow again', async () => {
      await s().webhooks.replaceForWorkflow('wf1', [{ node: 'A', method: 'POST', path: 'hook' }]);
      await s().webhooks.replaceForWorkflow('wf2', [{ node: 'B', method: 'GET', path: 'hook' }]);
      await s().webhooks.replaceForWorkflow('wf1', [{ node: 'A2', method: 'POST', path: 'hook' }]);
      expect(await s().webhooks.list()).toHaveLength(2);
    });

    it('a method+path held by another workflow is a 409 naming path and workflow, and changes nothing', async () => {
      await s().webhooks.replaceForWorkflow('owner', [{ node: 'Hook', method: 'POST', path: 'intake' }]);
      await s().webhooks.replaceForWorkflow('wf2', [{ node: 'Old', method: 'GET', path: 'old' }]);
      const before = await s().webhooks.list();
      await expectRejects(
        s().webhooks.replaceForWorkflow('wf2', [
          { node: 'New', method: 'GET', path: 'fresh' },
          { node: 'Clash', method: 'POST', path: '/intake' },
        ]),
        ValidationError,
        409,
        'intake',
        'owner',
      );
      expect(await s().webhooks.list()).toEqual(before);
    });

    it('dynamic paths clash whatever their parameter names', async () => {
      await s().webhooks.replaceForWorkflow('wf1', [{ node: 'A', method: 'POST', path: 'q/:mac' }]);
      await expectRejects(s().webhooks.replaceForWorkflow('wf2', [{ node: 'B', method: 'POST', path: 'q/:id' }]), ValidationError, 409, 'wf1');
      await s().webhooks.replaceForWorkflow('wf2', [{ node: 'B', method: 'POST', path: 'q/static' }]);
      expect(await s().webhooks.list()).toHaveLength(2);
    });

    it('rejects the same route twice within one workflow', async () => {
      await expectRejects(
        s().webhooks.replaceForWorkflow('wf1', [
          { node: 'A', method: 'POST', path: 'x' },
          { node: 'B', method: 'POST', path: 'x' },
        ]),
        ValidationError,
        409,
      );
      await expectRejects(s().webhooks.replaceForWorkflow('wf1', [{ node: 'A', method: 'POST', path: '/' }]), ValidationError, 400);
      expect(await s().webhooks.list()).toEqual([]);
    });

    it('removeForWorkflow removes only that workflow', async () => {
      await s().webhooks.replaceForWorkflow('wf1', [{ node: 'A', method: 'POST', path: 'a' }]);
      await s().webhooks.replaceForWorkflow('wf2', [{ node: 'B', method: 'POST', path: 'b' }]);
      await s().webhooks.removeForWorkflow('wf1');
      expect((await s().webhooks.list()).map((h) => h.workflowId)).toEqual(['wf2']);
    });
  });
}

export function apiKeyContract(s: GetStorage): void {
  describe('api keys', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('create returns gf_ + 32 bytes base64url once; verify accepts it and nothing else', async () => {
      const { key, meta } = await s().apiKeys.create('ci');
      expect(key).toMatch(/^gf_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
      expect(key.startsWith(meta.prefix)).toBe(true);
      expect(meta.prefix.length).toBeGreaterThan(3);
      expect(meta.prefix.length).toBeLessThan(16);
      expect(meta).toMatchObject({ name: 'ci' });
      expect(meta.createdAt).toMatch(ISO);
      expect(await s().apiKeys.verify(key)).toMatchObject({ id: meta.id, name: 'ci' });
      expect(await s().apiKeys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
      expect(await s().apiKeys.verify('')).toBeUndefined();
      expect(await s().apiKeys.verify(key.slice(3))).toBeUndefined();
      const second = await s().apiKeys.create('other');
      expect(second.key).not.toBe(key);
    });

    it('list shows metadata without key or hash; names are unique (409)', async () => {
      const { meta } = await s().apiKeys.create('one');
      await s().apiKeys.create('two');
      const list = await s().apiKeys.list();
      expect(list.map((k) => k.name).sort()).toEqual(['one', 'two']);
      expect(list.find((k) => k.id === meta.id)).toEqual(meta);
      for (const k of list) expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'name', 'prefix']);
      await expectRejects(s().apiKeys.create('one'), ValidationError, 409, 'one');
    });

    it('verify sets lastUsedAt, at most once a minute', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
      const { key, meta } = await s().apiKeys.create('k');
      const first = await s().apiKeys.verify(key);
      expect(first?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
      vi.setSystemTime(new Date('2030-01-01T00:00:30.000Z'));
      expect((await s().apiKeys.verify(key))?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
      expect((await s().apiKeys.list()).find((k) => k.id === meta.id)?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
      vi.setSystemTime(new Date('2030-01-01T00:01:05.000Z'));
      expect((await s().apiKeys.verify(key))?.lastUsedAt).toBe('2030-01-01T00:01:05.000Z');
      expect((await s().apiKeys.list()).find((k) => k.id === meta.id)?.lastUsedAt).toBe('2030-01-01T00:01:05.000Z');
    });

    it('revoke by id or by name; a revoked key no longer verifies', async () => {
      const a = await s().apiKeys.create('by-id');
      const b = await s().apiKeys.create('by-name');
      expect(await s().apiKeys.revoke(a.meta.id)).toBe(true);
      expect(await s().apiKeys.revoke('by-name')).toBe(true);
      expect(await s().apiKeys.verify(a.key)).toBeUndefined();
      expect(await s().apiKeys.verify(b.key)).toBeUndefined();
      expect(await s().apiKeys.revoke('by-name')).toBe(false);
      expect(await s().apiKeys.list()).toEqual([]);
    });
  });
}

export function staticDataContract(s: GetStorage): void {
  describe('static data', () => {
    it('is {} until set, then returns what was last set, per workflow', async () => {
      expect(await s().staticData.get('wf1')).toEqual({});
      await s().staticData.set('wf1', { global: { lastId: 1 }, 'node:Poll': { seen: ['a'] } });
      await s().staticData.set('wf2', { other: true });
      expect(await s().staticData.get('wf1')).toEqual({ global: { lastId: 1 }, 'node:Poll': { seen: ['a'] } });
      await s().staticData.set('wf1', { global: { lastId: 2 } });
      expect(await s().staticData.get('wf1')).toEqual({ global: { lastId: 2 } });
      expect(await s().staticData.get('wf2')).toEqual({ other: true });
      await expectRejects(s().staticData.set('wf1', [] as unknown as IDataObject), ValidationError, 400);
    });

    it('is visible on the stored workflow', async () => {
      const wf = await s().workflows.create({ name: 'W', nodes: [], connections: {}, settings: {} });
      await s().staticData.set(wf.id, { n: 5 });
      expect((await s().workflows.get(wf.id))?.staticData).toEqual({ n: 5 });
    });
  });
}
