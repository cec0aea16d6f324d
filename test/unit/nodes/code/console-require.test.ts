// console.* inside a Code node is captured into the execution (bounded) and the host log;
// require() offers an allow-list of pure libraries and refuses everything else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../../host/engine/types.ts';
import { engineDeps, run, trigger, workflow } from '../../../helpers/engine.ts';
import { codeNode, jsonOf, runCode } from './helpers.ts';
import type { Mode } from './helpers.ts';

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('console', () => {
  const hostLog: { level: string; message: string; meta?: object }[] = [];
  let deps: EngineDeps;
  beforeAll(async () => {
    const sink = (level: string) => (message: string, meta?: object) => void hostLog.push({ level, message, meta });
    deps = { ...(await engineDeps()), logger: { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error'), child() { return this; } } };
  });

  async function logsOf(jsCode: string, mode: Mode = 'runOnceForAllItems', extra = {}) {
    const wf = workflow([trigger, codeNode('Code', jsCode, mode, extra)], [['Start', 'Code']]);
    const result = await run(wf, { executionId: 'console', pinData: { Start: [{ json: { n: 1 } }, { json: { n: 2 } }] } }, deps);
    return { result, logs: result.runData.Code![0]!.logs ?? [] };
  }

  it('keeps console output with the node run and writes it to the host log', async () => {
    hostLog.length = 0;
    const { result, logs } = await logsOf(
      `console.log('items:', $input.all().length, { first: $input.first().json });
       console.warn('%s is %d%%', 'progress', 50);
       console.error(new TypeError('bad input'));
       console.debug('details');
       return [];`,
    );
    expect(result.status).toBe('success');
    expect(logs.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'info', message: 'items: 2 {"first":{"n":1}}' },
      { level: 'warn', message: 'progress is 50%' },
      { level: 'error', message: 'TypeError: bad input' },
      { level: 'debug', message: 'details' },
    ]);
    for (const line of logs) expect(line.at).toMatch(iso);
    expect(hostLog.filter((l) => l.meta && (l.meta as { source?: string }).source === 'console').map((l) => [l.level, l.message])).toEqual([
      ['info', 'items: 2 {"first":{"n":1}}'],
      ['info', 'progress is 50%'],
      ['info', 'TypeError: bad input'],
      ['info', 'details'],
    ]);
  });

  it('collects the output of every item run, and keeps it when the script fails', async () => {
    const each = await logsOf('console.log("item", $itemIndex); return $json;', 'runOnceForEachItem');
    expect(each.logs.map((l) => l.message)).toEqual(['item 0', 'item 1']);
    const failed = await logsOf('console.log("before the failure");\nthrow new Error("stop")');
    expect(failed.result.status).toBe('error');
    expect(failed.logs.map((l) => l.message)).toEqual(['before the failure']);
  });

  it('is bounded: at most 1000 lines and 64 KB per node run', async () => {
    const many = await logsOf('for (let i = 0; i < 5000; i++) console.log("line " + i); return [];');
    expect(many.logs.length).toBe(1000);
    expect(many.logs.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/truncated/) });
    const big = await logsOf('for (let i = 0; i < 10; i++) console.log("x".repeat(20000)); return [];');
    expect(big.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThanOrEqual(64 * 1024 + 200);
    expect(big.logs.at(-1)!.message).toMatch(/truncated/);
    const perItem = await logsOf('for (let i = 0; i < 800; i++) console.log($itemIndex, i); return $json;', 'runOnceForEachItem');
    expect(perItem.logs.length).toBe(1000);
  });
});

describe('require', () => {
  it('loads lodash, luxon and crypto from the allow-list', async () => {
    const r = await runCode(
      `const _ = require('lodash');
       const { DateTime } = require('luxon');
       const crypto = require('crypto');
       const get = require('lodash/get');
       return {
         grouped: _.mapValues(_.groupBy($input.all().map(i => i.json), 'team'), (list) => _.sumBy(list, 'hours')),
         chained: _.chain([3, 1, 2]).sortBy().map((n) => n * 10).value(),
         picked: get({ a: { b: [7] } }, 'a.b[0]'),
         month: DateTime.fromISO('2024-02-10', { zone: 'UTC' }).plus({ months: 1 }).toFormat('yyyy-LL'),
         sha256: crypto.createHash('sha256').update('abc').digest('hex'),
         hmac: crypto.createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'),
         md5b64: require('node:crypto').createHash('md5').update('hello').digest('base64'),
         uuid: crypto.randomUUID(),
         int: crypto.randomInt(5, 6),
       };`,
      [{ team: 'a', hours: 2 }, { team: 'b', hours: 3 }, { team: 'a', hours: 4 }],
    );
    const [json] = jsonOf(r);
    expect(json).toMatchObject({
      grouped: { a: 6, b: 3 },
      chained: [10, 20, 30],
      picked: 7,
      month: '2024-03',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      hmac: 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
      md5b64: 'XUFAKrxLKna5cZ2REBfFkg==',
      int: 5,
    });
    expect(json!.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each(['fs', 'child_process', 'node:fs', 'http', 'vm', 'module', 'process', 'isolated-vm', 'lodash/../../etc/passwd', '/etc/passwd'])('refuses %s', async (name) => {
    const r = await runCode(`const x = 1;\nreturn require(${JSON.stringify(name)});`, [{}]);
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe(`Cannot find module '${name}' (allowed: crypto, lodash, luxon) [line 2]`);
  });

  it('has no host require, process or module behind it', async () => {
    const r = await runCode(
      `return {
        process: typeof process, module: typeof module, globalRequire: typeof globalThis.process,
        main: typeof require.main, cache: typeof require.cache, resolve: typeof require.resolve,
        viaConstructor: (() => { try { return require.constructor('return typeof process')(); } catch (e) { return 'threw'; } })(),
      }`,
      [{}],
    );
    expect(jsonOf(r)).toEqual([{ process: 'undefined', module: 'undefined', globalRequire: 'undefined', main: 'undefined', cache: 'undefined', resolve: 'undefined', viaConstructor: 'undefined' }]);
  });

  it('a library tampered with in one run is intact in the next', async () => {
    const tamper = await runCode("const _ = require('lodash'); _.map = () => 'evil'; _.mixin({ extra: () => 1 }); require('crypto').createHash = null; return { ok: typeof _.extra }", [{}]);
    expect(jsonOf(tamper)).toEqual([{ ok: 'undefined' }]);
    const after = await runCode("return { mapped: require('lodash').map([1, 2], (n) => n + 1), hash: typeof require('crypto').createHash }", [{}]);
    expect(jsonOf(after)).toEqual([{ mapped: [2, 3], hash: 'function' }]);
  });

  it('explains what the crypto subset cannot do', async () => {
    const r = await runCode("return require('crypto').createHash('sha256').update('x').digest()", [{}]);
    expect(r.error?.message).toMatch(/digest\(\) needs an output encoding .*\[line 1\]/);
    const bad = await runCode("return require('crypto').createHash('whirlpool')", [{}]);
    expect(bad.error?.message).toMatch(/^Digest method not supported: whirlpool/);
  });
});
