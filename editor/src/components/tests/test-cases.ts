// What the Tests panel computes without the page: a case as the JSON the user edits, the skeleton
// of a new case, and the parts of a failure to show. Whether the panel is open is shared, so
// "Record as test" on a past execution can open it on the way back to the editor.
import { reactive } from 'vue';
import type { INode } from '../../api/types.ts';
import type { StoredTestCase, TestFailure, WorkflowTestCase } from '../../api/tests.ts';

export const testsPanel = reactive({ open: false });

/** The case as the user edits it: what PUT takes, without the fields the host keeps. */
export function editableCase(c: StoredTestCase): WorkflowTestCase {
  const { id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, ...rest } = c;
  return rest;
}

export function caseJson(c: StoredTestCase): string {
  return JSON.stringify(editableCase(c), null, 2);
}

/** `base`, or `base (2)`, `base (3)`… when taken (names are unique per workflow; the host answers 409). */
export function freeName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} (${i})`)) return `${base} (${i})`;
}

const WEBHOOK = 'n8n-nodes-base.webhook';

/**
 * A case the host accepts and that says something: a call to the workflow's first Webhook node
 * (with the method it answers), else an empty event, expected to end in success. The user
 * fills in the body, pins and expectations in the JSON editor.
 */
export function newCase(name: string, nodes: INode[]): WorkflowTestCase {
  const hook = nodes.find((n) => n.type === WEBHOOK && !n.disabled);
  // One method, or the first of several (multipleMethods); the Webhook node's default is GET.
  const given = hook?.parameters.httpMethod;
  const method = String((Array.isArray(given) ? given[0] : given) ?? 'GET').toUpperCase();
  return {
    name,
    trigger: hook ? { node: hook.name, webhook: { method, body: {} } } : { event: {} },
    expectations: [{ outcome: 'success' }],
  };
}

/** The structured parts of a failure, beside its message; values as compact JSON. */
export function failureDetails(f: TestFailure): { key: 'node' | 'path' | 'expected' | 'actual'; value: string }[] {
  const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));
  const out: { key: 'node' | 'path' | 'expected' | 'actual'; value: string }[] = [];
  if (f.node) out.push({ key: 'node', value: f.node });
  if (f.path) out.push({ key: 'path', value: f.path });
  if ('expected' in f) out.push({ key: 'expected', value: show(f.expected) });
  if ('actual' in f) out.push({ key: 'actual', value: show(f.actual) });
  return out;
}
