import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../config.ts';
import { createRegistry } from '../../engine/registry.ts';
import { createExpressionEvaluator } from '../../expressions/evaluate.ts';
import { NotFoundError } from '../../model/index.ts';
import type { Workflow } from '../../model/index.ts';
import type { Storage } from '../../storage/storage.ts';
import { openStorage } from '../../storage/open.ts';
import { readTestFiles } from '../../workflow-tests/files.ts';
import { junitReport, textReport } from '../../workflow-tests/report.ts';
import { runSuite } from '../../workflow-tests/suite.ts';
import type { SuiteEntry } from '../../workflow-tests/suite.ts';
import { parse } from './shared.ts';
import type { Command } from './shared.ts';

async function allWorkflows(storage: Storage): Promise<Workflow[]> {
  const out: Workflow[] = [];
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await storage.workflows.list({ limit: 1000, cursor });
    out.push(...page.data);
    cursor = page.nextCursor;
  }
  return out;
}

/** One stored workflow's cases by id, or, without an id, those of every stored workflow that has some. */
async function storedEntries(storage: Storage, id: string | undefined): Promise<SuiteEntry[]> {
  const one = id ? await storage.workflows.get(id) : undefined;
  if (id && !one) throw new NotFoundError(`No file and no stored workflow named "${id}"`);
  const out: SuiteEntry[] = [];
  for (const workflow of one ? [one] : await allWorkflows(storage)) out.push({ workflow, cases: await storage.workflowTests.list(workflow.id) });
  return id ? out : out.filter((e) => e.cases.length);
}

export const testCommand: Command = {
  summary: 'Run workflow test cases in-process, with no outside calls',
  help: `Usage: gigaflow test [workflow-id | file | dir]... [--junit FILE] [--json]

Runs the test cases of workflows: from exported files (a file or every *.json in a folder, each
workflow with its "testCases"), from stored workflows by id, or, without arguments, of every
stored workflow. Each case runs in this process on the real engine and sandbox; nodes that talk
to outside systems (ERPNext, GenieACS, SNMP, TP-Link, Twilio, Gemini, HTTP, ...) never run:
they give their pinned output, and one without a pinned output fails its case, naming it.
Nothing is stored. $vars come from GIGAFLOW_VAR_* and each case's own "vars".

Exit code: 0 when every case passed, 1 when one failed (or none were found), 2 on bad input.

Options:
  --junit FILE   also write the results as JUnit XML (for CI servers)
  --json         print the report as JSON instead of text`,
  async run(args) {
    const { values, positionals } = parse(args, { junit: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig();
    const ids = positionals.filter((p) => !existsSync(p));
    let storage: Storage | undefined;
    const entries: SuiteEntry[] = [];
    try {
      if (ids.length || !positionals.length) storage = await openStorage(config);
      if (!positionals.length) entries.push(...(await storedEntries(storage!, undefined)));
      for (const target of positionals) entries.push(...(existsSync(target) ? await readTestFiles(target) : await storedEntries(storage!, target)));
    } finally {
      await storage?.close();
    }
    const registry = await createRegistry(config.nodesPath, (m) => process.stderr.write(`${m}\n`), { dataDir: config.dataDir });
    const expressions = createExpressionEvaluator({ timeoutMs: config.expressionTimeoutMs, codeTimeoutMs: config.codeTimeoutMs, memoryLimitMb: config.sandboxMemoryMb });
    try {
      const report = await runSuite({ registry, expressions, vars: config.vars }, entries);
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : textReport(report));
      if (values.junit) await writeFile(values.junit, junitReport(report));
      return report.failed === 0 && report.cases.length > 0 ? 0 : 1;
    } finally {
      expressions.dispose();
    }
  },
};
