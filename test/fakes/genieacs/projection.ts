// ?projection=a.b,c: a comma-separated list of paths or path prefixes (integration-apis.md §2.2).
// GenieACS trims each entry, drops entries covered by a shorter one (optimizeProjection) and
// hands Mongo an inclusion projection, so documents come back nested, not flattened: the
// selected subtrees only, in the document's own key order, with `_id` always included. A
// sub-document on the way that lacks the selected key still appears as {}; a scalar on the way
// drops the branch; arrays are projected element by element (scalar elements are dropped).
import { isPlainObject } from './mongo.ts';

interface Tree {
  [segment: string]: Tree | true;
}

/** Parses the query parameter; undefined when no projection was asked for. */
export function parseProjection(param: string | null): string[] | undefined {
  if (param === null) return undefined;
  const paths = param.split(',').map((p) => p.trim());
  // GenieACS collapses the projection to {"": 1} when an entry is empty; this fake then returns
  // only `_id` (what mongod does with an empty field name was not verified).
  return paths.filter((p) => p !== '');
}

function buildTree(paths: string[]): Tree {
  const root: Tree = { _id: true };
  for (const path of paths) {
    const segs = path.split('.');
    let node = root;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      if (node[seg] === true) break; // a shorter path already selects the whole subtree
      if (i === segs.length - 1) node[seg] = true;
      else node = (node[seg] ??= {}) as Tree;
    }
  }
  return root;
}

function applyTree(tree: Tree, value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((el) => isPlainObject(el) || Array.isArray(el)).map((el) => applyTree(tree, el));
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const sel = tree[key];
    if (sel === undefined || !Object.hasOwn(tree, key)) continue;
    if (sel === true) out[key] = child;
    else {
      const sub = applyTree(sel, child);
      if (sub !== undefined) out[key] = sub;
    }
  }
  return out;
}

export function project<T extends Record<string, unknown>>(doc: T, paths: string[] | undefined): Record<string, unknown> {
  if (paths === undefined) return doc;
  return applyTree(buildTree(paths), doc) as Record<string, unknown>;
}
