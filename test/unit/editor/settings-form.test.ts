// The settings dialog's form ↔ stored settings conversion (editor/src/components/settings/settings-form.ts).
import { describe, expect, it } from 'vitest';
import { fromForm, timeZones, toForm } from '../../../editor/src/components/settings/settings-form.ts';
import { load, redo, setSettings, toInput, undo, wf } from '../../../editor/src/stores/workflow.store.ts';

const stored = {
  executionOrder: 'v1',
  callerPolicy: 'workflowsFromSameOwner',
  errorWorkflow: 'wf-9',
  timezone: 'Europe/Paris',
  executionTimeout: 120,
  saveDataSuccessExecution: 'none',
  saveDataErrorExecution: 'all',
  saveManualExecutions: false,
  maxConcurrency: 3,
  triggerCondition: { '==': [{ var: 'status' }, 'Unpaid'] },
};

describe('workflow settings form', () => {
  it('shows stored settings as fields and gives back the same settings, other keys kept', () => {
    const form = toForm(stored);
    expect(form).toMatchObject({ errorWorkflow: 'wf-9', timezone: 'Europe/Paris', executionTimeout: '120', saveManualExecutions: 'false', maxConcurrency: '3' });
    const { settings, errors } = fromForm(form, stored);
    expect(errors).toEqual({});
    expect(settings).toEqual(stored);
  });

  it("reads n8n's DEFAULT and -1 as empty fields, and removes fields left at their default", () => {
    const form = toForm({ timezone: 'DEFAULT', errorWorkflow: 'DEFAULT', executionTimeout: -1, saveManualExecutions: 'DEFAULT', maxConcurrency: -1 });
    expect(form).toEqual({ errorWorkflow: '', timezone: '', executionTimeout: '', saveDataSuccessExecution: 'DEFAULT', saveDataErrorExecution: 'DEFAULT', saveManualExecutions: 'DEFAULT', maxConcurrency: '', triggerCondition: '' });
    const cleared = fromForm({ ...toForm(stored), errorWorkflow: '', timezone: '', executionTimeout: '', saveDataSuccessExecution: 'DEFAULT', saveDataErrorExecution: 'DEFAULT', saveManualExecutions: 'DEFAULT', maxConcurrency: '', triggerCondition: '' }, stored);
    // A timeout that was set becomes -1 (n8n's "no limit"); everything else goes.
    expect(cleared.settings).toEqual({ executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner', executionTimeout: -1 });
  });

  it('accepts the numbers a number input hands over', () => {
    const form = { ...toForm({}), executionTimeout: 45 as unknown as string, maxConcurrency: 2 as unknown as string };
    expect(fromForm(form, {}).settings).toEqual({ executionTimeout: 45, maxConcurrency: 2 });
  });

  it('names every field it cannot store', () => {
    const form = { ...toForm({}), timezone: 'Mars/Olympus', executionTimeout: '0', maxConcurrency: '1.5', triggerCondition: '{"==": [' };
    const { errors } = fromForm(form, {});
    expect(Object.keys(errors).sort()).toEqual(['executionTimeout', 'maxConcurrency', 'timezone', 'triggerCondition']);
    expect(errors.timezone).toContain('Mars/Olympus');
  });

  it('offers IANA zones including UTC', () => {
    const zones = timeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('America/New_York');
  });

  it('applies settings to the store as one undoable edit that marks the workflow unsaved and is sent on save', () => {
    load({ id: 'w1', name: 'W', active: false, createdAt: '', updatedAt: '', nodes: [], connections: {}, settings: { executionOrder: 'v1' } });
    setSettings({ executionOrder: 'v1' });
    expect(wf.dirty).toBe(false); // unchanged: no edit
    setSettings({ executionOrder: 'v1', maxConcurrency: 2 });
    expect(wf.dirty).toBe(true);
    expect(toInput().settings).toEqual({ executionOrder: 'v1', maxConcurrency: 2 });
    expect(undo()).toBe(true);
    expect(wf.settings).toEqual({ executionOrder: 'v1' });
    expect(redo()).toBe(true);
    expect(wf.settings).toEqual({ executionOrder: 'v1', maxConcurrency: 2 });
  });
});
