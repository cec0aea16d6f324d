// Which properties of a node description the editor shows, mirroring host/engine/parameters.ts `isDisplayed`
// so a field is visible exactly when the engine would read it. Pure: no Vue, unit-testable on its own.
import type { INodeProperties } from 'n8n-workflow';

export type ParameterValues = Record<string, unknown>;

/** Reads `a.b[0].c` style paths; missing steps give undefined. */
export function getPath(source: unknown, path: string): unknown {
  let cur: unknown = source;
  for (const key of path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function matchesCondition(value: unknown, allowed: unknown): boolean {
  if (allowed && typeof allowed === 'object' && '_cnd' in allowed) {
    const cnd = (allowed as { _cnd: Record<string, unknown> })._cnd;
    if ('gte' in cnd) return typeof value === 'number' && value >= (cnd.gte as number);
    if ('lte' in cnd) return typeof value === 'number' && value <= (cnd.lte as number);
    if ('gt' in cnd) return typeof value === 'number' && value > (cnd.gt as number);
    if ('lt' in cnd) return typeof value === 'number' && value < (cnd.lt as number);
    if ('eq' in cnd) return value === cnd.eq;
    if ('not' in cnd) return value !== cnd.not;
    if ('exists' in cnd) return value !== undefined;
    return false;
  }
  return allowed === value;
}

/**
 * `values` are the parameters of the property's own level (with defaults applied); keys starting with '/'
 * read `root` (the node's top-level parameters) and '@version' reads the node's typeVersion.
 */
export function isDisplayed(prop: Pick<INodeProperties, 'displayOptions'>, values: ParameterValues, typeVersion: number, root: ParameterValues = values): boolean {
  const { show, hide } = prop.displayOptions ?? {};
  const valueOf = (key: string): unknown => (key === '@version' ? typeVersion : key.startsWith('/') ? getPath(root, key.slice(1)) : getPath(values, key));
  const matches = (key: string, allowed: unknown): boolean => {
    const list = Array.isArray(allowed) ? allowed : [allowed];
    const v = valueOf(key);
    return list.some((a) => matchesCondition(v, a));
  };
  if (show && !Object.entries(show).every(([k, allowed]) => matches(k, allowed ?? []))) return false;
  if (hide && Object.entries(hide).some(([k, hidden]) => matches(k, hidden ?? []))) return false;
  return true;
}

/**
 * The level's values with each missing one replaced by the default of the first displayed property of that
 * name, in description order — so a later property's displayOptions see earlier defaults, as in n8n.
 */
export function withDefaults(properties: INodeProperties[], values: ParameterValues, typeVersion: number, root?: ParameterValues): ParameterValues {
  const resolved: ParameterValues = { ...values };
  for (const prop of properties) {
    if (prop.name in resolved || prop.type === 'notice') continue;
    const rootNow = root ?? resolved;
    if (isDisplayed(prop, resolved, typeVersion, rootNow)) resolved[prop.name] = structuredClone(prop.default);
  }
  return resolved;
}

/** Properties to render at one level, in description order; `hidden` ones are never rendered. */
export function displayedProperties(properties: INodeProperties[], resolved: ParameterValues, typeVersion: number, root: ParameterValues = resolved): INodeProperties[] {
  return properties.filter((p) => p.type !== 'hidden' && isDisplayed(p, resolved, typeVersion, root));
}

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/** Empty for required-field purposes: 0 and false are values, an empty expression is not. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '' || value.trim() === '=';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export function joinPath(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
