// Component schemas of workflow test cases (docs/workflow-tests.md), beside openapi-schemas.ts.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const items = { type: 'array', items: { type: 'object' } };
const pinnedRun = {
  oneOf: [
    { type: 'object', required: ['outputs'], properties: { outputs: { type: 'array', items, description: 'Items (their JSON) per output' } } },
    { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, description: { type: 'string' }, httpCode: { type: 'string' } } } } },
  ],
};

export const workflowTestSchemas = {
  WorkflowTestCase: {
    type: 'object',
    description: 'A test case: trigger input, pinned outputs of outside-calling nodes, expectations.',
    required: ['name', 'trigger', 'expectations'],
    properties: {
      name: { type: 'string' },
      description: { type: 'string' },
      trigger: {
        type: 'object',
        description: 'Exactly one of webhook, schedule or event; `node` picks the trigger node.',
        properties: {
          node: { type: 'string' },
          webhook: { type: 'object', properties: { method: { type: 'string' }, headers: { type: 'object' }, query: { type: 'object' }, params: { type: 'object' }, body: {} } },
          schedule: { type: 'object', required: ['time'], properties: { time: { type: 'string', format: 'date-time' } } },
          event: { oneOf: [{ type: 'object' }, items] },
        },
      },
      pinned: {
        type: 'object',
        description: 'Node name → items of output 0, one run ({outputs} or {error}) or {runs: [...]}.',
        additionalProperties: { oneOf: [items, pinnedRun, { type: 'object', required: ['runs'], properties: { runs: { type: 'array', items: pinnedRun } } }] },
      },
      vars: { type: 'object', additionalProperties: { type: 'string' } },
      expectations: {
        type: 'array',
        description: '{node, match, path?, output?, run?, ignore?} | {node, jsonLogic, items?} | {node, notRun: true} | {response: {status?, body?, headers?}} | {outcome, errorNode?, errorMessage?}',
        items: { type: 'object' },
      },
      recordedFrom: { type: 'string', description: 'The execution the case was recorded from.' },
    },
  },
  StoredTestCase: {
    allOf: [
      ref('WorkflowTestCase'),
      { type: 'object', required: ['id', 'workflowId', 'createdAt', 'updatedAt'], properties: { id: { type: 'string' }, workflowId: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' } } },
    ],
  },
  TestCaseResult: {
    type: 'object',
    required: ['workflowId', 'case', 'passed', 'durationMs', 'failures', 'execution'],
    properties: {
      workflowId: { type: 'string' },
      workflowName: { type: 'string' },
      caseId: { type: 'string' },
      case: { type: 'string' },
      passed: { type: 'boolean' },
      durationMs: { type: 'integer' },
      failures: {
        type: 'array',
        items: {
          type: 'object',
          required: ['message'],
          properties: { message: { type: 'string' }, expectation: { type: 'integer' }, node: { type: 'string' }, path: { type: 'string' }, expected: {}, actual: {} },
        },
      },
      execution: { type: 'object', properties: { status: { type: 'string' }, lastNodeExecuted: { type: 'string' }, error: { type: 'object' }, nodesRun: { type: 'array', items: { type: 'string' } } } },
    },
  },
  TestReport: {
    type: 'object',
    required: ['passed', 'failed', 'durationMs', 'cases'],
    properties: { passed: { type: 'integer' }, failed: { type: 'integer' }, durationMs: { type: 'integer' }, cases: { type: 'array', items: ref('TestCaseResult') } },
  },
  RecordedTestCase: {
    type: 'object',
    required: ['testCase', 'ignored', 'warnings'],
    properties: {
      testCase: ref('StoredTestCase'),
      ignored: { type: 'array', items: { type: 'string' }, description: 'Paths of the first expectation that changed between replays (times, random ids), left unchecked.' },
      warnings: { type: 'array', items: { type: 'string' }, description: 'What the replays could not reproduce; empty when the case passes as recorded.' },
    },
  },
};
