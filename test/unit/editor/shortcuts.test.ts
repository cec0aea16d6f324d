// @vitest-environment happy-dom
// Which key press is which editor shortcut, when a key belongs to the field being typed in, and the
// editor's own words around node placeholders in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../editor/src/i18n/index.ts';
import { addLabel } from '../../../editor/src/lib/add-label.ts';
import { portLabel } from '../../../editor/src/lib/port-label.ts';
import { isTyping, keysOf, shortcutOf } from '../../../editor/src/lib/shortcuts.ts';

const key = (k: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}) => new KeyboardEvent('keydown', { key: k, ...mods });

afterEach(() => {
  setLocale('en');
});

describe('shortcutOf', () => {
  it('maps Ctrl and Cmd combinations, whatever the case of the key', () => {
    expect(shortcutOf(key('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutOf(key('S', { metaKey: true }))).toBe('save');
    expect(shortcutOf(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutOf(key('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcutOf(key('c', { metaKey: true }))).toBe('copy');
    expect(shortcutOf(key('a', { ctrlKey: true }))).toBe('selectAll');
    expect(shortcutOf(key('?', { shiftKey: true }))).toBe('help');
  });

  it('ignores plain letters, Alt combinations and keys it does not own', () => {
    expect(shortcutOf(key('s'))).toBeNull();
    expect(shortcutOf(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutOf(key('v', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('Delete'))).toBeNull();
  });

  it('lists the keys of an action for titles and the help', () => {
    expect(keysOf('redo')).toBe('Ctrl+Y / Ctrl+Shift+Z');
    expect(keysOf('delete')).toBe('Delete / Backspace');
  });
});

describe('isTyping', () => {
  function pressOn(el: HTMLElement): boolean {
    document.body.append(el);
    let typing = false;
    el.addEventListener('keydown', (e) => (typing = isTyping(e)));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }));
    el.remove();
    return typing;
  }
  const input = (type: string) => Object.assign(document.createElement('input'), { type });

  it('is true in text fields, textareas and contenteditable (CodeMirror)', () => {
    expect(pressOn(input('text'))).toBe(true);
    expect(pressOn(input('number'))).toBe(true);
    expect(pressOn(document.createElement('textarea'))).toBe(true);
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    expect(pressOn(editable)).toBe(true);
  });

  it('is false on checkboxes, buttons and the page', () => {
    expect(pressOn(input('checkbox'))).toBe(false);
    expect(pressOn(document.createElement('button'))).toBe(false);
    expect(pressOn(document.createElement('div'))).toBe(false);
  });
});

describe('editor words around node content', () => {
  it('translates the generic "Add option" / "Add field" prompts and the ports the editor names', () => {
    setLocale('fr');
    expect(addLabel('Add Option', 'x')).toBe('Ajouter une option');
    expect(addLabel('Add Field', 'x')).toBe('Ajouter un champ');
    expect(addLabel('Add Condition', 'x')).toBe('Add Condition');
    expect(addLabel(undefined, 'Ajouter')).toBe('Ajouter');
    expect(portLabel('error')).toBe('erreur');
    expect(portLabel('output 2')).toBe('sortie 2');
    expect(portLabel('true')).toBe('true');
    setLocale('en');
    expect(addLabel('Add option', 'x')).toBe('Add option');
    expect(portLabel('output 2')).toBe('output 2');
  });
});

describe('key labels', () => {
  it('names the keys as the French keyboard does', () => {
    setLocale('fr');
    expect(keysOf('redo')).toBe('Ctrl+Y / Ctrl+Maj+Z');
    expect(keysOf('delete')).toBe('Suppr / Retour arrière');
    setLocale('en');
    expect(keysOf('redo')).toBe('Ctrl+Y / Ctrl+Shift+Z');
  });
});
