import { NodeOperationError } from '../../../host/model/errors.ts';
import { MAX_BODY_LENGTH, sendSms } from '../sms.ts';
import { addressesOf, sendOptions, show } from './common.ts';
import type { TwilioAction } from './common.ts';

/** POST /2010-04-01/Accounts/{AccountSid}/Messages.json through the library: one SMS per item. */
export const sendSmsAction: TwilioAction = {
  operation: { name: 'Send SMS', value: 'sendSms', action: 'Send an SMS', description: 'Send a text message to a phone number' },
  properties: [
    {
      displayName: 'Message',
      name: 'message',
      type: 'string',
      typeOptions: { rows: 4 },
      required: true,
      default: '',
      displayOptions: show('sendSms'),
      description: `The text (at most ${MAX_BODY_LENGTH} characters; long texts go out as several segments)`,
    },
  ],
  async run(ctx, i) {
    const addresses = addressesOf(ctx, i);
    const body = String(ctx.getNodeParameter('message', i, '') ?? '');
    const node = ctx.getNode().name;
    if (!body.trim()) throw new NodeOperationError(node, `Item ${i}: "Message" is empty`, { parameter: 'message', itemIndex: i });
    if (body.length > MAX_BODY_LENGTH)
      throw new NodeOperationError(node, `Item ${i}: "Message" has ${body.length} characters; Twilio takes at most ${MAX_BODY_LENGTH}`, { parameter: 'message', itemIndex: i });
    const { perSecond, statusCallback } = sendOptions(ctx, i);
    return [await sendSms(ctx, i, { ...addresses, body, statusCallback }, perSecond)];
  },
};
