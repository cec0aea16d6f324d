import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import type { DurableJobHandler } from '../../host/engine/durable-jobs.ts';
import { forEachItemOperation } from '../../host/engine/per-item.ts';
import { geminiVisionDescription, operationFor } from './description.ts';
import { runScanJob } from './jobs.ts';
import { SCAN_JOB } from './scan.ts';

/** Gemini Vision: one operation per input item, in order; each output item is paired with its input. */
export class GeminiVision implements INodeType {
  description = geminiVisionDescription;

  /** Queued scans run here again (Gigaflow durable jobs, docs/node-api.md). */
  durableJobs: Record<string, DurableJobHandler> = { [SCAN_JOB]: runScanJob };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await forEachItemOperation(this, operationFor)];
  }
}
