// The workflow settings dialog's form, kept apart from the component so the conversion both ways
// (stored settings ↔ text fields) can be unit-tested. Field names are n8n's IWorkflowSettings,
// plus Gigaflow's maxConcurrency and triggerCondition. 'DEFAULT' means "the host's default".
import { t } from '../../i18n/index.ts';
import { isTimeZone } from '../../../../host/workflows/settings.ts';

export type SaveData = 'DEFAULT' | 'all' | 'none';
export type SaveManual = 'DEFAULT' | 'true' | 'false';

export interface SettingsForm {
  /** '' = none. */
  errorWorkflow: string;
  /** '' = the host's default zone. */
  timezone: string;
  /** Seconds as typed; '' = no limit. */
  executionTimeout: string;
  saveDataSuccessExecution: SaveData;
  saveDataErrorExecution: SaveData;
  saveManualExecutions: SaveManual;
  /** Runs at once as typed; '' = no limit. */
  maxConcurrency: string;
  /** JSONLogic rule as JSON text; '' = none. */
  triggerCondition: string;
}

export const FORM_FIELDS = [
  'errorWorkflow',
  'timezone',
  'executionTimeout',
  'saveDataSuccessExecution',
  'saveDataErrorExecution',
  'saveManualExecutions',
  'maxConcurrency',
  'triggerCondition',
] as const;

function saveData(v: unknown): SaveData {
  return v === 'all' || v === 'none' ? v : 'DEFAULT';
}

/** Every IANA zone the browser knows (it knows the same ones as the host's Node). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}


export function toForm(settings: Record<string, unknown>): SettingsForm {
  const num = (v: unknown) => (typeof v === 'number' && v > 0 ? String(v) : '');
  const manual = settings.saveManualExecutions;
  const tz = settings.timezone;
  const cond = settings.triggerCondition;
  return {
    errorWorkflow: settings.errorWorkflow && settings.errorWorkflow !== 'DEFAULT' ? String(settings.errorWorkflow) : '',
    timezone: typeof tz === 'string' && tz !== 'DEFAULT' ? tz : '',
    executionTimeout: num(settings.executionTimeout),
    saveDataSuccessExecution: saveData(settings.saveDataSuccessExecution),
    saveDataErrorExecution: saveData(settings.saveDataErrorExecution),
    saveManualExecutions: manual === true ? 'true' : manual === false ? 'false' : 'DEFAULT',
    maxConcurrency: num(settings.maxConcurrency),
    triggerCondition: cond === undefined || cond === null ? '' : JSON.stringify(cond, null, 2),
  };
}

/** A field's text: Vue's v-model hands a number input's value over as a number. */
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

export type FormErrors = Partial<Record<keyof SettingsForm, string>>;

/**
 * The settings to store: `base` (keys this form does not show are kept) with the form's fields;
 * a field left at its default is removed, as n8n does. Errors name the fields to fix.
 */
export function fromForm(form: SettingsForm, base: Record<string, unknown>): { settings: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const out: Record<string, unknown> = { ...base };
  const set = (key: string, value: unknown) => (value === undefined ? delete out[key] : (out[key] = value));

  set('errorWorkflow', form.errorWorkflow || undefined);
  const tz = text(form.timezone);
  if (tz && !isTimeZone(tz)) errors.timezone = t('settings.errors.timezone', { zone: tz });
  set('timezone', tz || undefined);

  const timeout = text(form.executionTimeout);
  if (timeout && !(Number(timeout) > 0)) errors.executionTimeout = t('settings.errors.executionTimeout');
  // n8n keeps -1 for "no limit" once a timeout was set; without one the key is simply absent.
  set('executionTimeout', timeout ? Number(timeout) : base.executionTimeout !== undefined ? -1 : undefined);

  set('saveDataSuccessExecution', form.saveDataSuccessExecution === 'DEFAULT' ? undefined : form.saveDataSuccessExecution);
  set('saveDataErrorExecution', form.saveDataErrorExecution === 'DEFAULT' ? undefined : form.saveDataErrorExecution);
  set('saveManualExecutions', form.saveManualExecutions === 'DEFAULT' ? undefined : form.saveManualExecutions === 'true');

  const limit = text(form.maxConcurrency);
  if (limit && !(Number.isInteger(Number(limit)) && Number(limit) >= 1)) errors.maxConcurrency = t('settings.errors.maxConcurrency');
  set('maxConcurrency', limit ? Number(limit) : undefined);

  const cond = text(form.triggerCondition);
  if (cond) {
    try {
      set('triggerCondition', JSON.parse(cond));
    } catch (e) {
      errors.triggerCondition = t('settings.errors.triggerCondition', { detail: (e as Error).message });
    }
  } else set('triggerCondition', undefined);
  return { settings: out, errors };
}
