// Reads a test case from JSON (API body, export file) and checks it against its workflow. Every
// error names the field at fault, e.g. `testCases[1].expectations[0].node`.
import type { IDataObject, Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { parseRule, ruleProblem } from '../conditions/convert.ts';
import type { Expectation, PinnedOutput, PinnedRun, TriggerInput, WorkflowTestCase } from './types.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(message: string, field: string, node?: string): never {
  throw new ValidationError(`${field}: ${message}`, { field, ...(node ? { node } : {}) });
}

function optionalString(raw: Json, key: string, at: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('must be a string', `${at}.${key}`);
  return value;
}

function stringMap(value: unknown, at: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail('must be an object of strings', at);
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') fail('must be a string', `${at}.${k}`);
  return value as Record<string, string>;
}

function parseTrigger(raw: unknown, at: string): TriggerInput {
  if (!isObject(raw)) fail('must be an object with one of webhook, schedule or event', at);
  const kinds = (['webhook', 'schedule', 'event'] as const).filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) fail(`must have exactly one of webhook, schedule or event (has ${kinds.length ? kinds.join(', ') : 'none'})`, at);
  const out: TriggerInput = {};
  const node = optionalString(raw, 'node', at);
  if (node !== undefined) out.node = node;
  if (raw.webhook !== undefined) {
    const w = raw.webhook;
    if (!isObject(w)) fail('must be an object {method?, headers?, query?, params?, body?}', `${at}.webhook`);
    const method = optionalString(w, 'method', `${at}.webhook`);
    if (w.query !== undefined && !isObject(w.query)) fail('must be an object', `${at}.webhook.query`);
    out.webhook = {
      ...(method ? { method: method.toUpperCase() } : {}),
      ...(w.headers !== undefined ? { headers: stringMap(w.headers, `${at}.webhook.headers`) } : {}),
      ...(w.query !== undefined ? { query: w.query as IDataObject } : {}),
      ...(w.params !== undefined ? { params: stringMap(w.params, `${at}.webhook.params`) } : {}),
      ...(w.body !== undefined ? { body: w.body } : {}),
    };
  } else if (raw.schedule !== undefined) {
    const s = raw.schedule;
    if (!isObject(s) || typeof s.time !== 'string' || Number.isNaN(Date.parse(s.time))) fail('must be {time: "<ISO 8601 date and time>"}', `${at}.schedule`);
    out.schedule = { time: s.time };
  } else {
    const e = raw.event;
    const items = Array.isArray(e) ? e : [e];
    items.forEach((item, i) => isObject(item) || fail('must be an object or an array of objects', Array.isArray(e) ? `${at}.event[${i}]` : `${at}.event`));
    out.event = e as IDataObject | IDataObject[];
  }
  return out;
}

function parseItems(raw: unknown, at: string): IDataObject[] {
  if (!Array.isArray(raw)) fail('must be an array of items', at);
  return raw.map((item, i) => {
    if (!isObject(item)) fail('must be an object', `${at}[${i}]`);
    // n8n's pinData spelling {json: {...}} is accepted; cases store the plain JSON.
    if ('json' in item && isObject(item.json)) return item.json as IDataObject;
    return item as IDataObject;
  });
}

function parseRun(raw: Json, at: string): PinnedRun {
  if (raw.error !== undefined) {
    const e = raw.error;
    if (!isObject(e) || typeof e.message !== 'string' || !e.message) fail('must be {message, description?, httpCode?}', `${at}.error`);
    return {
      error: {
        message: e.message,
        ...(typeof e.description === 'string' ? { description: e.description } : {}),
        ...(e.httpCode !== undefined && e.httpCode !== null ? { httpCode: String(e.httpCode) } : {}),
      },
    };
  }
  if (!Array.isArray(raw.outputs)) fail('must have outputs (an array of item arrays, one per output) or error', at);
  return { outputs: raw.outputs.map((items, i) => parseItems(items ?? [], `${at}.outputs[${i}]`)) };
}

function parsePinned(raw: unknown, at: string): PinnedOutput {
  if (Array.isArray(raw)) return parseItems(raw, at);
  if (!isObject(raw)) fail('must be an array of items, {outputs}, {error} or {runs}', at);
  if (raw.runs !== undefined) {
    if (!Array.isArray(raw.runs) || !raw.runs.length) fail('must be a non-empty array of {outputs} or {error}', `${at}.runs`);
    return { runs: raw.runs.map((run, i) => (isObject(run) ? parseRun(run, `${at}.runs[${i}]`) : fail('must be {outputs} or {error}', `${at}.runs[${i}]`))) };
  }
  return parseRun(raw, at);
}

function nonNegativeInt(raw: Json, key: string, at: string): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail('must be a whole number ≥ 0', `${at}.${key}`);
  return v;
}

function checkedRule(rule: unknown, at: string): unknown {
  let parsed: unknown;
  try {
    parsed = parseRule(rule);
  } catch (err) {
    fail((err as Error).message, at);
  }
  const problem = parsed === undefined || parsed === null ? 'holds no rule' : ruleProblem(parsed);
  if (problem) fail(problem, at);
  return parsed;
}

function parseExpectation(raw: unknown, at: string): Expectation {
  if (!isObject(raw)) fail('must be an object', at);
  if (raw.response !== undefined) {
    const r = raw.response;
    if (!isObject(r)) fail('must be {status?, body?, headers?}', `${at}.response`);
    if (r.status !== undefined && (typeof r.status !== 'number' || !Number.isInteger(r.status) || r.status < 100 || r.status > 599))
      fail('must be an HTTP status code (100–599)', `${at}.response.status`);
    const headers = stringMap(r.headers, `${at}.response.headers`);
    return {
      response: {
        ...(r.status !== undefined ? { status: r.status as number } : {}),
        ...(r.body !== undefined ? { body: r.body } : {}),
        ...(headers ? { headers } : {}),
      },
    };
  }
  if (raw.outcome !== undefined) {
    if (raw.outcome !== 'success' && raw.outcome !== 'error') fail('must be "success" or "error"', `${at}.outcome`);
    const errorNode = optionalString(raw, 'errorNode', at);
    const errorMessage = optionalString(raw, 'errorMessage', at);
    return { outcome: raw.outcome, ...(errorNode ? { errorNode } : {}), ...(errorMessage ? { errorMessage } : {}) };
  }
  const node = raw.node;
  if (typeof node !== 'string' || !node) fail('must name a node (or the expectation must be a response or outcome)', `${at}.node`);
  if (raw.notRun !== undefined) {
    if (raw.notRun !== true) fail('must be true', `${at}.notRun`);
    return { node, notRun: true };
  }
  const output = nonNegativeInt(raw, 'output', at);
  const run = nonNegativeInt(raw, 'run', at);
  const target = { node, ...(output !== undefined ? { output } : {}), ...(run !== undefined ? { run } : {}) };
  if (raw.jsonLogic !== undefined) {
    if (raw.items !== undefined && raw.items !== 'every' && raw.items !== 'some') fail('must be "every" or "some"', `${at}.items`);
    return { ...target, jsonLogic: checkedRule(raw.jsonLogic, `${at}.jsonLogic`), ...(raw.items ? { items: raw.items as 'every' | 'some' } : {}) };
  }
  if (!('match' in raw)) fail('must have one of match, jsonLogic or notRun', at);
  const path = optionalString(raw, 'path', at);
  if (raw.ignore !== undefined && (!Array.isArray(raw.ignore) || !raw.ignore.every((p) => typeof p === 'string')))
    fail('must be an array of paths', `${at}.ignore`);
  return { ...target, ...(path ? { path } : {}), match: raw.match, ...(raw.ignore ? { ignore: raw.ignore as string[] } : {}) };
}

/** A test case from JSON; `at` prefixes field names in errors (`testCases[0]`). */
export function parseTestCase(raw: unknown, at = 'testCase'): WorkflowTestCase {
  if (!isObject(raw)) fail('must be an object', at);
  if (typeof raw.name !== 'string' || !raw.name.trim()) fail('must be a non-empty string', `${at}.name`);
  const pinned: Record<string, PinnedOutput> = {};
  if (raw.pinned !== undefined && raw.pinned !== null) {
    if (!isObject(raw.pinned)) fail('must be an object keyed by node name', `${at}.pinned`);
    for (const [node, value] of Object.entries(raw.pinned)) pinned[node] = parsePinned(value, `${at}.pinned["${node}"]`);
  }
  if (!Array.isArray(raw.expectations)) fail('must be an array', `${at}.expectations`);
  const description = optionalString(raw, 'description', at);
  const recordedFrom = optionalString(raw, 'recordedFrom', at);
  const vars = stringMap(raw.vars, `${at}.vars`);
  return {
    name: raw.name.trim(),
    ...(description ? { description } : {}),
    trigger: parseTrigger(raw.trigger, `${at}.trigger`),
    ...(Object.keys(pinned).length ? { pinned } : {}),
    ...(vars && Object.keys(vars).length ? { vars } : {}),
    expectations: raw.expectations.map((e, i) => parseExpectation(e, `${at}.expectations[${i}]`)),
    ...(recordedFrom ? { recordedFrom } : {}),
  };
}

/** Every node the case names exists in the workflow; `at` names the case in errors. */
export function checkCaseAgainstWorkflow(c: WorkflowTestCase, workflow: Pick<Workflow, 'nodes'>, at = 'testCase'): void {
  const names = new Set((workflow.nodes ?? []).map((n) => n.name));
  const missing = (node: string, field: string) => names.has(node) || fail(`no node named "${node}" in the workflow`, field, node);
  if (c.trigger.node) missing(c.trigger.node, `${at}.trigger.node`);
  for (const node of Object.keys(c.pinned ?? {})) missing(node, `${at}.pinned["${node}"]`);
  c.expectations.forEach((e, j) => {
    if ('node' in e) missing(e.node, `${at}.expectations[${j}].node`);
    if ('errorNode' in e && e.errorNode) missing(e.errorNode, `${at}.expectations[${j}].errorNode`);
  });
}

/** The cases' nodes exist in the workflow, and their names are unique. */
export function checkCasesAgainstWorkflow(cases: WorkflowTestCase[], workflow: Pick<Workflow, 'nodes'>, at = 'testCases'): void {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (seen.has(c.name)) fail(`a case named "${c.name}" already exists`, `${at}[${i}].name`);
    seen.add(c.name);
    checkCaseAgainstWorkflow(c, workflow, `${at}[${i}]`);
  });
}

/** The cases of an import or export file (`testCases`), checked against their workflow. */
export function parseTestCases(raw: unknown, workflow: Pick<Workflow, 'nodes'>, at = 'testCases'): WorkflowTestCase[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail('must be an array of test cases', at);
  const cases = raw.map((c, i) => parseTestCase(c, `${at}[${i}]`));
  checkCasesAgainstWorkflow(cases, workflow, at);
  return cases;
}
