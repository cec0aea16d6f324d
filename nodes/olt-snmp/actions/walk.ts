import { withOlt } from '../transport.ts';
import { varbindJson } from '../values.ts';
import { checkOid, show, timing, wholeNumber } from './common.ts';
import type { OltAction } from './common.ts';

/** Every object under an OID (GetBulk), one item per varbind, up to a row limit. */
export const walkSubtree: OltAction = {
  operation: { name: 'Walk Subtree', value: 'walk', action: 'Walk an OID subtree', description: 'Read every object under an OID, e.g. a table column (SNMP GETBULK)' },
  properties: [
    {
      displayName: 'OID',
      name: 'oid',
      type: 'string',
      required: true,
      default: '',
      placeholder: '1.3.6.1.2.1.2.2.1.2',
      displayOptions: show('walk'),
      description: 'The subtree to walk, e.g. 1.3.6.1.2.1.2.2.1.2 (ifDescr). The walk stops where the subtree ends.',
    },
    {
      displayName: 'Max Repetitions',
      name: 'maxRepetitions',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 200 },
      default: 20,
      displayOptions: show('walk'),
      description: 'Objects asked for per GetBulk request; lower it if the OLT answers tooBig',
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 0 },
      default: 1000,
      displayOptions: show('walk'),
      description: 'Max number of results to return; 0 for no limit',
    },
  ],
  async run(ctx, i) {
    const oid = checkOid(ctx, i, String(ctx.getNodeParameter('oid', i, '') ?? ''), 'oid');
    const maxRepetitions = wholeNumber(ctx, i, 'maxRepetitions', 'Max Repetitions', 1, 20);
    const limit = wholeNumber(ctx, i, 'limit', 'Limit', 0, 1000);
    return withOlt(ctx, i, timing(ctx, i), async (olt) => {
      const { varbinds } = await olt.subtree(oid, { maxRepetitions, limit });
      return varbinds.map((vb) => ({ olt: olt.target.host, index: vb.oid.slice(oid.length + 1), ...varbindJson(vb) }));
    });
  },
};
