import { onuProperties, runOnuQuery, show } from './common.ts';
import type { OltAction } from './common.ts';

/** ONU-side RX/TX and OLT-side RX power in dBm (plus DDM temperature, voltage, bias where the vendor has them). */
export const onuOptical: OltAction = {
  operation: {
    name: 'ONU Optical Power',
    value: 'onuOptical',
    action: 'Get ONU optical power',
    description: 'Receive and transmit power of one ONU or every ONU on a PON port, in dBm',
  },
  properties: [
    {
      displayName: 'Include Status',
      name: 'includeStatus',
      type: 'boolean',
      default: false,
      displayOptions: show('onuOptical'),
      description: 'Whether to also read each ONU\'s status and last down cause',
    },
  ],
  async run(ctx, i) {
    return runOnuQuery(ctx, i, { optical: true, status: ctx.getNodeParameter('includeStatus', i, false) === true });
  },
};
