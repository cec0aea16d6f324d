// Workflow settings the host acts on, checked when a workflow is saved or imported. The names are
// n8n's IWorkflowSettings (so exports move between the two), plus Gigaflow's `maxConcurrency`
// (a per-workflow limit; n8n has only a global one) and `triggerCondition` (checked in graph.ts).
// n8n writes 'DEFAULT' for "use the instance default": it is accepted wherever n8n allows it.
// Unknown keys (callerPolicy, saveExecutionProgress, ...) are kept as given.
import { ValidationError } from '../model/index.ts';

export const SAVE_DATA_VALUES = ['all', 'none', 'DEFAULT'] as const;

function fail(message: string, field: string): never {
  throw new ValidationError(message, { field });
}

/** True for a zone name the runtime knows (IANA, e.g. Europe/Paris, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws a ValidationError naming `<prefix>settings.<field>` for a value the host could not honour.
 * Absent and null values mean "the default" and pass.
 */
export function checkWorkflowSettings(settings: Record<string, unknown>, prefix = ''): void {
  const at = (field: string) => `${prefix}settings.${field}`;
  const given = (key: string) => settings[key] !== undefined && settings[key] !== null;

  if (given('errorWorkflow')) {
    const v = settings.errorWorkflow;
    if ((typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '') fail(`${at('errorWorkflow')} must be a workflow id`, at('errorWorkflow'));
  }
  if (given('timezone')) {
    const v = settings.timezone;
    if (typeof v !== 'string' || (v !== 'DEFAULT' && !isTimeZone(v)))
      fail(`${at('timezone')} must be an IANA time zone such as "Europe/Paris" (got ${JSON.stringify(v)})`, at('timezone'));
  }
  if (given('executionTimeout')) {
    const v = settings.executionTimeout;
    if (typeof v !== 'number' || !Number.isFinite(v) || (v !== -1 && v <= 0))
      fail(`${at('executionTimeout')} must be a number of seconds above 0, or -1 for no limit (got ${JSON.stringify(v)})`, at('executionTimeout'));
  }
  for (const key of ['saveDataSuccessExecution', 'saveDataErrorExecution']) {
    if (given(key) && !(SAVE_DATA_VALUES as readonly unknown[]).includes(settings[key]))
      fail(`${at(key)} must be "all", "none" or "DEFAULT" (got ${JSON.stringify(settings[key])})`, at(key));
  }
  if (given('saveManualExecutions') && typeof settings.saveManualExecutions !== 'boolean' && settings.saveManualExecutions !== 'DEFAULT')
    fail(`${at('saveManualExecutions')} must be true, false or "DEFAULT" (got ${JSON.stringify(settings.saveManualExecutions)})`, at('saveManualExecutions'));
  if (given('maxConcurrency')) {
    const v = settings.maxConcurrency;
    if (typeof v !== 'number' || !Number.isInteger(v) || (v !== -1 && v < 1))
      fail(`${at('maxConcurrency')} must be a whole number of at least 1, or -1 for no limit (got ${JSON.stringify(v)})`, at('maxConcurrency'));
  }
}

/** settings.maxConcurrency as a limit, or undefined when the workflow has none. */
export function concurrencyLimitOf(settings: object | undefined): number | undefined {
  const v = (settings as { maxConcurrency?: unknown } | undefined)?.maxConcurrency;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}
