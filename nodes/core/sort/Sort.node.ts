import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { isDeepEqual } from '../merge/json-merge.ts';
import { getField } from '../split-out/field-path.ts';
import { sortDescription } from './description.ts';

interface SortField {
  fieldName?: string;
  order?: 'ascending' | 'descending';
}

/** Strings compare case-insensitively, as in n8n. */
const comparable = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

/** lodash `lt`: two strings compare as strings, anything else as numbers (so missing values never sort first). */
function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  return Number(a) < Number(b);
}

function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export class Sort implements INodeType {
  description = sortDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode();
    const indexed = this.getInputData().map((item, index) => ({ item, index }));
    const type = this.getNodeParameter('type', 0, 'simple') as string;
    let ordered: typeof indexed;
    if (type === 'random') ordered = shuffled(indexed);
    else if (type === 'code')
      throw new NodeOperationError(node, 'Sort type "Code" is not supported yet', { description: 'Use "Simple" with one or more fields to sort by', parameter: 'type' });
    else if (type !== 'simple') throw new NodeOperationError(node, `Sort type must be "simple", "random" or "code", not "${type}"`, { parameter: 'type' });
    else {
      const dot = !this.getNodeParameter('options.disableDotNotation', 0, false);
      const fields = ((this.getNodeParameter('sortFieldsUi', 0, {}) as { sortField?: SortField[] }).sortField ?? []).filter((f) => f?.fieldName);
      if (!fields.length) throw new NodeOperationError(node, 'No sorting specified. Please add a field to sort by', { parameter: 'sortFieldsUi' });
      for (const { fieldName } of fields) {
        if (indexed.some(({ item }) => getField(item.json, fieldName!, dot) !== undefined)) continue;
        throw new NodeOperationError(node, `Couldn't find the field '${fieldName}' in the input data`, {
          parameter: 'sortFieldsUi',
          ...(!dot && fieldName!.includes('.')
            ? { description: "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options" }
            : {}),
        });
      }
      // Array.prototype.sort is stable, so equal items keep their input order.
      ordered = [...indexed].sort((a, b) => {
        for (const { fieldName, order } of fields) {
          const x = comparable(getField(a.item.json, fieldName!, dot));
          const y = comparable(getField(b.item.json, fieldName!, dot));
          if (isDeepEqual(x, y)) continue;
          const direction = order === 'descending' ? -1 : 1;
          return lessThan(x, y) ? -direction : direction;
        }
        return 0;
      });
    }
    return [ordered.map(({ item, index }) => ({ ...item, pairedItem: { item: index } }))];
  }
}
