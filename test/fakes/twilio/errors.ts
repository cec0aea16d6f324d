// Twilio's REST error envelope (reference §5.2): {code, message, more_info, status}, plus the
// messages Twilio uses for the codes the fake produces.
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioError extends Error {
  readonly code: number;
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(code: number, message: string, status = 400, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.headers = headers;
  }
  body(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/** Message-create errors the fake can give for a To or From number, worded as Twilio words them. */
export function messageError(code: number, to: string, from: string | undefined): TwilioError {
  switch (code) {
    case 21211:
      return new TwilioError(code, `The 'To' number ${to} is not a valid phone number.`);
    case 21212:
      return new TwilioError(code, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    case 21408:
      return new TwilioError(code, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
    case 21606:
      return new TwilioError(code, `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination.`);
    case 21608:
      return new TwilioError(code, `The number ${to} is unverified. Trial accounts cannot send messages to unverified numbers; verify ${to} at twilio.com/user/account/phone-numbers/verified, or purchase a Twilio number to send messages to unverified numbers.`);
    case 21610:
      return new TwilioError(code, 'Attempt to send to unsubscribed recipient');
    case 21611:
      return new TwilioError(code, "This 'From' number has exceeded the maximum number of queued messages");
    case 21612:
      return new TwilioError(code, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`);
    case 21614:
      return new TwilioError(code, "'To' number is not a valid mobile number");
    case 21635:
      return new TwilioError(code, `The 'To' number ${to} is a landline and cannot receive SMS messages.`);
    default:
      return new TwilioError(code, `Error ${code}`);
  }
}

export const authenticateError = () => new TwilioError(20003, 'Authenticate', 401, { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
export const notFoundError = (path: string) => new TwilioError(20404, `The requested resource ${path} was not found`, 404);
export const rateLimitError = (retryAfterSeconds: number) => new TwilioError(20429, 'Too Many Requests', 429, { 'Retry-After': String(retryAfterSeconds) });
