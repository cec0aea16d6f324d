// Turns what the sandbox reports into the node error a user sees, in n8n's format: the script's
// message with "[line N]" (or "[line N, for item i]") appended, so the line points into jsCode.
import { NodeOperationError } from '../../../host/model/errors.ts';
import { ReturnShapeError } from './result.ts';

/** What the sandbox throws (host/expressions CodeExecutionError), read by shape. */
interface SandboxError {
  message: string;
  kind?: string;
  errorName?: string;
  description?: string;
  lineNumber?: number;
}

function location(line: number | undefined, itemIndex: number | undefined): string {
  if (line !== undefined && itemIndex !== undefined) return ` [line ${line}, for item ${itemIndex}]`;
  if (line !== undefined) return ` [line ${line}]`;
  return itemIndex !== undefined ? ` [item ${itemIndex}]` : '';
}

/** A failed run of the script (or of its result check) as the node's error. */
export function codeError(node: { name: string }, err: unknown, itemIndex: number | undefined): NodeOperationError {
  if (err instanceof NodeOperationError) return err;
  if (err instanceof ReturnShapeError) return new NodeOperationError(node, err.message, { description: err.description, itemIndex: err.itemIndex ?? itemIndex });
  const e = (err instanceof Error ? err : new Error(String(err))) as Error & SandboxError;
  const item = itemIndex !== undefined ? ` (item ${itemIndex})` : '';
  switch (e.kind) {
    case 'timeout':
      return new NodeOperationError(node, `Code execution ${e.message}${item}`, {
        itemIndex,
        description:
          'The sandbox stops code that runs longer than the Code time limit (GIGAFLOW_CODE_TIMEOUT_MS). Look for an endless loop, or split the work over several executions.',
      });
    case 'memory':
      return new NodeOperationError(node, `Code execution exceeded the memory limit${item}`, {
        itemIndex,
        description:
          'The sandbox stopped the code because it used more memory than allowed (GIGAFLOW_SANDBOX_MEMORY_MB). Keep less data in memory at once, or process fewer items per execution.',
      });
    case 'syntax': {
      const detail = e.message.replace(/^invalid syntax:\s*/, '');
      return new NodeOperationError(node, `${detail}${location(e.lineNumber, itemIndex)}`, {
        itemIndex,
        description: e.lineNumber !== undefined ? `SyntaxError at line ${e.lineNumber}` : 'SyntaxError',
      });
    }
    default: {
      // What the script threw (or a sandbox error it caused, e.g. an unknown node in $('…')).
      const kindOf = e.description ?? (e.errorName && e.errorName !== 'Error' && e.errorName !== 'ExpressionError' ? e.errorName : 'Error');
      const description = e.lineNumber !== undefined ? `${kindOf} at line ${e.lineNumber}${item}` : e.description ?? (kindOf !== 'Error' ? kindOf : undefined);
      return new NodeOperationError(node, `${e.message}${location(e.lineNumber, itemIndex)}`, { itemIndex, description });
    }
  }
}

/**
 * n8n refuses `$input.all()` and friends in 'Run Once for Each Item' code (they belong to the
 * all-items mode); the line is the first non-comment line that uses one.
 */
export function checkEachItemCode(node: { name: string }, code: string): void {
  const pattern = /\$input\.(first|last|all|itemMatching)\b/;
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('//') || line.startsWith('*')) continue;
    const match = pattern.exec(line);
    if (match) {
      throw new NodeOperationError(node, `Can't use .${match[1]}() here [line ${i + 1}, for item 0]`, {
        itemIndex: 0,
        description: "This is only available in 'Run Once for All Items' mode",
      });
    }
  }
}
