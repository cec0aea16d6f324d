import { runOnuQuery, show } from './common.ts';
import type { OltAction } from './common.ts';

/** Run status / phase state as a status word, the last down cause, serial number and names. */
export const onuStatus: OltAction = {
  operation: {
    name: 'ONU Status',
    value: 'onuStatus',
    action: 'Get ONU status',
    description: 'Online, offline, LOS, dying gasp… and the last down cause of one ONU or every ONU on a PON port',
  },
  properties: [
    {
      displayName: 'Include Optical Power',
      name: 'includeOptical',
      type: 'boolean',
      default: false,
      displayOptions: show('onuStatus'),
      description: 'Whether to also read each ONU\'s optical power',
    },
  ],
  async run(ctx, i) {
    return runOnuQuery(ctx, i, { optical: ctx.getNodeParameter('includeOptical', i, false) === true, status: true });
  },
};
