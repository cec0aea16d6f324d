// Workflow test cases on SQLite (see storage.ts WorkflowTestRepository).
import { NotFoundError } from '../../model/errors.ts';
import type { StoredTestCase, WorkflowTestCase } from '../../workflow-tests/types.ts';
import { newId } from '../ids.ts';
import type { WorkflowTestRepository } from '../storage.ts';
import { testCaseDefinition, testCaseFromRow, testCaseNameTaken, testCaseRowId } from '../test-case-rows.ts';
import { type Db, isUniqueViolation, sqliteColumns } from './db.ts';

export class SqliteWorkflowTests implements WorkflowTestRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  #row = (row: Record<string, unknown>) => testCaseFromRow(row, sqliteColumns.time);

  #get(workflowId: string, id: string): StoredTestCase | undefined {
    const row = this.#db.stmt('SELECT * FROM workflow_tests WHERE workflow_id = ? AND id = ?').get(workflowId, id);
    return row ? this.#row(row) : undefined;
  }

  /** Inserts at the end; the caller runs it in a transaction. */
  #insert(workflowId: string, testCase: WorkflowTestCase, id = newId()): string {
    const db = this.#db;
    if (!db.stmt('SELECT 1 AS x FROM workflows WHERE id = ?').get(workflowId)) throw new NotFoundError(`Workflow ${workflowId} not found`);
    const position = Number(db.stmt('SELECT coalesce(max(position), -1) + 1 AS p FROM workflow_tests WHERE workflow_id = ?').get(workflowId)?.p ?? 0);
    const now = new Date().toISOString();
    try {
      db.stmt('INSERT INTO workflow_tests (id, workflow_id, name, position, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        workflowId,
        testCase.name,
        position,
        testCaseDefinition(testCase),
        now,
        now,
      );
    } catch (err) {
      throw isUniqueViolation(err) ? testCaseNameTaken(workflowId, testCase.name) : err;
    }
    return id;
  }

  async list(workflowId: string): Promise<StoredTestCase[]> {
    return this.#db.stmt('SELECT * FROM workflow_tests WHERE workflow_id = ? ORDER BY position, id').all(workflowId).map(this.#row);
  }

  async get(workflowId: string, id: string): Promise<StoredTestCase | undefined> {
    return this.#get(workflowId, id);
  }

  async create(workflowId: string, testCase: WorkflowTestCase): Promise<StoredTestCase> {
    const id = this.#db.tx(() => this.#insert(workflowId, testCase));
    return this.#get(workflowId, id)!;
  }

  async update(workflowId: string, id: string, testCase: WorkflowTestCase): Promise<StoredTestCase | undefined> {
    try {
      const changed = this.#db
        .stmt('UPDATE workflow_tests SET name = ?, definition = ?, updated_at = ? WHERE workflow_id = ? AND id = ?')
        .run(testCase.name, testCaseDefinition(testCase), new Date().toISOString(), workflowId, id).changes;
      return changed ? this.#get(workflowId, id) : undefined;
    } catch (err) {
      throw isUniqueViolation(err) ? testCaseNameTaken(workflowId, testCase.name) : err;
    }
  }

  async delete(workflowId: string, id: string): Promise<boolean> {
    return this.#db.stmt('DELETE FROM workflow_tests WHERE workflow_id = ? AND id = ?').run(workflowId, id).changes > 0;
  }

  async replaceAll(workflowId: string, cases: WorkflowTestCase[]): Promise<StoredTestCase[]> {
    this.#db.tx(() => {
      this.#db.stmt('DELETE FROM workflow_tests WHERE workflow_id = ?').run(workflowId);
      // A stored case put back (an undone import) keeps its id, so links to it still work.
      for (const c of cases) this.#insert(workflowId, c, testCaseRowId(c, newId));
    });
    return this.list(workflowId);
  }
}
