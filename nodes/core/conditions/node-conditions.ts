// The glue between a node's condition parameter and the JSONLogic evaluator: prepared once per
// node run, evaluated per item with that item's `={{ }}` operands resolved through
// getNodeParameter, so they run in the sandbox like every other expression.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, ValidationError } from '../../../host/model/errors.ts';
import { settingsFromParameters } from '../../../host/conditions/convert.ts';
import { applyRule, itemData, truthy } from '../../../host/conditions/operations.ts';
import { ConditionError, isComputedRule, prepareRule, valueAt } from './prepare.ts';
import type { PreparedRule, PrepareOptions } from './prepare.ts';

export { itemData };

export type ItemCondition = (itemIndex: number, item: INodeExecutionData) => boolean;

const TYPE_HINT = "Change the comparison's type, or turn on 'Convert types where required' (looseTypeValidation)";

/**
 * Evaluates the condition in `param` (a dotted parameter path, e.g. `rules.values.0.conditions`)
 * for one item. `label` is the parameter name used in errors. Rule problems throw a
 * NodeOperationError naming the parameter, before any item runs when the rule is static.
 */
export function itemCondition(ctx: IExecuteFunctions, param: string, label = param): ItemCondition {
  const node = ctx.getNode();
  const parameters = node.parameters ?? {};
  const fail = (err: unknown, itemIndex?: number): Error => {
    if (err instanceof NodeOperationError) return err;
    const message = (err as Error).message ?? String(err);
    if (err instanceof ValidationError) return new NodeOperationError(node, message, { parameter: label, itemIndex });
    if (err instanceof ConditionError) return new NodeOperationError(node, `Invalid condition in parameter "${label}": ${message}`, { parameter: label, itemIndex });
    const where = itemIndex === undefined ? `[parameter "${label}"]` : `[parameter "${label}", item ${itemIndex}]`;
    const description = /^(Wrong type|Conversion error)/.test(message) ? TYPE_HINT : undefined;
    return new NodeOperationError(node, `${message} ${where}`, { parameter: label, itemIndex, description });
  };

  const raw = valueAt(parameters, param.split('.'));
  if (raw === undefined || (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0))
    throw new NodeOperationError(node, `Parameter "${label}" holds no condition`, { parameter: label });
  const isIfV1 = node.type.endsWith('.if') && node.typeVersion === 1;
  const base: Omit<PrepareOptions, 'lift'> = {
    settings: settingsFromParameters(parameters),
    where: { node: node.name, field: label },
    v1Combine: isIfV1 ? (parameters.combineOperation ?? 'all') : undefined,
  };
  const computed = isComputedRule(raw);
  let prepared: PreparedRule | undefined;
  if (!computed) {
    try {
      prepared = prepareRule(raw, { ...base, lift: true });
    } catch (err) {
      throw fail(err);
    }
  }
  const timezone = ctx.getTimezone();

  return (itemIndex, item) => {
    let rule: PreparedRule;
    let values: unknown[] = [];
    if (!prepared) {
      const resolved = ctx.getNodeParameter(param, itemIndex);
      try {
        rule = prepareRule(resolved, { ...base, lift: false });
      } catch (err) {
        throw fail(err, itemIndex);
      }
      values = rule.operands.map((o) => ('value' in o ? o.value : undefined));
    } else {
      rule = prepared;
      if (rule.operands.length) {
        const resolved = rule.operands.some((o) => 'path' in o) ? ctx.getNodeParameter(param, itemIndex) : undefined;
        values = rule.operands.map((o) => {
          if ('value' in o) return o.value;
          if ('path' in o) return valueAt(resolved, o.path);
          return ctx.evaluateExpression(o.expression, itemIndex);
        });
      }
    }
    try {
      return truthy(applyRule(rule.rule, itemData(item, itemIndex), { operands: values, timezone }));
    } catch (err) {
      throw fail(err, itemIndex);
    }
  };
}

/**
 * Whether each input item matches the node's condition parameter. With continueOnFail (as in n8n)
 * an invalid rule or an item whose condition fails counts as not matching; otherwise the error stops the node.
 */
export function matchEach(ctx: IExecuteFunctions, param: string): boolean[] {
  let test: ItemCondition | undefined;
  try {
    test = itemCondition(ctx, param);
  } catch (err) {
    if (!ctx.continueOnFail()) throw err;
  }
  return ctx.getInputData().map((item, i) => {
    try {
      return test ? test(i, item) : false;
    } catch (err) {
      if (!ctx.continueOnFail()) throw err;
      return false;
    }
  });
}
