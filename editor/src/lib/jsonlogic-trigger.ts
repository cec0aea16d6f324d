// The workflow settings form holds settings.triggerCondition as JSON text ('' = none); the
// condition builder works on the rule. Text the builder cannot read stays as it is (the builder
// shows it in JSON mode), so nothing typed is lost.
const isEmptyRule = (rule: unknown) => rule === undefined || rule === null || (typeof rule === 'object' && !Array.isArray(rule) && Object.keys(rule).length === 0);

/** The rule in the form's text: '' → {} (an empty builder). */
export function triggerRuleFromText(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The form's text for a rule: an empty builder is '' (no trigger condition). */
export function triggerTextFromRule(rule: unknown): string {
  return isEmptyRule(rule) ? '' : JSON.stringify(rule, null, 2);
}
