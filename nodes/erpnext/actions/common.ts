// What the operations share: the action shape, display rules, the doctype / name parameters and
// reading a JSON parameter with an error that names it.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';

/** One operation: its entry in the Operation list, its own parameters, and what it does for item i. */
export interface ErpNextAction {
  operation: INodePropertyOptions;
  properties: INodeProperties[];
  run(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]>;
}

export const show = (...operations: string[]): INodeProperties['displayOptions'] => ({ show: { operation: operations } });

/** Operations that work on one doctype (all but Call Method). */
export const DOCTYPE_OPERATIONS = ['get', 'getAll', 'count', 'create', 'update', 'delete', 'submit', 'cancel', 'getDocTypeFields'];
/** Operations on one existing document. */
export const NAME_OPERATIONS = ['get', 'update', 'delete', 'submit', 'cancel'];

export const doctypeProperty: INodeProperties = {
  displayName: 'DocType Name or ID',
  name: 'doctype',
  type: 'options',
  typeOptions: { loadOptionsMethod: 'getDocTypes' },
  required: true,
  default: '',
  displayOptions: show(...DOCTYPE_OPERATIONS),
  description: 'The doctype, e.g. Issue or Service Equipment. Choose from the list, or specify one using an expression.',
};

export const nameProperty: INodeProperties = {
  displayName: 'Document Name',
  name: 'name',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'ISS-2026-00042',
  displayOptions: show(...NAME_OPERATIONS),
  description: 'The document\'s name (its ID, e.g. "ISS-2026-00042"), not its title',
};

/** A required, non-empty string parameter, trimmed. */
export function requiredString(ctx: IExecuteFunctions, name: string, i: number, label: string): string {
  const value = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
  if (!value) throw new NodeOperationError(ctx.getNode().name, `"${label}" is empty`, { parameter: name, itemIndex: i, description: `Set "${label}" (for item ${i}).` });
  return value;
}

/** A JSON parameter as a value: objects from expressions pass through, text is parsed. */
export function jsonParameter(ctx: IExecuteFunctions, name: string, i: number, label: string): unknown {
  const value = ctx.getNodeParameter(name, i, '');
  if (typeof value !== 'string') return value;
  if (!value.trim()) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new NodeOperationError(ctx.getNode().name, `The "${label}" value is not valid JSON`, { parameter: name, itemIndex: i, description: (err as Error).message });
  }
}

/** Frappe's `{data: ...}` envelope. */
export const dataOf = <T>(body: unknown): T => (body as { data: T })?.data;

/** A result value as output items: objects as they are, lists one item per element, scalars wrapped. */
export function asItems(value: unknown, key = 'message'): IDataObject[] {
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : { value: v as IDataObject[keyof IDataObject] }));
  if (value && typeof value === 'object') return [value as IDataObject];
  return [{ [key]: (value ?? null) as IDataObject[keyof IDataObject] }];
}
