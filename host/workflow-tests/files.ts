// Test cases from exported workflow files: a file holds one workflow or an array of them (our
// export shape), each with its `testCases`; a folder is every *.json in it. Errors name the file.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { parseWorkflowDefinition } from '../workflows/io.ts';
import type { SuiteEntry } from './suite.ts';
import { parseTestCases } from './validate.ts';

export async function readTestFiles(path: string): Promise<SuiteEntry[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const out: SuiteEntry[] = [];
  for (const file of files) {
    try {
      const json: unknown = JSON.parse(await readFile(file, 'utf8'));
      const list = Array.isArray(json) ? json : [json];
      list.forEach((raw, i) => {
        const prefix = Array.isArray(json) ? `[${i}].` : '';
        const def = parseWorkflowDefinition(raw, prefix);
        const workflow: Workflow = { ...def, id: def.id ?? file, active: false, settings: def.settings ?? {} };
        out.push({ workflow, cases: parseTestCases((raw as { testCases?: unknown }).testCases, workflow, `${prefix}testCases`) });
      });
    } catch (err) {
      const e = err as Error & { field?: string; node?: string };
      throw new ValidationError(`${file}: ${e.message}`, { ...(e.field ? { field: e.field } : {}), ...(e.node ? { node: e.node } : {}) });
    }
  }
  return out;
}
