// Every string in both languages: the two catalogs of each area hold the same keys and the same
// {placeholders}; no translation is empty; and no .vue template carries a bare text literal
// (text nodes and the user-visible attributes must come from t()).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'vue/compiler-sfc';
import { describe, expect, it } from 'vitest';
import { areas } from '../../../editor/src/i18n/messages/index.ts';

const SRC = fileURLToPath(new URL('../../../editor/src/', import.meta.url));

function leaves(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('editor translations', () => {
  for (const [area, m] of Object.entries(areas)) {
    it(`${area}: French and English hold the same keys and placeholders`, () => {
      const en = leaves(m.en);
      const fr = leaves(m.fr);
      expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, text] of en) {
        expect(text.trim(), `en ${area}.${key} is empty`).not.toBe('');
        expect(fr.get(key)!.trim(), `fr ${area}.${key} is empty`).not.toBe('');
        expect(placeholders(fr.get(key)!), `placeholders of ${area}.${key}`).toEqual(placeholders(text));
      }
    });
  }
});

// Attributes a user reads or hears; the rest (class, data-test, type, …) are not text.
const VISIBLE_ATTRS = new Set(['placeholder', 'title', 'aria-label', 'alt', 'label']);

interface TemplateNode {
  type: number;
  content?: string;
  tag?: string;
  props?: { type: number; name: string; value?: { content: string } }[];
  children?: TemplateNode[];
}

function bareStrings(node: TemplateNode, out: string[]): void {
  // 2 = TEXT, 1 = ELEMENT, 6 = static ATTRIBUTE (compiler-core NodeTypes).
  if (node.type === 2 && /\p{L}{2,}/u.test(node.content ?? '')) out.push(`text "${node.content!.trim()}"`);
  for (const p of node.props ?? []) {
    if (p.type === 6 && VISIBLE_ATTRS.has(p.name) && /\p{L}{2,}/u.test(p.value?.content ?? '')) out.push(`${p.name}="${p.value!.content}" on <${node.tag}>`);
  }
  // <code> and <kbd> hold commands and keys, which read the same in both languages.
  if (node.tag === 'code' || node.tag === 'kbd') return;
  for (const c of node.children ?? []) bareStrings(c, out);
}

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? vueFiles(join(dir, e.name)) : e.name.endsWith('.vue') ? [join(dir, e.name)] : []));
}

describe('editor templates', () => {
  for (const file of vueFiles(SRC)) {
    it(`${relative(SRC, file)} has no untranslated text`, () => {
      const { descriptor } = parse(readFileSync(file, 'utf8'), { filename: file });
      const found: string[] = [];
      if (descriptor.template?.ast) bareStrings(descriptor.template.ast as unknown as TemplateNode, found);
      expect(found).toEqual([]);
    });
  }
});
