// One-time codes: Generate sends a code by SMS and returns a challenge id (never the code);
// Verify answers {valid, reason, attemptsLeft} as data, so a flow branches instead of failing.
import type { IExecuteFunctions } from 'n8n-workflow';
import { keyValueOf } from '../../../host/engine/key-value.ts';
import type { NodeKeyValue } from '../../../host/engine/key-value.ts';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { createChallenge, dropChallenge, newCode, verifyChallenge } from '../otp/challenges.ts';
import { MAX_BODY_LENGTH, sendSms } from '../sms.ts';
import { addressesOf, boundedInteger, sendOptions, show } from './common.ts';
import type { TwilioAction } from './common.ts';

export const DEFAULT_TEMPLATE = 'Your Gigafibre verification code is {{code}}. It expires in {{minutes}} min.';
const CODE = /\{\{\s*code\s*\}\}/g;
const MINUTES = /\{\{\s*minutes\s*\}\}/g;

function store(ctx: IExecuteFunctions): NodeKeyValue {
  const kv = keyValueOf(ctx);
  if (!kv)
    throw new NodeOperationError(ctx.getNode().name, 'One-time codes need the host\'s key-value store (helpers.keyValue)', {
      description: 'Gigaflow provides it; this host does not. Run the workflow on Gigaflow.',
    });
  return kv;
}

export const generateOtp: TwilioAction = {
  operation: { name: 'Generate OTP', value: 'generateOtp', action: 'Send a one-time code', description: 'Send a one-time code by SMS and return its challenge ID' },
  properties: [
    {
      displayName: 'Channel',
      name: 'channel',
      type: 'options',
      options: [{ name: 'SMS', value: 'sms' }],
      default: 'sms',
      displayOptions: show('generateOtp'),
      description: 'How the code reaches the user. It is never returned to the flow, so it cannot leak into execution data.',
    },
    {
      displayName: 'Message Template',
      name: 'messageTemplate',
      type: 'string',
      typeOptions: { rows: 2 },
      default: DEFAULT_TEMPLATE,
      displayOptions: show('generateOtp'),
      description: 'The SMS text: {{code}} becomes the code, {{minutes}} its lifetime. Write it as fixed text: in an expression, {{ }} is evaluated.',
    },
    { displayName: 'Code Length', name: 'codeLength', type: 'number', typeOptions: { minValue: 4, maxValue: 10 }, default: 6, displayOptions: show('generateOtp'), description: 'Digits in the code' },
    {
      displayName: 'Valid for (Seconds)',
      name: 'ttlSeconds',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 300,
      displayOptions: show('generateOtp'),
      description: 'After this the code is refused as expired',
    },
    {
      displayName: 'Max Attempts',
      name: 'maxAttempts',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 10 },
      default: 3,
      displayOptions: show('generateOtp'),
      description: 'Wrong codes Verify accepts before the challenge is locked',
    },
  ],
  async run(ctx, i) {
    const node = ctx.getNode().name;
    const kv = store(ctx);
    const addresses = addressesOf(ctx, i);
    const length = boundedInteger(ctx, 'codeLength', i, 'Code Length', 6, 4, 10);
    const ttlSeconds = boundedInteger(ctx, 'ttlSeconds', i, 'Valid for (Seconds)', 300, 1, 86_400);
    const maxAttempts = boundedInteger(ctx, 'maxAttempts', i, 'Max Attempts', 3, 1, 10);
    const channel = String(ctx.getNodeParameter('channel', i, 'sms'));
    if (channel !== 'sms') throw new NodeOperationError(node, `Unknown channel "${channel}"`, { parameter: 'channel', itemIndex: i });
    const template = String(ctx.getNodeParameter('messageTemplate', i, DEFAULT_TEMPLATE) ?? '');
    if (!template.match(CODE))
      throw new NodeOperationError(node, `Item ${i}: "Message Template" has no {{code}}`, { parameter: 'messageTemplate', itemIndex: i, description: 'Put {{code}} where the code goes, e.g. "Your code is {{code}}".' });
    const { perSecond, statusCallback } = sendOptions(ctx, i);

    const code = newCode(length);
    const body = template.replace(CODE, code).replace(MINUTES, String(Math.max(1, Math.round(ttlSeconds / 60))));
    if (body.length > MAX_BODY_LENGTH) throw new NodeOperationError(node, `Item ${i}: the OTP message has more than ${MAX_BODY_LENGTH} characters`, { parameter: 'messageTemplate', itemIndex: i });
    const challenge = await createChallenge(kv, { code, to: addresses.to, ttlMs: ttlSeconds * 1000, maxAttempts });
    let message;
    try {
      message = await sendSms(ctx, i, { ...addresses, body, statusCallback }, perSecond);
    } catch (err) {
      // A code nobody received must not stay verifiable.
      await dropChallenge(kv, challenge.id).catch(() => undefined);
      throw err;
    }
    // The message body holds the code: it stays out of the item (execution data is stored).
    return [
      {
        challengeId: challenge.id,
        to: addresses.to,
        channel,
        expiresAt: new Date(challenge.expiresAt).toISOString(),
        ttlSeconds,
        maxAttempts,
        messageSid: message.sid,
        messageStatus: message.status,
      },
    ];
  },
};

export const verifyOtp: TwilioAction = {
  operation: { name: 'Verify OTP', value: 'verifyOtp', action: 'Verify a one-time code', description: 'Check a code against its challenge: valid, wrong, expired or locked' },
  properties: [
    {
      displayName: 'Challenge ID',
      name: 'challengeId',
      type: 'string',
      required: true,
      default: '',
      placeholder: '={{ $json.challengeId }}',
      displayOptions: show('verifyOtp'),
      description: 'What Generate OTP returned',
    },
    { displayName: 'Code', name: 'code', type: 'string', required: true, default: '', displayOptions: show('verifyOtp'), description: 'The code the user typed' },
  ],
  async run(ctx, i) {
    const kv = store(ctx);
    const challengeId = String(ctx.getNodeParameter('challengeId', i, '') ?? '').trim();
    const code = String(ctx.getNodeParameter('code', i, '') ?? '').trim();
    return [{ ...(await verifyChallenge(kv, challengeId, code)) }];
  },
};
