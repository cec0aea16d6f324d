// A workflow's `settings.triggerCondition`: a JSONLogic rule on what its trigger produced. The
// execution service runs the workflow only when some trigger item matches; otherwise the run is
// skipped and counted. No sandbox here, so `={{ }}` strings are plain text: use {"var": ...}.
import type { INodeExecutionData } from 'n8n-workflow';
import { ValidationError } from '../model/errors.ts';
import { parseRule, ruleProblem } from './convert.ts';
import { applyRule, itemData, truthy } from './operations.ts';

const FIELD = 'settings.triggerCondition';

/** The rule itself, from a rule object, JSON text, or `{jsonLogic: rule}`; ValidationError if invalid. */
export function triggerConditionRule(rule: unknown): unknown {
  let value = rule;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'jsonLogic' in value) value = (value as { jsonLogic: unknown }).jsonLogic;
  try {
    value = parseRule(value);
  } catch (err) {
    throw new ValidationError(`${FIELD} ${(err as Error).message}`, { field: FIELD });
  }
  if (value === undefined || value === null) throw new ValidationError(`${FIELD} holds no rule`, { field: FIELD });
  const problem = ruleProblem(value);
  if (problem) throw new ValidationError(`${FIELD}: ${problem}`, { field: FIELD });
  return value;
}

/**
 * True when at least one trigger item matches the rule (so no items → false). The rule sees an
 * item as a node condition does: its fields, `$json`, `json` and `$itemIndex`.
 */
export function evaluateTriggerCondition(rule: unknown, items: INodeExecutionData[], timezone?: string): boolean {
  const parsed = triggerConditionRule(rule);
  return items.some((item, i) => {
    try {
      return truthy(applyRule(parsed, itemData(item, i), { timezone }));
    } catch (err) {
      throw new ValidationError(`${FIELD} could not be evaluated on trigger item ${i}: ${(err as Error).message}`, { field: FIELD });
    }
  });
}
