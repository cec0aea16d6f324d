// Test case rows, once for both databases: the case's name and place are columns, the rest
// (trigger, pinned outputs, vars, expectations) one JSON text, as the API gives it.
import { ValidationError } from '../model/errors.ts';
import type { StoredTestCase, WorkflowTestCase } from '../workflow-tests/types.ts';

type Row = Record<string, unknown>;

/**
 * The JSON column: the case without its name and without storage fields. A StoredTestCase written
 * back (an undone import puts the listed cases back) must not carry its old id or times into the
 * JSON, where they would shadow the row's own.
 */
export function testCaseDefinition(testCase: WorkflowTestCase): string {
  const { name: _name, id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, ...rest } = testCase as WorkflowTestCase & Partial<StoredTestCase>;
  return JSON.stringify(rest);
}

/** The id a new row takes: the case's own when it is a stored case being put back, else a fresh one. */
export function testCaseRowId(testCase: WorkflowTestCase, fresh: () => string): string {
  const id = (testCase as Partial<StoredTestCase>).id;
  return typeof id === 'string' && id ? id : fresh();
}

export function testCaseFromRow(row: Row, time: (value: unknown) => string): StoredTestCase {
  // The columns win over anything the JSON holds; name comes first, as the API and exports show it.
  const { id: _id, workflowId: _wf, name: _name, createdAt: _c, updatedAt: _u, ...rest } = JSON.parse(String(row.definition)) as Partial<StoredTestCase>;
  return { id: String(row.id), workflowId: String(row.workflow_id), name: String(row.name), ...(rest as Omit<WorkflowTestCase, 'name'>), createdAt: time(row.created_at), updatedAt: time(row.updated_at) };
}

export function testCaseNameTaken(workflowId: string, name: string): ValidationError {
  return new ValidationError(`Workflow ${workflowId} already has a test case named "${name}"`, { status: 409, field: 'name' });
}
