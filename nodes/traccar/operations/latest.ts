// Latest positions of many devices. Traccar's GET /api/positions takes ONE deviceId per request,
// so the node asks device after device, `concurrency` at a time (mapConcurrentSettled).
// One device failing does not fail the dispatch of the others: it becomes an item with `error`
// in its place. The run fails only when every device failed, or at once on a 401 (the login is
// wrong for every device: no point sending the remaining requests).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { errorItemJson, mapConcurrentSettled, NodeApiError } from '../../../host/kit/index.ts';
import type { TraccarApi } from '../client.ts';
import { noPosition, technicianPosition } from '../positions.ts';
import type { PositionOptions, TraccarDevice } from '../positions.ts';

/** One device to poll: its id, or why the id given for it is not one. */
export type DeviceRef = { deviceId: number } | { invalid: Error; given: unknown };

export type LatestResult = { ok: true; json: IDataObject } | { ok: false; error: Error; json: IDataObject };

export interface LatestOptions extends PositionOptions {
  concurrency: number;
  includeDeviceInfo: boolean;
}

const isAuthError = (err: Error) => err instanceof NodeApiError && err.httpCode === '401';

/** The cancel signal of the execution (when the host gives one), plus our own abort on a 401. */
function abortOn401(ctx: IExecuteFunctions): AbortController {
  const controller = new AbortController();
  const execution = ctx.getExecutionCancelSignal?.();
  if (execution) {
    if (execution.aborted) controller.abort(execution.reason);
    else execution.addEventListener('abort', () => controller.abort(execution.reason), { once: true });
  }
  return controller;
}

/** Device details for all of them in one request (GET /api/devices?id=1&id=2...). */
async function devicesById(api: TraccarApi, ids: number[]): Promise<Map<number, TraccarDevice>> {
  if (ids.length === 0) return new Map();
  const devices = await api.devices({ id: [...new Set(ids)] });
  return new Map(devices.map((d) => [d.id, d]));
}

/** Polls every device; results in the order of `refs`. Throws only when all failed (first error) or on a 401. */
export async function latestPositions(ctx: IExecuteFunctions, api: TraccarApi, refs: DeviceRef[], o: LatestOptions): Promise<LatestResult[]> {
  const ids = refs.flatMap((r) => ('deviceId' in r ? [r.deviceId] : []));
  const devices = o.includeDeviceInfo ? await devicesById(api, ids) : new Map<number, TraccarDevice>();
  const controller = abortOn401(ctx);

  const settled = await mapConcurrentSettled(
    refs,
    o.concurrency,
    async (ref) => {
      if (!('deviceId' in ref)) throw ref.invalid;
      try {
        const [latest] = await api.latestPosition(ref.deviceId);
        const device = devices.get(ref.deviceId);
        return latest ? technicianPosition(latest, device, o) : noPosition(ref.deviceId, device, o);
      } catch (err) {
        if (err instanceof Error && isAuthError(err)) controller.abort(err);
        throw err;
      }
    },
    controller.signal,
  );

  const results: LatestResult[] = settled.map((s, index) => {
    if (s.ok) return { ok: true, json: s.value };
    const ref = refs[index]!;
    const deviceId = 'deviceId' in ref ? ref.deviceId : ref.given;
    const device = 'deviceId' in ref ? devices.get(ref.deviceId) : undefined;
    return { ok: false, error: s.error, json: { deviceId: deviceId as IDataObject[string], name: device?.name ?? null, uniqueId: device?.uniqueId ?? null, error: errorItemJson(s.error) } };
  });
  const authError = results.find((r): r is Extract<LatestResult, { ok: false }> => !r.ok && isAuthError(r.error));
  if (authError) throw authError.error;
  if (controller.signal.aborted) throw controller.signal.reason instanceof Error ? controller.signal.reason : new Error('Canceled');
  const firstFailure = results.find((r): r is Extract<LatestResult, { ok: false }> => !r.ok);
  if (firstFailure && results.every((r) => !r.ok)) throw firstFailure.error;
  return results;
}
