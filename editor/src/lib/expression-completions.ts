// What to propose while typing inside `{{ }}`: n8n's variables, upstream node names after `$('`,
// and the field paths of the items the expression will see ($json., $('Node').item.json.).
// Pure: text, cursor and scope in, a CodeMirror-shaped completion result out.
import { t } from '../i18n/index.ts';
import type { ExpressionScope, ItemJson } from './expression-context.ts';
import { openSegmentAt } from './expression-segments.ts';

export interface ExpressionCompletion {
  label: string;
  /** CodeMirror's icon class: variable, property, function, keyword, text. */
  type: string;
  detail?: string;
  info?: string;
  /** Text inserted instead of the label. */
  apply?: string;
  boost?: number;
}

export interface ExpressionCompletionResult {
  /** Start of the text the chosen option replaces. */
  from: number;
  options: ExpressionCompletion[];
  /** Options stay valid while the typed word matches this. */
  validFor?: RegExp;
}

/** n8n's built-in variables, in the order n8n lists them; the info comes from the message file. */
export const EXPRESSION_VARIABLES: { name: string; key: string; apply?: string; type: string }[] = [
  { name: '$json', key: 'json', type: 'variable' },
  { name: '$input', key: 'input', type: 'variable' },
  { name: "$('')", key: 'node', apply: "$('", type: 'function' },
  { name: '$node', key: 'nodeLegacy', type: 'variable' },
  { name: '$now', key: 'now', type: 'variable' },
  { name: '$today', key: 'today', type: 'variable' },
  { name: '$execution', key: 'execution', type: 'variable' },
  { name: '$workflow', key: 'workflow', type: 'variable' },
  { name: '$vars', key: 'vars', type: 'variable' },
  { name: '$itemIndex', key: 'itemIndex', type: 'variable' },
  { name: '$runIndex', key: 'runIndex', type: 'variable' },
  { name: '$prevNode', key: 'prevNode', type: 'variable' },
];

const ITEM_ACCESSORS = [
  { label: 'item', key: 'item', type: 'property' },
  { label: 'first()', key: 'first', type: 'function' },
  { label: 'last()', key: 'last', type: 'function' },
  { label: 'all()', key: 'all', type: 'function' },
];

const IDENT = /^[A-Za-z_$][\w$]*$/;
const SAMPLE_ITEMS = 20;

// `$json`, `$input.item.json`, `$('Node').first().json`, `$node["Node"].json` … followed by the path typed so far.
const ITEM_JSON =
  /(\$json|\$input\s*\.\s*(?:item|first\(\s*\)|last\(\s*\)|all\(\s*\)\s*\[\s*\d+\s*\])\s*\.\s*json|\$\(\s*(['"])((?:(?!\2).)+)\2\s*\)\s*\.\s*(?:item|first\(\s*\)|last\(\s*\)|all\(\s*\)\s*\[\s*\d+\s*\]|itemMatching\(\s*\d+\s*\))\s*\.\s*json|\$node\s*\[\s*(['"])((?:(?!\4).)+)\4\s*\]\s*\.\s*json)((?:\s*(?:\.\s*[\w$]+|\[\s*(?:\d+|'[^']*'|"[^"]*")\s*\]))*)\s*\.\s*([\w$]*)$/;

/** The completion at `cursor` in `text` (the value without '='), or null outside `{{ }}`. */
export function expressionCompletions(text: string, cursor: number, scope: ExpressionScope): ExpressionCompletionResult | null {
  const open = openSegmentAt(text, cursor);
  if (!open) return null;
  const code = text.slice(open.codeFrom, cursor);

  const nodeName = /\$\(\s*(['"])([^'"]*)$/.exec(code);
  if (nodeName) {
    const quote = nodeName[1]!;
    return {
      from: cursor - nodeName[2]!.length,
      options: scope.upstream.map((name, i) => ({
        label: name,
        type: 'class',
        detail: scope.outputs[name] ? t('expressions.complete.items', { count: scope.outputs[name]!.length }) : t('expressions.complete.noData'),
        apply: `${name}${quote})`,
        boost: -i,
      })),
    };
  }

  const path = ITEM_JSON.exec(code);
  if (path) {
    const node = path[3] ?? path[5];
    const items = node ? scope.outputs[node] : scope.input;
    const partial = path[7] ?? '';
    return { from: cursor - partial.length, options: fieldOptions(items ?? [], parsePath(path[6] ?? '')), validFor: /^[\w$]*$/ };
  }

  const accessor = /(\$input|\$\(\s*(['"])(?:(?!\2).)+\2\s*\))\s*\.\s*([\w$]*)$/.exec(code);
  if (accessor) {
    const partial = accessor[3] ?? '';
    return {
      from: cursor - partial.length,
      options: ITEM_ACCESSORS.map((a) => ({ label: a.label, type: a.type, info: t(`expressions.accessors.${a.key}`) })),
      validFor: /^[\w$]*$/,
    };
  }

  const itemJson = /(\$input|\$\(\s*(['"])(?:(?!\2).)+\2\s*\))\s*\.\s*(?:item|first\(\s*\)|last\(\s*\)|all\(\s*\)\s*\[\s*\d+\s*\])\s*\.\s*([\w$]*)$/.exec(code);
  if (itemJson) {
    const partial = itemJson[3] ?? '';
    return { from: cursor - partial.length, options: [{ label: 'json', type: 'property', info: t('expressions.accessors.json') }], validFor: /^[\w$]*$/ };
  }

  const variable = /(^|[^\w$.])(\$[\w$]*)$/.exec(code);
  if (variable) {
    const word = variable[2]!;
    return {
      from: cursor - word.length,
      options: EXPRESSION_VARIABLES.map((v) => ({ label: v.name, type: v.type, info: t(`expressions.vars.${v.key}`), ...(v.apply ? { apply: v.apply } : {}) })),
      validFor: /^\$[\w$]*$/,
    };
  }
  return null;
}

/** `.a[0]["b c"]` → ['a', 0, 'b c']. */
export function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.\s*([\w$]+)|\[\s*(\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4])!);
  }
  return out;
}

function step(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string | number, unknown>)[key];
}

/** The fields at `path` over the first items (later items add the fields the first lack). */
export function fieldOptions(items: ItemJson[], path: (string | number)[]): ExpressionCompletion[] {
  const fields = new Map<string, unknown>();
  for (const item of items.slice(0, SAMPLE_ITEMS)) {
    let value: unknown = item;
    for (const key of path) value = step(value, key);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [key, v] of Object.entries(value)) if (!fields.has(key)) fields.set(key, v);
  }
  return [...fields].map(([key, v]) => ({
    label: key,
    type: 'property',
    detail: kindOf(v),
    info: preview(v),
    // A key that is not an identifier cannot follow a dot; the editor turns this into ['key'].
    ...(IDENT.test(key) ? {} : { apply: `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']` }),
  }));
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
