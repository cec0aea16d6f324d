import { describe, expect, it } from 'vitest';
import { parseTemplate, splitTemplate } from '../../../host/expressions/template.ts';

describe('template splitting', () => {
  it('plain text without braces is a literal', () => {
    expect(parseTemplate('plain')).toEqual({ kind: 'literal', text: 'plain' });
    expect(parseTemplate('')).toEqual({ kind: 'literal', text: '' });
  });

  it('exactly one segment and no other text is a single expression', () => {
    expect(parseTemplate('{{ $json.a }}')).toEqual({ kind: 'single', code: ' $json.a ' });
  });

  it('text around a segment makes it mixed', () => {
    expect(parseTemplate('Hello {{ $json.name }}!')).toEqual({ kind: 'mixed', parts: ['Hello ', { code: ' $json.name ' }, '!'] });
    expect(parseTemplate(' {{ 1 }}')).toEqual({ kind: 'mixed', parts: [' ', { code: ' 1 ' }] });
    expect(parseTemplate('{{ 1 }}{{ 2 }}')).toEqual({ kind: 'mixed', parts: [{ code: ' 1 ' }, { code: ' 2 ' }] });
  });

  it('respects braces inside the code', () => {
    expect(splitTemplate('{{ {a:1}.a }}')).toEqual([{ code: ' {a:1}.a ' }]);
    expect(splitTemplate('{{ {a:{b:1}}.a.b }}')).toEqual([{ code: ' {a:{b:1}}.a.b ' }]);
    expect(splitTemplate('{{ (() => { return {x: 1} })().x }} and {{ [1,[2]] }}')).toEqual([
      { code: ' (() => { return {x: 1} })().x ' },
      ' and ',
      { code: ' [1,[2]] ' },
    ]);
  });

  it('respects quotes inside the code', () => {
    expect(splitTemplate('{{ "}}" }}')).toEqual([{ code: ' "}}" ' }]);
    expect(splitTemplate("{{ '}}' + '{{' }}x")).toEqual([{ code: " '}}' + '{{' " }, 'x']);
    expect(splitTemplate('{{ `a}}${ {b:1}.b }` }}')).toEqual([{ code: ' `a}}${ {b:1}.b }` ' }]);
    expect(splitTemplate('{{ "a\\"}}" }}')).toEqual([{ code: ' "a\\"}}" ' }]);
  });

  it('understands regular expressions and comments', () => {
    expect(splitTemplate('{{ "a}".replace(/}}/g, "") }}')).toEqual([{ code: ' "a}".replace(/}}/g, "") ' }]);
    expect(splitTemplate('{{ 4 / 2 }}')).toEqual([{ code: ' 4 / 2 ' }]);
    expect(splitTemplate('{{ 1 /* }} */ + 1 }}')).toEqual([{ code: ' 1 /* }} */ + 1 ' }]);
    expect(splitTemplate('{{ $json.a // note }}')).toEqual([{ code: ' $json.a // note ' }]);
  });

  it('an unterminated segment stays text', () => {
    expect(parseTemplate('Hello {{ $json.name')).toEqual({ kind: 'literal', text: 'Hello {{ $json.name' });
  });

  it('keeps a closing brace that follows the segment', () => {
    expect(splitTemplate('{{ 1 }}}')).toEqual([{ code: ' 1 ' }, '}']);
  });
});
