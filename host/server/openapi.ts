// OpenAPI 3.1 description of every HTTP route. Served at GET /api/v1/openapi.json; a test
// checks that the paths here and the routes Express has registered are the same set.

import { openApiSchemas } from './openapi-schemas.ts';
import { workflowTestSchemas } from './openapi-test-schemas.ts';

type Schema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const query = (name: string, description: string, schema: Schema = { type: 'string' }) => ({ name, in: 'query', required: false, schema, description });
const body = (schema: Schema, required = true) => ({ required, content: { 'application/json': { schema } } });
const page = (item: string): Schema => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
  },
});
const list = (item: string): Schema => ({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref(item) } } });

const paging = [
  query('limit', 'Page size, 1 to 250 (default 50).', { type: 'integer', minimum: 1, maximum: 250 }),
  query('cursor', 'The `nextCursor` of the previous page.'),
];
const id = pathParam('id', 'Workflow id.');
const exportFormat = query(
  'format',
  '`gigaflow` (default): conditions as stored, JSONLogic. `n8n`: If/Switch/Filter conditions as n8n filters (If v1 as its condition lists) where ' +
    'representable; `meta.gigaflowUnconverted` lists the nodes that kept JSONLogic (docs/conditions.md, "Back to n8n").',
  { type: 'string', enum: ['gigaflow', 'n8n'], default: 'gigaflow' },
);
const executionId = pathParam('id', 'Execution id.');
const credentialId = pathParam('id', 'Credential id.');
const versionId = pathParam('versionId', 'Version id (see the versions list).');
const testId = pathParam('testId', 'Test case id.');
const credentialTestResult: Schema = {
  type: 'object',
  required: ['status', 'message'],
  properties: {
    status: { enum: ['OK', 'Error'] },
    message: { type: 'string', description: 'What worked or what to check, with the HTTP status and the server message; secrets are masked as ***.' },
  },
};
const credentialTestInput: Schema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', description: 'Credential type name, e.g. httpHeaderAuth.' },
    data: { type: 'object', description: 'The credential fields to test.' },
    id: { type: 'string', description: 'A stored credential of the same type whose values fill the fields left out or blank.' },
    name: { type: 'string' },
  },
};
const common = { 400: err('Invalid request (names the field or node at fault)'), 401: err('Missing or invalid API key') };
const notFound = { 404: err('Not found') };

function op(tag: string, summary: string, rest: Operation): Operation {
  return { tags: [tag], summary, ...rest, responses: { ...common, ...(rest.responses as object) } };
}

const webhookOp = (summary: string): Operation => ({
  tags: ['webhooks'],
  summary,
  security: [],
  parameters: [pathParam('path', 'The path declared by the Webhook node (may contain several segments).')],
  requestBody: {
    required: false,
    description: 'JSON, urlencoded, text/* or any other type (kept raw). The exact bytes are available to nodes for signature checks.',
    content: { '*/*': { schema: {} } },
  },
  responses: {
    200: { description: 'What the workflow answers (per the Webhook node\'s response mode).' },
    400: err('Malformed body'),
    404: err('No workflow listens on this method and path'),
    413: err('Body larger than GIGAFLOW_BODY_LIMIT'),
  },
});

const webhookMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Gigaflow API',
    version: '1.0.0',
    description:
      'REST API of the Gigaflow workflow host. Workflows use n8n\'s JSON format. Every /api route needs an `X-Api-Key` header, ' +
      'or the identity header set by a trusted ForwardAuth proxy (GIGAFLOW_TRUSTED_PROXIES, GIGAFLOW_IDENTITY_HEADER). ' +
      'Errors are JSON: `{ error, message, node?, field? }`.',
  },
  servers: [{ url: '/' }],
  security: [{ apiKey: [] }, { proxyIdentity: [] }],
  tags: [
    { name: 'workflows' },
    { name: 'executions' },
    { name: 'tests', description: 'Workflow test cases (docs/workflow-tests.md)' },
    { name: 'credentials' },
    { name: 'node-types' },
    { name: 'events' },
    { name: 'expressions' },
    { name: 'conditions' },
    { name: 'webhooks' },
    { name: 'templates' },
    { name: 'system' },
  ],
  paths: {
    '/healthz': { get: { tags: ['system'], summary: 'Liveness: 200 while the process serves', security: [], responses: { 200: json({ type: 'object' }) } } },
    '/readyz': {
      get: { tags: ['system'], summary: 'Readiness', security: [], responses: { 200: json({ type: 'object' }, 'Ready'), 503: json({ type: 'object' }, 'Not ready') } },
    },
    '/metrics': {
      get: {
        tags: ['system'],
        summary: 'Prometheus metrics (unauthenticated; counts and timings only)',
        security: [],
        responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    '/webhook/{path}': Object.fromEntries(webhookMethods.map((m) => [m, webhookOp('Production webhook of an active workflow')])),
    '/webhook-test/{path}': Object.fromEntries(webhookMethods.map((m) => [m, webhookOp('Test webhook: one call while a test run listens')])),
    '/api/v1/openapi.json': {
      get: { tags: ['system'], summary: 'This document (no API key needed)', security: [], responses: { 200: json({ type: 'object' }) } },
    },

    '/api/v1/workflows': {
      get: op('workflows', 'List workflows', {
        parameters: [
          query('name', 'Case-insensitive substring of the name.'),
          query('active', 'Only active (true) or inactive (false) workflows.', { type: 'boolean' }),
          query('tag', 'Only workflows with this tag.'),
          ...paging,
        ],
        responses: { 200: json(page('Workflow')) },
      }),
      post: op('workflows', 'Create a workflow (validated against the installed node types)', {
        requestBody: body(ref('WorkflowInput')),
        responses: { 201: json(ref('Workflow'), 'Created') },
      }),
    },
    '/api/v1/workflows/run': {
      post: op('workflows', 'Run an unsaved workflow (manual mode)', {
        requestBody: body({
          oneOf: [
            { allOf: [ref('RunRequest'), { type: 'object', required: ['workflow'], properties: { workflow: ref('WorkflowInput') } }] },
            { allOf: [ref('WorkflowInput'), ref('RunRequest')] },
          ],
        }),
        responses: { 200: json(ref('Execution'), 'The finished execution (node failures are in status/error)') },
      }),
    },
    '/api/v1/workflows/import': {
      post: op('workflows', 'Import workflows (ours or n8n export JSON; one or an array); all-or-nothing', {
        parameters: [query('activate', 'Activate every imported workflow.', { type: 'boolean' })],
        requestBody: body({ oneOf: [ref('WorkflowInput'), { type: 'array', items: ref('WorkflowInput') }] }),
        responses: { 201: json(list('Workflow'), 'Imported (an existing id is updated, others created)'), 409: err('Webhook path taken (with activate=true)') },
      }),
    },
    '/api/v1/workflows/export': {
      get: op('workflows', 'Export all workflows as stable, diffable JSON', {
        parameters: [query('name', 'Name filter.'), query('active', 'Active filter.', { type: 'boolean' }), query('tag', 'Tag filter.'), exportFormat],
        responses: { 200: json({ type: 'array', items: ref('WorkflowExport') }) },
      }),
    },
    '/api/v1/workflows/{id}': {
      get: op('workflows', 'Get a workflow', { parameters: [id], responses: { 200: json(ref('Workflow')), ...notFound } }),
      put: op('workflows', 'Replace a workflow definition (new version; re-registers an active workflow)', {
        parameters: [id],
        requestBody: body(ref('WorkflowInput')),
        responses: { 200: json(ref('Workflow')), ...notFound, 409: err('Webhook path taken by another workflow') },
      }),
      patch: op('workflows', 'Change some top-level fields (name, nodes, connections, settings, tags, pinData, meta, staticData)', {
        parameters: [id],
        requestBody: body({ type: 'object' }),
        responses: { 200: json(ref('Workflow')), ...notFound, 409: err('Webhook path taken by another workflow') },
      }),
      delete: op('workflows', 'Delete a workflow (deactivated first)', { parameters: [id], responses: { 204: { description: 'Deleted' }, ...notFound } }),
    },
    '/api/v1/workflows/{id}/export': {
      get: op('workflows', 'Export one workflow', { parameters: [id, exportFormat], responses: { 200: json(ref('WorkflowExport')), ...notFound } }),
    },
    '/api/v1/workflows/{id}/versions': {
      get: op('workflows', 'List saved versions, oldest first', { parameters: [id], responses: { 200: json(list('WorkflowVersionMeta')), ...notFound } }),
    },
    '/api/v1/workflows/{id}/versions/{versionId}': {
      get: op('workflows', 'Get one version with its definition', { parameters: [id, versionId], responses: { 200: json(ref('WorkflowVersion')), ...notFound } }),
    },
    '/api/v1/workflows/{id}/versions/{versionId}/restore': {
      post: op('workflows', 'Save an old version\'s definition as the newest version', {
        parameters: [id, versionId],
        responses: { 200: json(ref('Workflow')), ...notFound },
      }),
    },
    '/api/v1/workflows/{id}/activate': {
      post: op('workflows', 'Activate: register webhooks and triggers', {
        parameters: [id],
        responses: { 200: json(ref('Workflow')), ...notFound, 409: err('Webhook path taken by another workflow') },
      }),
    },
    '/api/v1/workflows/{id}/deactivate': {
      post: op('workflows', 'Deactivate', { parameters: [id], responses: { 200: json(ref('Workflow')), ...notFound } }),
    },
    '/api/v1/workflows/{id}/run': {
      post: op('workflows', 'Run a saved workflow now (manual mode)', {
        parameters: [id],
        requestBody: body(ref('RunRequest'), false),
        responses: { 200: json(ref('Execution'), 'The finished execution (node failures are in status/error)'), ...notFound },
      }),
    },

    '/api/v1/workflows/{id}/listen': {
      post: op('workflows', 'Wait for one call to the workflow\'s /webhook-test/ URL and answer its execution', {
        parameters: [id],
        requestBody: body({ type: 'object', properties: { timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, default: 120000 } } }, false),
        responses: { 200: json(ref('Execution')), ...notFound, 408: err('No test call arrived in time') },
      }),
    },

    '/api/v1/executions': {
      get: op('executions', 'List executions, newest first', {
        parameters: [
          query('workflowId', 'Only this workflow.'),
          query('status', 'Only this status.', ref('ExecutionStatus')),
          query('mode', 'Only this mode.', ref('ExecutionMode')),
          query('startedAfter', 'ISO 8601 lower bound of startedAt.', { type: 'string', format: 'date-time' }),
          query('startedBefore', 'ISO 8601 upper bound of startedAt.', { type: 'string', format: 'date-time' }),
          ...paging,
        ],
        responses: { 200: json(page('ExecutionSummary')) },
      }),
    },
    '/api/v1/insights': {
      get: op('executions', 'Execution analytics of a range: counts, error rate, p50/p95 per workflow and node, top errors, SMS and vision calls', {
        parameters: [
          query('from', 'ISO 8601 start (down to its hour); default: 24 hours before `to`.', { type: 'string', format: 'date-time' }),
          query('to', 'ISO 8601 end (up to the end of its hour); default: now. At most 400 days after `from`.', { type: 'string', format: 'date-time' }),
          query('bucket', 'Series step; default hour up to 2 days, else day. hour only up to 31 days.', { type: 'string', enum: ['hour', 'day'] }),
          query('tz', 'IANA time zone of the day buckets; default UTC.', { type: 'string', examples: ['Europe/Paris'] }),
          query('workflowId', 'Only this workflow.'),
        ],
        responses: { 200: json(ref('InsightsReport')) },
      }),
    },
    '/api/v1/executions/{id}': {
      get: op('executions', 'Get an execution with per-node run data', { parameters: [executionId], responses: { 200: json(ref('Execution')), ...notFound } }),
      delete: op('executions', 'Delete an execution (canceled first if running)', {
        parameters: [executionId],
        responses: { 204: { description: 'Deleted' }, ...notFound },
      }),
    },
    '/api/v1/workflows/{id}/tests': {
      get: op('tests', "List a workflow's test cases, oldest first", { parameters: [id], responses: { 200: json(list('StoredTestCase')), ...notFound } }),
      post: op('tests', 'Add a test case', {
        parameters: [id],
        requestBody: body(ref('WorkflowTestCase')),
        responses: { 201: json(ref('StoredTestCase'), 'Created'), ...notFound, 409: err('A case of that name exists') },
      }),
    },
    '/api/v1/workflows/{id}/tests/run': {
      post: op('tests', 'Run the workflow\'s test cases (all, or those in {ids}) in the host, with no outside calls', {
        parameters: [id],
        requestBody: body({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } } } }, false),
        responses: { 200: json(ref('TestReport')), ...notFound },
      }),
    },
    '/api/v1/workflows/{id}/tests/{testId}': {
      get: op('tests', 'Get a test case', { parameters: [id, testId], responses: { 200: json(ref('StoredTestCase')), ...notFound } }),
      put: op('tests', 'Replace a test case', {
        parameters: [id, testId],
        requestBody: body(ref('WorkflowTestCase')),
        responses: { 200: json(ref('StoredTestCase')), ...notFound, 409: err('A case of that name exists') },
      }),
      delete: op('tests', 'Delete a test case', { parameters: [id, testId], responses: { 204: { description: 'Deleted' }, ...notFound } }),
    },
    '/api/v1/workflows/{id}/tests/{testId}/run': {
      post: op('tests', 'Run one test case', { parameters: [id, testId], responses: { 200: json(ref('TestCaseResult')), ...notFound } }),
    },
    '/api/v1/executions/{id}/record-test': {
      post: op('tests', 'Record a finished execution as a test case of its workflow (trigger input, pinned outside calls, final output)', {
        parameters: [executionId],
        requestBody: body({ type: 'object', properties: { name: { type: 'string', description: 'Default: "Recorded from execution <id>"' } } }, false),
        responses: { 201: json(ref('RecordedTestCase'), 'Recorded'), ...notFound, 409: err('The execution has not finished') },
      }),
    },
    '/api/v1/executions/{id}/retry': {
      post: op('executions', 'Re-run a finished execution with the workflow it used', {
        parameters: [executionId],
        responses: { 200: json(ref('Execution'), 'The new execution'), ...notFound, 409: err('Still running') },
      }),
    },
    '/api/v1/executions/{id}/cancel': {
      post: op('executions', 'Cancel a running execution', {
        parameters: [executionId],
        responses: {
          200: json({ type: 'object', properties: { id: { type: 'string' }, canceled: { const: true } } }),
          ...notFound,
          409: err('Not running in this process'),
        },
      }),
    },

    '/api/v1/credentials': {
      get: op('credentials', 'List credentials (never their secrets)', {
        parameters: [query('type', 'Only this credential type.')],
        responses: { 200: json(list('Credential')) },
      }),
      post: op('credentials', 'Create a credential; `data` is encrypted at rest and never returned', {
        requestBody: body(ref('CredentialInput')),
        responses: { 201: json(ref('Credential'), 'Created') },
      }),
    },
    '/api/v1/credentials/test': {
      post: op('credentials', "Test unsaved credential fields (the editor's form) with the type's test request or a node's test method", {
        description:
          'With `id`, fields left out or blank are taken from that stored credential, so an edit can be tested without retyping secrets. ' +
          'A completed test answers 200 also when the credential does not work (`status: "Error"`); the message never contains secret values.',
        requestBody: body(credentialTestInput),
        responses: { 200: json(credentialTestResult, 'The test result'), ...notFound },
      }),
    },
    '/api/v1/credentials/{id}/test': {
      post: op('credentials', 'Test a stored credential (15 s limit)', {
        parameters: [credentialId],
        responses: { 200: json(credentialTestResult, 'The test result (also when the credential does not work)'), ...notFound },
      }),
    },
    '/api/v1/credentials/{id}': {
      get: op('credentials', 'Get a credential (without secrets)', {
        description:
          'With `includeData=true`, adds what an edit form may show: `data` holds the values of declared plain fields (URL, user, timeout) and ' +
          '`secretFields` only the names of the stored write-only fields (passwords, keys, tokens), whose values are never returned.',
        parameters: [credentialId, query('includeData', 'true: add `data` (plain fields only) and `secretFields` (names).', { type: 'string', enum: ['true', 'false'] })],
        responses: { 200: json(ref('Credential')), ...notFound },
      }),
      put: op('credentials', 'Update a credential; given `data` fields are merged over the stored ones', {
        parameters: [credentialId],
        requestBody: body(ref('CredentialUpdate')),
        responses: { 200: json(ref('Credential')), ...notFound },
      }),
      patch: op('credentials', 'Same as PUT', {
        parameters: [credentialId],
        requestBody: body(ref('CredentialUpdate')),
        responses: { 200: json(ref('Credential')), ...notFound },
      }),
      delete: op('credentials', 'Delete a credential', { parameters: [credentialId], responses: { 204: { description: 'Deleted' }, ...notFound } }),
    },

    '/api/v1/node-types': {
      get: op('node-types', 'Every installed node type with its full description; `loadProblems`: node packages rejected at load, each message naming the file and field', {
        responses: { 200: json({ ...list('NodeTypeDescription'), properties: { data: { type: 'array', items: ref('NodeTypeDescription') }, loadProblems: { type: 'array', items: { type: 'string' } } } }) },
      }),
    },
    '/api/v1/node-types/translations/{locale}': {
      get: op('node-types', "n8n-style node translations (translations/<locale>.json beside each node file): `nodes` by full type name, `credentials` by credential type (from the nodes' credentialsModal sections)", {
        parameters: [pathParam('locale', 'A supported locale: en or fr (en answers empty maps).')],
        responses: {
          200: json({
            type: 'object',
            required: ['nodes', 'credentials'],
            properties: {
              nodes: { type: 'object', additionalProperties: { type: 'object', properties: { header: { type: 'object' }, nodeView: { type: 'object' }, credentialsModal: { type: 'object' } } } },
              credentials: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'object' } } },
            },
          }),
          404: err('Unsupported locale'),
        },
      }),
    },
    '/api/v1/node-types/ports': {
      post: op('node-types', "Input count and output names of workflow nodes, evaluating descriptions whose ports depend on parameters (Switch) in the host's sandbox", {
        description:
          'For the editor\'s canvas: a description\'s `inputs`/`outputs` may be an `={{ }}` expression over `$parameter`; it runs in the host\'s sandbox ' +
          '(same limits as workflow runs), never in the browser. Unnamed outputs of a multi-output node are `output i`; `onError: continueErrorOutput` adds `error`. ' +
          'An unknown type or an expression that fails answers the fallback (1 input, one unnamed output) with `error` saying why; only a malformed body is a 400.',
        requestBody: body({
          type: 'object',
          required: ['nodes'],
          properties: {
            nodes: {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                required: ['name', 'type'],
                properties: { name: { type: 'string' }, type: { type: 'string' }, typeVersion: { type: 'number' }, parameters: { type: 'object' }, onError: { type: 'string' } },
              },
            },
          },
        }),
        responses: {
          200: json({
            type: 'object',
            required: ['ports'],
            properties: {
              ports: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  required: ['inputs', 'outputs'],
                  properties: { inputs: { type: 'integer' }, outputs: { type: 'array', items: { type: 'string' } }, error: { type: 'string' } },
                },
              },
            },
          }),
        },
      }),
    },
    '/api/v1/node-types/{type}/load-options': {
      post: op('node-types', "Run a node's loadOptions method (dynamic dropdowns) with the given parameters and credential references", {
        responses: { 200: json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: {} } } } } }) },
      }),
    },
    '/api/v1/node-types/{type}': {
      get: op('node-types', 'One node type (latest version, or `?version=`)', {
        parameters: [pathParam('type', 'Full type name, e.g. n8n-nodes-base.set (URL-encode a slash).'), query('version', 'Type version.', { type: 'number' })],
        responses: { 200: json(ref('NodeTypeDescription')), ...notFound },
      }),
    },
    '/api/v1/credential-types': {
      get: op('node-types', 'Every installed credential type', { responses: { 200: json(list('CredentialType')) } }),
    },
    '/api/v1/credential-types/{name}': {
      get: op('node-types', 'One credential type', {
        parameters: [pathParam('name', 'Credential type name, e.g. httpBasicAuth.')],
        responses: { 200: json(ref('CredentialType')), ...notFound },
      }),
    },

    '/api/v1/catalogs/erpnext': {
      get: op('node-types', 'The shipped ERPNext doctype field catalogs (doctypes that hold documents)', {
        responses: { 200: json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: { type: 'object', properties: { doctype: { type: 'string' }, module: { type: 'string' } } } } } }) },
      }),
    },
    '/api/v1/catalogs/erpnext/{doctype}': {
      get: op('node-types', "One doctype's fields (label, fieldname, fieldtype; Table fields carry their child doctype's fields as `children`), then the standard fields", {
        parameters: [pathParam('doctype', 'Doctype name, e.g. Issue (URL-encoded).')],
        responses: {
          200: json({
            type: 'object',
            properties: {
              doctype: { type: 'string' },
              module: { type: 'string' },
              istable: { enum: [0, 1] },
              fields: { type: 'array', items: { type: 'object', properties: { fieldname: { type: 'string' }, label: { type: 'string' }, fieldtype: { type: 'string' }, options: { type: ['string', 'null'] }, reqd: { enum: [0, 1] }, children: { type: 'array', items: { type: 'object' } } } } },
            },
          }),
          ...notFound,
        },
      }),
    },

    '/api/v1/conditions/test': {
      post: op('conditions', 'Evaluate a JSONLogic condition on sample items with the evaluator runs use (the editor\'s "test against sample data")', {
        description:
          'Each item is seen as If/Switch/Filter see it (its fields, `$json`, `$itemIndex`). An item the rule fails on answers `{index, error}`; ' +
          'a missing or invalid rule (bad JSON, unknown operator, `={{ }}` operands, which only a run resolves) or bad items is a 400 naming the field.',
        requestBody: body({
          type: 'object',
          required: ['rule', 'items'],
          properties: {
            rule: { description: 'A JSONLogic rule, its JSON text, or `{"jsonLogic": rule}`.' },
            items: { type: 'array', maxItems: 1000, items: { type: 'object' }, description: "The items' JSON." },
            timezone: { type: 'string', description: 'IANA zone for dates without an offset (default UTC).' },
          },
        }),
        responses: {
          200: json({
            type: 'object',
            required: ['results'],
            properties: {
              results: {
                type: 'array',
                items: {
                  oneOf: [
                    { type: 'object', required: ['index', 'pass'], properties: { index: { type: 'integer' }, pass: { type: 'boolean' } } },
                    { type: 'object', required: ['index', 'error'], properties: { index: { type: 'integer' }, error: { type: 'string' } } },
                  ],
                },
              },
            },
          }),
        },
      }),
    },

    '/api/v1/expressions/preview': {
      post: op('expressions', "Evaluate one expression parameter in the host's sandbox with the editor's sample data (live preview)", {
        description:
          'The expression is the parameter value as stored (`={{ $json.name }}`). `input` holds the JSON of the node\'s input items ($json, $input), ' +
          '`nodes` the output item JSON of upstream nodes ($(\'Node\')). An expression that fails answers 200 with `error` (`segment`: the 0-based `{{ }}` that fails); ' +
          'only a malformed body is a 400. Same time and memory limits as workflow runs; context up to 2 MB.',
        requestBody: body({
          type: 'object',
          required: ['expression'],
          properties: {
            expression: { type: 'string', description: 'Starts with "=".' },
            itemIndex: { type: 'integer', minimum: 0, default: 0 },
            input: { type: 'array', items: { type: 'object' } },
            nodes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
            workflowNodes: { type: 'array', items: { type: 'string' }, description: "Every node name of the workflow ($('Node') of a node without data says it has not run)." },
            node: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, typeVersion: { type: 'number' } } },
            workflow: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, active: { type: 'boolean' }, timezone: { type: 'string' } } },
            prevNode: { type: 'string' },
          },
        }),
        responses: {
          200: json({
            oneOf: [
              { type: 'object', required: ['value', 'type'], properties: { value: {}, type: { type: 'string', description: 'typeof the value (undefined, null and array too).' } } },
              {
                type: 'object',
                required: ['error'],
                properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, description: { type: 'string' }, segment: { type: 'integer' } } } },
              },
            ],
          }),
          413: err('Context larger than 2 MB'),
        },
      }),
    },

    '/api/v1/templates': {
      get: op('templates', 'The templates gallery: every workflow file of the templates folder, summarised for a card and a diagram', {
        responses: { 200: json(list('Template')) },
      }),
    },
    '/api/v1/templates/{id}': {
      get: op('templates', "One template: the gallery's summary plus the whole workflow definition (`workflow`)", {
        parameters: [pathParam('id', 'Template id, e.g. tpl-payment-received.')],
        responses: { 200: json({ allOf: [ref('Template'), { type: 'object', properties: { workflow: ref('WorkflowInput') } }] }), ...notFound },
      }),
    },
    '/api/v1/templates/{id}/use': {
      post: op('templates', 'Store a new, inactive copy of the template (new id, same name, meta.templateId) and list the credentials it needs', {
        description: 'Credential references stay by name until set; `candidates` are the stored credentials of each type. Assign them with PUT /api/v1/workflows/{id}.',
        parameters: [pathParam('id', 'Template id, e.g. tpl-payment-received.')],
        responses: {
          201: json(
            {
              type: 'object',
              required: ['workflow', 'credentials'],
              properties: {
                workflow: ref('Workflow'),
                credentials: {
                  type: 'array',
                  items: { allOf: [ref('TemplateCredential'), { type: 'object', properties: { candidates: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } } } }] },
                },
              },
            },
            'The new workflow',
          ),
          ...notFound,
        },
      }),
    },

    '/api/v1/events': {
      get: op('events', 'Live host events as Server-Sent Events', {
        description:
          'Each event is sent as `event: <type>` and `data: <JSON of HostEvent>`. A comment line is sent every 15 s as heartbeat.',
        parameters: [query('workflowId', 'Only events of this workflow.')],
        responses: { 200: { description: 'An endless text/event-stream', content: { 'text/event-stream': { schema: ref('HostEvent') } } } },
      }),
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      proxyIdentity: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Authentik-Email',
        description: 'Set by a ForwardAuth proxy; honoured only from addresses in GIGAFLOW_TRUSTED_PROXIES (header name: GIGAFLOW_IDENTITY_HEADER).',
      },
    },
    schemas: { ...openApiSchemas, ...workflowTestSchemas },
  },
} as const;

/** `/api/v1/workflows/:id` → `/api/v1/workflows/{id}`; `/webhook/*path` → `/webhook/{path}`. */
export function expressPathToOpenApi(path: string): string {
  return path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');
}
