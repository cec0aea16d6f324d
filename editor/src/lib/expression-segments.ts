// Where the `{{ … }}` segments of an expression are, for highlighting and error underlines.
// The host's own splitter (host/expressions/template.ts) decides where a segment ends — the
// editor must agree with what will run — and the positions are recovered from its parts, which
// are consecutive slices of the text.
import { splitTemplate } from '../../../host/expressions/template.ts';

export interface ExpressionSegment {
  /** Offset of `{{` in the text (the parameter value without its leading '='). */
  from: number;
  /** Offset just after `}}`. */
  to: number;
  /** The JavaScript between the braces. */
  code: string;
}

export interface ScannedExpression {
  segments: ExpressionSegment[];
  /** Offset of a `{{` that is never closed (the host treats the rest as plain text), or null. */
  unclosed: number | null;
}

export function scanExpression(text: string): ScannedExpression {
  const segments: ExpressionSegment[] = [];
  let unclosed: number | null = null;
  let pos = 0;
  for (const part of splitTemplate(text)) {
    if (typeof part === 'string') {
      // Text holds a `{{` only when nothing after it closes it (the splitter stops there).
      const open = part.indexOf('{{');
      if (open >= 0 && unclosed === null) unclosed = pos + open;
      pos += part.length;
      continue;
    }
    const to = pos + part.code.length + 4;
    segments.push({ from: pos, to, code: part.code });
    pos = to;
  }
  return { segments, unclosed };
}

/** The segment the cursor is in (between its braces, or in an unclosed one): its code start, or null. */
export function openSegmentAt(text: string, cursor: number): { codeFrom: number } | null {
  const { segments, unclosed } = scanExpression(text);
  for (const s of segments) if (cursor >= s.from + 2 && cursor <= s.to - 2) return { codeFrom: s.from + 2 };
  if (unclosed !== null && cursor >= unclosed + 2) return { codeFrom: unclosed + 2 };
  return null;
}
