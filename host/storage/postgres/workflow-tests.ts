// Workflow test cases on PostgreSQL; same rules as sqlite/workflow-tests.ts.
import { NotFoundError } from '../../model/errors.ts';
import type { StoredTestCase, WorkflowTestCase } from '../../workflow-tests/types.ts';
import { newId } from '../ids.ts';
import type { WorkflowTestRepository } from '../storage.ts';
import { testCaseDefinition, testCaseFromRow, testCaseNameTaken, testCaseRowId } from '../test-case-rows.ts';
import { type PgDb, type Queryable, type Row, isUniqueViolation, pgColumns } from './db.ts';

const toCase = (row: Row) => testCaseFromRow(row, pgColumns.time);

export class PgWorkflowTests implements WorkflowTestRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async #insert(q: Queryable, workflowId: string, testCase: WorkflowTestCase, id = newId()): Promise<string> {
    // Locks the workflow row: cases added at once take their places one after the other.
    if (!(await q.query('SELECT 1 FROM workflows WHERE id = $1 FOR UPDATE', [workflowId])).rows.length) throw new NotFoundError(`Workflow ${workflowId} not found`);
    await q.query(
      `INSERT INTO workflow_tests (id, workflow_id, name, position, definition, created_at, updated_at)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position), -1) + 1 FROM workflow_tests WHERE workflow_id = $2), $4, now(), now())`,
      [id, workflowId, testCase.name, testCaseDefinition(testCase)],
    );
    return id;
  }

  /** A unique violation becomes the 409 naming the case (`name` is read after the failure). */
  async #named<T>(workflowId: string, name: () => string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      throw isUniqueViolation(err) ? testCaseNameTaken(workflowId, name()) : err;
    }
  }

  async list(workflowId: string): Promise<StoredTestCase[]> {
    return (await this.#db.query('SELECT * FROM workflow_tests WHERE workflow_id = $1 ORDER BY position, id', [workflowId])).rows.map(toCase);
  }

  async get(workflowId: string, id: string): Promise<StoredTestCase | undefined> {
    const row = await this.#db.one('SELECT * FROM workflow_tests WHERE workflow_id = $1 AND id = $2', [workflowId, id]);
    return row ? toCase(row) : undefined;
  }

  async create(workflowId: string, testCase: WorkflowTestCase): Promise<StoredTestCase> {
    const id = await this.#named(workflowId, () => testCase.name, () => this.#db.tx((q) => this.#insert(q, workflowId, testCase)));
    return (await this.get(workflowId, id))!;
  }

  async update(workflowId: string, id: string, testCase: WorkflowTestCase): Promise<StoredTestCase | undefined> {
    const row = await this.#named(workflowId, () => testCase.name, () =>
      this.#db.one('UPDATE workflow_tests SET name = $1, definition = $2, updated_at = now() WHERE workflow_id = $3 AND id = $4 RETURNING *', [
        testCase.name,
        testCaseDefinition(testCase),
        workflowId,
        id,
      ]),
    );
    return row ? toCase(row) : undefined;
  }

  async delete(workflowId: string, id: string): Promise<boolean> {
    return ((await this.#db.query('DELETE FROM workflow_tests WHERE workflow_id = $1 AND id = $2', [workflowId, id])).rowCount ?? 0) > 0;
  }

  async replaceAll(workflowId: string, cases: WorkflowTestCase[]): Promise<StoredTestCase[]> {
    let current = '';
    await this.#named(workflowId, () => current, () =>
      this.#db.tx(async (q) => {
        await q.query('DELETE FROM workflow_tests WHERE workflow_id = $1', [workflowId]);
        for (const c of cases) {
          current = c.name;
          // A stored case put back (an undone import) keeps its id, so links to it still work.
          await this.#insert(q, workflowId, c, testCaseRowId(c, newId));
        }
      }),
    );
    return this.list(workflowId);
  }
}
