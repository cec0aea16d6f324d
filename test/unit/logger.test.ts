// The host logger (host/logger.ts) writing into a real stream, and the GIGAFLOW_LOG_LEVEL /
// GIGAFLOW_LOG_FORMAT settings (host/config.ts) that configure it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../host/config.ts';
import { createLogger, loggerFromSettings } from '../../host/logger.ts';
import type { LoggerOptions } from '../../host/logger.ts';

/** A real stream the logger writes to; `lines()` is everything written so far, split by line. */
function capture(isTTY = false) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const destination = Object.assign(stream, { isTTY });
  return { destination, text: () => text, lines: () => text.split('\n').filter(Boolean) };
}

function jsonLogger(level: Parameters<typeof createLogger>[0], options: LoggerOptions = {}) {
  const out = capture();
  const logger = createLogger(level, { format: 'json', destination: out.destination, ...options });
  return { logger, entries: () => out.lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('createLogger', () => {
  it('writes one JSON line per event: level label, ISO time, msg, the fields', () => {
    const { logger, entries } = jsonLogger('info');
    logger.info('webhook registered', { path: 'orders', count: 2 });
    logger.warn('plain');
    const [first, second] = entries();
    expect(first).toEqual({ level: 'info', time: expect.stringMatching(ISO), msg: 'webhook registered', path: 'orders', count: 2 });
    expect(second).toEqual({ level: 'warn', time: expect.stringMatching(ISO), msg: 'plain' });
    expect(entries()).toHaveLength(2);
  });

  it('drops lines below the level; silent writes nothing', () => {
    const { logger, entries } = jsonLogger('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((e) => [e.level, e.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    const silent = jsonLogger('silent');
    silent.logger.error('nothing');
    silent.logger.child('queue').error('nothing either');
    expect(silent.entries()).toEqual([]);
  });

  it('keeps a message with % signs as given (no printf formatting)', () => {
    const { logger, entries } = jsonLogger('info');
    logger.info('100% done %s %d', { n: 1 });
    logger.info('50%s');
    expect(entries().map((e) => e.msg)).toEqual(['100% done %s %d', '50%s']);
  });

  it('names the module on a child logger, whose level comes from its own setting', () => {
    const { logger, entries } = jsonLogger('info', { modules: { queue: 'debug', scheduler: 'warn' } });
    const queue = logger.child('queue');
    const scheduler = logger.child('scheduler');
    const webhooks = logger.child('webhooks');
    queue.debug('job claimed', { jobId: 'j1' });
    scheduler.info('slot fired');
    scheduler.warn('missed slots skipped');
    webhooks.debug('hidden: webhooks has the default level');
    webhooks.info('registered');
    logger.debug('hidden: root has the default level');
    expect(entries().map(({ time: _t, ...rest }) => rest)).toEqual([
      { level: 'debug', module: 'queue', jobId: 'j1', msg: 'job claimed' },
      { level: 'warn', module: 'scheduler', msg: 'missed slots skipped' },
      { level: 'info', module: 'webhooks', msg: 'registered' },
    ]);
  });

  it("a module logger's child is that other module's logger, not a nested name", () => {
    const { logger, entries } = jsonLogger('info', { modules: { jobs: 'error' } });
    logger.child('engine').child('jobs').warn('hidden: jobs logs errors only');
    logger.child('engine').child('waits').info('armed');
    expect(entries().map((e) => [e.module, e.msg])).toEqual([['waits', 'armed']]);
  });

  it('pretty: readable lines with the level, the module and the fields, no JSON braces', () => {
    const out = capture();
    const logger = createLogger('info', { format: 'pretty', destination: out.destination });
    logger.child('executions').info('execution finished', { executionId: '42', status: 'success' });
    logger.error('storage closed');
    const [first, ...rest] = out.text().split('\n');
    expect(first).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[executions\] execution finished$/);
    expect(rest.join('\n')).toContain('executionId: "42"');
    expect(rest.join('\n')).toContain('status: "success"');
    expect(out.text()).toMatch(/\] ERROR: storage closed\n/);
    expect(out.text()).not.toMatch(/[{}]/);
    // Not a terminal: no colour codes either.
    expect(out.text()).not.toContain('\u001b[');
  });

  it('defaults to pretty on a terminal outside production, JSON otherwise', () => {
    const env = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'development';
      const tty = capture(true);
      createLogger('info', { destination: tty.destination }).info('hello');
      expect(tty.text()).toContain('INFO');
      expect(tty.text()).not.toContain('"msg"');
      const pipe = capture(false);
      createLogger('info', { destination: pipe.destination }).info('hello');
      expect(JSON.parse(pipe.lines()[0]!)).toMatchObject({ msg: 'hello' });
      process.env.NODE_ENV = 'production';
      const prodTty = capture(true);
      createLogger('info', { destination: prodTty.destination }).info('hello');
      expect(JSON.parse(prodTty.lines()[0]!)).toMatchObject({ msg: 'hello' });
    } finally {
      process.env.NODE_ENV = env;
    }
  });
});

describe('GIGAFLOW_LOG_LEVEL and GIGAFLOW_LOG_FORMAT', () => {
  it('takes a plain level, as before', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ GIGAFLOW_LOG_LEVEL: 'debug' })).toMatchObject({ logLevel: 'debug', logModules: {} });
  });

  it('takes a default level and module=level pairs', () => {
    const config = loadConfig({ GIGAFLOW_LOG_LEVEL: 'info, queue=debug ,scheduler=warn', GIGAFLOW_LOG_FORMAT: 'json' });
    expect(config).toMatchObject({ logLevel: 'info', logModules: { queue: 'debug', scheduler: 'warn' }, logFormat: 'json' });
    const out = capture();
    const logger = loggerFromSettings(config, out.destination);
    logger.child('queue').debug('shown');
    logger.child('scheduler').info('hidden');
    logger.child('engine').debug('hidden');
    expect(out.lines().map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  it.each([
    ['loud', /GIGAFLOW_LOG_LEVEL: the default level .* must be one of debug, info, warn, error, silent, got "loud"/],
    ['info,queue=loud', /GIGAFLOW_LOG_LEVEL: the level of queue must be one of .*got "loud"/],
    ['info,queue', /GIGAFLOW_LOG_LEVEL: "queue" must look like module=level/],
    ['info,queue=debug=x', /GIGAFLOW_LOG_LEVEL: "queue=debug=x" must look like module=level/],
    ['info,qeue=debug', /GIGAFLOW_LOG_LEVEL: unknown module "qeue" \(modules: .*queue/],
    ['queue=debug', /GIGAFLOW_LOG_LEVEL: the default level/],
  ])('refuses %j naming the setting', (value, message) => {
    expect(() => loadConfig({ GIGAFLOW_LOG_LEVEL: value })).toThrow(message);
  });

  it('takes json or pretty as the format, refuses anything else', () => {
    expect(loadConfig({ GIGAFLOW_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ GIGAFLOW_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ GIGAFLOW_LOG_FORMAT: 'yaml' })).toThrow(/GIGAFLOW_LOG_FORMAT must be one of json, pretty, got "yaml"/);
    // The default follows stderr and NODE_ENV: production is JSON even on a terminal.
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
  });
});
