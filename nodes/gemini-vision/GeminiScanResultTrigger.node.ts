import type { IBinaryData, IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import type { DurableJobFinished, DurableJobTriggerFunctions } from '../../host/engine/durable-jobs.ts';
import { NodeOperationError } from '../../host/model/errors.ts';
import type { ScanJobPayload } from './scan.ts';
import { SCAN_JOB } from './scan.ts';

/** The full type name of the node whose queued scans this trigger reports. */
export const GEMINI_VISION_TYPE = 'n8n-nodes-gigafibre.geminiVision';

const NOTICE =
  'Starts when a scan that Gemini Vision had to queue (Gemini down, slow or overloaded) is finally read — or given up on. ' +
  'Items carry the scan fields, the scanId the first run returned as {status: "queued"}, and its Reference.';

/** The item for one finished scan job. */
export function scanResultItem(event: DurableJobFinished, attachImage: boolean): INodeExecutionData {
  const payload = event.payload as Partial<ScanJobPayload>;
  const meta: IDataObject = {
    scanId: event.jobId,
    reference: payload.reference || null,
    attempts: event.attempts,
    queuedAt: event.createdAt,
    finishedAt: event.finishedAt,
    origin: { workflowId: event.workflowId, node: event.node, executionId: event.executionId ?? null },
  };
  const json: IDataObject =
    event.status === 'done' ? { ...event.result, status: 'done', ...meta } : { status: 'failed', scanId: event.jobId, error: event.error ?? 'unknown error', ...meta };
  const item: INodeExecutionData = { json };
  if (attachImage && event.data?.length) {
    const image: IBinaryData = { data: event.data.toString('base64'), mimeType: payload.mimeType ?? 'application/octet-stream', fileSize: `${event.data.length} B` };
    if (payload.fileName) image.fileName = payload.fileName;
    item.binary = { data: image };
  }
  return item;
}

export class GeminiScanResultTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Gemini Scan Result Trigger',
    name: 'geminiScanResultTrigger',
    icon: 'fa:camera',
    group: ['trigger'],
    version: 1,
    description: 'Starts the workflow with the late result of a queued Gemini Vision scan',
    eventTriggerDescription: 'Waiting for queued scans to finish',
    defaults: { name: 'Scan Result' },
    inputs: [],
    outputs: ['main'],
    codex: { categories: ['Vision'] },
    properties: [
      { displayName: NOTICE, name: 'notice', type: 'notice', default: '' },
      {
        displayName: 'From Workflows',
        name: 'fromWorkflows',
        type: 'string',
        default: '',
        placeholder: 'wf-intake-1, wf-intake-2',
        description: 'Only scans queued by these workflow IDs (comma-separated); empty takes every workflow',
      },
      { displayName: 'Include Failed Scans', name: 'includeFailed', type: 'boolean', default: true, description: 'Whether scans that ran out of attempts (or hit a permanent error) start the workflow too, with status "failed"' },
      { displayName: 'Attach Image', name: 'attachImage', type: 'boolean', default: false, description: 'Whether the photo comes along as binary property "data"' },
    ],
  };

  async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
    const ctx = this as ITriggerFunctions & DurableJobTriggerFunctions;
    if (!ctx.onDurableJobFinished) throw new NodeOperationError(this.getNode(), 'This host runs no durable job queue, so queued scans cannot be reported');
    const from = String(this.getNodeParameter('fromWorkflows', '') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const includeFailed = this.getNodeParameter('includeFailed', true) !== false;
    const attachImage = this.getNodeParameter('attachImage', false) === true;
    const unsubscribe = ctx.onDurableJobFinished((event) => {
      if (event.kind !== SCAN_JOB || event.nodeType !== GEMINI_VISION_TYPE) return;
      if (event.status === 'failed' && !includeFailed) return;
      if (from.length && !from.includes(event.workflowId)) return;
      this.emit([[scanResultItem(event, attachImage)]]);
    });
    return { closeFunction: async () => void unsubscribe() };
  }
}
