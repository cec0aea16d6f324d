// The Code node as a workflow runs it: both modes, n8n's data API inside the script, and n8n's
// rules for what the script returns.
import { describe, expect, it } from 'vitest';
import { run, set, trigger, workflow } from '../../../helpers/engine.ts';
import { codeNode, jsonOf, output, runCode } from './helpers.ts';

const people = [{ name: 'ada', age: 36 }, { name: 'linus', age: 54 }, { name: 'grace', age: 85 }];

describe('Run Once for All Items', () => {
  it('maps $input.all() and items into new items', async () => {
    const r = await runCode(
      `const out = [];
       for (const item of $input.all()) out.push({ json: { who: item.json.name.toTitleCase(), next: item.json.age + 1 } });
       out.push({ json: { count: items.length } });
       return out;`,
      people,
    );
    expect(jsonOf(r)).toEqual([{ who: 'Ada', next: 37 }, { who: 'Linus', next: 55 }, { who: 'Grace', next: 86 }, { count: 3 }]);
  });

  it('wraps plain objects, accepts a single object and returns nothing for null', async () => {
    expect(jsonOf(await runCode('return $input.all().map(i => ({ n: i.json.name }))', people))).toEqual([{ n: 'ada' }, { n: 'linus' }, { n: 'grace' }]);
    expect(jsonOf(await runCode('return { total: $input.all().map(i => i.json.age).sum() }', people))).toEqual([{ total: 175 }]);
    expect(jsonOf(await runCode('return { json: { wrapped: true } }', people))).toEqual([{ wrapped: true }]);
    const none = await runCode('return null', people);
    expect(none.status).toBe('success');
    expect(output(none)).toEqual([]);
  });

  it('returning the input items keeps their lineage to this node and their binary', async () => {
    const wf = workflow(
      [
        trigger,
        codeNode('Explode', 'return [1, 2, 3].map(n => ({ json: { n } }))'),
        codeNode('Pass', 'const all = $input.all(); all[0].binary = { file: { data: "aGk=", mimeType: "text/plain" } }; return all;'),
        codeNode('Check', "return { json: { n: $('Explode').item.json.n, viaNode: $node['Explode'].json.n, hasFile: $binary.file !== undefined } }", 'runOnceForEachItem'),
      ],
      [['Start', 'Explode'], ['Explode', 'Pass'], ['Pass', 'Check']],
    );
    const r = await run(wf);
    expect(output(r, 'Pass').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(output(r, 'Pass')[0]!.binary?.file?.data).toBe('aGk=');
    expect(jsonOf(r, 'Check')).toEqual([
      { n: 1, viaNode: 1, hasFile: true },
      { n: 2, viaNode: 2, hasFile: false },
      { n: 3, viaNode: 3, hasFile: false },
    ]);
  });

  it('keeps pairedItem the script sets and lets the engine infer the rest', async () => {
    const r = await runCode('return $input.all().flatMap((item, i) => [{ json: { i, copy: 1 }, pairedItem: { item: i } }, { json: { i, copy: 2 }, pairedItem: i }])', people);
    expect(output(r).map((i) => i.pairedItem)).toEqual([{ item: 0 }, 0, { item: 1 }, 1, { item: 2 }, 2]);
    const inferred = await runCode('return $input.all().map(i => ({ json: { n: i.json.name } }))', people);
    expect(output(inferred).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it("reads other nodes with $('Node'), $node and the expression globals", async () => {
    const wf = workflow(
      [
        trigger,
        set('Customer', { customer: 'ACME', region: 'north' }),
        codeNode(
          'Code',
          `const first = $('Customer').first().json;
           return [{ json: {
             customer: first.customer,
             paired: $('Customer').item.json.region,
             legacy: $node['Customer'].json.customer,
             executed: $('Customer').isExecuted,
             node: $node.name,
             workflow: $workflow.name,
             year: DateTime.fromISO('2024-03-05T10:00:00Z', { zone: 'UTC' }).toFormat('yyyy-LL'),
             days: Duration.fromObject({ weeks: 1 }).as('days'),
             now: typeof $now.toISO(),
             email: 'Mail ada@example.com now'.extractEmail(),
             sum: [1, 2, 3].sum(),
           } }];`,
        ),
      ],
      [['Start', 'Customer'], ['Customer', 'Code']],
    );
    expect(jsonOf(await run(wf))).toEqual([
      { customer: 'ACME', paired: 'north', legacy: 'ACME', executed: true, node: 'Code', workflow: 'test', year: '2024-03', days: 7, now: 'string', email: 'ada@example.com', sum: 6 },
    ]);
  });

  it('awaits inside the script', async () => {
    const r = await runCode('const values = await Promise.all($input.all().map(async (i) => i.json.age * 2)); return { values }', people);
    expect(jsonOf(r)).toEqual([{ values: [72, 108, 170] }]);
  });
});

describe('Run Once for Each Item', () => {
  it('runs per item with $json, item and $itemIndex, pairing each output with its input', async () => {
    const r = await runCode('return { json: { name: $json.name, same: item.json === $json, index: $itemIndex, viaInput: $input.item.json.age } }', people, 'runOnceForEachItem');
    expect(jsonOf(r)).toEqual([
      { name: 'ada', same: true, index: 0, viaInput: 36 },
      { name: 'linus', same: true, index: 1, viaInput: 54 },
      { name: 'grace', same: true, index: 2, viaInput: 85 },
    ]);
    expect(output(r).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('wraps a plain object, drops an item for null or undefined, keeps returned binary', async () => {
    const r = await runCode(
      `if ($json.age > 80) return null;
       if ($json.name === 'linus') return;
       return { json: { kept: $json.name }, binary: { doc: { data: 'eA==', mimeType: 'text/plain' } } };`,
      people,
      'runOnceForEachItem',
    );
    expect(output(r)).toEqual([{ json: { kept: 'ada' }, binary: { doc: { data: 'eA==', mimeType: 'text/plain' } }, pairedItem: { item: 0 } }]);
    const plain = await runCode('return { upper: $json.name.toUpperCase() }', people, 'runOnceForEachItem');
    expect(jsonOf(plain)).toEqual([{ upper: 'ADA' }, { upper: 'LINUS' }, { upper: 'GRACE' }]);
  });

  it("refuses $input.all() like n8n, naming the line", async () => {
    const r = await runCode('// $input.all() in a comment is fine\nconst x = 1;\nreturn $input.all();', people, 'runOnceForEachItem');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ node: 'Code', message: "Can't use .all() here [line 3, for item 0]", description: "This is only available in 'Run Once for All Items' mode" });
  });
});

describe('wrong return shapes fail the node with n8n\'s messages', () => {
  const cases: [string, 'runOnceForAllItems' | 'runOnceForEachItem', string, RegExp | string][] = [
    ['return 5', 'runOnceForAllItems', "Code doesn't return items properly", /array of objects/],
    ['const x = 1', 'runOnceForAllItems', "Code doesn't return items properly", /array of objects/],
    ['return ["a", "b"]', 'runOnceForAllItems', "Code doesn't return items properly", /array of objects/],
    ['return [{ json: { a: 1 } }, { b: 2 }]', 'runOnceForAllItems', 'Unknown top-level item key: b [item 1]', /under `.json`/],
    ['return [{ json: { a: 1 }, extra: 2 }]', 'runOnceForAllItems', 'Invalid output format [item 0]', /reserved key 'json'/],
    ['return [{ json: 5 }]', 'runOnceForAllItems', "A 'json' property isn't an object [item 0]", /must point to an object/],
    ['return [{ json: {}, binary: "x" }]', 'runOnceForAllItems', "A 'binary' property isn't an object [item 0]", /binary/],
    ['return [$json]', 'runOnceForEachItem', "Code doesn't return a single object [item 0]", "An array of objects was returned. If you need to output multiple items, please use the 'Run Once for All Items' mode instead."],
    ['return "text"', 'runOnceForEachItem', "Code doesn't return an object [item 0]", "Please return an object representing the output item. ('text' was returned instead.)"],
    ['return { json: $json, oops: 1 }', 'runOnceForEachItem', 'Invalid output format [item 0]', /reserved key/],
  ];
  it.each(cases)('%s (%s)', async (code, mode, message, description) => {
    const r = await runCode(code, people, mode);
    expect(r.status).toBe('error');
    expect(r.error?.node).toBe('Code');
    expect(r.error?.message).toBe(message);
    if (typeof description === 'string') expect(r.error?.description).toBe(description);
    else expect(r.error?.description).toMatch(description);
  });
});

describe('versions and parameters', () => {
  it('runs typeVersion 1 (no language parameter) the same way', async () => {
    const wf = workflow([trigger, { ...codeNode('Code', 'return { v: $nodeVersion }'), typeVersion: 1, parameters: { jsCode: 'return { v: $nodeVersion }' } }], [['Start', 'Code']]);
    expect(jsonOf(await run(wf))).toEqual([{ v: 1 }]);
  });

  it('refuses Python with a clear error naming the parameter', async () => {
    const r = await runCode('', people, 'runOnceForAllItems', { parameters: { mode: 'runOnceForAllItems', language: 'python', pythonCode: 'return _items' } });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ node: 'Code', message: 'Python is not supported', parameter: 'language' });
  });

  it('refuses an unknown mode', async () => {
    const r = await runCode('return []', people, 'runOnceForAllItems', { parameters: { mode: 'sometimes', jsCode: 'return []' } });
    expect(r.error).toMatchObject({ message: "Unknown mode 'sometimes'", parameter: 'mode' });
  });
});
