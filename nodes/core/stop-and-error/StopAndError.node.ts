import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { stopAndErrorDescription } from './description.ts';

/** Fails the execution on purpose with the configured message (or error object), as n8n's node does. */
export class StopAndError implements INodeType {
  description = stopAndErrorDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode();
    const errorType = this.getNodeParameter('errorType', 0, 'errorMessage') as string;
    if (errorType === 'errorMessage') {
      const message = this.getNodeParameter('errorMessage', 0, '');
      throw new NodeOperationError(node, typeof message === 'string' ? message : JSON.stringify(message));
    }
    if (errorType !== 'errorObject')
      throw new NodeOperationError(node, `Error Type must be "errorMessage" or "errorObject", not "${errorType}"`, { parameter: 'errorType' });
    const raw = this.getNodeParameter('errorObject', 0, '');
    let error: IDataObject;
    try {
      error = typeof raw === 'string' ? JSON.parse(raw) : (raw as IDataObject);
    } catch (err) {
      throw new NodeOperationError(node, `Error Object is not valid JSON: ${(err as Error).message}`, { parameter: 'errorObject' });
    }
    if (!error || typeof error !== 'object' || Array.isArray(error))
      throw new NodeOperationError(node, 'Error Object must be a JSON object', { parameter: 'errorObject' });
    const { id, name } = this.getWorkflow();
    const message = typeof error.message === 'string' && error.message ? error.message : `Workflow ID ${id} "${name}" has failed`;
    const description = error.description === undefined ? undefined : typeof error.description === 'string' ? error.description : JSON.stringify(error.description);
    const thrown = new NodeOperationError(node, message, { description });
    // The object's other fields (e.g. code) travel with the error, as in n8n.
    for (const [key, value] of Object.entries(error))
      if (!['message', 'description', 'name', 'node', 'stack', '__proto__', 'constructor'].includes(key))
        Object.defineProperty(thrown, key, { value, enumerable: true, writable: true, configurable: true });
    throw thrown;
  }
}
