// Value typing for Set assignments, matching n8n's conversions and their error messages.
export type AssignmentType = 'string' | 'number' | 'boolean' | 'array' | 'object';

export interface Assignment {
  id?: string;
  name: string;
  value: unknown;
  type?: AssignmentType;
}

export function convertValue(value: unknown, type: AssignmentType, fieldName: string): unknown {
  switch (type) {
    case 'string':
      if (value === null || value === undefined) return value;
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'number': {
      if (typeof value === 'number') return value;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(n)) throw new Error(`'${fieldName}' expects a number but we got '${String(value)}'`);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 1 || value === '1') return true;
      if (value === 'false' || value === 0 || value === '0') return false;
      throw new Error(`'${fieldName}' expects a boolean but we got '${String(value)}'`);
    case 'array':
    case 'object': {
      let v = value;
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch {
          throw new Error(`'${fieldName}' expects an ${type} but we got '${value}'`);
        }
      }
      const ok = type === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
      if (!ok) throw new Error(`'${fieldName}' expects an ${type} but we got '${JSON.stringify(value)}'`);
      return v;
    }
    default:
      return value;
  }
}

/** Defines an own data property, so a key such as `__proto__` is a plain field and never a prototype change. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets `value` at `path`; with dot notation "a.b" creates nested objects. */
export function setField(target: Record<string, unknown>, path: string, value: unknown, dotNotation: boolean): void {
  if (!dotNotation || !path.includes('.')) return define(target, path, value);
  const keys = path.split('.');
  let cur = target;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
    if (next && typeof next === 'object' && !Array.isArray(next)) cur = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      define(cur, key, created);
      cur = created;
    }
  }
  define(cur, keys[keys.length - 1], value);
}
