import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../../config.ts';
import { createHost } from '../../host.ts';
import type { Host } from '../../host.ts';
import { createLogger, loggerFromSettings } from '../../logger.ts';

export interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number | void>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A host without the HTTP listener, for one-shot commands; quiet unless GIGAFLOW_LOG_LEVEL says otherwise. */
export async function withHost<T>(fn: (host: Host) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = process.env.GIGAFLOW_LOG_LEVEL ? loggerFromSettings(config) : createLogger('warn', { format: config.logFormat });
  const host = await createHost(config, { logger });
  try {
    return await fn(host);
  } finally {
    await host.close();
  }
}
