// `{{ }}` scanning for the expression editor: positions agree with the host's template splitter.
import { describe, expect, it } from 'vitest';
import { openSegmentAt, scanExpression } from '../../../editor/src/lib/expression-segments.ts';

const texts = (text: string) => scanExpression(text).segments.map((s) => text.slice(s.from, s.to));

describe('scanExpression', () => {
  it('finds each segment with its offsets and code', () => {
    const text = 'Hi {{ $json.name }}, from {{ $json.city }}!';
    const { segments, unclosed } = scanExpression(text);
    expect(segments).toEqual([
      { from: 3, to: 19, code: ' $json.name ' },
      { from: 26, to: 42, code: ' $json.city ' },
    ]);
    expect(unclosed).toBeNull();
  });

  it('ends a segment where the code ends, not at a `}}` inside a string or object', () => {
    expect(texts('{{ "}}" + 1 }} x')).toEqual(['{{ "}}" + 1 }}']);
    expect(texts('a{{ {b:{c:1}}.b.c }}z')).toEqual(['{{ {b:{c:1}}.b.c }}']);
    expect(texts('{{1}}{{2}}')).toEqual(['{{1}}', '{{2}}']);
  });

  it('flags an unclosed `{{` (the host treats it as text)', () => {
    expect(scanExpression('ok {{ $json.a }} then {{ $json.')).toEqual({ segments: [{ from: 3, to: 16, code: ' $json.a ' }], unclosed: 22 });
    expect(scanExpression('{{').unclosed).toBe(0);
    expect(scanExpression('plain text').segments).toEqual([]);
    expect(scanExpression('').unclosed).toBeNull();
  });
});

describe('openSegmentAt', () => {
  it('gives the code start when the cursor is between the braces, null outside', () => {
    const text = 'Hi {{ $json. }} x';
    expect(openSegmentAt(text, 12)).toEqual({ codeFrom: 5 });
    expect(openSegmentAt(text, 5)).toEqual({ codeFrom: 5 });
    expect(openSegmentAt(text, 2)).toBeNull();
    expect(openSegmentAt(text, 16)).toBeNull();
  });

  it('counts an unclosed segment as open up to the end', () => {
    expect(openSegmentAt('a {{ $js', 8)).toEqual({ codeFrom: 4 });
    expect(openSegmentAt('a {{ $js', 1)).toBeNull();
  });
});
