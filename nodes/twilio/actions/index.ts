// Every operation of the Twilio node, in the order the Operation list shows them.
import type { TwilioAction } from './common.ts';
import { generateOtp, verifyOtp } from './otp.ts';
import { sendSmsAction } from './send-sms.ts';

export const ACTIONS: TwilioAction[] = [sendSmsAction, generateOtp, verifyOtp];

export const actionFor = (operation: string): TwilioAction | undefined => ACTIONS.find((a) => a.operation.value === operation);
