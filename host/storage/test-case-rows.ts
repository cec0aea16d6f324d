// Test case rows, once for both databases: the case's name and place are columns, the rest
// (trigger, pinned outputs, vars, expectations) one JSON text, as the API gives it.
import { ValidationError } from '../model/errors.ts';
import type { StoredTestCase, WorkflowTestCase } from '../workflow-tests/types.ts';

type Row = Record<string, unknown>;

export function testCaseDefinition(testCase: WorkflowTestCase): string {
  const { name: _name, ...rest } = testCase;
  return JSON.stringify(rest);
}

export function testCaseFromRow(row: Row, time: (value: unknown) => string): StoredTestCase {
  const rest = JSON.parse(String(row.definition)) as Omit<WorkflowTestCase, 'name'>;
  return { id: String(row.id), workflowId: String(row.workflow_id), name: String(row.name), ...rest, createdAt: time(row.created_at), updatedAt: time(row.updated_at) };
}

export function testCaseNameTaken(workflowId: string, name: string): ValidationError {
  return new ValidationError(`Workflow ${workflowId} already has a test case named "${name}"`, { status: 409, field: 'name' });
}
