// Workflow import/export as pure functions, shared by the HTTP API and the CLI.
// Import accepts our own export JSON and n8n's (`n8n export:workflow`, the editor's "Download",
// the public API's workflow objects): one workflow or an array of them. Export writes a stable,
// diffable shape: no timestamps or version ids, keys in a fixed order, nodes as stored, and the
// workflow's test cases as a top-level `testCases` array (docs/workflow-tests.md).
import { randomUUID } from 'node:crypto';
import type { IConnections, IDataObject, INode, IPinData, IWorkflowSettings, Workflow, WorkflowInput } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { convertNodeConditions } from '../conditions/convert.ts';
import { nodesToN8n } from '../conditions/to-n8n.ts';
import type { NodesConversion } from '../conditions/to-n8n.ts';
import { checkWorkflowSettings } from './settings.ts';
import type { StoredTestCase, WorkflowTestCase } from '../workflow-tests/types.ts';
import { parseTestCases } from '../workflow-tests/validate.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string, field: string, node?: string): never {
  throw new ValidationError(message, { field, node });
}

/** `path` names the node in errors, e.g. `[2].nodes[0]`. */
function parseNode(raw: unknown, path: string): INode {
  if (!isObject(raw)) fail(`${path} must be an object`, path);
  const name = raw.name;
  if (typeof name !== 'string' || !name.trim()) fail(`${path}.name must be a non-empty string`, `${path}.name`);
  const type = raw.type;
  if (typeof type !== 'string' || !type.trim()) fail(`Node "${name}": ${path}.type must be a non-empty string`, `${path}.type`, name);
  const typeVersion = raw.typeVersion ?? 1;
  if (typeof typeVersion !== 'number' || !Number.isFinite(typeVersion))
    fail(`Node "${name}": ${path}.typeVersion must be a number`, `${path}.typeVersion`, name);
  const position = raw.position ?? [0, 0];
  if (!Array.isArray(position) || position.length !== 2 || !position.every((n) => typeof n === 'number'))
    fail(`Node "${name}": ${path}.position must be [x, y]`, `${path}.position`, name);
  const parameters = raw.parameters ?? {};
  if (!isObject(parameters)) fail(`Node "${name}": ${path}.parameters must be an object`, `${path}.parameters`, name);
  if (raw.credentials !== undefined && !isObject(raw.credentials))
    fail(`Node "${name}": ${path}.credentials must be an object`, `${path}.credentials`, name);
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !raw.id)) fail(`Node "${name}": ${path}.id must be a non-empty string`, `${path}.id`, name);
  // Every other node field (disabled, notes, retryOnFail, webhookId, onError, ...) is kept as given.
  // Old exports may lack node ids; n8n gives such nodes a fresh UUID on import, and so do we.
  const id = typeof raw.id === 'string' ? raw.id : randomUUID();
  return { ...raw, id, name, type, typeVersion, position: [position[0], position[1]], parameters } as INode;
}

function parseTags(raw: unknown, path: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail(`${path} must be an array of strings or {name} objects`, path);
  return raw.map((tag, i) => {
    if (typeof tag === 'string' && tag.trim()) return tag.trim();
    if (isObject(tag) && typeof tag.name === 'string' && tag.name.trim()) return tag.name.trim();
    return fail(`${path}[${i}] must be a tag name or an object with a name`, `${path}[${i}]`);
  });
}

/**
 * One workflow definition from our JSON or n8n's. Volatile and n8n-internal fields
 * (createdAt, updatedAt, versionId, triggerCount, shared, homeProject, active, ...) are dropped;
 * `prefix` is prepended to field names in errors (e.g. `[1].`).
 */
export function parseWorkflowDefinition(json: unknown, prefix = ''): WorkflowInput {
  const at = (field: string) => `${prefix}${field}`;
  if (!isObject(json)) fail(`${prefix ? prefix.replace(/\.$/, '') : 'workflow'} must be an object`, prefix.replace(/\.$/, '') || 'workflow');
  const { name, nodes, connections, settings, staticData, pinData, meta, id } = json;
  if (typeof name !== 'string' || !name.trim()) fail(`${at('name')} must be a non-empty string`, at('name'));
  if (!Array.isArray(nodes)) fail(`${at('nodes')} must be an array`, at('nodes'));
  // n8n's If/Switch/Filter conditions become JSONLogic here; an unconvertible one fails the import.
  const parsedNodes = nodes.map((n, i) => convertNodeConditions(parseNode(n, at(`nodes[${i}]`))));
  if (connections !== undefined && connections !== null && !isObject(connections))
    fail(`${at('connections')} must be an object keyed by node name`, at('connections'));
  if (settings !== undefined && settings !== null && !isObject(settings)) fail(`${at('settings')} must be an object`, at('settings'));
  if (isObject(settings)) checkWorkflowSettings(settings, prefix);
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number')
    fail(`${at('id')} must be a string`, at('id'));
  if (staticData !== undefined && staticData !== null && !isObject(staticData))
    fail(`${at('staticData')} must be an object or null`, at('staticData'));
  if (pinData !== undefined && pinData !== null && !isObject(pinData)) fail(`${at('pinData')} must be an object`, at('pinData'));
  if (meta !== undefined && meta !== null && !isObject(meta)) fail(`${at('meta')} must be an object`, at('meta'));

  const out: WorkflowInput = {
    name: name.trim(),
    nodes: parsedNodes,
    connections: (connections ?? {}) as IConnections,
    settings: { executionOrder: 'v1', ...((settings ?? {}) as IWorkflowSettings) },
    tags: parseTags(json.tags, at('tags')),
  };
  if (id !== undefined && id !== null && String(id).trim()) out.id = String(id).trim();
  if (isObject(staticData) && Object.keys(staticData).length > 0) out.staticData = staticData as IDataObject;
  if (isObject(pinData) && Object.keys(pinData).length > 0) out.pinData = pinData as IPinData;
  // gigaflowUnconverted describes one n8n-format export file, not the workflow: not kept.
  const { [UNCONVERTED_META]: _unconverted, ...keptMeta } = isObject(meta) ? meta : {};
  if (Object.keys(keptMeta).length > 0) out.meta = keptMeta as IDataObject;
  return out;
}

/**
 * Parses an import: one workflow object or an array of them, in our export shape or n8n's.
 * Throws ValidationError naming the offending field (prefixed with `[i].` for arrays).
 * Node types are not checked here (that needs the registry: see validateWorkflow).
 */
export function parseWorkflowImport(json: unknown): WorkflowInput[] {
  return importedObjects(json).map(({ raw, prefix }) => parseWorkflowDefinition(raw, prefix));
}

/** The workflow objects of an import, each with the prefix its errors carry. */
function importedObjects(json: unknown): { raw: unknown; prefix: string }[] {
  if (Array.isArray(json)) {
    if (json.length === 0) fail('The import holds no workflows', 'workflows');
    return json.map((raw, i) => ({ raw, prefix: `[${i}].` }));
  }
  // The n8n public API lists workflows as {data: [...]}; accept that too.
  if (isObject(json) && Array.isArray(json.data) && json.nodes === undefined) return importedObjects(json.data);
  return [{ raw: json, prefix: '' }];
}

/** A workflow of an import with its test cases; `testCases` is absent when the file has no such key. */
export interface ImportedWorkflow {
  workflow: WorkflowInput;
  testCases?: WorkflowTestCase[];
}

/** parseWorkflowImport plus each workflow's `testCases` (checked against its nodes; errors name `[i].testCases[j]…`). */
export function parseWorkflowImportWithTests(json: unknown): ImportedWorkflow[] {
  return importedObjects(json).map(({ raw, prefix }) => {
    const workflow = parseWorkflowDefinition(raw, prefix);
    const cases = (raw as Json).testCases;
    return cases === undefined ? { workflow } : { workflow, testCases: parseTestCases(cases, workflow, `${prefix}testCases`) };
  });
}

const NODE_KEY_ORDER = ['id', 'name', 'type', 'typeVersion', 'position', 'disabled', 'parameters', 'credentials'];

function orderedNode(node: INode): Json {
  const src = node as unknown as Json;
  const out: Json = {};
  for (const key of NODE_KEY_ORDER) if (src[key] !== undefined) out[key] = src[key];
  for (const key of Object.keys(src).filter((k) => !NODE_KEY_ORDER.includes(k)).sort()) if (src[key] !== undefined) out[key] = src[key];
  return out;
}

function sortedKeys(obj: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(obj).sort()) out[key] = obj[key];
  return out;
}

/** `gigaflow`: conditions as stored (JSONLogic); `n8n`: conditions as n8n's filters where representable. */
export const EXPORT_FORMATS = ['gigaflow', 'n8n'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** In an n8n-format export, `meta.gigaflowUnconverted` names the nodes that kept JSONLogic. */
export const UNCONVERTED_META = 'gigaflowUnconverted';

/**
 * A workflow as exported: fixed key order, no createdAt/updatedAt/versionId/active, nodes in
 * stored order. The result round-trips through parseWorkflowImport unchanged (in n8n format, the
 * conditions come back as the same JSONLogic).
 */
export function exportWorkflow(wf: Workflow, format: ExportFormat = 'gigaflow', testCases: readonly WorkflowTestCase[] = []): object {
  return format === 'n8n' ? exportWorkflowForN8n(wf, testCases).workflow : exported(wf, wf.nodes ?? [], testCases);
}

/**
 * The export in n8n format, with why each unconverted node kept JSONLogic (for the CLI to say).
 * Only the If/Switch/Filter conditions differ from the default export.
 */
export function exportWorkflowForN8n(wf: Workflow, testCases: readonly WorkflowTestCase[] = []): { workflow: Json; unconverted: NodesConversion<INode>['unconverted'] } {
  const { nodes, unconverted } = nodesToN8n(wf.nodes ?? []);
  const { [UNCONVERTED_META]: _stale, ...meta } = (wf.meta ?? {}) as Json;
  if (unconverted.length) meta[UNCONVERTED_META] = unconverted.map((u) => u.node);
  return { workflow: exported({ ...wf, meta: meta as IDataObject }, nodes, testCases), unconverted };
}

/** A case as exported: its definition only, without storage ids and times. */
function exportedCase(c: WorkflowTestCase): WorkflowTestCase {
  const { id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, ...rest } = c as Partial<StoredTestCase> & WorkflowTestCase;
  return rest;
}

function exported(wf: Workflow, nodes: INode[], testCases: readonly WorkflowTestCase[]): Json {
  const out: Json = {
    id: wf.id,
    name: wf.name,
    nodes: nodes.map(orderedNode),
    connections: wf.connections ?? {},
    settings: sortedKeys({ executionOrder: 'v1', ...(wf.settings ?? {}) }),
    tags: [...(wf.tags ?? [])],
  };
  if (wf.staticData && Object.keys(wf.staticData).length > 0) out.staticData = wf.staticData;
  if (wf.pinData && Object.keys(wf.pinData).length > 0) out.pinData = wf.pinData;
  if (wf.meta && Object.keys(wf.meta).length > 0) out.meta = sortedKeys(wf.meta as Json);
  // Beside n8n's fields, never in them: n8n ignores the key when it imports the file.
  if (testCases.length) out.testCases = testCases.map(exportedCase);
  return out;
}

/** Pretty JSON with a trailing newline, as written to files and sent by the export routes. */
export function stringifyExport(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
