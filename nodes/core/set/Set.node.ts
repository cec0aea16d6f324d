import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { convertValue, setField } from './assignments.ts';
import type { Assignment } from './assignments.ts';
import { setDescription } from './description.ts';

type Include = 'all' | 'selected' | 'except';

function fieldList(value: unknown): string[] {
  return String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The input fields kept when includeOtherFields is on. */
function baseFields(ctx: IExecuteFunctions, i: number, json: IDataObject): IDataObject {
  if (!ctx.getNodeParameter('includeOtherFields', i, false)) return {};
  const include = ctx.getNodeParameter('include', i, 'all') as Include;
  const copy = structuredClone(json);
  if (include === 'selected') {
    const keep = fieldList(ctx.getNodeParameter('includeFields', i, ''));
    return Object.fromEntries(Object.entries(copy).filter(([k]) => keep.includes(k)));
  }
  if (include === 'except') for (const f of fieldList(ctx.getNodeParameter('excludeFields', i, ''))) delete copy[f];
  return copy;
}

function jsonOutput(ctx: IExecuteFunctions, i: number): IDataObject {
  const raw = ctx.getNodeParameter('jsonOutput', i);
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new NodeOperationError(ctx.getNode(), `JSON Output is not valid JSON: ${(err as Error).message}`, { itemIndex: i, parameter: 'jsonOutput' });
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new NodeOperationError(ctx.getNode(), 'JSON Output must be an object', { itemIndex: i, parameter: 'jsonOutput' });
  return value as IDataObject;
}

export class Set implements INodeType {
  description = setDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const options = this.getNodeParameter('options', i, {}) as { dotNotation?: boolean; ignoreConversionErrors?: boolean; includeBinary?: boolean };
        const json = baseFields(this, i, items[i].json);
        if (this.getNodeParameter('mode', i, 'manual') === 'raw') {
          Object.assign(json, jsonOutput(this, i));
        } else {
          const { assignments = [] } = this.getNodeParameter('assignments', i, {}) as { assignments?: Assignment[] };
          for (const a of assignments) {
            if (!a?.name) continue;
            let value = a.value;
            try {
              value = convertValue(a.value, a.type ?? 'string', a.name);
            } catch (err) {
              if (!options.ignoreConversionErrors) throw new NodeOperationError(this.getNode(), (err as Error).message, { itemIndex: i, parameter: 'assignments' });
            }
            setField(json, a.name, value, options.dotNotation !== false);
          }
        }
        const item: INodeExecutionData = { json, pairedItem: { item: i } };
        if (options.includeBinary !== false && items[i].binary) item.binary = items[i].binary;
        out.push(item);
        if (this.getNodeParameter('duplicateItem', i, false)) {
          const count = this.getNodeParameter('duplicateCount', i, 0) as number;
          for (let d = 0; d < count; d++) out.push(structuredClone(item));
        }
      } catch (err) {
        if (this.continueOnFail()) {
          out.push({ json: { error: (err as Error).message }, pairedItem: { item: i } });
          continue;
        }
        throw err;
      }
    }
    return [out];
  }
}
