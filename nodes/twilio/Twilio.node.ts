import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, IExecuteFunctions, INodeCredentialTestResult, INodeExecutionData, INodeType } from 'n8n-workflow';
import { errorItemJson, forEachItemOperation } from '../../host/engine/per-item.ts';
import { actionFor } from './actions/index.ts';
import type { TwilioAction } from './actions/common.ts';
import { checkCredentials, connect } from './client.ts';
import { twilioDescription } from './description.ts';
import { TwilioApiError, twilioError } from './errors.ts';

/**
 * Under continueOnFail a number Twilio refused becomes an `{error}` item that also carries
 * Twilio's code and link (flows branch on `error.code`); the other items still send.
 */
function withTwilioErrorItems(action: TwilioAction | undefined): TwilioAction | undefined {
  if (!action) return undefined;
  return {
    ...action,
    async run(c, i) {
      try {
        return await action.run(c, i);
      } catch (err) {
        if (!(err instanceof TwilioApiError) || !c.continueOnFail()) throw err;
        return [{ error: { ...errorItemJson(err), code: err.code ?? null, moreInfo: err.moreInfo ?? null } as IDataObject }];
      }
    },
  };
}

/** Twilio: Send SMS, Generate OTP, Verify OTP — one per input item, each output paired with its item. */
export class Twilio implements INodeType {
  description = twilioDescription;

  methods = {
    credentialTest: {
      /** Fetches the account (GET /2010-04-01/Accounts/{Sid}.json) through the same client the node uses. */
      async twilioAccount(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
        const node = 'Twilio credential';
        try {
          const cred = checkCredentials(node, (credential.data ?? {}) as IDataObject);
          const { client } = connect(this as never, cred);
          const account = await client.api.v2010.accounts(cred.accountSid).fetch();
          if (account.status && account.status !== 'active') return { status: 'Error', message: `The Twilio account "${account.friendlyName}" is ${account.status}` };
          return { status: 'OK', message: `Connected to Twilio account "${account.friendlyName}" (${account.type ?? 'account'}, ${account.status})` };
        } catch (err) {
          const e = twilioError(node, err, { action: 'fetch the Twilio account' }) as Error & { description?: string };
          return { status: 'Error', message: e.description ? `${e.message}. ${e.description}` : e.message };
        }
      },
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await forEachItemOperation(this, (operation) => withTwilioErrorItems(actionFor(operation)))];
  }
}
