// /api/v1/workflows/:id/tests: a workflow's test cases (list, create, read, replace, delete, run)
// and /api/v1/executions/:id/record-test, which turns a past execution into a case.
import { Router } from 'express';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import { createExpressionEvaluator } from '../../expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../expressions/evaluate.ts';
import { NotFoundError } from '../../model/index.ts';
import type { Storage } from '../../storage/storage.ts';
import { recordCase } from '../../workflow-tests/record.ts';
import { runTestCase } from '../../workflow-tests/run-case.ts';
import { runSuite } from '../../workflow-tests/suite.ts';
import { checkCaseAgainstWorkflow, parseTestCase } from '../../workflow-tests/validate.ts';
import type { StoredTestCase, WorkflowTestCase } from '../../workflow-tests/types.ts';
import type { Workflow } from '../../model/index.ts';
import { HttpError } from '../middleware/errors.ts';
import { param } from '../params.ts';
import { requireWorkflow } from './workflows.routes.ts';

export interface WorkflowTestRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
  /** The host's sandbox; an app built without one makes its own on the first test run. */
  expressions?: ExpressionEvaluator;
  vars: Record<string, string>;
}

async function requireCase(storage: Storage, workflowId: string, id: string): Promise<StoredTestCase> {
  const found = await storage.workflowTests.get(workflowId, id);
  if (!found) throw new NotFoundError(`Test case ${id} of workflow ${workflowId} not found`);
  return found;
}

function caseFromBody(body: unknown, workflow: Workflow): WorkflowTestCase {
  const testCase = parseTestCase(body, 'testCase');
  checkCaseAgainstWorkflow(testCase, workflow);
  return testCase;
}

/** "Recorded from execution 42", or with " (2)", " (3)"… when that name is taken. */
function freeName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

export function workflowTestRoutes(deps: WorkflowTestRouteDeps): Router {
  const { storage } = deps;
  let expressions = deps.expressions;
  const bench = {
    registry: deps.registry,
    get expressions() {
      return (expressions ??= createExpressionEvaluator());
    },
    vars: deps.vars,
  };
  const r = Router();

  r.get('/workflows/:id/tests', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    res.json({ data: await storage.workflowTests.list(workflow.id) });
  });

  r.post('/workflows/:id/tests', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    res.status(201).json(await storage.workflowTests.create(workflow.id, caseFromBody(req.body, workflow)));
  });

  // Runs every case of the workflow (or those named by {ids}) against its current version.
  r.post('/workflows/:id/tests/run', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    const ids = (req.body as { ids?: unknown } | undefined)?.ids;
    if (ids !== undefined && (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string')))
      throw new HttpError(400, '"ids" must be an array of test case ids', { field: 'ids' });
    const all = await storage.workflowTests.list(workflow.id);
    const cases = ids ? all.filter((c) => (ids as string[]).includes(c.id)) : all;
    if (ids && cases.length !== ids.length) throw new NotFoundError(`Test case ${(ids as string[]).find((i) => !all.some((c) => c.id === i))} of workflow ${workflow.id} not found`);
    res.json(await runSuite(bench, [{ workflow, cases }]));
  });

  r.get('/workflows/:id/tests/:testId', async (req, res) => {
    res.json(await requireCase(storage, param(req, 'id'), param(req, 'testId')));
  });

  r.put('/workflows/:id/tests/:testId', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    const testCase = caseFromBody(req.body, workflow);
    const updated = await storage.workflowTests.update(workflow.id, param(req, 'testId'), testCase);
    if (!updated) throw new NotFoundError(`Test case ${param(req, 'testId')} of workflow ${workflow.id} not found`);
    res.json(updated);
  });

  r.delete('/workflows/:id/tests/:testId', async (req, res) => {
    if (!(await storage.workflowTests.delete(param(req, 'id'), param(req, 'testId'))))
      throw new NotFoundError(`Test case ${param(req, 'testId')} of workflow ${param(req, 'id')} not found`);
    res.status(204).end();
  });

  r.post('/workflows/:id/tests/:testId/run', async (req, res) => {
    const workflow = await requireWorkflow(storage, param(req, 'id'));
    const testCase = await requireCase(storage, workflow.id, param(req, 'testId'));
    res.json(await runTestCase(bench, workflow, testCase, testCase.id));
  });

  // Body {name?}; answers the stored case, the paths left unchecked and any warnings.
  r.post('/executions/:id/record-test', async (req, res) => {
    const record = await storage.executions.get(param(req, 'id'));
    if (!record) throw new NotFoundError(`Execution ${param(req, 'id')} not found`);
    const workflow = await requireWorkflow(storage, record.workflowId);
    const given = (req.body as { name?: unknown } | undefined)?.name;
    if (given !== undefined && (typeof given !== 'string' || !given.trim())) throw new HttpError(400, '"name" must be a non-empty string', { field: 'name' });
    const taken = new Set((await storage.workflowTests.list(workflow.id)).map((c) => c.name));
    const name = typeof given === 'string' ? given.trim() : freeName(`Recorded from execution ${record.id}`, taken);
    const recorded = await recordCase(bench, { ...record, workflowData: record.workflowData ?? workflow }, name);
    // The case is checked against the current version: a node renamed since the run is named here.
    checkCaseAgainstWorkflow(recorded.testCase, workflow);
    const stored = await storage.workflowTests.create(workflow.id, recorded.testCase);
    res.status(201).json({ testCase: stored, ignored: recorded.ignored, warnings: recorded.warnings });
  });

  return r;
}
