import type { Logger } from './engine/types.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;

/** One JSON line per event on stderr. Never pass credential data in `meta`. */
export function createLogger(level: keyof typeof LEVELS = 'info'): Logger {
  const min = LEVELS[level] ?? LEVELS.info;
  const write = (lvl: keyof typeof LEVELS, msg: string, meta?: object) => {
    if (LEVELS[lvl] < min) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...meta })}\n`);
  };
  return {
    debug: (m, meta) => write('debug', m, meta),
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
