// The Tests panel's pure parts: the JSON a case is edited as (what PUT takes), the skeleton of a
// new case (which the host's own checks accept), free names, and the parts of a failure shown.
import { describe, expect, it } from 'vitest';
import type { INode } from '../../../editor/src/api/types.ts';
import { caseJson, editableCase, failureDetails, freeName, newCase } from '../../../editor/src/components/tests/test-cases.ts';
import { checkCaseAgainstWorkflow, parseTestCase } from '../../../host/workflow-tests/validate.ts';
import type { StoredTestCase } from '../../../host/workflow-tests/types.ts';

const node = (name: string, type: string, parameters: Record<string, unknown> = {}, disabled = false): INode => ({ id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...(disabled ? { disabled } : {}) });
const hook = (name: string, parameters: Record<string, unknown>, disabled = false) => node(name, 'n8n-nodes-base.webhook', parameters, disabled);
const set = node('Confirm', 'n8n-nodes-base.set');

describe('a case as the user edits it', () => {
  it('leaves out what the host keeps (id, workflow, times) and keeps the rest in order', () => {
    const stored: StoredTestCase = {
      id: 'c1', workflowId: 'w1', createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
      name: 'Paid', description: 'd', trigger: { event: { a: 1 } }, pinned: { Lookup: [{ id: 1 }] }, expectations: [{ node: 'Confirm', notRun: true }], recordedFrom: 'e1',
    };
    expect(editableCase(stored)).toEqual({ name: 'Paid', description: 'd', trigger: { event: { a: 1 } }, pinned: { Lookup: [{ id: 1 }] }, expectations: [{ node: 'Confirm', notRun: true }], recordedFrom: 'e1' });
    expect(Object.keys(JSON.parse(caseJson(stored)))).toEqual(['name', 'description', 'trigger', 'pinned', 'expectations', 'recordedFrom']);
    expect(caseJson(stored)).toContain('\n  "trigger": {');
  });
});

describe('a new case', () => {
  it('calls the first enabled Webhook node with the method it answers, expecting success, and the host accepts it', () => {
    const nodes = [hook('Off', { httpMethod: 'PUT' }, true), hook('Intake', { httpMethod: 'POST', path: 'x' }), set];
    const c = newCase('New case', nodes);
    expect(c).toEqual({ name: 'New case', trigger: { node: 'Intake', webhook: { method: 'POST', body: {} } }, expectations: [{ outcome: 'success' }] });
    expect(parseTestCase(JSON.parse(JSON.stringify(c)))).toEqual(c);
    // The editor's INode is the host's with looser fields (onError a string): the check reads names only.
    expect(() => checkCaseAgainstWorkflow(c, { nodes } as unknown as Parameters<typeof checkCaseAgainstWorkflow>[1])).not.toThrow();
  });

  it('uses GET when the node gives no method, the first of several, and an empty event without a Webhook node', () => {
    expect(newCase('a', [hook('H', {})]).trigger).toEqual({ node: 'H', webhook: { method: 'GET', body: {} } });
    expect(newCase('a', [hook('H', { multipleMethods: true, httpMethod: ['patch', 'POST'] })]).trigger.webhook?.method).toBe('PATCH');
    const plain = newCase('a', [node('Start', 'n8n-nodes-base.manualTrigger'), set]);
    expect(plain.trigger).toEqual({ event: {} });
    expect(parseTestCase(plain)).toEqual(plain);
  });

  it('takes a free name: the base, else the first free "(n)"', () => {
    expect(freeName('New case', ['Other'])).toBe('New case');
    expect(freeName('New case', ['New case', 'New case (2)', 'New case (4)'])).toBe('New case (3)');
  });
});

describe('a failure shown', () => {
  it('lists node, path, expected and actual as compact JSON, only those given', () => {
    expect(failureDetails({ message: 'm', expectation: 0, node: 'Confirm', path: '[0].total', expected: 41, actual: { a: [1] } })).toEqual([
      { key: 'node', value: 'Confirm' },
      { key: 'path', value: '[0].total' },
      { key: 'expected', value: '41' },
      { key: 'actual', value: '{"a":[1]}' },
    ]);
    // An expected value with nothing found: JSON drops undefined, so "actual" is absent, not shown.
    expect(failureDetails({ message: 'the run failed', expected: 'success' })).toEqual([{ key: 'expected', value: '"success"' }]);
    expect(failureDetails({ message: 'the run failed' })).toEqual([]);
  });
});
