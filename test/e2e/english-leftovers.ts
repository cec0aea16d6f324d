// Finds English left on a screen shown in French: the page's visible text and the placeholder,
// title and aria-label attributes of visible elements are compared with (1) every English catalog
// string of the editor whose French differs (editor/src/i18n/messages) and (2) common English UI
// words. Content the user or the nodes bring (workflow and node names, node descriptions, template
// texts) is English on purpose and is left out first.
import type { Page } from 'playwright-core';
import { areas } from '../../editor/src/i18n/messages/index.ts';

/** Words of an English interface that a French one never shows (whole words, case-sensitive). */
export const ENGLISH_UI_WORDS = [
  'Save', 'Delete', 'Run', 'Search', 'Cancel', 'Settings', 'Add', 'Remove', 'Workflow name', 'Loading', 'Undo', 'Redo', 'Close',
  'Retry', 'Edit', 'Copy', 'Paste', 'Open', 'Create', 'New', 'Back', 'Status', 'Started', 'Finished', 'Duration', 'Error', 'Success',
  'Input', 'Output', 'Shortcuts', 'Disabled', 'Apply', 'Pin', 'Unpin', 'Credentials', 'Executions', 'Templates', 'Sign out', 'Language',
  'Name', 'Import', 'Export', 'Rename', 'Duplicate', 'Use', 'Keyboard', 'unsaved', 'required', 'Select', 'Show', 'Hide', 'Clear',
];

function leaves(obj: unknown, out: string[] = []): string[] {
  if (typeof obj === 'string') out.push(obj);
  else if (obj && typeof obj === 'object') for (const v of Object.values(obj)) leaves(v, out);
  return out;
}

function leafMap(obj: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') leafMap(v, key, out);
    else out.set(key, String(v));
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole-word pattern; `{placeholder}` matches any text. */
function wordPattern(text: string): RegExp {
  const body = text.split(/\{\w+\}/).map(escape).join('.+?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

/** English catalog strings (each plural form apart) whose French differs, with at least 3 letters outside placeholders. */
export function englishCatalog(): { key: string; text: string; pattern: RegExp }[] {
  const out: { key: string; text: string; pattern: RegExp }[] = [];
  for (const [area, m] of Object.entries(areas) as [string, { en: unknown; fr: unknown }][]) {
    const fr = leafMap(m.fr);
    for (const [key, en] of leafMap(m.en)) {
      if (fr.get(key) === en) continue;
      for (const form of en.split(' | ')) {
        if ((form.replace(/\{\w+\}/g, '').match(/\p{L}/gu) ?? []).length < 3) continue;
        if (fr.get(key)!.split(' | ').includes(form)) continue;
        out.push({ key: `${area}.${key}`, text: form.trim(), pattern: wordPattern(form.trim()) });
      }
    }
  }
  return out;
}

/** Every string the API hands over as content (node types, credential types, templates): English by design. */
export async function contentStrings(api: (path: string) => Promise<Response>, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const res = await api(p);
    if (res.ok) leaves(await res.json(), out);
  }
  return out;
}

/** Visible text nodes, the options of visible selects, and placeholder/title/aria-label of visible elements. */
export function visibleStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const shown = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      const text = n.textContent?.trim();
      if (!text || !parent || parent.closest('script,style,code,kbd,option,textarea,.cm-content')) continue;
      if (shown(parent)) out.push(text);
    }
    for (const el of document.querySelectorAll('*')) {
      if (el.tagName === 'SELECT' && shown(el)) for (const o of (el as HTMLSelectElement).options) out.push(o.text.trim());
      if (!shown(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/**
 * English left in these strings: catalog strings and UI words, after removing user and node content
 * (a string equal to content, or its start cut short with …, is dropped; longer content inside a
 * string, like a node description in a palette title, is cut out).
 */
export function englishIn(strings: string[], content: string[]): string[] {
  const exact = new Set(content.map((c) => c.trim()));
  const long = [...new Set(content.map((c) => c.trim()).filter((c) => c.length >= 12))].sort((a, b) => b.length - a.length);
  const catalog = englishCatalog();
  const words = ENGLISH_UI_WORDS.map((w) => ({ w, pattern: wordPattern(w) }));
  const found = new Set<string>();
  // Screens shorten long content with an ellipsis ("Late Scan Not Usa…"): the start of content is content.
  const shortened = (raw: string) => raw.endsWith('…') && raw.length > 4 && [...exact].some((c) => c.startsWith(raw.slice(0, -1).trimEnd()));
  for (const raw of strings) {
    if (exact.has(raw) || shortened(raw)) continue;
    let s = raw;
    for (const c of long) if (s.includes(c)) s = s.split(c).join(' ');
    for (const c of catalog) if (c.pattern.test(s)) found.add(`"${raw}" holds ${c.key} "${c.text}"`);
    for (const { w, pattern } of words) if (pattern.test(s)) found.add(`"${raw}" holds the English word "${w}"`);
  }
  return [...found];
}
