// The way back to n8n: a node's `{jsonLogic: rule}` conditions as n8n's filter value (If v2.x,
// Filter v2.x, Switch v3.x rules) or, for an If v1, as v1's typed lists, so workflows exported in
// n8n format and nodes copied in the editor open in n8n. The inverse of convert.ts: n8n → JSONLogic
// → n8n → JSONLogic gives the first rule again. Pure and total (the editor bundles it): a rule
// n8n's filter cannot say comes back as a reason and the node stays as it was; callers report it.
import type { ConversionSettings, N8nFilterValue } from './convert.ts';
import { isN8nFilterValue, isN8nIfV1Conditions, parseRule, settingsFromParameters } from './convert.ts';
import { ruleToIfV1 } from './to-n8n-if-v1.ts';
import { NotRepresentable, analyseRule } from './to-n8n-rules.ts';
import type { Analysis, Mode } from './to-n8n-rules.ts';

export type Conversion<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What this module reads of a node: n8n's INode and the editor's node both fit. */
export interface ConditionNode {
  id?: string;
  name: string;
  type: string;
  typeVersion: number;
  parameters: object;
}

export interface NodeConversion<N> {
  node: N;
  /** Why the node keeps its JSONLogic (it is returned unchanged); absent otherwise. */
  problem?: string;
}

export interface NodesConversion<N> {
  nodes: N[];
  /** Nodes that keep JSONLogic, in workflow order. */
  unconverted: { node: string; problem: string }[];
}

type Json = Record<string, unknown>;
interface Settings {
  caseSensitive: boolean;
  typeValidation: Mode;
}

/** From which version each node has a filter, writes filter options version 2, reads looseTypeValidation at the top. */
const FILTER_NODES: Record<string, { from: number; version2From: number; looseAtTopFrom: number }> = {
  'n8n-nodes-base.if': { from: 2, version2From: 2.2, looseAtTopFrom: 2.1 },
  'n8n-nodes-base.filter': { from: 2, version2From: 2.2, looseAtTopFrom: 2.1 },
  'n8n-nodes-base.switch': { from: 3, version2From: 3.2, looseAtTopFrom: 3.1 },
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=');
const reasonOf = (err: unknown) => (err instanceof NotRepresentable ? `${err.message} cannot be represented in n8n` : `is not a valid rule: ${(err as Error).message}`);

/** A stable UUID-shaped condition id (FNV-1a of the seed), so exports diff cleanly. */
export function conditionId(seed: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = (0x811c9dc5 ^ round) >>> 0;
    for (const ch of seed) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The options every condition of the node can live with; n8n has one setting of each per node. */
function settle(analyses: Analysis[], fallback: ConversionSettings): Settings {
  let caseSensitive: boolean | undefined;
  let mode: Mode | undefined;
  let preferLoose = false;
  for (const { needs } of analyses.flatMap((a) => a.drafts)) {
    if (needs.caseSensitive !== undefined) {
      if (caseSensitive !== undefined && caseSensitive !== needs.caseSensitive)
        throw new NotRepresentable('conditions that match case next to conditions that ignore it (one "Ignore Case" per node)');
      caseSensitive = needs.caseSensitive;
    }
    if (needs.mode) {
      if (mode && mode !== needs.mode) throw new NotRepresentable('strict type checks next to loose ones (one "Convert types where required" per node)');
      mode = needs.mode;
    }
    preferLoose ||= !!needs.preferLoose;
  }
  // Uncast hand-written operands are compared the way JSONLogic does it: converting where needed.
  return { caseSensitive: caseSensitive ?? fallback.caseSensitive ?? true, typeValidation: mode ?? (preferLoose ? 'loose' : (fallback.typeValidation ?? 'strict')) };
}

function filterValue(a: Analysis, s: Settings, version: number, seed: string): N8nFilterValue {
  return {
    options: { caseSensitive: s.caseSensitive, leftValue: '', typeValidation: s.typeValidation, version },
    conditions: a.drafts.map((d, i) => ({ id: conditionId(`${seed}:${i}`), ...d.condition })),
    combinator: a.combinator,
  };
}

/** One rule as n8n's filter value (options version 2 unless given), or why it cannot be one. */
export function ruleToN8nFilter(rule: unknown, opts: { version?: number; settings?: ConversionSettings; seed?: string } = {}): Conversion<N8nFilterValue> {
  try {
    const analysis = analyseRule(parseRule(rule));
    return { ok: true, value: filterValue(analysis, settle([analysis], opts.settings ?? {}), opts.version ?? 2, opts.seed ?? 'rule') };
  } catch (err) {
    return { ok: false, reason: `The rule ${reasonOf(err)}` };
  }
}

/**
 * The rule in a stored condition parameter, or undefined when there is nothing to convert (no
 * parameter, or already n8n's shape, e.g. pasted and not saved yet).
 */
function storedRule(value: unknown): { rule: unknown } | undefined {
  if (value === undefined || isN8nFilterValue(value) || isN8nIfV1Conditions(value)) return undefined;
  if (isExpression(value) || (isObject(value) && isExpression(value.jsonLogic)))
    throw new NotRepresentable('a condition computed by an expression');
  return { rule: parseRule(isObject(value) && 'jsonLogic' in value ? value.jsonLogic : value) };
}

/** Node settings n8n reads instead of the filter's own options: make them say the same. */
function withSettings(params: Json, s: Settings, typeVersion: number, looseAtTopFrom: number): Json {
  const out: Json = { ...params };
  const options: Json = isObject(params.options) ? { ...params.options } : {};
  let optionsChanged = false;
  const setOption = (key: string, value: boolean) => {
    options[key] = value;
    optionsChanged = true;
  };
  if ((options.ignoreCase === true) === s.caseSensitive) setOption('ignoreCase', !s.caseSensitive);
  const looseAtTop = typeVersion >= looseAtTopFrom;
  if (s.typeValidation === 'loose') {
    if (looseAtTop && out.looseTypeValidation !== true) out.looseTypeValidation = true;
    if (!looseAtTop && options.looseTypeValidation !== true) setOption('looseTypeValidation', true);
  } else {
    if (out.looseTypeValidation === true) out.looseTypeValidation = false;
    if (options.looseTypeValidation === true) setOption('looseTypeValidation', false);
  }
  if (optionsChanged) out.options = options;
  return out;
}

function filterNode<N extends ConditionNode>(node: N, params: Json, kind: (typeof FILTER_NODES)[string]): N {
  const seed = node.id ?? node.name;
  const version = node.typeVersion >= kind.version2From ? 2 : 1;
  const rawRules: unknown = params.rules;
  const switchValues = node.type === 'n8n-nodes-base.switch' && isObject(rawRules) && Array.isArray(rawRules.values) ? (rawRules.values as unknown[]) : undefined;
  const slots = switchValues
    ? switchValues.map((v, i) => ({ field: `rules.values[${i}].conditions`, value: isObject(v) ? v.conditions : undefined }))
    : node.type === 'n8n-nodes-base.switch' ? [] : [{ field: 'conditions', value: params.conditions }];
  const analyses = new Map<number, Analysis>();
  slots.forEach(({ field, value }, i) => {
    try {
      const found = storedRule(value);
      if (found) analyses.set(i, analyseRule(found.rule));
    } catch (err) {
      throw new Error(`${field}: ${reasonOf(err)}`, { cause: err });
    }
  });
  if (analyses.size === 0) return node;
  let settings: Settings;
  try {
    settings = settle([...analyses.values()], settingsFromParameters(params as Parameters<typeof settingsFromParameters>[0]));
  } catch (err) {
    throw new Error(reasonOf(err), { cause: err });
  }
  const filter = (i: number) => filterValue(analyses.get(i)!, settings, version, `${seed}:${slots[i].field}`);
  const out = withSettings(params, settings, node.typeVersion, kind.looseAtTopFrom);
  if (switchValues) {
    const values = switchValues.map((v, i) => (analyses.has(i) ? { ...(v as Json), conditions: filter(i) } : v));
    out.rules = { ...(rawRules as Json), values };
  } else out.conditions = filter(0);
  return { ...node, parameters: out };
}

function ifV1Node<N extends ConditionNode>(node: N, params: Json): N {
  try {
    const found = storedRule(params.conditions);
    if (!found) return node;
    const { conditions, combineOperation } = ruleToIfV1(found.rule);
    return { ...node, parameters: { ...params, conditions, combineOperation } };
  } catch (err) {
    throw new Error(`conditions: ${reasonOf(err)}`, { cause: err });
  }
}

/**
 * The node with its JSONLogic conditions in n8n's shape, or unchanged with the problem when any
 * of them cannot be represented (a Switch converts all its rules or none). Other nodes, and
 * conditions already in n8n's shape, come back as they are. Never throws.
 */
export function nodeConditionsToN8n<N extends ConditionNode>(node: N): NodeConversion<N> {
  const params = (isObject(node.parameters) ? node.parameters : {}) as Json;
  try {
    // convert.ts keeps If v1's typeVersion, so its n8n form is v1's lists, not a v2 filter.
    if (node.type === 'n8n-nodes-base.if' && node.typeVersion === 1) return { node: ifV1Node(node, params) };
    const kind = FILTER_NODES[node.type];
    if (!kind || node.typeVersion < kind.from) return { node };
    return { node: filterNode(node, params, kind) };
  } catch (err) {
    return { node, problem: (err as Error).message };
  }
}

/** Every node through nodeConditionsToN8n, with the nodes that keep JSONLogic listed. */
export function nodesToN8n<N extends ConditionNode>(nodes: readonly N[]): NodesConversion<N> {
  const unconverted: NodesConversion<N>['unconverted'] = [];
  const out = nodes.map((n) => {
    const { node, problem } = nodeConditionsToN8n(n);
    if (problem) unconverted.push({ node: n.name, problem });
    return node;
  });
  return { nodes: out, unconverted };
}
