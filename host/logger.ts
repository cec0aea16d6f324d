// The host's logger, on pino: one JSON line per event (`level` as a label, ISO `time`, `msg`, the
// fields given, `module` on a module's logger) or, in development, pino-pretty's readable lines.
// Never pass credential data in the fields.
import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Logger } from './engine/types.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

/**
 * The modules the host names its loggers after (`logger.child(module)`); GIGAFLOW_LOG_LEVEL may give
 * each its own level (`info,queue=debug`). Add a name here when a new service gets its own logger.
 */
export const LOG_MODULES = ['host', 'engine', 'nodes', 'executions', 'webhooks', 'scheduler', 'queue', 'waits', 'jobs', 'server', 'bridge'] as const;

/** Where lines go: anything with a synchronous-enough `write` (process.stderr, a test's capture). */
export interface LogDestination {
  write(line: string): unknown;
  isTTY?: boolean;
}

export interface LoggerOptions {
  /** Levels of module loggers that differ from the default level. */
  modules?: Record<string, LogLevel>;
  /** Default: pretty when the destination is a terminal and NODE_ENV is not `production`, else JSON. */
  format?: LogFormat;
  /** Default: process.stderr (looked up on each write, so a test that swaps its `write` sees the lines). */
  destination?: LogDestination;
}

/** The format GIGAFLOW_LOG_FORMAT defaults to. */
export function defaultLogFormat(destination: Pick<LogDestination, 'isTTY'>, nodeEnv: string | undefined): LogFormat {
  return destination.isTTY && nodeEnv !== 'production' ? 'pretty' : 'json';
}

export function createLogger(level: LogLevel = 'info', options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const format = options.format ?? defaultLogFormat(destination, process.env.NODE_ENV);
  const root = pino(
    {
      level,
      // No pid/hostname: the lines keep the shape they had before pino.
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    format === 'pretty' ? prettyDestination(destination) : destination,
  );
  const modules = options.modules ?? {};
  // A module's logger is always a child of the root, so `child('queue')` of a module logger is the
  // queue's logger (one `module` field, its own level), not a nested name.
  const child = (module: string): Logger => wrap(root.child({ module }, { level: modules[module] ?? level }), child);
  return wrap(root, child);
}

/** The logger GIGAFLOW_LOG_LEVEL and GIGAFLOW_LOG_FORMAT describe (config.ts parseLogSettings). */
export function loggerFromSettings(settings: { logLevel: LogLevel; logModules: Record<string, LogLevel>; logFormat: LogFormat }, destination?: LogDestination): Logger {
  return createLogger(settings.logLevel, { modules: settings.logModules, format: settings.logFormat, destination });
}

/** pino-pretty's synchronous formatter in process (no worker-thread transport: those complicate exits and tests). */
function prettyDestination(destination: LogDestination): LogDestination {
  const prettify = prettyFactory({
    colorize: destination.isTTY === true,
    ignore: 'module',
    messageFormat: '{if module}[{module}] {end}{msg}',
    translateTime: 'SYS:HH:MM:ss.l',
  });
  return { write: (line) => destination.write(prettify(line)) };
}

/** Our Logger interface (message first, fields second) over pino's (fields first). */
function wrap(log: PinoLogger, child: (module: string) => Logger): Logger {
  return {
    debug: (msg, meta) => (meta ? log.debug(meta, msg) : log.debug(msg)),
    info: (msg, meta) => (meta ? log.info(meta, msg) : log.info(msg)),
    warn: (msg, meta) => (meta ? log.warn(meta, msg) : log.warn(msg)),
    error: (msg, meta) => (meta ? log.error(meta, msg) : log.error(msg)),
    child,
  };
}
