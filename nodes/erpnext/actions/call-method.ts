import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { erpNextRequest, methodPath } from '../transport.ts';
import { asItems, jsonParameter, requiredString, show } from './common.ts';
import type { ErpNextAction } from './common.ts';

const inMode = (mode: string) => ({ show: { operation: ['callMethod'], argumentsMode: [mode] } });

function argumentsFor(ctx: IExecuteFunctions, i: number): IDataObject {
  if (ctx.getNodeParameter('argumentsMode', i, 'fields') === 'json') {
    const value = jsonParameter(ctx, 'argumentsJson', i, 'Arguments (JSON)') ?? {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new NodeOperationError(ctx.getNode().name, 'The "Arguments (JSON)" value must be a JSON object of argument names and values', { parameter: 'argumentsJson', itemIndex: i });
    return value as IDataObject;
  }
  const rows = (ctx.getNodeParameter('arguments', i, {}) as { values?: { name?: string; value?: unknown }[] }).values ?? [];
  return Object.fromEntries(rows.filter((r) => String(r.name ?? '').trim()).map((r) => [String(r.name).trim(), r.value])) as IDataObject;
}

/** GET or POST /api/method/{dotted.path}: any @frappe.whitelist() function; its `message` is the output. */
export const callMethod: ErpNextAction = {
  operation: { name: 'Call Method', value: 'callMethod', action: 'Call a whitelisted method', description: 'Run a whitelisted server method (/api/method/...)' },
  properties: [
    {
      displayName: 'Method',
      name: 'methodName',
      type: 'string',
      required: true,
      default: '',
      placeholder: 'frappe.client.get_value',
      displayOptions: show('callMethod'),
      description: 'Dotted path of the whitelisted function',
    },
    {
      displayName: 'HTTP Method',
      name: 'requestMethod',
      type: 'options',
      options: [
        { name: 'GET', value: 'GET', description: 'Arguments in the query string' },
        { name: 'POST', value: 'POST', description: 'Arguments as a JSON body' },
      ],
      default: 'POST',
      displayOptions: show('callMethod'),
    },
    {
      displayName: 'Specify Arguments',
      name: 'argumentsMode',
      type: 'options',
      options: [
        { name: 'Name/Value Rows', value: 'fields' },
        { name: 'JSON', value: 'json' },
      ],
      default: 'fields',
      displayOptions: show('callMethod'),
    },
    {
      displayName: 'Arguments',
      name: 'arguments',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Argument',
      default: {},
      displayOptions: inMode('fields'),
      options: [
        {
          name: 'values',
          displayName: 'Argument',
          values: [
            { displayName: 'Name', name: 'name', type: 'string', default: '' },
            { displayName: 'Value', name: 'value', type: 'string', default: '' },
          ],
        },
      ],
    },
    { displayName: 'Arguments (JSON)', name: 'argumentsJson', type: 'json', default: '{}', displayOptions: inMode('json') },
  ],
  async run(ctx, i) {
    const methodName = requiredString(ctx, 'methodName', i, 'Method').replace(/^\/?api\/method\//, '');
    const verb = ctx.getNodeParameter('requestMethod', i, 'POST') === 'GET' ? 'GET' : 'POST';
    const args = argumentsFor(ctx, i);
    const qs =
      verb === 'GET'
        ? Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : (v as string | number)]))
        : undefined;
    const body = await erpNextRequest<{ message?: unknown }>(ctx, {
      method: verb,
      path: methodPath(methodName),
      qs: qs as Record<string, string | number> | undefined,
      body: verb === 'POST' ? args : undefined,
      subject: { methodName, permission: 'call' },
    });
    return asItems(body?.message);
  },
};
