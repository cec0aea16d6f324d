// The queued scan, run again by the host's durable job queue (host/runtime/retry-queue.ts): one
// Gemini call per attempt; a transient failure asks the queue to retry (with Google's RetryInfo
// when it gave one), a permanent one ends the job as failed. The Scan Result trigger hears both.
import type { IDataObject } from 'n8n-workflow';
import { RetryJobError } from '../../host/engine/durable-jobs.ts';
import type { DurableJobContext } from '../../host/engine/durable-jobs.ts';
import { CREDENTIAL_TYPE, describeFailure, GeminiError, generate, parseCredentials } from './client.ts';
import { geminiNodeError } from './errors.ts';
import { SCAN_SCHEMA, scanResult } from './label.ts';
import type { ScanJobPayload } from './scan.ts';

export async function runScanJob(ctx: DurableJobContext): Promise<IDataObject> {
  const { job } = ctx;
  const p = job.payload as ScanJobPayload;
  if (!job.data?.length) throw new Error(`Queued scan ${job.id} has no image`);
  const cred = parseCredentials(await ctx.getCredentials<IDataObject>(CREDENTIAL_TYPE));
  try {
    const answer = await generate(cred, {
      model: p.model,
      image: { bytes: job.data, mimeType: p.mimeType },
      prompt: p.prompt,
      schema: SCAN_SCHEMA,
      temperature: p.temperature,
      timeoutMs: p.timeoutMs,
      signal: ctx.signal,
    });
    const read = p.qrContent ? { ...(answer.json as IDataObject), qrContent: p.qrContent } : (answer.json as IDataObject);
    const result = scanResult('gemini', read, { format: p.serialFormat, pattern: p.serialPattern });
    return { ...result, scanId: job.id, modelVersion: answer.modelVersion ?? p.model, usage: answer.usage ?? null, ...(p.reference ? { reference: p.reference } : {}) };
  } catch (err) {
    if (err instanceof GeminiError && err.transient) {
      ctx.logger.info(`queued scan: Gemini ${describeFailure(err)} on attempt ${job.attempt}`, { error: err.message });
      throw new RetryJobError(err.message, { retryAfterMs: err.retryAfterMs, cause: err });
    }
    const nodeError = geminiNodeError(job.node, err, p.model) as Error;
    throw new Error(nodeError.message, { cause: err });
  }
}
