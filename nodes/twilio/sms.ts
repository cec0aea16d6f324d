// The one send path of the Twilio node (Send SMS and the OTP codes): one client per node run,
// messages paced to the node's "Messages per Second", Twilio's answer as an item, Twilio's
// refusals as errors naming the item and the number.
import { setTimeout as delay } from 'node:timers/promises';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { checkCredentials, connect, CREDENTIAL_TYPE } from './client.ts';
import type { TwilioConnection } from './client.ts';
import { twilioError } from './errors.ts';

export const MAX_BODY_LENGTH = 1600;
export const DEFAULT_MESSAGES_PER_SECOND = 10;

export interface SmsRequest {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
}

interface RunState {
  connection: Promise<TwilioConnection>;
  /** Earliest time (ms) the next message may leave. */
  nextSlot: number;
}

const runs = new WeakMap<object, RunState>();

function runState(ctx: IExecuteFunctions): RunState {
  let state = runs.get(ctx);
  if (!state) {
    const connection = ctx.getCredentials(CREDENTIAL_TYPE).then((raw) => connect(ctx, checkCredentials(ctx.getNode().name, raw)));
    state = { connection, nextSlot: 0 };
    runs.set(ctx, state);
    connection.catch(() => runs.delete(ctx));
  }
  return state;
}

/** Waits for this message's slot: at most `perSecond` messages leave per second (0 = no limit). */
async function pace(ctx: IExecuteFunctions, state: RunState, perSecond: number): Promise<void> {
  if (!(perSecond > 0)) return;
  const now = Date.now();
  const at = Math.max(now, state.nextSlot);
  state.nextSlot = at + 1000 / perSecond;
  if (at > now) await delay(at - now, undefined, { signal: ctx.getExecutionCancelSignal() });
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/** The message resource as an item (the library's camelCase names; dates as ISO text). */
function messageJson(m: Record<string, unknown>): IDataObject {
  return {
    sid: m.sid,
    status: m.status,
    to: m.to,
    from: m.from ?? null,
    messagingServiceSid: m.messagingServiceSid ?? null,
    body: m.body,
    numSegments: m.numSegments,
    numMedia: m.numMedia,
    direction: m.direction,
    errorCode: m.errorCode ?? null,
    errorMessage: m.errorMessage ?? null,
    price: m.price ?? null,
    priceUnit: m.priceUnit ?? null,
    accountSid: m.accountSid,
    apiVersion: m.apiVersion,
    dateCreated: iso(m.dateCreated),
    dateUpdated: iso(m.dateUpdated),
    dateSent: iso(m.dateSent),
    uri: m.uri,
  } as IDataObject;
}

/** Sends one SMS for item `i`; `perSecond` paces the node run's messages. */
export async function sendSms(ctx: IExecuteFunctions, i: number, req: SmsRequest, perSecond: number): Promise<IDataObject> {
  const node = ctx.getNode().name;
  const state = runState(ctx);
  const conn = await state.connection;
  await pace(ctx, state, perSecond);
  try {
    const message = await conn.client.messages.create({
      to: req.to,
      body: req.body,
      ...(req.messagingServiceSid ? { messagingServiceSid: req.messagingServiceSid } : { from: req.from! }),
      ...(req.statusCallback ? { statusCallback: req.statusCallback } : {}),
    });
    return messageJson(message as unknown as Record<string, unknown>);
  } catch (err) {
    throw twilioError(node, err, { action: `send the SMS to ${req.to}`, itemIndex: i, tries: conn.lastTries() });
  }
}
