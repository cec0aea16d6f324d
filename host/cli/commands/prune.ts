import { loadConfig } from '../../config.ts';
import { parse, withHost } from './shared.ts';
import type { Command } from './shared.ts';

export const pruneCommand: Command = {
  summary: 'Delete old executions and give the disk space back',
  help: `Usage: gigaflow prune [--max-age-days N] [--max-count N]

Deletes finished executions older than N days and keeps at most N of them (newest kept),
then returns the freed pages to the file system. Defaults come from
GIGAFLOW_EXECUTIONS_MAX_AGE_DAYS (14) and GIGAFLOW_EXECUTIONS_MAX_COUNT (10000).`,
  async run(args) {
    const { values } = parse(args, { 'max-age-days': { type: 'string' }, 'max-count': { type: 'string' } }, false);
    const config = loadConfig();
    const days = Number(values['max-age-days'] ?? config.executionsMaxAgeDays);
    const count = Number(values['max-count'] ?? config.executionsMaxCount);
    if (!Number.isFinite(days) || days < 0 || !Number.isInteger(count) || count < 0) throw new Error('--max-age-days and --max-count must be non-negative numbers');
    const { deleted } = await withHost((host) => host.storage.executions.prune({ maxAgeMs: days * 86_400_000, maxCount: count }));
    console.log(`Deleted ${deleted} execution(s).`);
  },
};
