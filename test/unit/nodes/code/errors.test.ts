// A script that throws fails the node with the script's message and the line in jsCode (not in
// any wrapper); continueOnFail turns failures into items with json.error, as in n8n.
import { describe, expect, it } from 'vitest';
import { output, runCode } from './helpers.ts';

const orders = [{ id: 1, total: 10 }, { id: 2, total: -5 }, { id: 3, total: 7 }];

describe('a throwing script', () => {
  it("fails the node with the user's message and the line of jsCode", async () => {
    const script = [
      'const wanted = 42;', // 1
      'const found = $input.all().find(i => i.json.id === wanted);', // 2
      '', // 3
      'if (!found) throw new Error(`Customer ${wanted} not found`);', // 4
      'return found;', // 5
    ].join('\n');
    const r = await runCode(script, orders);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ node: 'Code', name: 'NodeOperationError', message: 'Customer 42 not found [line 4]' });
    expect(r.error?.description).toContain('line 4');
    expect(r.runData.Code![0]!.error?.message).toBe('Customer 42 not found [line 4]');
  });

  it('names the error type and the line of a runtime error deeper in the script', async () => {
    const r = await runCode('const a = {};\n\nfunction pick(o) {\n  return o.missing.field;\n}\nreturn pick(a);', orders);
    expect(r.error?.message).toBe("Cannot read properties of undefined (reading 'field') [line 4]");
    expect(r.error?.description).toBe('TypeError at line 4');
  });

  it('names the line after an await, too', async () => {
    const r = await runCode('await null;\nconst x = 1;\nthrow new RangeError("late " + x);', orders);
    expect(r.error?.message).toBe('late 1 [line 3]');
    expect(r.error?.description).toBe('RangeError at line 3');
  });

  it('names the item in per-item mode', async () => {
    const r = await runCode('const t = $json.total;\nif (t < 0) throw new Error(`negative total ${t}`);\nreturn { t };', orders, 'runOnceForEachItem');
    expect(r.error?.message).toBe('negative total -5 [line 2, for item 1]');
    expect(r.error?.description).toBe('Error at line 2 (item 1)');
  });

  it('reports syntax errors with their line', async () => {
    const r = await runCode('const a = 1;\nconst b = ;\nreturn { a };', orders);
    expect(r.error?.message).toBe("Unexpected token ';' [line 2]");
    expect(r.error?.description).toBe('SyntaxError at line 2');
  });

  it('reports sandbox errors such as an unknown node with their explanation and line', async () => {
    const r = await runCode("const x = 1;\nreturn $('Nowhere').all();", orders);
    expect(r.error?.message).toBe("Referenced node doesn't exist [line 2]");
    expect(r.error?.description).toMatch(/There is no node called 'Nowhere'.* at line 2/);
  });

  it('a thrown non-Error value still fails with its text', async () => {
    const r = await runCode('throw "plain text"', orders);
    expect(r.error?.message).toBe('plain text');
  });
});

describe('continueOnFail', () => {
  it('all items: the run continues with one item holding the error', async () => {
    const r = await runCode('\nthrow new Error("boom")', orders, 'runOnceForAllItems', { continueOnFail: true });
    expect(r.status).toBe('success');
    expect(output(r).map((i) => i.json)).toEqual([{ error: 'boom [line 2]' }]);
  });

  it('each item: failing items become error items, the others go on', async () => {
    const r = await runCode('if ($json.total < 0) throw new Error("negative");\nreturn { id: $json.id };', orders, 'runOnceForEachItem', { onError: 'continueRegularOutput' });
    expect(r.status).toBe('success');
    expect(output(r)).toEqual([
      { json: { id: 1 }, pairedItem: { item: 0 } },
      { json: { error: 'negative [line 1, for item 1]' }, pairedItem: { item: 1 } },
      { json: { id: 3 }, pairedItem: { item: 2 } },
    ]);
  });

  it('wrong return shapes are continued the same way', async () => {
    const r = await runCode('return 5', orders, 'runOnceForAllItems', { continueOnFail: true });
    expect(output(r).map((i) => i.json)).toEqual([{ error: "Code doesn't return items properly" }]);
  });
});
