import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { combineAll, combineByPosition } from './combine.ts';
import { combineByFields } from './combine-by-fields.ts';
import { mergeDescription } from './description.ts';
import { pairsOf, stampedInputs } from './paired.ts';
import type { Inputs } from './paired.ts';

export class Merge implements INodeType {
  description = mergeDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode();
    const mode = this.getNodeParameter('mode', 0, 'append') as string;
    const inputs = (count: number) => stampedInputs((i) => this.getInputData(i), count);
    const declared = () => {
      const n = Number(this.getNodeParameter('numberInputs', 0, 2));
      if (!Number.isInteger(n) || n < 2 || n > 10)
        throw new NodeOperationError(node, `Number of Inputs must be a whole number from 2 to 10, not ${JSON.stringify(n)}`, { parameter: 'numberInputs' });
      return n;
    };
    switch (mode) {
      case 'append':
        return [inputs(declared()).flat()];
      case 'chooseBranch':
        return [chooseBranch(this, inputs(declared()))];
      case 'combine': {
        const by = this.getNodeParameter('combineBy', 0, 'combineByFields') as string;
        if (by === 'combineByFields') return [combineByFields(this, inputs(2))];
        if (by === 'combineByPosition') return [combineByPosition(this, inputs(declared()))];
        if (by === 'combineAll') return [combineAll(this, inputs(2))];
        throw new NodeOperationError(node, `Combine By must be combineByFields, combineByPosition or combineAll, not "${by}"`, { parameter: 'combineBy' });
      }
      case 'combineBySql':
        throw new NodeOperationError(node, 'Merge mode "SQL Query" is not supported', {
          description: 'Use "Combine" by matching fields, position or all combinations instead',
          parameter: 'mode',
        });
      default:
        throw new NodeOperationError(node, `Mode must be append, combine, combineBySql or chooseBranch, not "${mode}"`, { parameter: 'mode' });
    }
  }
}

function chooseBranch(ctx: IExecuteFunctions, inputs: Inputs): INodeExecutionData[] {
  const node = ctx.getNode();
  const branchMode = ctx.getNodeParameter('chooseBranchMode', 0, 'waitForAll');
  if (branchMode !== 'waitForAll') throw new NodeOperationError(node, `Output Type must be "waitForAll", not "${String(branchMode)}"`, { parameter: 'chooseBranchMode' });
  // n8n runs this mode only once inputs 1 and 2 both have data (requiredInputs [0, 1]); our engine
  // runs a waiting node with a missing input empty, so the node itself outputs nothing then.
  if (!inputs[0].length || !inputs[1].length) return [];
  const output = ctx.getNodeParameter('output', 0, 'specifiedInput') as string;
  if (output === 'empty') return [{ json: {}, pairedItem: pairsOf([...inputs[0], ...inputs[1]]) }];
  if (output !== 'specifiedInput') throw new NodeOperationError(node, `Output must be "specifiedInput" or "empty", not "${output}"`, { parameter: 'output' });
  const use = Number(ctx.getNodeParameter('useDataOfInput', 0, 1));
  if (!Number.isInteger(use) || use < 1 || use > inputs.length)
    throw new NodeOperationError(node, `Input ${use} doesn't exist`, {
      description: `The node has only ${inputs.length} inputs, so selecting input ${use} is not possible.`,
      parameter: 'useDataOfInput',
    });
  return inputs[use - 1];
}
