import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from '../../../host/model/errors.ts';
import { ConsoleOutput } from './console.ts';
import type { LogLine } from './console.ts';
import { codeDescription } from './description.ts';
import { checkEachItemCode, codeError } from './errors.ts';
import { itemFromEachItemResult, itemsFromAllItemsResult } from './result.ts';

type Mode = 'runOnceForAllItems' | 'runOnceForEachItem';

/** Gigaflow's additions to the node context that this node uses (host/engine/node-context.ts). */
interface SandboxContext {
  runCodeInSandbox?(code: string, opts: { mode: Mode; itemIndex?: number; logs?: LogLine[] }): Promise<unknown>;
  addExecutionLogs?(lines: LogLine[]): void;
}

/**
 * n8n's Code node (JavaScript). The script runs in the same isolated-vm sandbox as expressions,
 * as an async function body with n8n's $input/$json/$('Node') API; its console output is kept
 * with the execution instead of going to a browser.
 */
export class Code implements INodeType {
  description = codeDescription;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const node = this.getNode();
    const sandbox = this as unknown as SandboxContext;
    const language = node.typeVersion >= 2 ? this.getNodeParameter('language', 0, 'javaScript') : 'javaScript';
    if (language !== 'javaScript') {
      throw new NodeOperationError(node, 'Python is not supported', {
        parameter: 'language',
        description: `Gigaflow runs Code nodes in JavaScript only (language '${String(language)}' was set). Rewrite the code in JavaScript and set the language to JavaScript.`,
      });
    }
    const mode = this.getNodeParameter('mode', 0, 'runOnceForAllItems') as Mode;
    if (mode !== 'runOnceForAllItems' && mode !== 'runOnceForEachItem') {
      throw new NodeOperationError(node, `Unknown mode '${String(mode)}'`, { parameter: 'mode', description: "Use 'runOnceForAllItems' or 'runOnceForEachItem'" });
    }
    const code = this.getNodeParameter('jsCode', 0, '');
    if (typeof code !== 'string') throw new NodeOperationError(node, 'The JavaScript code must be text', { parameter: 'jsCode' });
    if (typeof sandbox.runCodeInSandbox !== 'function') {
      throw new NodeOperationError(node, 'This host cannot run Code nodes: the node context has no sandbox (runCodeInSandbox)');
    }
    const run = sandbox.runCodeInSandbox.bind(this);
    const output = new ConsoleOutput();
    try {
      return mode === 'runOnceForAllItems' ? [await allItems(this, run, code, output)] : [await eachItem(this, run, code, output)];
    } finally {
      // Also after a failure: what the script logged before it failed is the useful part.
      const lines = output.lines;
      if (lines.length > 0) {
        for (const line of lines) this.logger.info(line.message, { source: 'console', consoleLevel: line.level });
        sandbox.addExecutionLogs?.(lines);
      }
    }
  }
}

type Run = NonNullable<SandboxContext['runCodeInSandbox']>;

async function allItems(ctx: IExecuteFunctions, run: Run, code: string, output: ConsoleOutput): Promise<INodeExecutionData[]> {
  const logs: LogLine[] = [];
  try {
    const result = await run(code, { mode: 'runOnceForAllItems', itemIndex: 0, logs });
    output.add(logs);
    return itemsFromAllItemsResult(result);
  } catch (err) {
    output.add(logs);
    const error = codeError(ctx.getNode(), err, undefined);
    if (!ctx.continueOnFail()) throw error;
    return [{ json: { error: error.message } }];
  }
}

async function eachItem(ctx: IExecuteFunctions, run: Run, code: string, output: ConsoleOutput): Promise<INodeExecutionData[]> {
  checkEachItemCode(ctx.getNode(), code);
  const out: INodeExecutionData[] = [];
  const count = ctx.getInputData().length;
  for (let i = 0; i < count; i++) {
    const logs: LogLine[] = [];
    try {
      const result = await run(code, { mode: 'runOnceForEachItem', itemIndex: i, logs });
      output.add(logs);
      const item = itemFromEachItemResult(result, i);
      if (item !== undefined) out.push(item);
    } catch (err) {
      output.add(logs);
      const error = codeError(ctx.getNode(), err, i);
      if (!ctx.continueOnFail()) throw error;
      out.push({ json: { error: error.message }, pairedItem: { item: i } });
    }
  }
  return out;
}
