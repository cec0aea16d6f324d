// POST /api/v1/credentials/:id/test and /api/v1/credentials/test: test a stored credential, or the
// editor's unsaved form values. A completed test is always a 200 with `{ status, message }`, also
// when the credential does not work; 400/404 only for requests the host cannot act on.
import { Router } from 'express';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { Logger } from '../../engine/types.ts';
import type { ExpressionEvaluator } from '../../expressions/evaluate.ts';
import type { IDataObject } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/index.ts';
import { N8N_BLANK_VALUE_PREFIX } from '../../runtime/credential-test-messages.ts';
import { testCredential } from '../../runtime/credential-test.ts';
import type { Storage } from '../../storage/storage.ts';
import { bodyObject, param } from '../params.ts';

export interface CredentialTestRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
  expressions?: ExpressionEvaluator;
  logger?: Logger;
  /** Whole-test limit; default 15 s. */
  timeoutMs?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Fields that decide where a secret goes or whose account it is: changing one of these means the
 * stored secrets must be typed again. Other fields (a timeout, a flag) can change freely.
 */
const DESTINATION_FIELD = /url|uri|host|server|domain|endpoint|address|site|base|port|account|user|sid|tenant|region|community/i;
const isDestination = (key: string, value: unknown) => DESTINATION_FIELD.test(key) || (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value));

/** A field the editor left empty (it never receives stored secrets, so it cannot send them back). */
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && (v.trim() === '' || v.startsWith(N8N_BLANK_VALUE_PREFIX)));
}

export function credentialTestRoutes(deps: CredentialTestRouteDeps): Router {
  const { storage, registry } = deps;
  const r = Router();
  const run = (c: { id: string; name: string; type: string; data: IDataObject }) =>
    testCredential({ registry, expressions: deps.expressions, logger: deps.logger, timeoutMs: deps.timeoutMs }, c);

  r.post('/credentials/test', async (req, res) => {
    const body = bodyObject(req);
    const { type, data, id } = body;
    if (typeof type !== 'string' || !type.trim()) throw new ValidationError('"type" must be a credential type name', { field: 'type' });
    if (!registry.credentialType(type)) throw new ValidationError(`Unknown credential type "${type}"`, { field: 'type' });
    if (data !== undefined && !isObject(data)) throw new ValidationError('"data" must be an object of credential fields', { field: 'data' });
    if (id !== undefined && (typeof id !== 'string' || !id)) throw new ValidationError('"id" must be the id of a stored credential', { field: 'id' });
    const form = { ...((data as IDataObject | undefined) ?? {}) };
    let name = typeof body.name === 'string' ? body.name : '';
    if (id !== undefined) {
      const stored = await storage.credentials.getDecrypted(id);
      if (!stored) throw new NotFoundError(`Credential ${id} not found`);
      if (stored.type !== type) throw new ValidationError(`Credential ${id} is of type "${stored.type}", not "${type}"`, { field: 'id' });
      // Testing an edit: what the user left blank keeps its stored value — but stored secrets only go
      // to where they were stored for: with a changed URL, host or account, they must be typed again.
      const secretFields = new Set((registry.credentialType(type)?.properties ?? []).filter((p) => p.typeOptions?.password).map((p) => p.name));
      const changed = Object.keys(form).filter((key) => !secretFields.has(key) && isDestination(key, stored.data[key]) && !isBlank(form[key]) && stored.data[key] !== undefined && String(stored.data[key]) !== String(form[key]));
      const reused = Object.keys(stored.data).filter((key) => secretFields.has(key) && isBlank(form[key]) && !isBlank(stored.data[key]));
      if (changed.length && reused.length)
        throw new ValidationError(`Type ${reused.map((k) => `"${k}"`).join(', ')} again to test with a changed ${changed.map((k) => `"${k}"`).join(', ')}: stored secrets are only sent where they were saved for`, { field: `data.${reused[0]}` });
      for (const [key, value] of Object.entries(stored.data)) if (isBlank(form[key])) form[key] = value;
      name ||= stored.name;
    }
    res.json(await run({ id: id ?? '', name, type, data: form }));
  });

  r.post('/credentials/:id/test', async (req, res) => {
    const id = param(req, 'id');
    const stored = await storage.credentials.getDecrypted(id);
    if (!stored) throw new NotFoundError(`Credential ${id} not found`);
    if (!registry.credentialType(stored.type))
      throw new ValidationError(`Credential ${id} has type "${stored.type}", which no installed node package provides`, { field: 'type' });
    res.json(await run({ id: stored.id, name: stored.name, type: stored.type, data: stored.data }));
  });

  return r;
}
