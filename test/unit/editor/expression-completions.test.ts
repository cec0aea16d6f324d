// Completion sources of the expression editor and the data they read (input items, upstream nodes).
import { describe, expect, it } from 'vitest';
import { setLocale } from '../../../editor/src/i18n/index.ts';
import { expressionCompletions, fieldOptions, parsePath } from '../../../editor/src/lib/expression-completions.ts';
import { expressionScope, inputItems, outputItems, upstreamNodes } from '../../../editor/src/lib/expression-context.ts';
import type { ExpressionScope, WorkflowSnapshot } from '../../../editor/src/lib/expression-context.ts';
import type { Connections } from '../../../editor/src/api/types.ts';

setLocale('en');

const main = (...targets: string[]): Connections[string] => ({ main: [targets.map((node) => ({ node, type: 'main', index: 0 }))] });

// Trigger → Fetch → Merge ← Other ; Merge → Set
const connections: Connections = { Trigger: main('Fetch'), Fetch: main('Merge'), Other: main('Merge'), Merge: main('Set') };

const scope: ExpressionScope = {
  node: 'Set',
  input: [{ name: 'Ada', address: { city: 'Lyon', 'zip code': '69001' }, tags: ['a'] }, { name: 'Lin', extra: 1 }],
  upstream: ['Merge', 'Fetch', 'Other', 'Trigger'],
  outputs: { Fetch: [{ status: 200, body: { id: 7 } }], Trigger: [{ t: 1 }] },
  prevNode: 'Merge',
};

/** Completes at the `|` in `text`. */
function complete(text: string) {
  const cursor = text.indexOf('|');
  const doc = text.replace('|', '');
  const r = expressionCompletions(doc, cursor, scope);
  return r && { from: r.from, labels: r.options.map((o) => o.label), options: r.options };
}

describe('expression completions', () => {
  it('proposes nothing outside `{{ }}`', () => {
    expect(complete('Hi $json.|')).toBeNull();
    expect(complete('{{ $json.name }} $|')).toBeNull();
  });

  it("lists the input item's fields after $json. (later items add missing fields), with type and value", () => {
    const r = complete('{{ $json.| }}')!;
    expect(r.labels).toEqual(['name', 'address', 'tags', 'extra']);
    expect(r.from).toBe(9);
    expect(r.options[0]).toMatchObject({ type: 'property', detail: 'string', info: '"Ada"' });
    expect(r.options[1]).toMatchObject({ detail: 'object' });
    expect(complete('{{ $json.na| }}')!.from).toBe(9);
  });

  it('follows nested paths and brackets; keys that are not identifiers are applied in brackets', () => {
    const r = complete('{{ $json.address.| }}')!;
    expect(r.labels).toEqual(['city', 'zip code']);
    expect(r.options[1]!.apply).toBe("['zip code']");
    expect(complete("{{ $json['address'].| }}")!.labels).toEqual(['city', 'zip code']);
    expect(complete('{{ $json.address.city.| }}')!.labels).toEqual([]);
  });

  it('works in an unclosed segment and for $input accessors', () => {
    expect(complete('x {{ $json.|')!.labels).toContain('name');
    expect(complete('{{ $input.item.json.| }}')!.labels).toContain('address');
    expect(complete('{{ $input.first().json.| }}')!.labels).toContain('address');
    expect(complete('{{ $input.all()[0].json.| }}')!.labels).toContain('address');
    expect(complete('{{ $input.| }}')!.labels).toEqual(['item', 'first()', 'last()', 'all()']);
    expect(complete('{{ $input.item.| }}')!.labels).toEqual(['json']);
  });

  it("completes upstream node names after $(' with the closing quote and paren, nearest first", () => {
    const r = complete("{{ $('| }}")!;
    expect(r.labels).toEqual(['Merge', 'Fetch', 'Other', 'Trigger']);
    expect(r.options[1]).toMatchObject({ apply: "Fetch')", detail: '1 item' });
    expect(r.options[0]!.detail).toBe('no data yet');
    expect(complete('{{ $("Fe| }}')!).toMatchObject({ from: 6 });
    expect(complete('{{ $("Fe| }}')!.options[1]!.apply).toBe('Fetch")');
  });

  it("lists a named node's output fields after $('Node').item.json.", () => {
    expect(complete("{{ $('Fetch').item.json.| }}")!.labels).toEqual(['status', 'body']);
    expect(complete("{{ $('Fetch').first().json.body.| }}")!.labels).toEqual(['id']);
    expect(complete('{{ $node["Fetch"].json.| }}')!.labels).toEqual(['status', 'body']);
    expect(complete("{{ $('Merge').item.json.| }}")!.labels).toEqual([]);
    expect(complete("{{ $('Fetch').| }}")!.labels).toEqual(['item', 'first()', 'last()', 'all()']);
  });

  it("offers n8n's variables after $, each with its info", () => {
    const r = complete('{{ $| }}')!;
    expect(r.labels).toEqual(['$json', '$input', "$('')", '$node', '$now', '$today', '$execution', '$workflow', '$vars', '$itemIndex', '$runIndex', '$prevNode']);
    expect(r.from).toBe(3);
    expect(r.options.every((o) => o.info && !o.info.startsWith('expressions.'))).toBe(true);
    expect(r.options[2]!.apply).toBe("$('");
    expect(complete('{{ 1 + $no| }}')!.from).toBe(7);
  });

  it('translates the info', () => {
    setLocale('fr');
    try {
      expect(complete('{{ $| }}')!.options[0]!.info).toMatch(/élément/);
    } finally {
      setLocale('en');
    }
  });
});

describe('path helpers', () => {
  it('parses dotted and bracketed paths', () => {
    expect(parsePath('.a[0]["b c"][\'d\'].e')).toEqual(['a', 0, 'b c', 'd', 'e']);
    expect(parsePath('')).toEqual([]);
  });

  it('skips non-object values along the path', () => {
    expect(fieldOptions([{ a: 1 }, { a: { b: 2 } }], ['a']).map((o) => o.label)).toEqual(['b']);
  });
});

describe('expression scope', () => {
  const snap: WorkflowSnapshot = {
    connections,
    pinData: { Fetch: [{ json: { pinned: true } }] },
    runData: {
      Trigger: [{ executionStatus: 'success', executionTime: 1, data: { main: [[{ json: { t: 1 } }]] } }],
      Merge: [{ executionStatus: 'success', executionTime: 1, data: { main: [[{ json: { merged: 1 } }, { json: { merged: 2 } }]] } }],
    },
  };

  it('walks connections backwards, nearest first, without looping', () => {
    expect(upstreamNodes('Set', connections)).toEqual(['Merge', 'Fetch', 'Other', 'Trigger']);
    expect(upstreamNodes('Trigger', connections)).toEqual([]);
    expect(upstreamNodes('A', { A: main('B'), B: main('A') })).toEqual(['B']);
  });

  it('prefers pinned data over the last run, and has nothing for a node that never ran', () => {
    expect(outputItems('Fetch', snap)).toEqual([{ pinned: true }]);
    expect(outputItems('Trigger', snap)).toEqual([{ t: 1 }]);
    expect(outputItems('Other', snap)).toBeUndefined();
  });

  it("reads the node's input from the parent on input 0", () => {
    expect(inputItems('Set', snap)).toEqual([{ merged: 1 }, { merged: 2 }]);
    expect(inputItems('Merge', snap)).toEqual([{ pinned: true }]);
    expect(inputItems('Trigger', snap)).toEqual([]);
    const s = expressionScope('Set', snap);
    expect(s.prevNode).toBe('Merge');
    expect(Object.keys(s.outputs).sort()).toEqual(['Fetch', 'Merge', 'Trigger']);
  });
});
