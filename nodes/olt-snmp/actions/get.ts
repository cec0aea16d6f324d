import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { withOlt } from '../transport.ts';
import { plainValue, varbindJson } from '../values.ts';
import { checkOid, show, timing } from './common.ts';
import type { OltAction } from './common.ts';

/** GetRequest for a list of OIDs: one item with `values` by OID and the typed `varbinds`. */
export const getOids: OltAction = {
  operation: { name: 'Get OIDs', value: 'get', action: 'Get OID values', description: 'Read the values of a list of OIDs (SNMP GET)' },
  properties: [
    {
      displayName: 'OIDs',
      name: 'oids',
      type: 'string',
      typeOptions: { rows: 3 },
      required: true,
      default: '',
      placeholder: '1.3.6.1.2.1.1.5.0, 1.3.6.1.2.1.1.1.0',
      displayOptions: show('get'),
      description: 'Numeric OIDs of object instances (ending in .0 for scalars), separated by commas, spaces or lines; an expression may give a list',
    },
  ],
  async run(ctx, i) {
    const value = ctx.getNodeParameter('oids', i, '') as string | string[];
    const list = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/)).filter((o) => o.trim());
    if (!list.length) throw new NodeOperationError(ctx.getNode(), 'No OIDs to get', { parameter: 'oids', itemIndex: i, description: 'Set "OIDs", e.g. 1.3.6.1.2.1.1.5.0 (sysName.0).' });
    const oids = list.map((o) => checkOid(ctx, i, o, 'oids'));
    return withOlt(ctx, i, timing(ctx, i), async (olt) => {
      const varbinds = await olt.get(oids);
      const values: IDataObject = {};
      for (const vb of varbinds) values[vb.oid] = plainValue(vb);
      return [{ olt: olt.target.host, values, varbinds: varbinds.map(varbindJson) }];
    });
  },
};
