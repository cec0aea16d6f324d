// "Contains" for JSON, with the path of every difference: the expected value's objects may be a
// subset of the actual ones (extra keys are fine), arrays must have the same length and match
// element by element, anything else must be equal.

export type Segment = string | number;

/** `[0].body.name`, `0.body.name` and `body["a b"]` all read as segments. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) out.push(/^\d+$/.test(m[3]) ? Number(m[3]) : m[3]);
  }
  return out;
}

export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || '(whole output)';
}

export function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let v = value;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s as string];
  }
  return v;
}

export interface Mismatch {
  path: Segment[];
  expected: unknown;
  actual: unknown;
  /** Why, when equality alone does not say it (a missing key, a length). */
  reason?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Every place where `actual` does not contain `expected` (at most `limit`), skipping `ignore`d
 * paths (relative to the compared value); reported paths start with `at`.
 */
export function mismatches(expected: unknown, actual: unknown, opts: { ignore?: readonly string[]; at?: Segment[]; limit?: number } = {}): Mismatch[] {
  const ignored = new Set((opts.ignore ?? []).map((p) => formatPath([...(opts.at ?? []), ...parsePath(p)])));
  const limit = opts.limit ?? 10;
  const out: Mismatch[] = [];
  const walk = (exp: unknown, act: unknown, path: Segment[]) => {
    if (out.length >= limit || ignored.has(formatPath(path))) return;
    if (isPlainObject(exp)) {
      if (!isPlainObject(act)) return void out.push({ path, expected: exp, actual: act, reason: `expected an object, got ${kind(act)}` });
      for (const [key, value] of Object.entries(exp)) {
        if (!(key in act) && value !== undefined) {
          if (!ignored.has(formatPath([...path, key]))) out.push({ path: [...path, key], expected: value, actual: undefined, reason: 'missing' });
          continue;
        }
        walk(value, act[key], [...path, key]);
      }
      return;
    }
    if (Array.isArray(exp)) {
      if (!Array.isArray(act)) return void out.push({ path, expected: exp, actual: act, reason: `expected an array, got ${kind(act)}` });
      if (exp.length !== act.length) out.push({ path, expected: exp, actual: act, reason: `expected ${exp.length} element(s), got ${act.length}` });
      exp.forEach((e, i) => i < act.length && walk(e, act[i], [...path, i]));
      return;
    }
    if (!Object.is(exp, act) && !(exp === 0 && act === 0)) out.push({ path, expected: exp, actual: act });
  };
  walk(expected, actual, opts.at ?? []);
  return out;
}
