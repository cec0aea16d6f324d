// /api/v1/credentials: secrets are write-only. Every response goes through `publicMeta`, so
// `data` (decrypted or not) can never leak, whatever the repository returns; the one exception,
// the edit form's view (`?includeData=true`), goes through `editableView`, which keeps secrets out.
import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import { isSecretField } from '../../runtime/credential-test-messages.ts';
import type { IDataObject } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/index.ts';
import type { CredentialInput, CredentialMeta, Storage } from '../../storage/storage.ts';
import { bodyObject, param, queryString } from '../params.ts';

export interface CredentialRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
}

export function publicMeta(c: CredentialMeta): CredentialMeta {
  return { id: c.id, name: c.name, type: c.type, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

const SHOWABLE_TYPES = new Set(['string', 'number', 'boolean', 'options']);

/**
 * What an edit form may show of a stored credential: the values of declared plain fields (URL, user,
 * timeout), and only the names of the stored write-only ones. Secret-looking, undeclared and
 * non-scalar values stay on the server.
 */
export function editableView(registry: NodeRegistry, type: string, stored: IDataObject): { data: IDataObject; secretFields: string[] } {
  const declared = new Map((registry.credentialType(type)?.properties ?? []).map((p) => [p.name, p]));
  const data: IDataObject = {};
  const secretFields: string[] = [];
  for (const [name, value] of Object.entries(stored)) {
    const p = declared.get(name);
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (p && scalar && SHOWABLE_TYPES.has(p.type) && !isSecretField(name, p)) data[name] = value;
    else if (value !== undefined && value !== null && value !== '') secretFields.push(name);
  }
  return { data, secretFields };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readInput(body: Record<string, unknown>, registry: NodeRegistry, partial: boolean): Partial<CredentialInput> {
  const out: Partial<CredentialInput> = {};
  if (body.name !== undefined || !partial) {
    if (typeof body.name !== 'string' || !body.name.trim()) throw new ValidationError('"name" must be a non-empty string', { field: 'name' });
    out.name = body.name.trim();
  }
  if (body.type !== undefined || !partial) {
    if (typeof body.type !== 'string' || !body.type.trim()) throw new ValidationError('"type" must be a credential type name', { field: 'type' });
    // Only checked when the registry knows credential types at all (it may load none).
    if (registry.credentialTypes().length > 0 && !registry.credentialType(body.type))
      throw new ValidationError(`Unknown credential type "${body.type}"`, { field: 'type' });
    out.type = body.type;
  }
  if (body.data !== undefined || !partial) {
    const data = body.data ?? {};
    if (!isObject(data)) throw new ValidationError('"data" must be an object of secret fields', { field: 'data' });
    out.data = data as IDataObject;
  }
  return out;
}

export function credentialRoutes(deps: CredentialRouteDeps): Router {
  const { storage, registry } = deps;
  const r = Router();

  r.post('/credentials', async (req, res) => {
    const input = readInput(bodyObject(req), registry, false) as CredentialInput;
    res.status(201).json(publicMeta(await storage.credentials.create(input)));
  });

  r.get('/credentials', async (req, res) => {
    const list = await storage.credentials.list({ type: queryString(req, 'type') });
    res.json({ data: list.map(publicMeta) });
  });

  // `?includeData=true` (n8n's name) adds the edit form's view: plain values, secret names only.
  r.get('/credentials/:id', async (req, res) => {
    const id = param(req, 'id');
    const includeData = queryString(req, 'includeData');
    if (includeData !== undefined && includeData !== 'true' && includeData !== 'false')
      throw new ValidationError('Query parameter "includeData" must be true or false', { field: 'includeData' });
    if (includeData === 'true') {
      const stored = await storage.credentials.getDecrypted(id);
      if (!stored) throw new NotFoundError(`Credential ${id} not found`);
      res.json({ ...publicMeta(stored), ...editableView(registry, stored.type, stored.data) });
      return;
    }
    const meta = await storage.credentials.get(id);
    if (!meta) throw new NotFoundError(`Credential ${id} not found`);
    res.json(publicMeta(meta));
  });

  // PUT and PATCH both update: fields left out stay; `data` is merged over the stored secrets.
  const update: RequestHandler = async (req, res) => {
    const id = param(req, 'id');
    if (!(await storage.credentials.get(id))) throw new NotFoundError(`Credential ${id} not found`);
    const input = readInput(bodyObject(req), registry, true);
    res.json(publicMeta(await storage.credentials.update(id, input)));
  };
  r.put('/credentials/:id', update);
  r.patch('/credentials/:id', update);

  r.delete('/credentials/:id', async (req, res) => {
    const id = param(req, 'id');
    if (!(await storage.credentials.delete(id))) throw new NotFoundError(`Credential ${id} not found`);
    res.status(204).end();
  });

  return r;
}
