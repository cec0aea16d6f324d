// Raw parameter lookup with defaults from the node description, as n8n's getNodeParameter does
// before expressions are resolved.
import type { INodeProperties, INodeTypeDescription, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** True if a property's displayOptions allow it for these parameter values (show/hide on sibling values). */
export function isDisplayed(prop: INodeProperties, params: INodeParameters, typeVersion: number): boolean {
  const { show, hide } = prop.displayOptions ?? {};
  const valueOf = (key: string): unknown => (key === '@version' ? typeVersion : key.startsWith('/') ? params[key.slice(1)] : params[key]);
  const matches = (key: string, allowed: unknown[]): boolean => {
    const v = valueOf(key);
    return allowed.some((a) => {
      if (a && typeof a === 'object' && '_cnd' in a) {
        const cnd = (a as { _cnd: Record<string, unknown> })._cnd;
        if ('gte' in cnd) return typeof v === 'number' && v >= (cnd.gte as number);
        if ('lte' in cnd) return typeof v === 'number' && v <= (cnd.lte as number);
        if ('gt' in cnd) return typeof v === 'number' && v > (cnd.gt as number);
        if ('lt' in cnd) return typeof v === 'number' && v < (cnd.lt as number);
        if ('eq' in cnd) return v === cnd.eq;
        if ('not' in cnd) return v !== cnd.not;
        if ('exists' in cnd) return v !== undefined;
        return false;
      }
      return a === v;
    });
  };
  if (show && !Object.entries(show).every(([k, allowed]) => matches(k, (allowed ?? []) as unknown[]))) return false;
  if (hide && Object.entries(hide).some(([k, hidden]) => matches(k, (hidden ?? []) as unknown[]))) return false;
  return true;
}

/** The default for a top-level parameter name, from the first displayed property of that name. */
export function parameterDefault(description: INodeTypeDescription, name: string, params: INodeParameters, typeVersion: number): unknown {
  const [top, ...rest] = name.split('.');
  const props = description.properties.filter((p) => p.name === top);
  const prop = props.find((p) => isDisplayed(p, params, typeVersion)) ?? props[0];
  if (!prop) return undefined;
  return rest.length ? getPath(prop.default, rest.join('.')) : prop.default;
}

/** The raw (unresolved) value of a parameter, or its default; `undefined` when neither exists. */
export function rawParameter(
  description: INodeTypeDescription,
  params: INodeParameters,
  name: string,
  typeVersion: number,
): NodeParameterValueType | object | undefined {
  const value = getPath(params, name);
  if (value !== undefined) return value as NodeParameterValueType;
  return parameterDefault(description, name, params, typeVersion) as NodeParameterValueType | undefined;
}
