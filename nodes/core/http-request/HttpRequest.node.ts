import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { errorItemJson } from '../../../host/engine/per-item.ts';
import { httpRequestDescription } from './description.ts';
import { prepareRequest } from './request.ts';
import type { HttpOptions } from './request.ts';
import { responseItems } from './response.ts';
import type { RawResponse } from './response.ts';

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

async function requestFor(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): Promise<INodeExecutionData[]> {
  const prepared = await prepareRequest(ctx, item, i);
  const res = (await ctx.helpers.httpRequest(prepared.options)) as RawResponse;
  return responseItems(ctx, prepared, res, item, i);
}

/** n8n's HTTP Request v4.x: one request per item, sent concurrently (or in timed batches). */
export class HttpRequest implements INodeType {
  description = httpRequestDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const batch = (this.getNodeParameter('options', 0, {}) as HttpOptions).batching?.batch;
    const size = batch ? (Number(batch.batchSize ?? 50) === -1 ? items.length : Math.max(1, Number(batch.batchSize ?? 50) || 1)) : items.length;
    const interval = batch ? Math.max(0, Number(batch.batchInterval ?? 1000) || 0) : 0;
    const signal = this.getExecutionCancelSignal?.();

    const settled: PromiseSettledResult<INodeExecutionData[]>[] = [];
    for (let start = 0; start < items.length; start += size) {
      if (start > 0 && interval > 0) await wait(interval, signal);
      const end = Math.min(items.length, start + size);
      const run = [];
      for (let i = start; i < end; i++) run.push(requestFor(this, items[i], i));
      settled.push(...(await Promise.allSettled(run)));
    }

    const out: INodeExecutionData[] = [];
    settled.forEach((result, i) => {
      if (result.status === 'fulfilled') out.push(...result.value);
      else if (this.continueOnFail()) out.push({ json: { error: errorItemJson(result.reason) }, pairedItem: { item: i } });
      else throw result.reason;
    });
    return [out];
  }
}
