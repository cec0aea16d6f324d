import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { splitOutDescription } from './description.ts';
import { fieldList, getField, setField, unsetField } from './field-path.ts';

type Include = 'noOtherFields' | 'allOtherFields' | 'selectedOtherFields';
const INCLUDES: Include[] = ['noOtherFields', 'allOtherFields', 'selectedOtherFields'];

interface Options {
  disableDotNotation?: boolean;
  destinationFieldName?: string;
  includeBinary?: boolean;
}

/** What gets split: a list as is, an object's values, a single value as a list of one, nothing when missing. */
function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object') return [value];
  return Array.isArray(value) ? value : Object.values(value);
}

const isPlainObject = (v: unknown): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export class SplitOut implements INodeType {
  description = splitOutDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        out.push(...splitItem(this, items[i], i));
      } catch (err) {
        if (!this.continueOnFail()) throw err;
        out.push({ json: { error: (err as Error).message }, pairedItem: { item: i } });
      }
    }
    return [out];
  }
}

function splitItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): INodeExecutionData[] {
  const node = ctx.getNode();
  const fields = fieldList(ctx.getNodeParameter('fieldToSplitOut', i)).map((f) => f.replace(/^\$json\./, ''));
  if (!fields.length) throw new NodeOperationError(node, 'No field to split out was given', { parameter: 'fieldToSplitOut', itemIndex: i });
  const options = ctx.getNodeParameter('options', i, {}) as Options;
  const dot = !options.disableDotNotation;
  const destinations = fieldList(options.destinationFieldName);
  if (destinations.length && destinations.length !== fields.length)
    throw new NodeOperationError(node, 'If multiple fields to split out are given, the same number of destination fields must be given', {
      parameter: 'options.destinationFieldName',
      itemIndex: i,
    });
  const include = ctx.getNodeParameter('include', i, 'noOtherFields') as Include;
  if (!INCLUDES.includes(include))
    throw new NodeOperationError(node, `Include must be one of ${INCLUDES.join(', ')}, not "${String(include)}"`, { parameter: 'include', itemIndex: i });

  const source = item.json;
  const rows: INodeExecutionData[] = [];
  const row = (index: number) => (rows[index] ??= { json: {}, pairedItem: { item: i } });
  fields.forEach((field, f) => {
    if (field === '$binary') {
      Object.entries(item.binary ?? {}).forEach(([key, data], index) => {
        const r = row(index);
        r.binary = { ...(r.binary ?? {}), [key]: data } as IBinaryKeyData;
      });
      return;
    }
    const destination = destinations[f] ?? '';
    asList(getField(source, field, dot)).forEach((element, index) => {
      const value = structuredClone(element);
      const r = row(index);
      // A lone object split without a destination becomes the new item itself, as in n8n.
      if (isPlainObject(value) && include === 'noOtherFields' && !destination && fields.length === 1)
        for (const [k, v] of Object.entries(value)) setField(r.json, k, v, false);
      else setField(r.json, destination || field, value, dot);
    });
  });

  return rows.map((r) => {
    let json = r.json;
    if (include === 'allOtherFields') {
      const rest = structuredClone(source);
      for (const field of fields) unsetField(rest, field, dot);
      json = { ...rest, ...json };
    } else if (include === 'selectedOtherFields') {
      const keep = fieldList(ctx.getNodeParameter('fieldsToInclude', i, ''));
      if (!keep.length)
        throw new NodeOperationError(node, 'No fields specified', { description: 'Please add a field to include', parameter: 'fieldsToInclude', itemIndex: i });
      for (const name of keep) setField(json, name, structuredClone(getField(source, name, dot)), false);
    }
    const result: INodeExecutionData = { json, pairedItem: r.pairedItem };
    if (r.binary) result.binary = r.binary;
    else if (options.includeBinary && item.binary) result.binary = item.binary;
    return result;
  });
}
