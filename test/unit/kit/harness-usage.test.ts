// Node tests run workflows through the node harness (host/kit/testing.ts) or its helper layers
// (test/helpers/engine.ts, test/helpers/node-run.ts), never by calling the engine or the run API
// themselves: one runner means one place for credentials, input items and result shapes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Where node tests live. */
const SCANNED = ['test/unit/nodes', 'test/integration/nodes', 'test/compat'];

/** Ways to run a workflow without the harness, each with what to use instead. */
const BYPASSES: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /import\s*{[^}]*\brunWorkflow\b[^}]*}\s*from\s*['"][^'"]*engine\/execution(\.ts)?['"]/, what: 'imports the engine\'s runWorkflow (use createNodeHarness, or run() from test/helpers/engine.ts)' },
  { pattern: /(?<![.\w])runWorkflow\s*\(/, what: 'calls runWorkflow( directly (use harness.runWorkflow)' },
  // With or without the /api/v1 prefix (helpers often prepend it).
  { pattern: /['"`](\/api\/v1)?\/workflows\/run\b/, what: 'posts to /api/v1/workflows/run itself (use hostHarness or nodeRunner)' },
  { pattern: /\bexecutions\.run\s*\(/, what: 'runs through the execution service itself (use hostHarness)' },
];

/** The bypasses a source file contains: one line per finding, naming the pattern. */
export function bypassesIn(source: string): string[] {
  const code = source.replace(/^\s*\/\/.*$/gm, '');
  return BYPASSES.filter((b) => b.pattern.test(code)).map((b) => b.what);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

describe('node tests use the harness', () => {
  it('recognises each way of running a workflow without it, and not the harness calls', () => {
    expect(bypassesIn(`import { runWorkflow } from '../../../../host/engine/execution.ts';`)).toHaveLength(1);
    expect(bypassesIn(`const r = await runWorkflow(deps, { workflow: wf });`)).toHaveLength(1);
    expect(bypassesIn(`await t.api('/api/v1/workflows/run', { method: 'POST' });`)).toHaveLength(1);
    expect(bypassesIn(`await api('/workflows/run', { workflow });`)).toHaveLength(1);
    expect(bypassesIn(`await t.host.executions.run({ workflow, mode: 'manual' });`)).toHaveLength(1);
    expect(bypassesIn(`const r = await harness.runWorkflow(wf, { pinData });\nawait (await harness()).runNode({ type });`)).toEqual([]);
    expect(bypassesIn(`// this file used to post to /api/v1/workflows/run`)).toEqual([]);
  });

  it('finds no node test file that runs a workflow itself', () => {
    const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)));
    // An emptied or moved folder must not make this check pass by scanning nothing.
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => bypassesIn(readFileSync(file, 'utf8')).map((what) => `${relative(ROOT, file)} ${what}`));
    expect(findings).toEqual([]);
  });
});
