import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { fieldList, getField, setField } from '../split-out/field-path.ts';
import { aggregateDescription } from './description.ts';

interface FieldSpec {
  fieldToAggregate?: string;
  renameField?: boolean;
  outputFieldName?: string;
}

interface Options {
  groupByFields?: string | string[];
  disableDotNotation?: boolean;
  mergeLists?: boolean;
  includeBinaries?: boolean;
  keepOnlyUnique?: boolean;
  keepMissing?: boolean;
}

interface Indexed {
  item: INodeExecutionData;
  index: number;
}

interface Aggregated {
  json: IDataObject;
  pairedItem: IPairedItemData[];
}

/** True when one path is the other or lies inside it ("user" and "user.name"). */
function pathsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  return x.slice(0, Math.min(x.length, y.length)).every((k, i) => k === y[i]);
}

export class Aggregate implements INodeType {
  description = aggregateDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const all: Indexed[] = this.getInputData().map((item, index) => ({ item, index }));
    const mode = this.getNodeParameter('aggregate', 0, 'aggregateIndividualFields') as string;
    if (mode !== 'aggregateIndividualFields' && mode !== 'aggregateAllItemData')
      throw new NodeOperationError(this.getNode(), `Aggregate must be "aggregateIndividualFields" or "aggregateAllItemData", not "${mode}"`, { parameter: 'aggregate' });
    const options = this.getNodeParameter('options', 0, {}) as Options;
    const groupBy = fieldList(options.groupByFields);
    const groups = groupBy.length ? groupItems(this, all, groupBy) : [{ key: [] as unknown[], members: all }];

    const out = groups.map(({ key, members }) => {
      const json: IDataObject = {};
      groupBy.forEach((field, i) => setField(json, field, key[i]));
      const body = mode === 'aggregateAllItemData' ? allItemData(this, members, groupBy) : individualFields(this, members, options, groupBy);
      for (const [k, v] of Object.entries(body.json)) setField(json, k, v, false);
      const item: INodeExecutionData = { json, pairedItem: body.pairedItem };
      if (options.includeBinaries) addBinaries(item, members, options.keepOnlyUnique === true);
      return item;
    });
    return [out];
  }
}

/** One group per distinct combination of the group-by values, in order of first appearance. */
function groupItems(ctx: IExecuteFunctions, all: Indexed[], fields: string[]): { key: unknown[]; members: Indexed[] }[] {
  const groups = new Map<string, { key: unknown[]; members: Indexed[] }>();
  for (const entry of all) {
    const key = fields.map((field) => {
      const value = getField(entry.item.json, field);
      if (value !== null && typeof value === 'object')
        throw new NodeOperationError(ctx.getNode(), `Field "${field}" has a non-scalar value which cannot be used for grouping.`, {
          description: 'Only scalar values (string, number, boolean, null) can be used in "Group By Fields".',
          parameter: 'options.groupByFields',
        });
      return value;
    });
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? groups.set(id, { key, members: [] }).get(id)!;
    group.members.push(entry);
  }
  return [...groups.values()];
}

function individualFields(ctx: IExecuteFunctions, members: Indexed[], options: Options, groupBy: string[]): Aggregated {
  const node = ctx.getNode();
  const specs = ctx.getNodeParameter('fieldsToAggregate.fieldToAggregate', 0, []) as FieldSpec[];
  if (!Array.isArray(specs) || !specs.length)
    throw new NodeOperationError(node, 'No fields specified', { description: 'Please add a field to aggregate', parameter: 'fieldsToAggregate' });
  const dot = !options.disableDotNotation;
  const used: string[] = [];
  const json: IDataObject = {};
  for (const spec of specs) {
    const input = String(spec.fieldToAggregate ?? '');
    const outputName = spec.outputFieldName || (dot && input.includes('.') ? input.split('.').pop()! : input);
    const claimed = spec.renameField ? String(spec.outputFieldName ?? '') : groupBy.length ? outputName : input;
    if (used.includes(claimed))
      throw new NodeOperationError(node, `The '${claimed}' output field is used more than once`, {
        description: 'Please make sure each output field name is unique',
        parameter: 'fieldsToAggregate',
      });
    const clash = groupBy.find((g) => pathsOverlap(claimed, g));
    if (clash)
      throw new NodeOperationError(node, `The output field '${claimed}' conflicts with a Group By field '${clash}'`, {
        description: 'Please rename the aggregated field or choose a different Group By field',
        parameter: 'fieldsToAggregate',
      });
    used.push(claimed);
    if (input === '') continue;
    const list: unknown[] = [];
    for (const { item } of members) {
      let value = getField(item.json, input, dot);
      if (!options.keepMissing) {
        if (Array.isArray(value)) value = value.filter((e) => e !== null);
        else if (value === null || value === undefined) continue;
      }
      if (Array.isArray(value) && options.mergeLists) list.push(...value);
      else list.push(value === undefined ? null : value);
    }
    setField(json, outputName, structuredClone(list), dot);
  }
  return { json, pairedItem: members.map(({ index }) => ({ item: index })) };
}

function allItemData(ctx: IExecuteFunctions, members: Indexed[], groupBy: string[]): Aggregated {
  const destination = String(ctx.getNodeParameter('destinationFieldName', 0, 'data'));
  const clash = groupBy.find((g) => pathsOverlap(destination, g));
  if (clash)
    throw new NodeOperationError(ctx.getNode(), `The destination field '${destination}' conflicts with a Group By field '${clash}'`, {
      description: 'Please choose a different destination field name or Group By field',
      parameter: 'destinationFieldName',
    });
  const include = ctx.getNodeParameter('include', 0, 'allFields') as string;
  const exclude = include === 'allFieldsExcept' ? fieldList(ctx.getNodeParameter('fieldsToExclude', 0, '')) : [];
  const only = include === 'specifiedFields' ? fieldList(ctx.getNodeParameter('fieldsToInclude', 0, '')) : [];
  const rows: IDataObject[] = [];
  const pairedItem: IPairedItemData[] = [];
  for (const { item, index } of members) {
    const keys = Object.keys(item.json).filter((k) => !exclude.includes(k) && (!only.length || only.includes(k)));
    // With a field filter, items left with no fields are dropped, as n8n does.
    if (!keys.length && (exclude.length || only.length)) continue;
    const row: IDataObject = {};
    for (const k of keys) setField(row, k, structuredClone(item.json[k]), false);
    rows.push(row);
    pairedItem.push({ item: index });
  }
  const json: IDataObject = {};
  setField(json, destination, rows, false);
  return { json, pairedItem };
}

/** Copies every member's binaries onto the item; a taken key gets a numeric suffix (data, data_1, ...). */
function addBinaries(target: INodeExecutionData, members: Indexed[], uniqueOnly: boolean): void {
  const seen: IBinaryData[] = [];
  const same = (a: IBinaryData, b: IBinaryData) =>
    a.mimeType === b.mimeType && a.fileType === b.fileType && a.fileSize === b.fileSize && a.fileExtension === b.fileExtension;
  for (const { item } of members) {
    for (const [key, binary] of Object.entries(item.binary ?? {})) {
      if (uniqueOnly) {
        if (seen.some((s) => same(s, binary))) continue;
        seen.push(binary);
      }
      target.binary ??= {};
      let name = key;
      for (let n = 1; target.binary[name] !== undefined; n++) name = `${key}_${n}`;
      target.binary[name] = binary;
    }
  }
}
