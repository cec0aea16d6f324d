import { describe, expect, it } from 'vitest';
import type { IDataObject } from '../../../../host/model/index.ts';
import { NotFoundError, ValidationError } from '../../../../host/model/errors.ts';
import { type GetStorage, ISO, URL_SAFE_ID, expectRejects, sleep } from './helpers.ts';

export function credentialContract(s: GetStorage): void {
  describe('credentials', () => {
    it('create returns metadata only; only getDecrypted returns the secrets', async () => {
      const meta = await s().credentials.create({ name: 'Modem API', type: 'httpHeaderAuth', data: { name: 'X-Key', value: 's3cret', n: 1 } });
      expect(meta.id).toMatch(URL_SAFE_ID);
      expect(meta).toEqual({ id: meta.id, name: 'Modem API', type: 'httpHeaderAuth', createdAt: meta.createdAt, updatedAt: meta.createdAt });
      expect(meta.createdAt).toMatch(ISO);
      expect(await s().credentials.get(meta.id)).toEqual(meta);
      expect(await s().credentials.getDecrypted(meta.id)).toEqual({ ...meta, data: { name: 'X-Key', value: 's3cret', n: 1 } });
      for (const listed of await s().credentials.list()) expect(listed).not.toHaveProperty('data');
      expect(await s().credentials.get('missing')).toBeUndefined();
      expect(await s().credentials.getDecrypted('missing')).toBeUndefined();
    });

    it('names are unique per type (409), the same name may exist under another type', async () => {
      await s().credentials.create({ name: 'Main', type: 'typeA', data: {} });
      await s().credentials.create({ name: 'Main', type: 'typeB', data: {} });
      await expectRejects(s().credentials.create({ name: 'Main', type: 'typeA', data: { x: 1 } }), ValidationError, 409, 'Main');
      const other = await s().credentials.create({ name: 'Other', type: 'typeA', data: {} });
      await expectRejects(s().credentials.update(other.id, { name: 'Main' }), ValidationError, 409, 'Main');
      expect((await s().credentials.get(other.id))?.name).toBe('Other');
      expect(await s().credentials.list()).toHaveLength(3);
    });

    it('update merges given data over the stored secrets and can rename', async () => {
      const meta = await s().credentials.create({ name: 'Db', type: 'postgres', data: { user: 'u', password: 'p', port: 5432 } });
      await sleep(3);
      const renamed = await s().credentials.update(meta.id, { name: 'Db prod', data: { password: 'p2', ssl: true } });
      expect(renamed).toMatchObject({ id: meta.id, name: 'Db prod', type: 'postgres', createdAt: meta.createdAt });
      expect(renamed.updatedAt > meta.updatedAt).toBe(true);
      expect((await s().credentials.getDecrypted(meta.id))?.data).toEqual({ user: 'u', password: 'p2', port: 5432, ssl: true });
      await s().credentials.update(meta.id, { name: 'Db prod 2' });
      expect((await s().credentials.getDecrypted(meta.id))?.data).toEqual({ user: 'u', password: 'p2', port: 5432, ssl: true });
      await expectRejects(s().credentials.update('missing', { name: 'x' }), NotFoundError, 404, 'missing');
    });

    it('findByName, list by type, delete', async () => {
      const a = await s().credentials.create({ name: 'beta', type: 't1', data: {} });
      const b = await s().credentials.create({ name: 'Alpha', type: 't1', data: {} });
      const c = await s().credentials.create({ name: 'gamma', type: 't2', data: {} });
      expect(await s().credentials.findByName('t1', 'beta')).toEqual(a);
      expect(await s().credentials.findByName('t2', 'beta')).toBeUndefined();
      expect((await s().credentials.list({ type: 't1' })).map((m) => m.id)).toEqual([b.id, a.id]);
      expect((await s().credentials.list()).map((m) => m.id)).toEqual([b.id, a.id, c.id]);
      expect(await s().credentials.delete(a.id)).toBe(true);
      expect(await s().credentials.delete(a.id)).toBe(false);
      expect(await s().credentials.findByName('t1', 'beta')).toBeUndefined();
    });

    it('rejects a credential without name, type or object data', async () => {
      await expectRejects(s().credentials.create({ name: '', type: 't', data: {} }), ValidationError, 400);
      await expectRejects(s().credentials.create({ name: 'n', type: '', data: {} }), ValidationError, 400);
      await expectRejects(s().credentials.create({ name: 'n', type: 't', data: 'x' as unknown as IDataObject }), ValidationError, 400);
    });
  });
}
