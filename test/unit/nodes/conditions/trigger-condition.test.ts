import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../host/model/errors.ts';
import { evaluateTriggerCondition, triggerConditionRule } from '../../../../host/conditions/trigger-condition.ts';

const webhookItem = (body: Record<string, unknown>) => ({ json: { headers: {}, params: {}, query: {}, body } });

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('evaluateTriggerCondition', () => {
  const high = { '==': [{ var: 'body.priority' }, 'High'] };

  it('is true when any trigger item matches and false when none does', () => {
    expect(evaluateTriggerCondition(high, [webhookItem({ priority: 'Low' }), webhookItem({ priority: 'High' })])).toBe(true);
    expect(evaluateTriggerCondition(high, [webhookItem({ priority: 'Low' })])).toBe(false);
    expect(evaluateTriggerCondition(high, [])).toBe(false);
  });

  it('reads fields as n8n spells them too, and the item index', () => {
    const items = [webhookItem({ priority: 'High' })];
    expect(evaluateTriggerCondition({ '==': [{ var: '$json.body.priority' }, 'High'] }, items)).toBe(true);
    expect(evaluateTriggerCondition({ '==': [{ var: '$itemIndex' }, 0] }, items)).toBe(true);
  });

  it('accepts JSON text and the {jsonLogic} form of node parameters', () => {
    const items = [webhookItem({ priority: 'High' })];
    expect(evaluateTriggerCondition(JSON.stringify(high), items)).toBe(true);
    expect(evaluateTriggerCondition({ jsonLogic: high }, items)).toBe(true);
  });

  it('uses the custom operators, with dates in the zone given', () => {
    const rule = { dateBefore: [{ var: 'body.scheduled_date' }, '2026-06-28T10:00:00Z'] };
    const items = [webhookItem({ scheduled_date: '2026-06-28 09:00:00' })];
    expect(evaluateTriggerCondition(rule, items)).toBe(true);
    expect(evaluateTriggerCondition(rule, items, 'Europe/Lisbon')).toBe(true);
    expect(evaluateTriggerCondition(rule, items, 'America/Sao_Paulo')).toBe(false);
  });

  it('rejects an invalid rule naming settings.triggerCondition', () => {
    const notJson = validationError(() => evaluateTriggerCondition('{"==": [', []));
    expect(notJson.field).toBe('settings.triggerCondition');
    expect(notJson.message).toMatch(/^settings\.triggerCondition is not valid JSON/);
    expect(validationError(() => evaluateTriggerCondition({ regex: ['a', 'b'] }, [])).message).toBe('settings.triggerCondition: unknown JSONLogic operator "regex"');
    expect(validationError(() => evaluateTriggerCondition({ '==': [1, 1], '!=': [1, 2] }, [])).message).toMatch(/exactly one key/);
    expect(validationError(() => triggerConditionRule(null)).message).toBe('settings.triggerCondition holds no rule');
  });

  it('reports a rule that fails on an item as a validation error', () => {
    const err = validationError(() => evaluateTriggerCondition({ match: [{ var: 'body.serial' }, '('] }, [webhookItem({ serial: 'HWTC1' })]));
    expect(err.field).toBe('settings.triggerCondition');
    expect(err.message).toMatch(/^settings\.triggerCondition could not be evaluated on trigger item 0: Invalid regular expression/);
  });
});

// The domain examples in docs/conditions.md: each has a rule, an item it lets through and one it skips.
describe('docs/conditions.md trigger condition examples', () => {
  const doc = readFileSync(new URL('../../../../docs/conditions.md', import.meta.url), 'utf8');
  const examples = doc.split(/^### Example: /m).slice(1).map((section) => {
    const block = (kind: string) => {
      const m = new RegExp('```json ' + kind + '\\n([\\s\\S]*?)\\n```').exec(section);
      if (!m) throw new Error(`example "${section.split('\n')[0]}" has no ${kind} block`);
      return JSON.parse(m[1]);
    };
    return { title: section.split('\n')[0], rule: block('rule'), match: block('match'), skip: block('skip') };
  });

  it('documents the four domain examples', () => {
    expect(examples.map((e) => e.title)).toEqual([
      'only High-priority Issues',
      'a Subscription whose status became Unpaid',
      'optical receive power below -27 dBm',
      'a Dispatch Job published with a technician assigned',
    ]);
  });

  it.each(examples.map((e) => [e.title, e] as const))('%s', (_, e) => {
    expect(evaluateTriggerCondition(e.rule, [{ json: e.match }])).toBe(true);
    expect(evaluateTriggerCondition(e.rule, [{ json: e.skip }])).toBe(false);
  });
});
