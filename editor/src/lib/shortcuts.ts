// The editor's keyboard shortcuts in one place: WorkflowEditor.vue acts on them, the help dialog
// (components/canvas/ShortcutsHelp.vue) and the toolbar titles show them.
import { i18n } from '../i18n/index.ts';

/** ⌘ on a Mac, Ctrl elsewhere: both work everywhere (metaKey and ctrlKey are both accepted). */
export const MOD = /mac|iphone|ipad/i.test(globalThis.navigator?.platform ?? '') ? '⌘' : 'Ctrl';

export type ShortcutAction = 'save' | 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'selectAll' | 'help';

/** Each action with its key combinations, as shown to the user. */
export const SHORTCUTS: { action: ShortcutAction; keys: string[] }[] = [
  { action: 'save', keys: [`${MOD}+S`] },
  { action: 'undo', keys: [`${MOD}+Z`] },
  { action: 'redo', keys: [`${MOD}+Y`, `${MOD}+Shift+Z`] },
  { action: 'delete', keys: ['Delete', 'Backspace'] },
  { action: 'copy', keys: [`${MOD}+C`] },
  { action: 'paste', keys: [`${MOD}+V`] },
  { action: 'selectAll', keys: [`${MOD}+A`] },
  { action: 'help', keys: ['?'] },
];

/** A key combination as the keyboard of the chosen language labels it (Shift is « Maj » in French). */
export function keyLabel(combo: string): string {
  return combo
    .split('+')
    .map((k) => (i18n.global.te(`canvas.keys.${k}`) ? i18n.global.t(`canvas.keys.${k}`) : k))
    .join('+');
}

export function keysOf(action: ShortcutAction): string {
  return (SHORTCUTS.find((s) => s.action === action)?.keys ?? []).map(keyLabel).join(' / ');
}

/** The action a key press asks for, or null. Delete and paste are left to Vue Flow and the paste event. */
export function shortcutOf(e: KeyboardEvent): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 's') return 'save';
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c') return 'copy';
    if (key === 'a') return 'selectAll';
    return null;
  }
  return e.key === '?' && !e.altKey ? 'help' : null;
}

/**
 * Is the user typing in a field? Then the keys belong to the field (Ctrl+Z undoes the typing, in a
 * plain input as in CodeMirror's contenteditable), not to the canvas. Checkboxes and buttons are not fields.
 */
export function isTyping(e: Event): boolean {
  const el = (e.composedPath?.()[0] ?? e.target) as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'range'].includes((el as HTMLInputElement).type);
}
