// POST /api/v1/conditions/test: evaluates a JSONLogic rule on sample items with the host's own
// evaluator (host/conditions/operations.ts), so the editor's "test against sample data" gives the
// answer a run would. Items are item JSON, seen as a node condition sees them ($json, $itemIndex).
import { Router } from 'express';
import { IANAZone } from 'luxon';
import { parseRule, ruleProblem } from '../../conditions/convert.ts';
import { applyRule, itemData, truthy } from '../../conditions/operations.ts';
import { ValidationError } from '../../model/index.ts';
import { bodyObject } from '../params.ts';

export const MAX_TEST_ITEMS = 1000;

type Result = { index: number; pass: boolean } | { index: number; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the rule holds a `=` operand: those are expressions, resolved only when the node runs. */
function expressionAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.startsWith('=') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = expressionAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = expressionAt(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The rule from a rule, its JSON text, or `{jsonLogic: rule}` (the If/Switch/Filter parameter). */
function readRule(raw: unknown): unknown {
  if (raw === undefined) throw new ValidationError('"rule" is required: a JSONLogic rule', { field: 'rule' });
  let value = isObject(raw) && 'jsonLogic' in raw ? raw.jsonLogic : raw;
  try {
    value = parseRule(value);
  } catch (err) {
    throw new ValidationError(`"rule" ${(err as Error).message}`, { field: 'rule' });
  }
  if (value === null || (isObject(value) && Object.keys(value).length === 0)) throw new ValidationError('"rule" holds no condition', { field: 'rule' });
  const problem = ruleProblem(value);
  if (problem) throw new ValidationError(`"rule": ${problem}`, { field: 'rule' });
  const expression = expressionAt(value, 'rule');
  if (expression)
    throw new ValidationError(`"${expression}" is an n8n expression, which is resolved only when the node runs: run the workflow to test it`, { field: 'rule' });
  return value;
}

function readItems(raw: unknown): Record<string, unknown>[] {
  if (!Array.isArray(raw)) throw new ValidationError('"items" must be an array of item JSON objects', { field: 'items' });
  if (raw.length > MAX_TEST_ITEMS) throw new ValidationError(`"items" holds ${raw.length} items; at most ${MAX_TEST_ITEMS}`, { field: 'items' });
  raw.forEach((item, i) => {
    if (!isObject(item)) throw new ValidationError(`"items[${i}]" must be a JSON object (an item's JSON)`, { field: `items[${i}]` });
  });
  return raw as Record<string, unknown>[];
}

export function conditionRoutes(): Router {
  const r = Router();

  r.post('/conditions/test', (req, res) => {
    const body = bodyObject(req);
    const rule = readRule(body.rule);
    const items = readItems(body.items);
    const { timezone } = body;
    if (timezone !== undefined && (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)))
      throw new ValidationError('"timezone" must be an IANA time zone such as Europe/Paris', { field: 'timezone' });
    const results: Result[] = items.map((json, index) => {
      try {
        return { index, pass: truthy(applyRule(rule, itemData({ json: json as never }, index), { timezone: timezone as string | undefined })) };
      } catch (err) {
        return { index, error: (err as Error).message };
      }
    });
    res.json({ results });
  });

  return r;
}
