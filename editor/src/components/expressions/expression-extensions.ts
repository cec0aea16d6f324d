// CodeMirror pieces of the expression editor: `{{ }}` highlighting, the unclosed-`{{` flag, the
// underline of the segment the host reported failing, `{{` auto-closing and the completion
// source (logic in lib/expression-completions.ts; this file only adapts it to CodeMirror).
import { autocompletion, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, keymap, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { ExpressionScope } from '../../lib/expression-context.ts';
import { expressionCompletions } from '../../lib/expression-completions.ts';
import { scanExpression } from '../../lib/expression-segments.ts';
import { cspNonce } from '../../lib/csp-nonce.ts';

const segmentMark = Decoration.mark({ class: 'cm-expr-segment' });
const braceMark = Decoration.mark({ class: 'cm-expr-brace' });
const unclosedMark = Decoration.mark({ class: 'cm-expr-unclosed', attributes: { 'data-test': 'expr-unclosed' } });
const errorMark = Decoration.mark({ class: 'cm-expr-error', attributes: { 'data-test': 'expr-error-segment' } });

function segmentDecorations(view: EditorView): DecorationSet {
  const text = view.state.doc.toString();
  const { segments, unclosed } = scanExpression(text);
  const builder = new RangeSetBuilder<Decoration>();
  for (const s of segments) {
    // Ranges must be added in order: opening brace, inside, closing brace.
    builder.add(s.from, s.from + 2, braceMark);
    if (s.to - 2 > s.from + 2) builder.add(s.from + 2, s.to - 2, segmentMark);
    builder.add(s.to - 2, s.to, braceMark);
  }
  if (unclosed !== null) builder.add(unclosed, text.length, unclosedMark);
  return builder.finish();
}

const segmentHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = segmentDecorations(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = segmentDecorations(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

/** The 0-based `{{ }}` the last preview reported failing, or null. */
export const setErrorSegment = StateEffect.define<number | null>();

const errorSegment = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = tr.docChanged ? Decoration.none : value;
    for (const e of tr.effects) {
      if (!e.is(setErrorSegment)) continue;
      const s = e.value === null ? undefined : scanExpression(tr.state.doc.toString()).segments[e.value];
      next = s ? Decoration.set([errorMark.range(s.from, s.to)]) : Decoration.none;
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Typing `{{` adds the closing ` }}` after the cursor, as n8n's editor does. */
const closeBraces = EditorView.inputHandler.of((view, from, to, text) => {
  if (text !== '{' || view.state.sliceDoc(from - 1, from) !== '{' || view.state.sliceDoc(from - 2, from - 1) === '{') return false;
  if (view.state.sliceDoc(to).trimStart().startsWith('}}')) return false;
  view.dispatch({ changes: { from, to, insert: '{ }}' }, selection: { anchor: from + 1 }, userEvent: 'input.type' });
  return true;
});

function completionSource(scope: () => ExpressionScope) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const result = expressionCompletions(ctx.state.doc.toString(), ctx.pos, scope());
    if (!result || !result.options.length) return null;
    const options: Completion[] = result.options.map((o) => {
      const bracket = o.apply?.startsWith("['");
      return {
        label: o.label,
        type: o.type,
        detail: o.detail,
        info: o.info,
        boost: o.boost,
        // A key that needs brackets replaces the dot before it too.
        apply: bracket
          ? (view: EditorView, _c: Completion, from: number, to: number) => {
              const start = view.state.sliceDoc(from - 1, from) === '.' ? from - 1 : from;
              view.dispatch({ changes: { from: start, to, insert: o.apply! }, selection: { anchor: start + o.apply!.length } });
            }
          : o.apply,
      };
    });
    return { from: result.from, options, validFor: result.validFor };
  };
}

const theme = EditorView.theme({
  '&': { fontSize: '12px', background: '#f6f3ff', border: '1px solid #b9a6ff', borderRadius: '3px' },
  '&.cm-focused': { outline: '2px solid #7c5cff', outlineOffset: '0' },
  '.cm-content': { fontFamily: 'ui-monospace, monospace', padding: '4px 2px', minHeight: '18px' },
  '.cm-line': { padding: '0 2px' },
  '.cm-expr-segment': { background: '#e3f7e9', color: '#14532d' },
  '.cm-expr-brace': { background: '#c9efd6', color: '#15803d', fontWeight: '600' },
  '.cm-expr-unclosed': { background: '#fdecea', textDecoration: 'underline wavy #c0392b' },
  '.cm-expr-error': { textDecoration: 'underline wavy #c0392b', textDecorationSkipInk: 'none' },
});

export interface ExpressionExtensionOptions {
  scope: () => ExpressionScope;
  onChange: (text: string) => void;
  onFocus: () => void;
  attributes: Record<string, string>;
}

export function expressionExtensions(opts: ExpressionExtensionOptions): Extension[] {
  const nonce = cspNonce();
  return [
    // CodeMirror writes its themes into a <style> element: the page's CSP admits it by this nonce.
    ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
    history(),
    closeBraces,
    autocompletion({ override: [completionSource(opts.scope)], icons: true }),
    keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of(opts.attributes),
    segmentHighlight,
    errorSegment,
    theme,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) opts.onChange(u.state.doc.toString());
    }),
    EditorView.domEventHandlers({
      focus: () => {
        opts.onFocus();
      },
    }),
  ];
}
