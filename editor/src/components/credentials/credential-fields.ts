// The credential form's rules, apart from Vue so they can be tested on their own: which fields a
// credential type shows for the current values, what each starts at, what is missing, and what to
// send — on an edit only what the user changed, so stored secrets the user did not retype stay.
import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { isDisplayed, withDefaults } from '../../lib/display-options.ts';
import type { CredentialData, CredentialValue } from '../../api/credentials.ts';

export type FieldKind = 'string' | 'password' | 'number' | 'boolean' | 'options' | 'notice';
export type FormValues = Record<string, CredentialValue>;

/** What is stored, as the edit form may know it (see CredentialForEdit). */
export interface StoredView {
  data: CredentialData;
  secretFields: string[];
}

// Credential types have no versions; displayOptions on '@version' compare against 1.
const TYPE_VERSION = 1;

/** How a property is edited; undefined for kinds a credential form does not show (hidden, collections…). */
export function fieldKind(p: INodeProperties): FieldKind | undefined {
  if (p.type === 'string') return p.typeOptions?.password ? 'password' : 'string';
  if (p.type === 'number' || p.type === 'boolean' || p.type === 'options' || p.type === 'notice') return p.type;
  return undefined;
}

function scalar(v: unknown): CredentialValue | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

function emptyOf(p: INodeProperties): CredentialValue {
  if (p.type === 'boolean') return false;
  if (p.type === 'options') return scalar(p.options?.[0] && 'value' in p.options[0] ? p.options[0].value : '') ?? '';
  return '';
}

/**
 * Starting values: the stored plain values, else the property's default. A stored secret starts
 * empty — the form never knows it — and an empty secret field means "keep the stored one".
 */
export function initialValues(type: ICredentialType, stored?: StoredView): FormValues {
  const out: FormValues = {};
  for (const p of type.properties) {
    const kind = fieldKind(p);
    if (!kind || kind === 'notice') continue;
    if (stored?.secretFields.includes(p.name)) out[p.name] = '';
    else out[p.name] = scalar(stored?.data[p.name]) ?? scalar(p.default) ?? emptyOf(p);
  }
  return out;
}

/** The properties shown for these values (displayOptions show/hide), in the type's order. */
export function visibleFields(type: ICredentialType, values: FormValues): INodeProperties[] {
  const props = type.properties.filter((p) => fieldKind(p));
  const resolved = withDefaults(props, values, TYPE_VERSION);
  return props.filter((p) => isDisplayed(p, resolved, TYPE_VERSION));
}

function isBlank(v: CredentialValue | undefined): boolean {
  return v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** Required visible fields with no value (a stored secret counts as a value). */
export function missingRequired(type: ICredentialType, values: FormValues, stored?: StoredView): INodeProperties[] {
  return visibleFields(type, values).filter(
    (p) => p.required && p.type !== 'boolean' && p.type !== 'notice' && isBlank(values[p.name]) && !stored?.secretFields.includes(p.name),
  );
}

/** Everything a new credential holds: each visible field's value. */
export function allData(type: ICredentialType, values: FormValues): CredentialData {
  const out: CredentialData = {};
  for (const p of visibleFields(type, values)) if (p.type !== 'notice' && values[p.name] !== undefined) out[p.name] = values[p.name];
  return out;
}

/**
 * What an edit changes: a secret only when the user typed a new one, a plain field only when it
 * differs from what was shown. Everything left out stays as stored (the API merges `data`).
 */
export function changedData(type: ICredentialType, values: FormValues, initial: FormValues, stored: StoredView): CredentialData {
  const out: CredentialData = {};
  for (const p of visibleFields(type, values)) {
    if (p.type === 'notice') continue;
    const v = values[p.name];
    if (stored.secretFields.includes(p.name) ? !isBlank(v) : v !== initial[p.name]) out[p.name] = v;
  }
  return out;
}
