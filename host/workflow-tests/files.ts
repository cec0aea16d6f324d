// Test cases from exported workflow files: a file holds one workflow or an array of them (any
// shape the import takes), each with its `testCases`; a folder is every *.json in it. Errors name the file.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workflow } from '../model/index.ts';
import { ValidationError } from '../model/index.ts';
import { parseWorkflowImportWithTests } from '../workflows/io.ts';
import type { SuiteEntry } from './suite.ts';

export async function readTestFiles(path: string): Promise<SuiteEntry[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const out: SuiteEntry[] = [];
  for (const file of files) {
    try {
      for (const { workflow: def, testCases } of parseWorkflowImportWithTests(JSON.parse(await readFile(file, 'utf8')))) {
        const workflow: Workflow = { ...def, id: def.id ?? file, active: false, settings: def.settings ?? {} };
        out.push({ workflow, cases: testCases ?? [] });
      }
    } catch (err) {
      const e = err as Error & { field?: string; node?: string };
      throw new ValidationError(`${file}: ${e.message}`, { ...(e.field ? { field: e.field } : {}), ...(e.node ? { node: e.node } : {}) });
    }
  }
  return out;
}
