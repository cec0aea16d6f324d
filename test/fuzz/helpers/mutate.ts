// Mutations of real n8n/Gigaflow exports for the import fuzz: each mutation picks one JSON path of
// the export and changes it the way a hand-edited or half-corrupted file would.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';

type Json = unknown;
type Path = (string | number)[];

const root = new URL('../../../', import.meta.url);
const folders = ['templates/', 'test/fixtures/workflows/'];

/** Every real export we ship or test with, parsed (an array export counts once per workflow). */
export function realExports(): { file: string; json: Record<string, unknown> }[] {
  const out: { file: string; json: Record<string, unknown> }[] = [];
  for (const folder of folders) {
    for (const f of readdirSync(new URL(folder, root)).filter((n) => n.endsWith('.json')).sort()) {
      const parsed: unknown = JSON.parse(readFileSync(new URL(folder + f, root), 'utf8'));
      for (const wf of Array.isArray(parsed) ? parsed : [parsed]) out.push({ file: folder + f, json: wf as Record<string, unknown> });
    }
  }
  return out;
}

/** Mutation targets; not below 50 levels (planted deep nesting is a value, not a place to edit). */
function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length >= 50) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function parentOf(doc: Json, path: Path): { parent: Record<string | number, Json> | Json[]; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let cur = doc as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  return { parent: cur, key: path[path.length - 1]! };
}

/** Odd values: wrong types, huge and unicode strings, deep nesting, prototype keys. */
export const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '🚀'.repeat(500), 'x'.repeat(200_000), '={{ $json.x }}', '__proto__', 'n8n-nodes-base.noSuchNode', -1, 1e308, 0.5, true, null),
  // Built by JSON.parse, as a request body would be: an own "__proto__" key, deep nesting.
  fc.constant('{"__proto__": {"polluted": 1}}').map((text) => JSON.parse(text) as Json),
  fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(990, 1200)).map((d) => JSON.parse('['.repeat(d) + ']'.repeat(d)) as Json),
);

export interface Mutation {
  kind: 'set' | 'delete' | 'duplicate' | 'rename-target' | 'dup-node';
  pathIndex: number;
  value: Json;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'delete', 'duplicate', 'rename-target', 'dup-node'),
  pathIndex: fc.nat(),
  value: oddValue,
});

/**
 * structuredClone, or SKIP when the value is nested too deep for the stack left inside fast-check's
 * generator (an earlier mutation may have planted 1,200 levels): the mutation is then left out.
 */
const SKIP = Symbol('skip');
function cloneOrSkip(value: Json): Json | typeof SKIP {
  try {
    return structuredClone(value);
  } catch (err) {
    if (err instanceof RangeError) return SKIP;
    throw err;
  }
}

/** A mutated deep copy of `wf`. */
export function applyMutations(wf: Record<string, unknown>, muts: Mutation[]): Record<string, unknown> {
  const doc = structuredClone(wf);
  for (const m of muts) {
    if (m.kind === 'dup-node' && Array.isArray(doc.nodes) && doc.nodes.length) {
      const copy = cloneOrSkip(doc.nodes[m.pathIndex % doc.nodes.length]);
      if (copy !== SKIP) (doc.nodes as Json[]).push(copy);
      continue;
    }
    if (m.kind === 'rename-target') {
      // Point one connection at a node that does not exist (or at a wrong output index).
      const targets = paths(doc.connections).filter((p) => p[p.length - 1] === 'node' || p[p.length - 1] === 'index');
      if (targets.length) {
        const p = targets[m.pathIndex % targets.length]!;
        const at = parentOf(doc.connections, p)!;
        (at.parent as Record<string, Json>)[at.key] = at.key === 'node' ? `Ghost ${String(m.value).slice(0, 20)}` : 99;
        continue;
      }
    }
    const all = paths(doc).slice(1);
    if (!all.length) continue;
    const p = all[m.pathIndex % all.length]!;
    const at = parentOf(doc, p)!;
    const parent = at.parent as Record<string | number, Json>;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(at.key as number, 1);
      else delete parent[at.key];
    } else if (m.kind === 'duplicate' && Array.isArray(parent)) {
      const copy = cloneOrSkip(parent[at.key as number]);
      if (copy !== SKIP) parent.push(copy);
    } else {
      const copy = cloneOrSkip(m.value);
      if (copy !== SKIP) parent[at.key] = copy;
    }
  }
  return doc;
}
