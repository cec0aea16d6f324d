// Plain (fixed-mode) text inputs as insert targets for the variable picker. A field registers on
// focus and stays the target after it blurs (clicking the picker blurs it); dropping a variable in
// turns its value into an expression, as n8n does: '=' + before + text + after.
import { nextTick, onBeforeUnmount } from 'vue';
import { clearActiveInsertTarget, setActiveInsertTarget } from '../../lib/insert-target.ts';
import type { InsertTarget } from '../../lib/insert-target.ts';
import { insertIntoFixed } from '../../lib/variable-tree.ts';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** For a component with plain text inputs: `@focus="insertTarget.focus($event, apply, label)"`. */
export function useFixedInsertTarget() {
  let current: InsertTarget | null = null;
  // A field that goes away (switched to expression mode, panel closed) must not keep receiving.
  onBeforeUnmount(() => {
    if (current) clearActiveInsertTarget(current);
  });

  function focus(event: FocusEvent, apply: (value: string) => void, label?: string): void {
    const el = event.target as TextField;
    const target: InsertTarget & { element: TextField } = {
      label,
      element: el,
      insert(text) {
        const end = el.value.length;
        const { value, cursor } = insertIntoFixed(el.value, el.selectionStart ?? end, el.selectionEnd ?? end, text);
        apply(value);
        // Back into the field with the cursor after the insert, when the same input is still shown;
        // an input replaced by an expression editor is no target any more (that editor registers itself on focus).
        void nextTick(() => {
          if (!el.isConnected) return clearActiveInsertTarget(target);
          el.focus();
          el.setSelectionRange(cursor, cursor);
        });
      },
    };
    current = target;
    setActiveInsertTarget(target);
  }

  return { focus };
}

/** False for a registered plain input that has left the page (its row removed, its mode switched). */
export function targetIsLive(target: InsertTarget | null): boolean {
  const element = (target as { element?: Element } | null)?.element;
  return !element || element.isConnected;
}
