// Addresses checked before anything is sent, with errors naming the item and the field: Twilio
// would refuse them anyway (21211, 21212), but a whole bulk run should not be spent finding out.
import { NodeOperationError } from '../../host/model/errors.ts';

/** E.164: +, a country code not starting with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;
/** Alphanumeric sender ID: up to 11 letters, digits and spaces, at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** Short codes: 3 to 8 digits, no +. */
const SHORT_CODE = /^\d{3,8}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** Spaces, dashes, dots and brackets people type inside numbers are dropped: "+1 (514) 555-0100" → "+15145550100". */
export const compactNumber = (value: string) => value.trim().replace(/[\s\-.()]/g, '');

export interface FieldRef {
  node: string;
  itemIndex: number;
  /** Parameter name and the label the user sees. */
  parameter: string;
  label: string;
}

function invalid(ref: FieldRef, value: string, expected: string): NodeOperationError {
  const shown = value ? `"${value}"` : 'empty';
  return new NodeOperationError(ref.node, `Item ${ref.itemIndex}: "${ref.label}" is ${value ? `not ${expected}: ${shown}` : 'empty'}`, {
    parameter: ref.parameter,
    itemIndex: ref.itemIndex,
    description: `Write "${ref.label}" in E.164: + and the country code, then the number without spaces, e.g. +15145550100.`,
  });
}

/** A recipient number in E.164 (after dropping spaces and punctuation), or an error naming the item. */
export function recipientNumber(raw: unknown, ref: FieldRef): string {
  const value = compactNumber(String(raw ?? ''));
  if (!E164.test(value)) throw invalid(ref, String(raw ?? '').trim(), 'an E.164 phone number');
  return value;
}

/** A sender: an E.164 number, a short code or an alphanumeric sender ID. */
export function senderAddress(raw: unknown, ref: FieldRef): string {
  const typed = String(raw ?? '').trim();
  const compact = compactNumber(typed);
  if (E164.test(compact) || SHORT_CODE.test(compact)) return compact;
  if (ALPHANUMERIC_SENDER.test(typed)) return typed;
  throw invalid(ref, typed, 'an E.164 phone number, a short code or an alphanumeric sender ID');
}

export function messagingServiceSid(raw: unknown, ref: FieldRef): string {
  const value = String(raw ?? '').trim();
  if (MESSAGING_SERVICE_SID.test(value)) return value;
  throw new NodeOperationError(ref.node, `Item ${ref.itemIndex}: "${ref.label}" is ${value ? `not a Messaging Service SID: "${value}"` : 'empty'}`, {
    parameter: ref.parameter,
    itemIndex: ref.itemIndex,
    description: 'A Messaging Service SID starts with MG followed by 32 hex digits (Console → Messaging → Services).',
  });
}
