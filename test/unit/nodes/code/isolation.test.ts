// Item JSON is data, never a way into the host: `__proto__` keys stay plain fields on the way into
// the sandbox and on the way out, and what one script does to the sandbox's built-ins does not
// reach the host or the next script.
import { afterEach, describe, expect, it } from 'vitest';
import { runCode, jsonOf, output } from './helpers.ts';

const probe = () => ({}) as Record<string, unknown>;

afterEach(() => {
  for (const key of ['polluted', 'isAdmin', 'viaInput', 'viaAssign']) expect(probe()[key], key).toBeUndefined();
});

describe('prototype pollution through item JSON', () => {
  it('a __proto__ key in input items is an ordinary field inside the script', async () => {
    const input = JSON.parse('{ "name": "mallory", "__proto__": { "isAdmin": true, "viaInput": 1 } }');
    expect(Object.hasOwn(input, '__proto__')).toBe(true);
    const r = await runCode(
      `const item = $input.first();
       return {
         ownKey: Object.hasOwn(item.json, '__proto__'),
         inherited: item.json.isAdmin === true,
         plainObjectAdmin: ({}).isAdmin === true,
       };`,
      [input],
    );
    expect(jsonOf(r)).toEqual([{ ownKey: true, inherited: false, plainObjectAdmin: false }]);
  });

  it('a __proto__ key the script returns stays a field of the output item', async () => {
    const r = await runCode(
      `const evil = JSON.parse('{"__proto__": {"isAdmin": true, "polluted": "yes"}, "ok": 1}');
       return [{ json: evil }, { json: { nested: evil } }];`,
      [{}],
    );
    const plain = await runCode(`return [JSON.parse('{"__proto__": {"isAdmin": true}, "ok": 2}')]`, [{}]);
    const items = [...output(r), ...output(plain)];
    expect(items).toHaveLength(3);
    for (const { json } of items) {
      expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
      expect(json.isAdmin).toBeUndefined();
    }
    expect(Object.hasOwn(items[0]!.json, '__proto__')).toBe(true);
    expect(Object.hasOwn(items[2]!.json, '__proto__')).toBe(true);
    expect([items[0]!.json.ok, items[2]!.json.ok]).toEqual([1, 2]);
    const nested = items[1]!.json.nested as Record<string, unknown>;
    expect(Object.hasOwn(nested, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
  });

  it('per-item plain objects with __proto__ keys are wrapped without touching prototypes', async () => {
    const r = await runCode(`return JSON.parse('{"__proto__": {"polluted": 1}, "binary": {}}')`, [{ a: 1 }], 'runOnceForEachItem');
    const [item] = output(r);
    expect(Object.hasOwn(item!.json, '__proto__')).toBe(true);
    expect(item!.binary).toEqual({});
  });
});

describe("a script's changes to the sandbox stay in that run", () => {
  it('built-in prototypes cannot be changed and user globals are gone in the next run', async () => {
    const first = await runCode(
      `try { Object.prototype.viaAssign = 1; } catch (e) {}
       try { Array.prototype.map = () => 'evil'; } catch (e) {}
       leaked = 'from the first run';
       return { proto: ({}).viaAssign === 1, map: [1].map((n) => n + 1)[0] };`,
      [{}],
    );
    expect(jsonOf(first)).toEqual([{ proto: false, map: 2 }]);
    const second = await runCode('return { leaked: typeof leaked }', [{}]);
    expect(jsonOf(second)).toEqual([{ leaked: 'undefined' }]);
  });

  it('cannot reach the host through constructors', async () => {
    const r = await runCode(
      `const attempts = [
         () => this.constructor.constructor('return process')().env,
         () => $input.constructor.constructor('return process')().env,
         () => console.log.constructor('return process')().env,
         () => require.constructor('return globalThis.process')().env,
       ];
       return { results: attempts.map((f) => { try { return String(f()); } catch (e) { return e.name; } }) };`,
      [{}],
    );
    expect(jsonOf(r)).toEqual([{ results: ['ReferenceError', 'ReferenceError', 'ReferenceError', 'TypeError'] }]);
  });
});
