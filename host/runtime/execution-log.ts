// One log line per finished (or parked) execution, for whoever follows the host's logs: which
// workflow, which execution, how it ended, how long it took. An observer of host.ts's
// finishedObservers; called on the webhook path thousands of times a second, so it reads a few
// fields and never serializes run data.
import type { Logger } from '../engine/types.ts';
import type { ExecutionRecord } from '../model/index.ts';

export function createExecutionLog(logger: Logger): (record: ExecutionRecord, durationMs: number) => void {
  return (record, durationMs) => {
    const fields: Record<string, unknown> = {
      workflowId: record.workflowId,
      workflowName: record.workflowData?.name,
      executionId: record.id,
      mode: record.mode,
      status: record.status,
      durationMs,
    };
    if (record.status === 'waiting') {
      fields.waitTill = record.waitTill;
      logger.info('execution waiting', fields);
      return;
    }
    // The message and the node only: a description or the run data may hold what a node received.
    if (record.error) {
      fields.error = record.error.message;
      if (record.error.node) fields.node = record.error.node;
    }
    logger.info('execution finished', fields);
  };
}
