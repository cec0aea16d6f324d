// Which finished executions are kept in storage, with n8n's semantics (its workflowExecuteAfter hook):
//  - a waiting execution is always kept (it must be resumable);
//  - a manual run is kept when saveManualExecutions allows, whatever its status;
//  - any other run is kept when saveDataSuccessExecution (status success) or
//    saveDataErrorExecution (any other status) is 'all'.
// 'DEFAULT' or an absent setting falls back to the host defaults (GIGAFLOW_EXECUTIONS_DATA_SAVE_*).
// A run that is not kept still returns its record to the caller, still fires its live events and
// still starts the error workflow: only the stored row goes.
import type { ExecutionRecord, WorkflowSettings } from '../model/index.ts';

export interface SaveDefaults {
  success: boolean;
  error: boolean;
  manual: boolean;
}

export const SAVE_EVERYTHING: SaveDefaults = { success: true, error: true, manual: true };

function saveData(value: unknown, fallback: boolean): boolean {
  return value === 'all' ? true : value === 'none' ? false : fallback;
}

export function shouldKeepExecution(record: Pick<ExecutionRecord, 'status' | 'mode'>, settings: WorkflowSettings | undefined, defaults: SaveDefaults): boolean {
  if (record.status === 'waiting' || record.status === 'new' || record.status === 'running') return true;
  if (record.mode === 'manual') {
    const manual = settings?.saveManualExecutions;
    return typeof manual === 'boolean' ? manual : defaults.manual;
  }
  if (record.status === 'success') return saveData(settings?.saveDataSuccessExecution, defaults.success);
  return saveData(settings?.saveDataErrorExecution, defaults.error);
}
