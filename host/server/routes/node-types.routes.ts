// /api/v1/node-types and /api/v1/credential-types: the catalog the editor builds its palette from.
import { Router } from 'express';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import { NotFoundError } from '../../model/index.ts';
import { HttpError } from '../middleware/errors.ts';
import { param, queryString } from '../params.ts';
import type { CredentialsProvider } from '../../engine/types.ts';
import type { ExpressionEvaluator } from '../../expressions/evaluate.ts';
import { loadOptions } from './load-options.ts';
import { nodeTranslationsFor } from './node-translations.ts';

export interface NodeTypeRouteDeps {
  registry: NodeRegistry;
  /** Decrypts credentials for loadOptions methods; absent → the load-options route answers 400 when one is needed. */
  credentials?: CredentialsProvider;
  /** Evaluates credential templates for helpers.httpRequestWithAuthentication in loadOptions methods. */
  expressions?: ExpressionEvaluator;
}

export function nodeTypeRoutes(deps: NodeTypeRouteDeps): Router {
  const { registry } = deps;
  const r = Router();

  r.get('/node-types', (_req, res) => {
    // loadProblems: node packages rejected at load (each names the file and field), for the editor and `gigaflow nodes`.
    res.json({ data: registry.descriptions(), loadProblems: registry.loadProblems ?? [] });
  });

  // n8n-style node translations for the editor (two path segments: never taken for a `:type`).
  r.get('/node-types/translations/:locale', (req, res) => {
    res.json(nodeTranslationsFor(registry, param(req, 'locale')));
  });

  // `:type` is the full name, e.g. n8n-nodes-base.set (URL-encode a scoped name's slash).
  // `?version=` picks the description of one version; default: the latest.
  r.get('/node-types/:type', (req, res) => {
    const type = param(req, 'type');
    const versionParam = queryString(req, 'version');
    const version = versionParam === undefined ? undefined : Number(versionParam);
    if (version !== undefined && !Number.isFinite(version)) throw new HttpError(400, 'Query parameter "version" must be a number', { field: 'version' });
    const matches = registry.descriptions().filter((d) => d.name === type);
    if (matches.length === 0) throw new NotFoundError(`Unknown node type "${type}"`);
    if (version === undefined) {
      res.json(matches[0]);
      return;
    }
    // A versioned type is listed once with all its versions; describe the requested one.
    const node = registry.get(type, version);
    if (!node) throw new NotFoundError(`Node type "${type}" has no version ${version}`);
    res.json({ ...node.description, name: type, version });
  });

  r.post('/node-types/:type/load-options', async (req, res) => {
    const noCredentials: CredentialsProvider = async () => {
      throw new HttpError(400, 'Credentials are not available here');
    };
    res.json({ data: await loadOptions(registry, deps.credentials ?? noCredentials, param(req, 'type'), req.body ?? {}, deps.expressions) });
  });

  r.get('/credential-types', (_req, res) => {
    res.json({ data: registry.credentialTypes() });
  });

  r.get('/credential-types/:name', (req, res) => {
    const name = param(req, 'name');
    const type = registry.credentialType(name);
    if (!type) throw new NotFoundError(`Unknown credential type "${name}"`);
    res.json(type);
  });

  return r;
}
