import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from '../../../host/engine/resume.ts';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { waitDescription } from './description.ts';

const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

function parseDate(ctx: IExecuteFunctions, name: string): Date {
  const raw = ctx.getNodeParameter(name, 0) as string;
  const date = new Date(raw);
  if (!raw || Number.isNaN(date.getTime())) throw new NodeOperationError(ctx.getNode(), `"${raw}" is not a valid date and time`, { parameter: name });
  return date;
}

function interval(ctx: IExecuteFunctions, amountName: string, unitName: string): number {
  const amount = Number(ctx.getNodeParameter(amountName, 0));
  const unit = String(ctx.getNodeParameter(unitName, 0));
  if (!Number.isFinite(amount) || amount < 0) throw new NodeOperationError(ctx.getNode(), `Wait amount must be a non-negative number`, { parameter: amountName });
  if (!UNIT_MS[unit]) throw new NodeOperationError(ctx.getNode(), `Unknown wait unit "${unit}"`, { parameter: unitName });
  return amount * UNIT_MS[unit];
}

/** When to resume: the engine keeps short waits in memory and parks long ones in storage. */
function waitTill(ctx: IExecuteFunctions): Date {
  const resume = ctx.getNodeParameter('resume', 0) as string;
  if (resume === 'timeInterval') return new Date(Date.now() + interval(ctx, 'amount', 'unit'));
  if (resume === 'specificTime') return parseDate(ctx, 'dateTime');
  if (resume === 'webhook') {
    if (!ctx.getNodeParameter('limitWaitTime', 0, false)) return WAIT_INDEFINITELY;
    if (ctx.getNodeParameter('limitType', 0) === 'atSpecifiedTime') return parseDate(ctx, 'maxDateAndTime');
    return new Date(Date.now() + interval(ctx, 'resumeAmount', 'resumeUnit'));
  }
  throw new NodeOperationError(ctx.getNode(), `Resume mode "${resume}" is not supported`, { parameter: 'resume' });
}

export class Wait implements INodeType {
  description = waitDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    await this.putExecutionToWait(waitTill(this));
    return [this.getInputData()];
  }
}
