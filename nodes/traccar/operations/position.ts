// Position → Get Latest (device IDs from a parameter, or one per input item) and Get History.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { errorItemJson, NodeOperationError, params } from '../../../host/kit/index.ts';
import type { OperationHandler, ParamReader } from '../../../host/kit/index.ts';
import { traccarApi } from '../client.ts';
import { MAX_CONCURRENCY } from '../description.ts';
import { technicianPosition } from '../positions.ts';
import type { TraccarDevice } from '../positions.ts';
import { latestPositions } from './latest.ts';
import type { DeviceRef, LatestOptions } from './latest.ts';

/** A Traccar device ID: a whole number above 0 (Traccar treats deviceId=0 as "no device"). */
export function toDeviceId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function positionOptions(p: ParamReader): Omit<LatestOptions, 'concurrency'> {
  return {
    convertSpeedToKmh: p.boolean('options.convertSpeedToKmh', { default: true }),
    staleAfterMinutes: p.number('options.staleAfterMinutes', { default: 15, min: 0 }),
    includeDeviceInfo: p.boolean('options.includeDeviceInfo', { default: true }),
    now: Date.now(),
  };
}

const concurrencyOf = (p: ParamReader) => p.number('concurrency', { default: 5, integer: true, min: 1, max: MAX_CONCURRENCY });

/** Get Latest with a list of device IDs: every device's position, as items of this input item. */
export const getLatestFromList: OperationHandler = async (ctx, itemIndex, p) => {
  const refs: DeviceRef[] = p.list('deviceIds', { required: true }).map((given) => {
    const deviceId = toDeviceId(given);
    if (deviceId === undefined)
      throw new NodeOperationError(ctx.getNode(), `Parameter "deviceIds" has ${JSON.stringify(given)}, which is not a Traccar device ID (a whole number above 0)`, { parameter: 'deviceIds', itemIndex });
    return { deviceId };
  });
  const o = { ...positionOptions(p), concurrency: concurrencyOf(p) };
  const results = await latestPositions(ctx, traccarApi(ctx, itemIndex), refs, o);
  return results.map((r) => r.json);
};

/** Reads a possibly dotted field ("tech.deviceId") of an item. */
function fieldOf(json: IDataObject, path: string): unknown {
  let v: unknown = json;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as IDataObject)[key] : undefined;
  return v;
}

/**
 * Get Latest with one device per input item: all items' devices are polled together (so the
 * concurrency limit spans the whole input), each position paired with its item. Settings are
 * read from the first item. An item without a valid ID becomes that item's error, like a failed device.
 */
export async function getLatestForInputItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
  const items = ctx.getInputData();
  if (items.length === 0) return [];
  const p = params(ctx, 0);
  const field = p.string('deviceIdField', { required: true, trim: true });
  const refs: DeviceRef[] = items.map((item, i) => {
    const given = fieldOf(item.json, field);
    const deviceId = toDeviceId(given);
    if (deviceId !== undefined) return { deviceId };
    const problem = given === undefined ? `has no "${field}" field` : `has ${JSON.stringify(given)} in "${field}", which is not a Traccar device ID`;
    return { given: given ?? null, invalid: new NodeOperationError(ctx.getNode(), `Input item ${i} ${problem} (parameter "deviceIdField")`, { parameter: 'deviceIdField', itemIndex: i }) };
  });
  const o = { ...positionOptions(p), concurrency: concurrencyOf(p) };
  try {
    const results = await latestPositions(ctx, traccarApi(ctx), refs, o);
    return results.map((r, i) => ({ json: r.json, pairedItem: { item: i } }));
  } catch (err) {
    if (!ctx.continueOnFail()) throw err;
    return items.map((_, i) => ({ json: { error: errorItemJson(err) }, pairedItem: { item: i } }));
  }
}

/** Get History: one device's positions between two dates, one item per position, oldest first. */
export const getHistory: OperationHandler = async (ctx, itemIndex, p) => {
  const deviceId = toDeviceId(p.number('deviceId', { integer: true, min: 1 }))!;
  const from = p.dateTime('from', { required: true })!;
  const to = p.dateTime('to', { required: true })!;
  if (Date.parse(from) >= Date.parse(to))
    throw new NodeOperationError(ctx.getNode(), `Parameter "to" (${to}) must be after "from" (${from})`, { parameter: 'to', itemIndex });
  const o = positionOptions(p);
  const api = traccarApi(ctx, itemIndex);
  let device: TraccarDevice | undefined;
  if (o.includeDeviceInfo) [device] = await api.devices({ id: [deviceId] });
  const positions = await api.history(deviceId, from, to);
  return positions.map((position): IDataObject => technicianPosition(position, device, o));
};
