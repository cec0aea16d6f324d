// Shape checks for node and credential descriptions, run by the registry when it loads a package:
// a description n8n's editor could not use (no name, two parameters of one name that both show,
// displayOptions naming a parameter that does not exist) is rejected with a message naming the
// file and the field, instead of failing later inside a run. The rules follow what n8n's own nodes
// do, so what n8n loads passes: displayOptions may name `@version`/`@tool`-style pseudo parameters,
// `/absolute` root paths, and siblings inside the same collection; two properties may share a name
// when their displayOptions can never both be true (n8n's "operation per resource").

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Parameter types whose value is picked from `options` (unless they are loaded by a method). */
const OPTION_TYPES = new Set(['options', 'multiOptions']);
/** Types that hold no value: several notices of one name are n8n's habit and harmless. */
const VALUELESS_TYPES = new Set(['notice', 'callout']);
/** Hidden parameters are never shown, so two of one name cannot both show (n8n's OAuth2 credentials repeat `authQueryParameters`). */
const NEVER_SHOWN_TYPES = new Set(['hidden']);

class Problems {
  readonly list: string[] = [];
  private readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  add(path: string, message: string): void {
    this.list.push(`${this.file}: ${path} ${message}`);
  }
}

interface Scope {
  /** The description's top-level properties (what `/name` refers to). */
  root: unknown[];
  /** The properties at this level (what a plain `name` refers to). */
  siblings: unknown[];
  /** A credential type that extends others may show its fields by their parents' fields, which are not known here. */
  inherits?: boolean;
  /** Top-level parameters of the node's other versions (n8n shares collections across versions that refer to them). */
  alsoKnown?: readonly string[];
}

/**
 * Problems of one node description (a plain node, or one version of a versioned node). Empty = valid.
 * `alsoKnown`: the top-level parameter names of the node's other versions, which displayOptions may name.
 */
export function descriptionProblems(description: unknown, where: { file: string; path?: string; alsoKnown?: readonly string[] }): string[] {
  const out = new Problems(where.file);
  const path = where.path ?? 'description';
  if (!isObj(description)) {
    out.add(path, 'is missing or not an object');
    return out.list;
  }
  for (const field of ['name', 'displayName'] as const) {
    if (!isNonEmptyString(description[field])) out.add(`${path}.${field}`, description[field] === undefined ? 'is missing' : 'must be a non-empty string');
  }
  checkVersion(description.version, `${path}.version`, out);
  for (const field of ['inputs', 'outputs'] as const) {
    const v = description[field];
    // n8n allows an expression (`={{ ... }}`) for nodes whose connections depend on parameters.
    if (v === undefined) out.add(`${path}.${field}`, 'is missing');
    else if (!Array.isArray(v) && !(typeof v === 'string' && v.startsWith('='))) out.add(`${path}.${field}`, 'must be an array (or an "=" expression)');
  }
  if (!Array.isArray(description.properties)) {
    out.add(`${path}.properties`, description.properties === undefined ? 'is missing' : 'must be an array');
    return out.list;
  }
  const root = description.properties;
  checkPropertyList(root, `${path}.properties`, { root, siblings: root, alsoKnown: where.alsoKnown }, out);
  checkCredentialRefs(description.credentials, `${path}.credentials`, root, out);
  return out.list;
}

/** Problems of one credential type. Empty = valid. */
export function credentialProblems(credential: unknown, where: { file: string; path?: string }): string[] {
  const out = new Problems(where.file);
  const path = where.path ?? 'credential';
  if (!isObj(credential)) {
    out.add(path, 'is missing or not an object');
    return out.list;
  }
  for (const field of ['name', 'displayName'] as const) {
    if (!isNonEmptyString(credential[field])) out.add(`${path}.${field}`, credential[field] === undefined ? 'is missing' : 'must be a non-empty string');
  }
  const inherits = credential.extends !== undefined;
  if (inherits && !(Array.isArray(credential.extends) && credential.extends.every(isNonEmptyString))) {
    out.add(`${path}.extends`, 'must be an array of credential type names');
  }
  if (!Array.isArray(credential.properties)) {
    out.add(`${path}.properties`, credential.properties === undefined ? 'is missing' : 'must be an array');
    return out.list;
  }
  const root = credential.properties;
  checkPropertyList(root, `${path}.properties`, { root, siblings: root, inherits }, out);
  return out.list;
}

function checkVersion(v: unknown, path: string, out: Problems): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (v === undefined) out.add(path, 'is missing');
  else if (Array.isArray(v) ? v.length === 0 || !v.every(ok) : !ok(v)) out.add(path, 'must be a positive number or a non-empty array of them');
}

/** `kind`: a collection's options are add-on choices writing one key each, so a repeated name there never reads another's value. */
function checkPropertyList(list: unknown[], path: string, scope: Scope, out: Problems, kind: 'root' | 'collection' | 'group' = 'root'): void {
  list.forEach((p, i) => checkProperty(p, `${path}[${i}]`, scope, out));
  if (kind !== 'collection') checkDuplicates(list, path, kind === 'root', out);
}

function checkProperty(p: unknown, path: string, scope: Scope, out: Problems): void {
  if (!isObj(p)) {
    out.add(path, 'must be an object');
    return;
  }
  if (!isNonEmptyString(p.name)) out.add(`${path}.name`, p.name === undefined ? 'is missing' : 'must be a non-empty string');
  if (!isNonEmptyString(p.type)) out.add(`${path}.type`, p.type === undefined ? 'is missing' : 'must be a non-empty string');
  // n8n's notices sometimes have an empty displayName; it must still be a string.
  if (typeof p.displayName !== 'string') out.add(`${path}.displayName`, p.displayName === undefined ? 'is missing' : 'must be a string');
  if (p.displayOptions !== undefined) checkDisplayOptions(p.displayOptions, `${path}.displayOptions`, scope, out);
  const typeOptions = isObj(p.typeOptions) ? p.typeOptions : {};
  const loaded = typeOptions.loadOptionsMethod !== undefined || typeOptions.loadOptions !== undefined;
  if (typeof p.type === 'string' && OPTION_TYPES.has(p.type) && !loaded) {
    if (!Array.isArray(p.options)) out.add(`${path}.options`, `is missing: a "${p.type}" property needs its options (or typeOptions.loadOptionsMethod)`);
    else
      p.options.forEach((o, i) => {
        if (!isObj(o) || !isNonEmptyString(o.name)) out.add(`${path}.options[${i}].name`, 'is missing');
        else if (!('value' in o)) out.add(`${path}.options[${i}].value`, 'is missing');
      });
  }
  if (p.type === 'collection') {
    if (!Array.isArray(p.options)) out.add(`${path}.options`, 'is missing: a "collection" property needs its options (the properties it holds)');
    else checkPropertyList(p.options, `${path}.options`, { ...scope, siblings: p.options }, out, 'collection');
  }
  if (p.type === 'fixedCollection') {
    if (!Array.isArray(p.options)) out.add(`${path}.options`, 'is missing: a "fixedCollection" property needs its options (groups of values)');
    else
      p.options.forEach((group, i) => {
        const gPath = `${path}.options[${i}]`;
        if (!isObj(group)) return out.add(gPath, 'must be an object');
        if (!isNonEmptyString(group.name)) out.add(`${gPath}.name`, 'is missing');
        if (!Array.isArray(group.values)) return out.add(`${gPath}.values`, 'is missing: the properties of this group');
        checkPropertyList(group.values, `${gPath}.values`, { ...scope, siblings: group.values }, out, 'group');
      });
  }
}

function checkDisplayOptions(d: unknown, path: string, scope: Scope, out: Problems): void {
  if (!isObj(d)) {
    out.add(path, 'must be an object with "show" and/or "hide"');
    return;
  }
  for (const which of ['show', 'hide'] as const) {
    const rules = d[which];
    if (rules === undefined) continue;
    if (!isObj(rules)) {
      out.add(`${path}.${which}`, 'must be an object of parameter name → array of values');
      continue;
    }
    for (const [key, values] of Object.entries(rules)) {
      if (!Array.isArray(values)) out.add(`${path}.${which}.${key}`, 'must be an array of values');
      if (!scope.inherits && !refersToSomething(key, scope)) out.add(`${path}.${which}.${key}`, `refers to no property "${key.replace(/^\//, '')}"`);
    }
  }
}

/** `@version`-style keys are n8n's pseudo parameters; `/a.b` is from the root; `a.b` from this level (or the root, as n8n falls back). */
function refersToSomething(key: string, scope: Scope): boolean {
  if (key.startsWith('@')) return true;
  const first = key.replace(/^\//, '').split('.')[0];
  const has = (list: unknown[]) => list.some((p) => isObj(p) && p.name === first);
  if (scope.alsoKnown?.includes(first)) return true;
  return key.startsWith('/') ? has(scope.root) : has(scope.siblings) || has(scope.root);
}

function checkCredentialRefs(creds: unknown, path: string, root: unknown[], out: Problems): void {
  if (creds === undefined) return;
  if (!Array.isArray(creds)) {
    out.add(path, 'must be an array');
    return;
  }
  creds.forEach((c, i) => {
    if (!isObj(c)) return out.add(`${path}[${i}]`, 'must be an object');
    if (!isNonEmptyString(c.name)) out.add(`${path}[${i}].name`, 'is missing');
    if (c.displayOptions !== undefined) checkDisplayOptions(c.displayOptions, `${path}[${i}].displayOptions`, { root, siblings: root }, out);
  });
}

/**
 * Two properties of one name are fine when their displayOptions can never both be true, or when they
 * are the very same definition (a harmless copy n8n's own nodes have). Otherwise both could show and
 * the second would silently read the first one's value.
 */
function checkDuplicates(list: unknown[], path: string, atRoot: boolean, out: Problems): void {
  const seen = new Map<string, Array<{ index: number; display: Obj; json: string }>>();
  list.forEach((p, index) => {
    if (!isObj(p) || !isNonEmptyString(p.name) || VALUELESS_TYPES.has(String(p.type)) || NEVER_SHOWN_TYPES.has(String(p.type))) return;
    const earlier = seen.get(p.name) ?? [];
    const display = withParentConditions(p.displayOptions, list, atRoot);
    const json = JSON.stringify(p);
    const clash = earlier.find((e) => e.json !== json && !exclusive(e.display, display, list));
    if (clash) out.add(`${path}[${index}].name`, `"${p.name}" is used twice (also ${path.split('.').pop()}[${clash.index}]) and both can show: give them displayOptions that exclude each other`);
    earlier.push({ index, display, json });
    seen.set(p.name, earlier);
  });
}

/**
 * A property shows only when the parameters its `show` names show too (n8n drops hidden values), so
 * add their conditions: `body` shown for `specifyBody: ['string']` inherits `contentType: ['form-urlencoded']`
 * from `specifyBody`, which makes it exclusive with a `body` shown for `contentType: ['raw']` (n8n's HTTP Request).
 */
function withParentConditions(display: unknown, siblings: unknown[], atRoot: boolean, depth = 0): Obj {
  const own = isObj(display) ? display : {};
  // At the top level `/operation` and `operation` are the same parameter (n8n's Google Drive mixes them).
  const keyed = (rules: unknown): Obj => Object.fromEntries(Object.entries(isObj(rules) ? rules : {}).map(([k, v]) => [atRoot ? k.replace(/^\//, '') : k, v]));
  const show: Obj = keyed(own.show);
  const hide: Obj = keyed(own.hide);
  if (depth > 5) return { show, hide };
  for (const key of Object.keys(show)) {
    const wanted = plainValues(show[key]);
    // Of several parameters of that name, only those that can take one of the wanted values matter.
    const parents = siblings.filter((s): s is Obj => isObj(s) && s.name === key && canTake(s, wanted));
    if (parents.length === 0) continue;
    const inherited = parents.map((parent) => withParentConditions(parent.displayOptions, siblings, atRoot, depth + 1));
    const first = inherited[0].show as Obj;
    for (const k of Object.keys(first)) {
      if (k in show) continue;
      // Shown when any of the parents shows: the union of their values for a key all of them constrain.
      const lists = inherited.map((i) => plainValues((i.show as Obj)[k]));
      if (lists.every((l) => l !== undefined)) show[k] = [...new Set(lists.flat())];
    }
    if (parents.length === 1) for (const [k, v] of Object.entries(inherited[0].hide as Obj)) if (!(k in hide)) hide[k] = v;
  }
  return { show, hide };
}

function canTake(parent: Obj, wanted: unknown[] | undefined): boolean {
  if (!wanted || !OPTION_TYPES.has(String(parent.type)) || !Array.isArray(parent.options)) return true;
  const values = parent.options.map((o) => (isObj(o) ? o.value : undefined));
  return values.some((v) => wanted.includes(v));
}

/** Plain values of one show/hide rule; undefined when a rule holds conditions (`_cnd`) we cannot compare. */
function plainValues(values: unknown): unknown[] | undefined {
  if (!Array.isArray(values)) return undefined;
  return values.every((v) => v === null || typeof v !== 'object') ? values : undefined;
}

/** The plain option values of every parameter of that name (undefined when one has none, or loads them). */
function optionValuesOf(name: string, siblings: unknown[]): unknown[] | undefined {
  const matches = siblings.filter((s): s is Obj => isObj(s) && s.name === name);
  if (matches.length === 0 || !matches.every((m) => Array.isArray(m.options))) return undefined;
  return plainValues(matches.flatMap((m) => (m.options as unknown[]).map((o) => (isObj(o) ? o.value : undefined))));
}

/**
 * True when no parameter values can show both: a shared `show` key with disjoint values, one's shown
 * values all hidden by the other, or hides that together cover every option of a parameter.
 * Conditions (`_cnd`, e.g. version ranges) cannot be compared here: when both name a key and one of
 * them uses conditions for it, the author gets the benefit of the doubt.
 */
function exclusive(a: Obj, b: Obj, siblings: unknown[]): boolean {
  const showA = a.show as Obj;
  const showB = b.show as Obj;
  const hideA = a.hide as Obj;
  const hideB = b.hide as Obj;
  const keysA = new Set([...Object.keys(showA), ...Object.keys(hideA)]);
  for (const key of new Set([...Object.keys(showB), ...Object.keys(hideB)])) {
    if (!keysA.has(key)) continue;
    const rules = [showA[key], hideA[key], showB[key], hideB[key]].filter((r) => r !== undefined);
    if (rules.some((r) => plainValues(r) === undefined)) return true;
  }
  for (const key of Object.keys(showA)) {
    const pa = plainValues(showA[key]) ?? [];
    const pb = plainValues(showB[key]);
    if (pb && !pa.some((v) => pb.includes(v))) return true;
    const hb = plainValues(hideB[key]);
    if (hb && pa.every((v) => hb.includes(v))) return true;
  }
  for (const key of Object.keys(showB)) {
    const pb = plainValues(showB[key]) ?? [];
    const ha = plainValues(hideA[key]);
    if (ha && pb.every((v) => ha.includes(v))) return true;
  }
  for (const key of Object.keys(hideA)) {
    if (!(key in hideB)) continue;
    const all = optionValuesOf(key, siblings);
    const hidden = [...(plainValues(hideA[key]) ?? []), ...(plainValues(hideB[key]) ?? [])];
    if (all && all.every((v) => hidden.includes(v))) return true;
  }
  return false;
}
