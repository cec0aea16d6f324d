import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, IExecuteFunctions, INodeCredentialTestResult, INodeExecutionData, INodeType } from 'n8n-workflow';
import { forEachItemOperation } from '../../host/engine/per-item.ts';
import { actionFor } from './actions/index.ts';
import { oltSnmpDescription } from './description.ts';
import { testConnection } from './transport.ts';

/** OLT SNMP: one operation per input item, in order; each output item is paired with its input. */
export class OltSnmp implements INodeType {
  description = oltSnmpDescription;

  methods = {
    credentialTest: {
      /** Reads sysName.0 and sysDescr.0 with the credential. */
      async oltSnmpConnection(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
        return testConnection((credential.data ?? {}) as IDataObject);
      },
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await forEachItemOperation(this, actionFor, { source: 'olt-snmp' })];
  }
}
