// n8n's "dynamic text" node translations: which texts of a node description a translation file
// covers, and how a translation is laid over the English description. Pure (no I/O) so the host's
// registry, the translation checker and the editor (bundled by Vite) share one reading of the format.
//
// File shape (`translations/<locale>.json` beside the node file, keyed by the node's short name):
//   { "<name>": { header: { displayName, description },
//                 credentialsModal: { <credentialType>: { <prop>: PropertyTranslation } },
//                 nodeView: { <param>: PropertyTranslation } } }
// n8n's rule: children of collection / fixedCollection parameters are translated at the same
// level as top-level parameters (keyed by their own name); same-named parameters share one entry.

/** Locales the host serves node translations for ('en' is the descriptions themselves). */
export const NODE_TRANSLATION_LOCALES = ['en', 'fr'] as const;

export interface OptionTranslation {
  displayName?: string;
  description?: string;
}

export interface PropertyTranslation {
  displayName?: string;
  description?: string;
  placeholder?: string;
  hint?: string;
  multipleValueButtonText?: string;
  /** Keyed by option value (options / multiOptions) or group name (fixedCollection). */
  options?: Record<string, OptionTranslation>;
}

export interface NodeTranslation {
  header?: { displayName?: string; description?: string };
  credentialsModal?: Record<string, Record<string, PropertyTranslation>>;
  nodeView?: Record<string, PropertyTranslation>;
}

/** GET /api/v1/node-types/translations/:locale: nodes by full type name, credential types from credentialsModal. */
export interface NodeTranslationsResponse {
  nodes: Record<string, NodeTranslation>;
  credentials: Record<string, Record<string, PropertyTranslation>>;
}

/** The parsed content of one translations/<locale>.json: node short name → translation. */
export type NodeTranslationFile = Record<string, NodeTranslation>;

/** The minimal property shape we read (n8n's INodeProperties; loose so the editor's own copy fits too). */
export interface TranslatableProperty {
  name: string;
  displayName?: string;
  type?: string;
  description?: unknown;
  placeholder?: unknown;
  hint?: unknown;
  typeOptions?: unknown;
  options?: unknown;
}

export interface TranslatableDescription {
  name: string;
  displayName: string;
  description?: string;
  properties: TranslatableProperty[];
  credentials?: { name: string }[];
}

interface OptionLike {
  name?: unknown;
  value?: unknown;
  description?: unknown;
  displayName?: unknown;
  values?: unknown[];
}

const hasLetters = (s: unknown): s is string => typeof s === 'string' && /\p{L}/u.test(s);
const hasText = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';
/**
 * A placeholder needs translating when it holds words ("Add option", "e.g. id"), not when it is an
 * example value with letters in it (URLs, JSON, expressions, dotted paths, ids): those may be copied.
 */
const JSON_OR_EXPRESSION = /^\s*[{[=]/;
/** A word ("option", "l'élément") or an abbreviation ("e.g."), maybe in brackets or before punctuation. */
const WORD = /^[("«“]?(\p{L}[\p{L}'’-]*|(\p{L}\.){1,3})[)"»”,:;.!?…]*$/u;
const TWO_LETTERS_OR_ABBREVIATION = /\p{L}.*\p{L}|\p{L}\./u;
function hasWords(s: unknown): s is string {
  if (typeof s !== 'string' || JSON_OR_EXPRESSION.test(s)) return false;
  return s.split(/\s+/).some((token) => TWO_LETTERS_OR_ABBREVIATION.test(token) && WORD.test(token));
}
const buttonText = (p: TranslatableProperty): unknown => (p.typeOptions as { multipleValueButtonText?: unknown } | undefined)?.multipleValueButtonText;

interface KeySets {
  /** Texts the settings panel shows: a complete translation has them all. */
  required: Set<string>;
  /** Allowed, not required: hints (our panel does not show them), hidden properties, texts without letters, placeholders without words. */
  optional: Set<string>;
}

/** The n8n translation keys of a property's texts (and, per n8n's rule, of its nested children at the same level). */
function propertyKeys(p: TranslatableProperty, prefix: string, sets: KeySets): void {
  // Text with letters must be translated; text without (numbers, symbols) may be, and so may the
  // texts of hidden properties (never shown, but they are properties: translating them is not stale).
  const hidden = p.type === 'hidden';
  const add = (key: string, text: unknown) => {
    if (hasLetters(text) && !hidden) sets.required.add(key);
    else if (hasText(text)) sets.optional.add(key);
  };
  const base = `${prefix}.${p.name}`;
  add(`${base}.displayName`, p.displayName);
  add(`${base}.description`, p.description);
  if (hasWords(p.placeholder)) add(`${base}.placeholder`, p.placeholder);
  else if (hasText(p.placeholder)) sets.optional.add(`${base}.placeholder`);
  if (hasText(p.hint)) sets.optional.add(`${base}.hint`);
  add(`${base}.multipleValueButtonText`, buttonText(p));
  const options = (Array.isArray(p.options) ? p.options : []) as OptionLike[];
  if (p.type === 'options' || p.type === 'multiOptions') {
    for (const o of options) {
      add(`${base}.options.${String(o.value)}.displayName`, o.name);
      add(`${base}.options.${String(o.value)}.description`, o.description);
    }
  } else if (p.type === 'collection') {
    for (const child of options as TranslatableProperty[]) propertyKeys(child, prefix, sets);
  } else if (p.type === 'fixedCollection') {
    for (const group of options) {
      add(`${base}.options.${String(group.name)}.displayName`, group.displayName);
      add(`${base}.options.${String(group.name)}.description`, group.description);
      for (const child of (group.values ?? []) as TranslatableProperty[]) propertyKeys(child, prefix, sets);
    }
  }
}

type CredentialTypeLookup = (name: string) => { name: string; properties: TranslatableProperty[] } | undefined;

function keySets(description: TranslatableDescription, credentialType?: CredentialTypeLookup): KeySets {
  const sets: KeySets = { required: new Set(), optional: new Set() };
  if (hasText(description.displayName)) sets.required.add('header.displayName');
  if (hasText(description.description)) sets.required.add('header.description');
  for (const p of description.properties) propertyKeys(p, 'nodeView', sets);
  for (const c of description.credentials ?? []) {
    const type = credentialType?.(c.name);
    if (type) for (const p of type.properties) propertyKeys(p, `credentialsModal.${type.name}`, sets);
  }
  return sets;
}

/**
 * Every key (dotted: `header.displayName`, `nodeView.<param>.options.<value>.displayName`,
 * `credentialsModal.<type>.<prop>.description`…) a complete translation of this node holds.
 * `credentialType` resolves the node's credential types; omit it to leave credentialsModal out.
 */
export function translationKeys(description: TranslatableDescription, credentialType?: CredentialTypeLookup): string[] {
  return [...keySets(description, credentialType).required];
}

/**
 * What a node's translation lacks (missing: English text without a translation), what it holds
 * that matches no English text (stale), and keys whose value is not a non-empty string (invalid).
 */
export function checkNodeTranslation(
  description: TranslatableDescription,
  translation: unknown,
  credentialType?: CredentialTypeLookup,
): { missing: string[]; stale: string[]; invalid: string[] } {
  const { required, optional } = keySets(description, credentialType);
  const { keys, invalid } = flattenTranslation(translation ?? {});
  const have = new Set(keys);
  return {
    missing: [...required].filter((k) => !have.has(k)),
    stale: keys.filter((k) => !required.has(k) && !optional.has(k)),
    invalid,
  };
}

/** The dotted keys of a translation's string leaves, plus the keys whose value is not a non-empty string. */
export function flattenTranslation(translation: unknown): { keys: string[]; invalid: string[] } {
  const keys: string[] = [];
  const invalid: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (typeof value === 'string' && value.trim() !== '') keys.push(path);
    else invalid.push(path);
  };
  walk(translation, '');
  return { keys, invalid };
}

/** A problem with the shape of a translation file (not JSON errors): the key at fault, or undefined when fine. */
export function translationFileProblem(file: unknown): string | undefined {
  if (!file || typeof file !== 'object' || Array.isArray(file)) return 'the file must hold an object keyed by node name';
  for (const [node, value] of Object.entries(file)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return `"${node}" must be an object`;
    const bad = flattenTranslation(value).invalid;
    if (bad.length) return `"${node}.${bad[0]}" must be a non-empty string or an object`;
  }
  return undefined;
}

const pick = (translated: string | undefined, english: unknown): unknown => (hasText(translated) ? translated : english);

function translateProperty<P extends TranslatableProperty>(p: P, view: Record<string, PropertyTranslation>): P {
  const tr = view[p.name];
  const out: P = { ...p };
  if (tr) {
    if (p.displayName !== undefined) out.displayName = pick(tr.displayName, p.displayName) as string;
    if (p.description !== undefined) out.description = pick(tr.description, p.description);
    if (typeof p.placeholder === 'string') out.placeholder = pick(tr.placeholder, p.placeholder);
    if (p.hint !== undefined) out.hint = pick(tr.hint, p.hint);
    if (buttonText(p) !== undefined) {
      out.typeOptions = { ...(p.typeOptions as object), multipleValueButtonText: pick(tr.multipleValueButtonText, buttonText(p)) };
    }
  }
  const optionTr = (key: unknown): OptionTranslation | undefined => tr?.options?.[String(key)];
  if (Array.isArray(p.options)) {
    if (p.type === 'options' || p.type === 'multiOptions') {
      // Only the shown name and description change: the VALUE is what workflows store.
      out.options = (p.options as OptionLike[]).map((o) => {
        const ot = optionTr(o.value);
        if (!ot) return o;
        const copy: OptionLike = { ...o, name: pick(ot.displayName, o.name) };
        if (o.description !== undefined) copy.description = pick(ot.description, o.description);
        return copy;
      });
    } else if (p.type === 'collection') {
      out.options = (p.options as TranslatableProperty[]).map((child) => translateProperty(child, view));
    } else if (p.type === 'fixedCollection') {
      out.options = (p.options as OptionLike[]).map((group) => {
        const gt = optionTr(group.name);
        const copy: OptionLike = { ...group, values: ((group.values ?? []) as TranslatableProperty[]).map((child) => translateProperty(child, view)) };
        if (gt) {
          copy.displayName = pick(gt.displayName, group.displayName);
          if (group.description !== undefined) copy.description = pick(gt.description, group.description);
        }
        return copy;
      });
    }
  }
  return out;
}

/** The properties with their translated texts (names, values, defaults untouched). */
export function translateProperties<P extends TranslatableProperty>(properties: P[], view: Record<string, PropertyTranslation> | undefined): P[] {
  if (!view) return properties;
  return properties.map((p) => translateProperty(p, view));
}

/** The description as a translation shows it; missing keys stay English. `name` and `defaults` never change. */
export function applyNodeTranslation<D extends TranslatableDescription>(description: D, translation: NodeTranslation | undefined): D {
  if (!translation) return description;
  return {
    ...description,
    displayName: pick(translation.header?.displayName, description.displayName) as string,
    description: pick(translation.header?.description, description.description) as string | undefined,
    properties: translateProperties(description.properties, translation.nodeView),
  };
}

/** A credential type as its translation shows it (from the credentialsModal sections). */
export function applyCredentialTranslation<C extends { name: string; properties: TranslatableProperty[] }>(
  credentialType: C,
  translation: Record<string, PropertyTranslation> | undefined,
): C {
  if (!translation) return credentialType;
  return { ...credentialType, properties: translateProperties(credentialType.properties, translation) };
}
