// Turns a stored condition parameter into a rule ready to evaluate, once per node run.
// `={{ }}` operands are lifted out of the rule into `{"$operand": [n]}` placeholders: their values
// (resolved per item in the sandbox) are handed to the evaluation instead of being spliced into
// the rule, so item data can never be read as JSONLogic (an object like {"var": "x"} stays data).
import {
  OPERAND_OPERATOR,
  convertIfV1,
  convertN8nFilter,
  isN8nFilterValue,
  isN8nIfV1Conditions,
  parseRule,
  ruleProblem,
} from '../../../host/conditions/convert.ts';
import type { ConversionSettings, N8nFilterValue } from '../../../host/conditions/convert.ts';

export type Path = (string | number)[];

/** Where a lifted operand's value comes from. */
export type Operand =
  | { path: Path } // this path in the parameter as getNodeParameter resolves it
  | { expression: string } // an expression inside JSON text, evaluated on its own
  | { value: unknown }; // a literal object or array operand of an n8n condition

export interface PreparedRule {
  rule: unknown;
  operands: Operand[];
}

/** A condition problem; the message reads after `parameter "x": `. */
export class ConditionError extends Error {
  override name = 'ConditionError';
}

export interface PrepareOptions {
  settings: ConversionSettings;
  /** Names the node and parameter in converter errors. */
  where: { node: string; field: string };
  /** If v1's combineOperation, when the node is an If v1. */
  v1Combine?: unknown;
  /** False for a rule computed by an expression: its strings are data, nothing is lifted. */
  lift: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=');

export const placeholder = (index: number) => ({ [OPERAND_OPERATOR]: [index] });

/** True when the whole parameter (or its jsonLogic) is one expression: resolve it per item first. */
export function isComputedRule(raw: unknown): boolean {
  return isExpression(raw) || (isObject(raw) && isExpression(raw.jsonLogic));
}

function liftAll(value: unknown, path: Path | undefined, operands: Operand[]): unknown {
  if (isExpression(value)) {
    operands.push(path ? { path } : { expression: value });
    return placeholder(operands.length - 1);
  }
  if (Array.isArray(value)) return value.map((v, i) => liftAll(v, path && [...path, i], operands));
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = liftAll(v, path && [...path, k], operands);
    return out;
  }
  return value;
}

/** One n8n operand: expressions and object/array literals become placeholders. */
function liftOperand(value: unknown, path: Path, operands: Operand[], lift: boolean): unknown {
  if (lift && isExpression(value)) operands.push({ path });
  else if (typeof value === 'object' && value !== null) operands.push({ value });
  else return value;
  return placeholder(operands.length - 1);
}

function liftN8nFilter(value: N8nFilterValue, operands: Operand[], lift: boolean): N8nFilterValue {
  const conditions = value.conditions.map((c, i) => {
    if (!isObject(c)) return c;
    const out = { ...c };
    if ('leftValue' in c) out.leftValue = liftOperand(c.leftValue, ['conditions', i, 'leftValue'], operands, lift);
    if ('rightValue' in c) out.rightValue = liftOperand(c.rightValue, ['conditions', i, 'rightValue'], operands, lift);
    return out;
  });
  return { ...value, conditions };
}

function liftIfV1(value: Record<string, Json[]>, operands: Operand[], lift: boolean): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const [type, list] of Object.entries(value)) {
    out[type] = list.map((c, i) => {
      if (!isObject(c)) return c;
      const copy = { ...c };
      for (const key of ['value1', 'value2'] as const) if (key in c) copy[key] = liftOperand(c[key], [type, i, key], operands, lift);
      return copy;
    });
  }
  return out;
}

function checked(rule: unknown): unknown {
  const problem = ruleProblem(rule);
  if (problem) throw new ConditionError(problem);
  return rule;
}

function parsed(text: string): unknown {
  try {
    return parseRule(text);
  } catch (err) {
    throw new ConditionError((err as Error).message);
  }
}

/**
 * The rule in a condition parameter: `{jsonLogic: rule | "json"}`, an n8n filter value or If v1
 * conditions (converted), JSON text, a bare rule object or a boolean. Throws ConditionError, or the
 * converter's ValidationError for an n8n condition it cannot convert.
 */
export function prepareRule(raw: unknown, opts: PrepareOptions): PreparedRule {
  const operands: Operand[] = [];
  const { lift } = opts;
  if (isObject(raw) && 'jsonLogic' in raw) {
    const rule = raw.jsonLogic;
    if (typeof rule === 'string') return { rule: lift ? liftAll(checked(parsed(rule)), undefined, operands) : checked(parsed(rule)), operands };
    return { rule: lift ? liftAll(checked(rule), ['jsonLogic'], operands) : checked(rule), operands };
  }
  if (isN8nFilterValue(raw)) return { rule: convertN8nFilter(liftN8nFilter(raw, operands, lift), opts.settings, opts.where), operands };
  if (opts.v1Combine !== undefined && isN8nIfV1Conditions(raw))
    return { rule: convertIfV1(liftIfV1(raw, operands, lift), opts.v1Combine, opts.where), operands };
  if (typeof raw === 'string') return { rule: lift ? liftAll(checked(parsed(raw)), undefined, operands) : checked(parsed(raw)), operands };
  if (typeof raw === 'boolean') return { rule: raw, operands };
  if (isObject(raw) && Object.keys(raw).length === 1) return { rule: lift ? liftAll(checked(raw), [], operands) : checked(raw), operands };
  throw new ConditionError('must hold a JSONLogic rule, as {"jsonLogic": <rule>}, or an n8n condition');
}

/** Reads a value at a path; used for resolved parameters and dotted parameter names. */
export function valueAt(value: unknown, path: Path): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
