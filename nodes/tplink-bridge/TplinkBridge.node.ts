import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, IExecuteFunctions, INodeCredentialTestResult, INodeExecutionData, INodeType } from 'n8n-workflow';
import { forEachItem } from '../../host/engine/per-item.ts';
import { modemAddressFor, requestFor } from './actions/index.ts';
import { checkModemAddress } from './allowed-networks.ts';
import { runBridgeOperation } from './bridge.ts';
import { CREDENTIAL_TYPE, tplinkBridgeDescription } from './description.ts';
import { isBridgeError, toNodeError } from './errors.ts';
import { modemTarget } from './transport.ts';

/** TP-Link bridge: one operation per input item, in order, through the process's shared browser. */
export class TplinkBridge implements INodeType {
  description = tplinkBridgeDescription;

  methods = {
    credentialTest: {
      /** Logs in and reads the device info (within the credential test's 15 s). */
      async tplinkModemLogin(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
        const c = (credential.data ?? {}) as IDataObject;
        try {
          const info = await runBridgeOperation(modemTarget(c.address, c.username, c.password), { operation: 'deviceInfo' }, { timeoutMs: 14_000 });
          return { status: 'OK', message: `Logged in to ${info.model ?? 'the modem'}${info.firmware ? ` (firmware ${info.firmware})` : ''}` };
        } catch (err) {
          return { status: 'Error', message: isBridgeError(err) ? `${err.message}${err.description ? ` — ${err.description}` : ''}` : (err as Error).message };
        }
      },
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode().name;
    const c = (await this.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
    const signal = this.getExecutionCancelSignal?.();
    // addExecutionLogs is Gigaflow's: the note shows with the node run in the editor.
    const exec = this as IExecuteFunctions & { addExecutionLogs?: (lines: { level: 'warn'; message: string; at: string }[]) => void };
    const log = (message: string, meta: Record<string, unknown>) => {
      this.logger?.warn(message, meta);
      exec.addExecutionLogs?.([{ level: 'warn', message: `${message} (${meta.modem})`, at: new Date().toISOString() }]);
    };
    return [
      await forEachItem(this, async (i) => {
        try {
          const { req, opts } = requestFor(this, i);
          // A per-item address may come from device data: the password only goes to allowed networks.
          const override = modemAddressFor(this, i);
          if (override) checkModemAddress(override, c.allowedNetworks, c.address);
          const target = modemTarget(override || c.address, c.username, c.password);
          return [(await runBridgeOperation(target, req, { ...opts, signal, log })) as IDataObject];
        } catch (err) {
          throw toNodeError(node, err, i);
        }
        // Error items say who failed, so the Device Diagnostic reports a failed bridge read as such.
      }, { source: 'tplink-bridge' }),
    ];
  }
}
