import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../host/model/errors.ts';
import { deviceDiagnosticDescription } from './description.ts';
import { diagnose } from './diagnose.ts';
import { thresholdsProblem } from './thresholds.ts';
import type { Thresholds } from './thresholds.ts';

/**
 * Device Diagnostic: all input items → one item, paired with every input item. It never fails on
 * what the items hold (a missing or failed source is a warning); with no items at all it still
 * answers, with a `no_device` warning, so a flow can always branch on the result.
 */
export class DeviceDiagnostic implements INodeType {
  description = deviceDiagnosticDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const thresholds: Thresholds = {
      warningBelowDbm: Number(this.getNodeParameter('warningBelowDbm', 0)),
      criticalBelowDbm: Number(this.getNodeParameter('criticalBelowDbm', 0)),
      onlineWithinMinutes: Number(this.getNodeParameter('onlineWithinMinutes', 0)),
    };
    const problem = thresholdsProblem(thresholds);
    if (problem) throw new NodeOperationError(this.getNode(), problem.message, { parameter: problem.parameter });
    const includeRaw = Boolean(this.getNodeParameter('options.includeRaw', 0, false));
    const result = diagnose(
      items.map((i) => i.json),
      { ...thresholds, includeRaw, now: Date.now() },
    );
    return [[{ json: result as unknown as INodeExecutionData['json'], pairedItem: items.map((_, item) => ({ item })) }]];
  }
}
