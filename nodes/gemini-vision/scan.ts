// Scan Label / QR: a QR code on the label is decoded locally first (no upload, no cost); only a
// label without a readable code, or whose code names no serial or MAC (a Wi-Fi or web link code),
// goes to Gemini. When Gemini cannot be reached, times out or stays
// overloaded, the photo is put in the host's durable job queue and the item says so: the result
// arrives later through the Gemini Scan Result trigger (jobs.ts), so no photo is lost.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { DurableJobFunctions } from '../../host/engine/durable-jobs.ts';
import { NodeOperationError } from '../../host/model/errors.ts';
import { describeFailure, GeminiError } from './client.ts';
import { geminiNodeError } from './errors.ts';
import { readImage } from './image.ts';
import { SCAN_PROMPT, SCAN_SCHEMA, scanResult } from './label.ts';
import type { SerialRule } from './label.ts';
import { decodeQr, fieldsFromQr } from './qr.ts';
import { geminiCredentials, requestOptionProperties, requestOptions, sendLogged, show } from './shared.ts';
import type { VisionOperation } from './shared.ts';

export const SCAN_JOB = 'gemini-scan';

/** What a queued scan keeps (with the image bytes as the job's data) to be run again later. */
export interface ScanJobPayload extends IDataObject {
  model: string;
  mimeType: string;
  prompt: string;
  timeoutMs: number;
  temperature: number;
  serialFormat: SerialRule['format'];
  serialPattern: string;
  reference: string;
  fileName: string;
  /** A QR code decoded locally that named no serial or MAC; its exact text beats the model's reading. */
  qrContent: string;
}

const scanOptions = {
  displayName: 'Options',
  name: 'options',
  type: 'collection' as const,
  placeholder: 'Add option',
  default: {},
  displayOptions: show('scanLabel'),
  options: [
    ...requestOptionProperties,
    { displayName: 'Try Local QR Decode First', name: 'localQr', type: 'boolean' as const, default: true, description: 'Whether a QR code on the label is decoded here first; Gemini is only asked when none is found' },
    { displayName: 'Extra Instructions', name: 'instructions', type: 'string' as const, typeOptions: { rows: 2 }, default: '', description: 'Added to the prompt, e.g. "The serial starts with ZTEG"' },
    {
      displayName: 'Serial Format',
      name: 'serialFormat',
      type: 'options' as const,
      options: [
        { name: 'Any Serial (4–32 Letters and Digits)', value: 'any' },
        { name: 'GPON ONT Serial (4 Letters + 8 Hex)', value: 'gpon' },
        { name: 'Regular Expression', value: 'pattern' },
      ],
      default: 'any',
      description: 'A serial that does not fit is returned as null and listed in "problems"',
    },
    { displayName: 'Serial Pattern', name: 'serialPattern', type: 'string' as const, default: '', placeholder: '^2102\\d{16}$', description: 'For Serial Format "Regular Expression"' },
    { displayName: 'Reference', name: 'reference', type: 'string' as const, default: '', placeholder: '={{ $json.body.job }}', description: 'Kept with a queued scan and returned with its late result, e.g. the work order' },
    { displayName: 'Queue When Gemini Is Unavailable', name: 'queue', type: 'boolean' as const, default: true, description: 'Whether a timeout, an unreachable API or a lasting 429/5xx puts the photo in the retry queue (output status "queued") instead of failing' },
    { displayName: 'Queue Retry Delay (s)', name: 'queueRetryDelay', type: 'number' as const, typeOptions: { minValue: 0, numberPrecision: 1 }, default: 30, description: 'First retry of a queued scan; doubles per attempt up to 30 minutes' },
    { displayName: 'Queue Max Attempts', name: 'queueMaxAttempts', type: 'number' as const, typeOptions: { minValue: 1 }, default: 20, description: 'After this many attempts a queued scan fails (the trigger reports it)' },
  ],
};

function serialRule(ctx: IExecuteFunctions, raw: IDataObject, i: number): SerialRule {
  const format = (['any', 'gpon', 'pattern'].includes(String(raw.serialFormat)) ? raw.serialFormat : 'any') as SerialRule['format'];
  const pattern = String(raw.serialPattern ?? '');
  if (format === 'pattern') {
    try {
      new RegExp(pattern);
    } catch (err) {
      throw new NodeOperationError(ctx.getNode().name, `"Serial Pattern" is not a valid regular expression: ${(err as Error).message}`, { parameter: 'options.serialPattern', itemIndex: i });
    }
    if (!pattern) throw new NodeOperationError(ctx.getNode().name, '"Serial Pattern" is empty', { parameter: 'options.serialPattern', itemIndex: i, description: 'Set a pattern, or choose another Serial Format.' });
  }
  return { format, pattern };
}

export const scanLabel: VisionOperation = {
  operation: { name: 'Scan Label / QR', value: 'scanLabel', action: 'Scan a device label or QR code', description: 'Read serial, MAC and model from a photo of a device label' },
  properties: [scanOptions],
  async run(ctx, i) {
    const image = readImage(ctx, i);
    const opts = requestOptions(ctx, i);
    const rule = serialRule(ctx, opts.raw, i);
    const reference = String(opts.raw.reference ?? '');
    const withReference = (result: IDataObject) => (reference ? { ...result, reference } : result);

    const qrContent = opts.raw.localQr === false ? undefined : decodeQr(image);
    if (qrContent !== undefined) {
      const local = scanResult('local-qr', { ...fieldsFromQr(qrContent), qrContent }, rule);
      if (local.serialNumber || local.macAddress) return [withReference(local)];
    }
    const withQr = (answer: IDataObject) => (qrContent !== undefined ? { ...answer, qrContent } : answer);

    const instructions = String(opts.raw.instructions ?? '').trim();
    const prompt = instructions ? `${SCAN_PROMPT}\n${instructions}` : SCAN_PROMPT;
    const cred = await geminiCredentials(ctx);
    const signal = ctx.getExecutionCancelSignal?.();
    try {
      const answer = await sendLogged(ctx, cred, { model: opts.model, image, prompt, schema: SCAN_SCHEMA, temperature: opts.temperature, timeoutMs: opts.timeoutMs, signal }, opts);
      return [withReference({ ...scanResult('gemini', withQr(answer.json as IDataObject), rule), modelVersion: answer.modelVersion ?? opts.model, usage: answer.usage ?? null })];
    } catch (err) {
      const enqueue = (ctx as IExecuteFunctions & DurableJobFunctions).enqueueDurableJob;
      if (!(err instanceof GeminiError) || !err.transient || opts.raw.queue === false || !enqueue) throw geminiNodeError(ctx.getNode().name, err, opts.model);
      const payload: ScanJobPayload = {
        model: opts.model,
        mimeType: image.mimeType,
        prompt,
        timeoutMs: opts.timeoutMs,
        temperature: opts.temperature ?? 0,
        serialFormat: rule.format,
        serialPattern: rule.pattern ?? '',
        reference,
        fileName: image.fileName ?? '',
        qrContent: qrContent ?? '',
      };
      const delaySec = Number(opts.raw.queueRetryDelay ?? 30);
      const retryDelayMs = Math.max(0, Number.isFinite(delaySec) ? delaySec * 1000 : 30_000);
      const { jobId, nextAttemptAt } = await enqueue({
        kind: SCAN_JOB,
        payload,
        data: image.bytes,
        retryDelayMs,
        maxAttempts: Math.max(1, Math.floor(Number(opts.raw.queueMaxAttempts ?? 20)) || 20),
        delayMs: err.retryAfterMs ?? retryDelayMs,
      });
      ctx.logger.warn(`Gemini ${describeFailure(err)}: scan queued as ${jobId}`, { error: err.message });
      return [withReference({ status: 'queued', scanId: jobId, reason: err.message, retryAt: nextAttemptAt })];
    }
  },
};
