import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { ExpressionError } from '../../../host/model/errors.ts';
import { makeData, setItems, webhookItems, inputItems } from './fixtures.ts';

let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator();
});
afterAll(() => ev.dispose());

const data = makeData();
const r = (v: unknown, d = data) => ev.resolve(v, d, 'param');

function expressionError(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    return err as ExpressionError;
  }
  throw new Error('expected an ExpressionError');
}

describe('isExpression', () => {
  it('is true only for strings starting with =', () => {
    expect(ev.isExpression('={{ 1 }}')).toBe(true);
    expect(ev.isExpression('=plain')).toBe(true);
    expect(ev.isExpression('{{ 1 }}')).toBe(false);
    expect(ev.isExpression(' =x')).toBe(false);
    expect(ev.isExpression(1)).toBe(false);
    expect(ev.isExpression(null)).toBe(false);
  });
});

describe('resolve: templates', () => {
  it('a single segment returns the raw value', () => {
    expect(r('={{ $json.x }}')).toBe(5);
    expect(r('={{ $json.nested }}')).toEqual({ deep: [1, 2, 3] });
    expect(r('={{ $json.nested.deep }}')).toEqual([1, 2, 3]);
    expect(r('={{ true }}')).toBe(true);
    expect(r('={{ null }}')).toBe(null);
    expect(r('={{ undefined }}')).toBe(undefined);
    expect(r('={{ $json.missing }}')).toBe(undefined);
  });

  it('mixed text returns a string with objects JSON-encoded and null/undefined empty', () => {
    expect(r('=Hello {{ $json.name }}!')).toBe('Hello World!');
    expect(r('=n={{ $json.x }}')).toBe('n=5');
    expect(r('=a{{ $json.nested }}b')).toBe('a{"deep":[1,2,3]}b');
    expect(r('=a{{ $json.nested.deep }}b')).toBe('a[1,2,3]b');
    expect(r('=[{{ null }}|{{ undefined }}|{{ $json.nope }}]')).toBe('[||]');
    expect(r('={{ 1 }}{{ 2 }}')).toBe('12');
    expect(r('=at {{ DateTime.fromISO("2024-05-01T10:00:00Z", { zone: "UTC" }) }}')).toBe('at 2024-05-01T10:00:00.000Z');
  });

  it('text without braces is returned as is', () => {
    expect(r('=plain')).toBe('plain');
    expect(r('=')).toBe('');
  });

  it('non-expressions are returned unchanged (same reference)', () => {
    const obj = { a: 1, b: ['x'] };
    expect(r(obj)).toBe(obj);
    expect(r('no equals {{ 1 }}')).toBe('no equals {{ 1 }}');
    expect(r(42)).toBe(42);
    expect(r(null)).toBe(null);
    const date = new Date(0);
    expect(r(date)).toBe(date);
  });

  it('splits on {{ }} respecting braces and quotes', () => {
    expect(r('={{ {a:1}.a }}')).toBe(1);
    expect(r('={{ "}}" }}')).toBe('}}');
    expect(r('=x{{ "{{" + "}}" }}y')).toBe('x{{}}y');
    expect(r('={{ [1,2,3].map(v => ({v})).length }}')).toBe(3);
  });

  it('recurses into arrays and plain objects', () => {
    const params = {
      assignments: {
        assignments: [
          { name: 'total', value: '={{ $json.x * 2 }}', type: 'number' },
          { name: 'greeting', value: '=Hi {{ $json.name }}', type: 'string' },
          { name: 'static', value: 'keep', type: 'string' },
        ],
      },
      options: { flag: true },
    };
    const out = r(params) as typeof params;
    expect(out.assignments.assignments[0]!.value).toBe(10);
    expect(out.assignments.assignments[1]!.value).toBe('Hi World');
    expect(out.assignments.assignments[2]).toBe(params.assignments.assignments[2]);
    expect(out.options).toBe(params.options);
    expect(params.assignments.assignments[0]!.value).toBe('={{ $json.x * 2 }}');
  });

  it('strings round-trip exactly, including control characters used by the transport', () => {
    expect(r('={{ "\\u0000a" }}')).toBe('\u0000a');
    expect(r('={{ "\\u0001{}" }}')).toBe('\u0001{}');
    expect(r('={{ "\\u0002{\\"k\\":\\"x\\"}" }}')).toBe('\u0002{"k":"x"}');
    expect(r('=\u0001{{ 1 }}')).toBe('\u00011');
    expect(r('={{ "" }}')).toBe('');
    expect(r('={{ ({ toJSON: () => undefined }) }}')).toBe(undefined);
  });

  it('returns Luxon DateTimes as ISO strings', () => {
    const v = r('={{ DateTime.fromISO("2024-01-02T03:04:05", { zone: "UTC" }) }}');
    expect(v).toBe('2024-01-02T03:04:05.000Z');
  });

  it('evaluate() runs a bare expression', () => {
    expect(ev.evaluate('$json.x + 1', data)).toBe(6);
    expect(ev.evaluate('  ', data)).toBe(undefined);
    expect(ev.evaluate('$json.x;', data)).toBe(5);
  });

  it('evaluates many items correctly (no leaking between evaluations)', () => {
    for (let i = 0; i < inputItems.length; i++) {
      const d = makeData({ itemIndex: i });
      expect(r('={{ $json.x }}', d)).toBe(inputItems[i]!.json.x);
      expect(r('={{ $itemIndex }}', d)).toBe(i);
      expect(r('={{ $input.item.json.name }}', d)).toBe(inputItems[i]!.json.name);
    }
  });
});

describe('resolve: globals', () => {
  it('$json, $binary and $input', () => {
    expect(r('={{ $json.name }}')).toBe('World');
    expect(r('={{ $binary.file.mimeType }}')).toBe('text/plain');
    expect(r('={{ $binary }}', makeData({ itemIndex: 1 }))).toEqual({});
    expect(r('={{ $input.all().length }}')).toBe(3);
    expect(r('={{ $input.all().map(i => i.json.x) }}')).toEqual([5, 6, 7]);
    expect(r('={{ $input.first().json.x }}')).toBe(5);
    expect(r('={{ $input.last().json.x }}')).toBe(7);
    expect(r('={{ $input.item.json.x }}', makeData({ itemIndex: 2 }))).toBe(7);
    expect(r('={{ $input.params.nodeName }}')).toBe('Current');
    expect(r('={{ $input.item.json === $json }}')).toBe(true);
  });

  it("$('Node') accessors", () => {
    expect(r("={{ $('Webhook').all().length }}")).toBe(2);
    expect(r("={{ $('Webhook').first().json.name }}")).toBe('Alice');
    expect(r("={{ $('Webhook').last().json.name }}")).toBe('Bob');
    expect(r("={{ $('Set').item.json.label }}", makeData({ itemIndex: 2 }))).toBe('second');
    expect(r("={{ $('Set').itemMatching(0).json.total }}")).toBe(10);
    expect(r("={{ $('Set').isExecuted }}")).toBe(true);
    expect(r("={{ $('Not Run').isExecuted }}")).toBe(false);
    expect(r("={{ $('Set').params.nodeName }}")).toBe('Set');
    expect(r("={{ $('Webhook').all() }}")).toEqual(JSON.parse(JSON.stringify(webhookItems)));
  });

  it("$('Node') errors like n8n", () => {
    const e1 = expressionError(() => r("={{ $('Nope').first() }}"));
    expect(e1.message).toBe("Referenced node doesn't exist");
    expect(e1.parameter).toBe('param');
    const e2 = expressionError(() => r("={{ $('Not Run').item.json }}"));
    expect(e2.message).toBe("Node 'Not Run' hasn't been executed");
    const e3 = expressionError(() => r("={{ $('Not Run').first() }}"));
    expect(e3.message).toBe("Node 'Not Run' hasn't been executed");
    const e4 = expressionError(() => r("={{ $node['Nope'].json }}"));
    expect(e4.message).toBe("Referenced node doesn't exist");
  });

  it('$node (legacy) and $items', () => {
    expect(r('={{ $node["Webhook"].json.name }}')).toBe('Alice');
    expect(r('={{ $node["Set"].json.total }}', makeData({ itemIndex: 1 }))).toBe(20);
    expect(r('={{ $node["Set"].parameter.operation }}')).toBe('get');
    expect(r('={{ $node.Webhook.data.id }}')).toBe(1);
    expect(r('={{ $node.name }}')).toBe('Current');
    expect(r('={{ $items("Webhook").length }}')).toBe(2);
    expect(r('={{ $items().length }}')).toBe(3);
    expect(r('={{ $items("Set", 0)[1].json.label }}')).toBe('second');
  });

  it('$now, $today, DateTime, Duration, Interval in the workflow timezone', () => {
    expect(r('={{ $now.zoneName }}')).toBe('Europe/Berlin');
    expect(r('={{ $now.zoneName }}', makeData({ timezone: 'America/New_York' }))).toBe('America/New_York');
    expect(r('={{ $today.hour + $today.minute + $today.second }}')).toBe(0);
    expect(r('={{ $today.toISODate() === $now.toISODate() }}')).toBe(true);
    expect(r('={{ Math.abs($now.toMillis() - Date.now()) < 5000 }}')).toBe(true);
    expect(r('={{ DateTime.now().zoneName }}', makeData({ timezone: 'Asia/Tokyo' }))).toBe('Asia/Tokyo');
    expect(r('={{ Duration.fromObject({ hours: 2 }).as("minutes") }}')).toBe(120);
    expect(r('={{ Interval.fromDateTimes(DateTime.fromISO("2024-01-01"), DateTime.fromISO("2024-01-11")).length("days") }}')).toBe(10);
    expect(r('={{ typeof $now.plus }}')).toBe('function');
    // no / invalid zone: the system zone, not the zone of the previous evaluation
    const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(r('={{ $now.zoneName }}', makeData({ timezone: 'Asia/Tokyo' }))).toBe('Asia/Tokyo');
    expect(r('={{ DateTime.now().zoneName }}', makeData({ timezone: '' }))).toBe(system);
    expect(r('={{ $now.zoneName }}', makeData({ timezone: 'Asia/Tokyo' }))).toBe('Asia/Tokyo');
    expect(r('={{ $now.zoneName }}', makeData({ timezone: 'Mars/Olympus_Mons' }))).toBe(system);
  });

  it('$execution, $workflow, $vars, $prevNode, $itemIndex, $runIndex', () => {
    expect(r('={{ $execution.id }}')).toBe('exec-42');
    expect(r('={{ $execution.mode }}')).toBe('manual');
    expect(r('={{ $execution.resumeUrl }}')).toBe('https://gigaflow.test/webhook-waiting/exec-42');
    expect(r('={{ $workflow }}')).toEqual({ id: 'wf-7', name: 'Field service dispatch', active: true });
    expect(r('={{ $vars.region }}')).toBe('north');
    expect(r('={{ $prevNode.name }}')).toBe('Set');
    expect(r('={{ $prevNode }}')).toEqual({ name: 'Set', outputIndex: 0, runIndex: 0 });
    expect(r('={{ $itemIndex }}', makeData({ itemIndex: 1 }))).toBe(1);
    expect(r('={{ $runIndex }}', makeData({ runIndex: 3 }))).toBe(3);
  });

  it('$ifEmpty, $if, $min, $max', () => {
    expect(r('={{ $ifEmpty($json.missing, "d") }}')).toBe('d');
    expect(r('={{ $ifEmpty([], "d") }}')).toBe('d');
    expect(r('={{ $ifEmpty($json.x, "d") }}')).toBe(5);
    expect(r('={{ $if($json.x > 3, "big", "small") }}')).toBe('big');
    expect(r('={{ $max(1, 9, 3) + $min(4, 2) }}')).toBe(11);
  });

  it('$env is denied, host globals do not exist', () => {
    expect(expressionError(() => r('={{ $env.HOME }}')).message).toBe('access to env vars denied');
    expect(r('={{ typeof process }}')).toBe('undefined');
    expect(r('={{ typeof require }}')).toBe('undefined');
    expect(r('={{ typeof WebAssembly + typeof SharedArrayBuffer + typeof Atomics }}')).toBe('undefinedundefinedundefined');
    expect(r('={{ typeof eval }}')).toBe('undefined');
  });

  it('built-in prototypes are frozen; user globals do not persist between expressions', () => {
    expect(r('={{ Object.isFrozen(Object.prototype) && Object.isFrozen(Array.prototype) && Object.isFrozen(Function.prototype) }}')).toBe(true);
    r('={{ (() => { try { Array.prototype.sum = () => 666 } catch {} ; return 1 })() }}');
    expect(r('={{ [1,2].sum() }}')).toBe(3);
    r('={{ (() => { globalThis.leak = "x"; return 1 })() }}');
    expect(r('={{ typeof leak }}')).toBe('undefined');
    // Assignments to names that live on frozen prototypes still work on ordinary objects.
    expect(r('={{ (() => { const o = {}; o.constructor = "F1"; o.toString = "s"; o.keys = 1; return o })() }}')).toEqual({ constructor: 'F1', toString: 's', keys: 1 });
    expect(r('={{ (() => { const e = new Error("x"); e.name = "Custom"; return e.name })() }}')).toBe('Custom');
  });
});

describe('resolve: errors', () => {
  it('syntax errors say "invalid syntax" and name the parameter', () => {
    const e = expressionError(() => ev.resolve('={{ $json. }}', data, 'options.url'));
    expect(e.message).toBe('invalid syntax');
    expect(e.parameter).toBe('options.url');
    // a second time (cached compile failure) gives the same error
    expect(expressionError(() => ev.resolve('={{ $json. }}', data, 'x')).message).toBe('invalid syntax');
  });

  it('runtime errors carry the thrown message', () => {
    const e = expressionError(() => ev.resolve('={{ $json.nope.deeper }}', data, 'body'));
    expect(e.message).toMatch(/Cannot read properties of undefined/);
    expect(e.parameter).toBe('body');
    const e2 = expressionError(() => ev.resolve('={{ (() => { throw new Error("custom failure") })() }}', data, 'p'));
    expect(e2.message).toBe('custom failure');
    const e3 = expressionError(() => ev.resolve('={{ (() => { throw "a string" })() }}', data, 'p'));
    expect(e3.message).toBe('a string');
  });

  it('user errors cannot impersonate the transport or internal failures', () => {
    const spoof = '\\u0002{\\"k\\":\\"syntax\\",\\"m\\":\\"spoofed\\"}';
    expect(expressionError(() => r(`={{ (() => { throw new Error("${spoof}") })() }}`)).message).toBe('\u0002{"k":"syntax","m":"spoofed"}');
    let runs = 0;
    const counting = { ...data, hasNode: (n: string) => (runs++, data.hasNode(n)) };
    expect(expressionError(() => ev.resolve('={{ $("Set") && (() => { throw new Error("compiled-code cache miss") })() }}', counting, 'p')).message).toBe('compiled-code cache miss');
    expect(runs).toBe(1);
  });

  it('errors inside nested parameters keep the top parameter name and tell where', () => {
    const e = expressionError(() => ev.resolve({ list: [{ value: '={{ $json. }}' }] }, data, 'assignments'));
    expect(e.parameter).toBe('assignments');
    expect(e.description).toContain('assignments.list[0].value');
  });

  it('functions and promises cannot be returned', () => {
    expect(expressionError(() => r('={{ $json.x.toString }}')).message).toMatch(/function/);
    expect(expressionError(() => r('={{ Promise.resolve(1) }}')).message).toMatch(/Promise/);
  });

  it('evaluate() errors are ExpressionErrors too', () => {
    expect(() => ev.evaluate('nope(', data)).toThrow(ExpressionError);
    expect(() => ev.evaluate('nope(', data)).toThrow('invalid syntax');
  });
});

describe('data isolation', () => {
  it('mutating data inside an expression does not change host data', () => {
    r('={{ (() => { $json.x = 999; $input.all()[1].json.x = 999; $("Webhook").first().json.name = "X"; return 1 })() }}');
    expect(inputItems[0]!.json.x).toBe(5);
    expect(inputItems[1]!.json.x).toBe(6);
    expect(webhookItems[0]!.json.name).toBe('Alice');
    expect(r('={{ $json.x }}')).toBe(5);
  });

  it('objects from a finished evaluation cannot be used later', () => {
    // $input of one evaluation kept in a closure is refused after the evaluation ended.
    const e = expressionError(() => r('={{ (() => { const input = $input; Promise.resolve().then(() => input.all()); return 1 })() }}'));
    expect(e.message).toBe('Data from a finished evaluation cannot be used');
    // ... and nothing of it spills into the next evaluation
    expect(r('={{ $json.x }}')).toBe(5);
  });

  it('only the host data asked for is read', () => {
    let outputReads = 0;
    let inputReads = 0;
    const base = makeData();
    const d = {
      ...base,
      get inputItems() {
        inputReads++;
        return base.inputItems;
      },
      nodeOutput: (n: string, o?: number, ri?: number) => {
        outputReads++;
        return base.nodeOutput(n, o, ri);
      },
    };
    expect(ev.resolve('={{ 1 + 1 }}', d, 'p')).toBe(2);
    expect(outputReads).toBe(0);
    expect(inputReads).toBe(0);
    expect(ev.resolve("={{ $('Set').first().json.total }}", d, 'p')).toBe(10);
    expect(outputReads).toBe(1);
    expect(setItems.length).toBe(2);
  });
});
