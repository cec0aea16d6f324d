// A subscriber-check flow as an ops lead builds it, run by the real engine: Manual Trigger →
// "Subscriber" (Set: which device and ONU) → "GenieACS" and "OLT" (Code nodes standing in for the
// source nodes, so these tests do not depend on them) → Merge (append) → Device Diagnostic.
import { readFileSync } from 'node:fs';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { INode } from '../../../../host/model/index.ts';
import { run, set, trigger, workflow } from '../../../helpers/engine.ts';
import { validate } from '../../../helpers/json-schema.ts';

export const DIAGNOSTIC_TYPE = 'n8n-nodes-gigafibre.deviceDiagnostic';
export const schema = JSON.parse(readFileSync(new URL('../../../../nodes/diagnostics/diagnostic.schema.json', import.meta.url), 'utf8'));

export const SUBSCRIBER = { deviceId: '105A95-XX230v-22354X1000457', olt: '10.20.0.2', ponPort: '0/1/0', onuId: 3 };

/** A Code node (run once for all items) returning `items`, or throwing `throws`. */
export function source(name: string, opts: { items?: unknown[]; throws?: string; node?: Partial<INode> }, y: number) {
  const jsCode = opts.throws ? `throw new Error(${JSON.stringify(opts.throws)});` : `return ${JSON.stringify(opts.items ?? [])};`;
  return { name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, y] as [number, number], parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode }, ...opts.node };
}

export interface FlowOptions {
  genieacs: Parameters<typeof source>[1];
  olt: Parameters<typeof source>[1];
  /** Wire the OLT node's error output (continueErrorOutput) to the Merge instead of its main output. */
  oltErrorOutput?: boolean;
  diagnostic?: INodeParameters;
}

export async function runFlow(o: FlowOptions) {
  const wf = workflow(
    [
      trigger,
      set('Subscriber', SUBSCRIBER),
      source('GenieACS', o.genieacs, -100),
      source('OLT', o.olt, 100),
      { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3, parameters: { mode: 'append' }, position: [600, 0] },
      { name: 'Device Diagnostic', type: DIAGNOSTIC_TYPE, parameters: o.diagnostic ?? {}, position: [800, 0] },
    ],
    [
      ['Start', 'Subscriber'],
      ['Subscriber', 'GenieACS'],
      ['Subscriber', 'OLT'],
      ['GenieACS', 'Merge', 0, 0],
      ['OLT', 'Merge', o.oltErrorOutput ? 1 : 0, 1],
      ['Merge', 'Device Diagnostic'],
    ],
  );
  const result = await run(wf);
  const task = result.runData['Device Diagnostic']?.[0];
  const out = (task?.data?.main[0] ?? []) as INodeExecutionData[];
  const merged = (result.runData.Merge?.[0]?.data?.main[0] ?? []) as INodeExecutionData[];
  const json = out[0]?.json as IDataObject & { warnings: { code: string; message: string; source?: string }[] };
  return { result, task, out, merged, json, schemaErrors: out[0] ? validate(schema, JSON.parse(JSON.stringify(out[0].json))) : ['no output'] };
}
