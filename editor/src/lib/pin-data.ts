// Pinned data as n8n stores it: `pinData: { [nodeName]: [{ json: {...} }, ...] }`. In a manual or
// test run a pinned node does not execute; its items go out of its first output instead.
// The editor shows and edits the items' JSON (without the `json` wrapper), as n8n does.

import { t } from '../i18n/index.ts';

export interface PinItem {
  json: Record<string, unknown>;
  [key: string]: unknown;
}

export type PinData = Record<string, PinItem[]>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `{ json: {...} }` items stay as they are; anything else is an item's JSON (older n8n stored plain objects). */
function toItem(v: Record<string, unknown>): PinItem {
  return isPlainObject(v.json) ? (v as PinItem) : { json: v };
}

/** Items to pin from edited text: an array of JSON objects (or one object), or why it cannot be pinned. */
export function parsePinText(text: string): { items: PinItem[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: t('panels.pin.notJson', { error: (e as Error).message }) };
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.length) return { error: t('panels.pin.needsItem') };
  const bad = list.findIndex((v) => !isPlainObject(v));
  if (bad >= 0) return { error: t('panels.pin.notObject', { n: bad + 1, example: '{"id": 1}' }) };
  return { items: (list as Record<string, unknown>[]).map(toItem) };
}

/** The text shown in the pinned data editor: the items' JSON, one object per item. */
export function pinText(items: PinItem[]): string {
  return JSON.stringify(items.map((i) => i.json), null, 2);
}

/** A workflow's pinData as loaded from the API or a file: node name → items, anything malformed dropped. */
export function normalizePinData(raw: unknown): PinData {
  const out: PinData = {};
  if (!isPlainObject(raw)) return out;
  for (const [name, items] of Object.entries(raw)) {
    if (Array.isArray(items) && items.length && items.every(isPlainObject)) out[name] = items.map(toItem);
  }
  return out;
}
