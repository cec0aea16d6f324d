// The expression evaluator other modules use: n8n parameter templates ("={{ $json.x }}"), bare
// expressions and Code-node code, all executed inside isolated-vm (see sandbox.ts and
// docs/sandbox.md). Nothing here evaluates user code in the host realm.
import { ExpressionError } from '../model/errors.ts';
import type { ExpressionData } from './types.ts';
import { parseTemplate } from './template.ts';
import { SandboxFailureError, SandboxIsolate } from './sandbox.ts';
import type { SandboxFailure, SandboxLogLine } from './sandbox.ts';

export type { ExpressionData } from './types.ts';
/** A console call captured in a Code run: `{ level, message, at }` (ISO time). */
export type CodeLogLine = SandboxLogLine;

export interface ExpressionEvaluator {
  /** n8n marks an expression parameter with a leading '=' */
  isExpression(value: unknown): boolean;
  /** Resolve a node parameter value. Strings starting with '=' are templates: text with {{ js }} segments.
   *  Recurse into arrays and plain objects (n8n resolves nested parameters, e.g. Set's assignments).
   *  Non-expression values are returned unchanged (same reference is fine).
   *  Errors throw ExpressionError (host/model/errors.ts) with `parameter: paramPath` and a clear message
   *  ("invalid syntax" for parse errors, the thrown message for runtime errors, "timed out after N ms", "memory limit exceeded"). */
  resolve(value: unknown, data: ExpressionData, paramPath: string): unknown;
  /** Evaluate one bare JS expression (the inside of {{ }}). */
  evaluate(code: string, data: ExpressionData): unknown;
  /** Run user code (n8n Code node, JavaScript) as an async function body with the same globals as expressions
   *  plus `items` (= $input.all()) and, in 'runOnceForEachItem' the item's `$json`/`item`. `await` allowed.
   *  Returns the JSON-copied return value. Errors -> Error with the user's message; timeout and memory as above.
   *  `require` offers an allow-list (luxon, lodash, a crypto subset); console output is captured into `opts.logs`. */
  runCode(code: string, data: ExpressionData, opts?: RunCodeOptions): Promise<unknown>;
  dispose(): void;
}

export interface EvaluatorOptions {
  /** Time limit per expression evaluation (default 1000 ms). */
  timeoutMs?: number;
  /** Memory limit of each isolate (default 128 MB). */
  memoryLimitMb?: number;
  /** Default time limit for runCode (default 30000 ms; expressions and Code have separate limits). */
  codeTimeoutMs?: number;
  /**
   * Told of every sandbox run (literal templates never reach the sandbox), for
   * gigaflow_sandbox_evaluations_total. Called on the hot path: it must be cheap and must not throw.
   */
  onEvaluation?: (kind: 'expression' | 'code', outcome: 'ok' | 'error' | 'timeout') => void;
}

export interface RunCodeOptions {
  timeoutMs?: number;
  /** n8n Code node mode; 'runOnceForEachItem' defines `item` (default 'runOnceForAllItems'). */
  mode?: 'runOnceForAllItems' | 'runOnceForEachItem';
  /** Receives the run's console output (at most 1000 lines / 64 KB per run), also when the code fails. */
  logs?: CodeLogLine[];
}

/** What runCode throws: an Error with the user's message (plus where it happened, if known). */
export class CodeExecutionError extends Error {
  override name = 'CodeExecutionError';
  /** 'syntax' | 'runtime' | 'timeout' | 'memory' | 'sandbox' | 'internal' */
  readonly kind: SandboxFailure['kind'];
  /** The name of the error the user's code threw (TypeError, Error, ...). */
  readonly errorName?: string;
  readonly description?: string;
  /** 1-based line in the user's code, when the isolate reported one. */
  readonly lineNumber?: number;
  constructor(failure: SandboxFailure) {
    super(failure.message);
    this.kind = failure.kind;
    this.errorName = failure.name;
    this.description = failure.description;
    this.lineNumber = failure.line;
  }
}

const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_CODE_TIMEOUT_MS = 30_000;
const DEFAULT_MEMORY_MB = 128;
const MAX_TEMPLATES = 10_000;

type CompiledTemplate = { kind: 'literal'; text: string } | { kind: 'code'; key: string; usesJson: boolean };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function positive(n: number | undefined, fallback: number, what: string): number {
  if (n === undefined) return fallback;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw new TypeError(`${what} must be a positive number`);
  return n;
}

class IsolatedExpressionEvaluator implements ExpressionEvaluator {
  private readonly timeoutMs: number;
  private readonly codeTimeoutMs: number;
  private readonly memoryLimitMb: number;
  private readonly onEvaluation: NonNullable<EvaluatorOptions['onEvaluation']>;
  private readonly templates = new Map<string, CompiledTemplate>();
  private expressions: SandboxIsolate | undefined;
  private code: SandboxIsolate | undefined;
  private disposed = false;

  constructor(opts: EvaluatorOptions) {
    this.timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    // Code gets its own limit: a host that tightens the expression limit must not cut Code down to it.
    this.codeTimeoutMs = positive(opts.codeTimeoutMs, DEFAULT_CODE_TIMEOUT_MS, 'codeTimeoutMs');
    this.memoryLimitMb = Math.max(8, positive(opts.memoryLimitMb, DEFAULT_MEMORY_MB, 'memoryLimitMb'));
    this.onEvaluation = opts.onEvaluation ?? (() => {});
  }

  isExpression(value: unknown): boolean {
    return typeof value === 'string' && value.charCodeAt(0) === 61; // '='
  }

  resolve(value: unknown, data: ExpressionData, paramPath: string): unknown {
    // Every template inside one parameter (e.g. all of Set's assignments) sees the same item:
    // serialize its JSON once per call, not once per template.
    this.jsonMemo = undefined;
    try {
      return this.resolveValue(value, data, paramPath, paramPath);
    } finally {
      this.jsonMemo = undefined;
    }
  }

  private jsonMemo: { json: string | undefined } | undefined;

  private itemJson(data: ExpressionData): string | undefined {
    return (this.jsonMemo ??= { json: currentJson(data) }).json;
  }

  evaluate(code: string, data: ExpressionData): unknown {
    if (typeof code !== 'string') throw new TypeError('evaluate() expects the expression code as a string');
    const key = JSON.stringify({ k: 1, c: code });
    try {
      const value = this.expressionSandbox().runExpression(key, code.includes('$json') ? currentJson(data) : undefined, data, this.timeoutMs);
      this.onEvaluation('expression', 'ok');
      return value;
    } catch (err) {
      this.onEvaluation('expression', outcomeOf(err));
      throw toExpressionError(err, undefined, undefined);
    }
  }

  async runCode(code: string, data: ExpressionData, opts: RunCodeOptions = {}): Promise<unknown> {
    if (typeof code !== 'string') throw new TypeError('runCode() expects the code as a string');
    const timeoutMs = positive(opts.timeoutMs, this.codeTimeoutMs, 'timeoutMs');
    const mode = opts.mode ?? 'runOnceForAllItems';
    try {
      const value = await this.codeSandbox().runCode(code, data, mode, timeoutMs, opts.logs);
      this.onEvaluation('code', 'ok');
      return value;
    } catch (err) {
      this.onEvaluation('code', outcomeOf(err));
      if (err instanceof SandboxFailureError) throw new CodeExecutionError(err.failure);
      throw err;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.expressions?.dispose();
    this.code?.dispose();
    this.expressions = undefined;
    this.code = undefined;
    this.templates.clear();
  }

  // -------------------------------------------------------------------------------------------

  private expressionSandbox(): SandboxIsolate {
    if (this.disposed) throw new SandboxFailureError({ kind: 'internal', message: 'The expression evaluator has been disposed' });
    return (this.expressions ??= new SandboxIsolate('expression', this.memoryLimitMb));
  }

  private codeSandbox(): SandboxIsolate {
    if (this.disposed) throw new SandboxFailureError({ kind: 'internal', message: 'The expression evaluator has been disposed' });
    return (this.code ??= new SandboxIsolate('code', this.memoryLimitMb));
  }

  private resolveValue(value: unknown, data: ExpressionData, paramPath: string, location: string): unknown {
    if (typeof value === 'string') {
      if (value.charCodeAt(0) !== 61) return value;
      return this.evaluateTemplate(value.slice(1), data, paramPath, location);
    }
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const r = this.resolveValue(v, data, paramPath, `${location}[${i}]`);
        if (r !== v) {
          out ??= value.slice();
          out[i] = r;
        }
      }
      return out ?? value;
    }
    if (isPlainObject(value)) {
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const v = value[key];
        const r = this.resolveValue(v, data, paramPath, location ? `${location}.${key}` : key);
        if (r !== v) {
          out ??= { ...value };
          out[key] = r;
        }
      }
      return out ?? value;
    }
    return value;
  }

  private compile(body: string): CompiledTemplate {
    let t = this.templates.get(body);
    if (t !== undefined) return t;
    const parsed = parseTemplate(body);
    if (parsed.kind === 'literal') t = { kind: 'literal', text: parsed.text };
    else if (parsed.kind === 'single') t = { kind: 'code', key: JSON.stringify({ k: 1, c: parsed.code }), usesJson: parsed.code.includes('$json') };
    else {
      const parts = parsed.parts.map((p) => (typeof p === 'string' ? p : { c: p.code }));
      t = { kind: 'code', key: JSON.stringify({ k: 2, p: parts }), usesJson: parts.some((p) => typeof p !== 'string' && p.c.includes('$json')) };
    }
    if (this.templates.size >= MAX_TEMPLATES) this.templates.clear();
    this.templates.set(body, t);
    return t;
  }

  private evaluateTemplate(body: string, data: ExpressionData, paramPath: string, location: string): unknown {
    const t = this.compile(body);
    if (t.kind === 'literal') return t.text;
    try {
      const value = this.expressionSandbox().runExpression(t.key, t.usesJson ? this.itemJson(data) : undefined, data, this.timeoutMs);
      this.onEvaluation('expression', 'ok');
      return value;
    } catch (err) {
      this.onEvaluation('expression', outcomeOf(err));
      throw toExpressionError(err, paramPath, location !== paramPath ? location : undefined);
    }
  }
}

/** The current item's JSON, serialized for the eager copy (undefined: let the isolate ask). */
function currentJson(data: ExpressionData): string | undefined {
  const item = data.inputItems?.[data.itemIndex];
  if (item === undefined || item === null || item.json === undefined || item.json === null) return undefined;
  return JSON.stringify(item.json);
}

const outcomeOf = (err: unknown): 'error' | 'timeout' => (err instanceof SandboxFailureError && err.failure.kind === 'timeout' ? 'timeout' : 'error');

function toExpressionError(err: unknown, parameter: string | undefined, location: string | undefined): Error {
  if (!(err instanceof SandboxFailureError)) {
    if (err instanceof ExpressionError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new ExpressionError(message, { parameter });
  }
  const f = err.failure;
  let description = f.description;
  if (f.kind === 'runtime' && f.name && f.name !== 'Error' && !description) description = `${f.name}: ${f.message}`;
  if (location) description = description ? `${description} (at ${location})` : `at ${location}`;
  const e = new ExpressionError(f.message, { parameter, description });
  return e;
}

export function createExpressionEvaluator(opts: EvaluatorOptions = {}): ExpressionEvaluator {
  return new IsolatedExpressionEvaluator(opts);
}
