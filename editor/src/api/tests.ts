// Workflow test cases (docs/workflow-tests.md): list, create, replace, delete and run a workflow's
// cases, and record a past execution as one. The shapes are host/workflow-tests/types.ts's own.
import { request } from './client.ts';
import type { CaseResult, StoredTestCase, TestReport, WorkflowTestCase } from '../../../host/workflow-tests/types.ts';

export type { CaseResult, StoredTestCase, TestFailure, TestReport, WorkflowTestCase } from '../../../host/workflow-tests/types.ts';

/** What POST /executions/:id/record-test answers: the stored case, the paths left unchecked, and warnings. */
export interface RecordedTest {
  testCase: StoredTestCase;
  ignored: string[];
  warnings: string[];
}

const enc = encodeURIComponent;
const base = (workflowId: string) => `/workflows/${enc(workflowId)}/tests`;

export const testsApi = {
  list: (workflowId: string) => request<{ data: StoredTestCase[] }>('GET', base(workflowId)),
  create: (workflowId: string, testCase: WorkflowTestCase) => request<StoredTestCase>('POST', base(workflowId), testCase),
  /** The body is taken as JSON the user typed: the host checks it and answers 400 naming the field. */
  update: (workflowId: string, id: string, testCase: unknown) => request<StoredTestCase>('PUT', `${base(workflowId)}/${enc(id)}`, testCase),
  remove: (workflowId: string, id: string) => request<void>('DELETE', `${base(workflowId)}/${enc(id)}`),
  runAll: (workflowId: string) => request<TestReport>('POST', `${base(workflowId)}/run`, {}),
  run: (workflowId: string, id: string) => request<CaseResult>('POST', `${base(workflowId)}/${enc(id)}/run`),
  record: (executionId: string, name?: string) => request<RecordedTest>('POST', `/executions/${enc(executionId)}/record-test`, name ? { name } : {}),
};
