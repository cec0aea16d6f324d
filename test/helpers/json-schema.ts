// A small JSON Schema (draft 2020-12) checker for the subset our schemas use, so tests can check
// real outputs against a shipped schema without a validator dependency. A keyword outside the
// subset throws: a schema must never pass because the checker skipped part of it.

type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'format', 'default', 'examples', '$comment', '$defs']);
const ASSERTIONS = new Set([
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', '$ref', 'anyOf',
  'minimum', 'maximum', 'minLength', 'pattern',
]);

function typeOf(v: unknown): string[] {
  if (v === null) return ['null'];
  if (Array.isArray(v)) return ['array'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['integer', 'number'] : ['number'];
  return [typeof v];
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The errors of `value` against `schema` (empty = valid), each as "<json pointer>: <what>". */
export function validate(schema: Schema, value: unknown): string[] {
  const root = schema;
  const errors: string[] = [];

  const resolveRef = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`json-schema helper: only local $ref is supported, not ${ref}`);
    let cur: unknown = root;
    for (const part of ref.slice(2).split('/')) cur = (cur as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (cur === undefined) throw new Error(`json-schema helper: $ref ${ref} does not resolve`);
    return cur as Schema;
  };

  const check = (s: Schema, v: unknown, at: string, out: string[]): void => {
    if (s === true) return;
    if (s === false) return void out.push(`${at}: not allowed`);
    for (const k of Object.keys(s)) if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) throw new Error(`json-schema helper: keyword "${k}" (at ${at || '/'}) is not supported`);
    if (s.$ref !== undefined) check(resolveRef(String(s.$ref)), v, at, out);
    if (s.type !== undefined) {
      const allowed = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!typeOf(v).some((t) => allowed.includes(t))) return void out.push(`${at}: expected ${allowed.join(' or ')}, got ${JSON.stringify(v)}`);
    }
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => deepEqual(e, v))) out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (s.const !== undefined && !deepEqual(s.const, v)) out.push(`${at}: expected ${JSON.stringify(s.const)}`);
    if (s.anyOf !== undefined) {
      const branches = (s.anyOf as Schema[]).map((b) => {
        const e: string[] = [];
        check(b, v, at, e);
        return e;
      });
      if (!branches.some((e) => e.length === 0)) out.push(`${at}: matches no anyOf branch (${branches.map((e) => e.join('; ')).join(' | ')})`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${at}: ${v} < minimum ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${at}: ${v} > maximum ${s.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push(`${at}: shorter than ${s.minLength}`);
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) out.push(`${at}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    }
    if (Array.isArray(v) && s.items !== undefined) v.forEach((item, i) => check(s.items as Schema, item, `${at}/${i}`, out));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required as string[] | undefined) ?? []) if (!(key in obj)) out.push(`${at}: missing required "${key}"`);
      for (const [key, val] of Object.entries(obj)) {
        if (key in props) check(props[key]!, val, `${at}/${key}`, out);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, val, `${at}/${key}`, out);
      }
    }
  };

  check(schema, value, '', errors);
  return errors;
}
