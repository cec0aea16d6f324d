// Live updates of the executions list: started executions go on top when they match the filters,
// finished ones update in place, and a finished one the list lacks is read (fetch) then inserted.
import { describe, expect, it } from 'vitest';
import type { ExecutionSummary } from '../../../editor/src/api/executions.ts';
import { applyEvent, insertRow, isExecutionEvent, upsertRow } from '../../../editor/src/components/executions/execution-events.ts';
import { durationMs, formatDuration } from '../../../editor/src/components/executions/execution-format.ts';

const row = (id: string, startedAt: string, extra: Partial<ExecutionSummary> = {}): ExecutionSummary => ({ id, workflowId: 'w1', mode: 'webhook', status: 'success', startedAt, ...extra });
const existing = [row('e2', '2026-11-26T10:02:00.000Z'), row('e1', '2026-11-26T10:01:00.000Z', { status: 'error' })];
const started = (id: string, extra: Record<string, string> = {}) => ({ type: 'execution.started' as const, executionId: id, workflowId: 'w1', mode: 'webhook', at: '2026-11-26T10:03:00.000Z', ...extra });
const finished = (id: string, status: string, extra: Record<string, string> = {}) => ({ type: 'execution.finished' as const, executionId: id, workflowId: 'w1', status, at: '2026-11-26T10:03:01.500Z', ...extra });

describe('applyEvent', () => {
  it('puts a started execution on top as running', () => {
    const { rows, fetch } = applyEvent(existing, started('e3'), {});
    expect(rows.map((r) => [r.id, r.status])).toEqual([['e3', 'running'], ['e2', 'success'], ['e1', 'error']]);
    expect(rows[0]).toMatchObject({ workflowId: 'w1', mode: 'webhook', startedAt: '2026-11-26T10:03:00.000Z' });
    expect(fetch).toBeUndefined();
  });

  it('lists a queued execution as new, and turns it running in place when it gets its slot', () => {
    const queued = { ...started('e3'), type: 'execution.queued' as const };
    const afterQueue = applyEvent(existing, queued, {}).rows;
    expect(afterQueue.map((r) => [r.id, r.status])).toEqual([['e3', 'new'], ['e2', 'success'], ['e1', 'error']]);
    const { rows } = applyEvent(afterQueue, started('e3', { at: '2026-11-26T10:03:05.000Z' }), {});
    expect(rows[0]).toMatchObject({ id: 'e3', status: 'running', startedAt: '2026-11-26T10:03:05.000Z' });
    expect(rows).toHaveLength(3);
    expect(isExecutionEvent('execution.queued')).toBe(true);
  });

  it('leaves out a started execution of another workflow or mode than filtered, and one already listed', () => {
    expect(applyEvent(existing, started('e3', { workflowId: 'w2' }), { workflowId: 'w1' }).rows).toBe(existing);
    expect(applyEvent(existing, started('e3', { mode: 'manual' }), { mode: 'webhook' }).rows).toBe(existing);
    expect(applyEvent(existing, started('e2'), {}).rows).toBe(existing);
  });

  it('a status filter other than running holds the start back', () => {
    expect(applyEvent(existing, started('e3'), { status: 'error' }).rows).toBe(existing);
  });

  it('updates a finished execution in place with its stop time', () => {
    const afterStart = applyEvent(existing, started('e3'), {}).rows;
    const { rows, fetch } = applyEvent(afterStart, finished('e3', 'success'), {});
    expect(rows[0]).toMatchObject({ id: 'e3', status: 'success', stoppedAt: '2026-11-26T10:03:01.500Z' });
    expect(rows).toHaveLength(3);
    expect(afterStart[0].status).toBe('running');
    expect(fetch).toBeUndefined();
  });

  it('updates a failed execution in place and asks to read it for its error message', () => {
    const afterStart = applyEvent(existing, started('e3'), {}).rows;
    const { rows, fetch } = applyEvent(afterStart, finished('e3', 'error'), {});
    expect(rows[0]).toMatchObject({ id: 'e3', status: 'error' });
    expect(fetch).toBe('e3');
    const read = row('e3', '2026-11-26T10:03:00.000Z', { status: 'error', error: { message: 'Dispatch failed' } });
    const merged = upsertRow(rows, read, {});
    expect(merged.map((r) => r.id)).toEqual(['e3', 'e2', 'e1']);
    expect(merged[0].error?.message).toBe('Dispatch failed');
  });

  it('asks to read a finished execution the list lacks when it can match, not otherwise', () => {
    expect(applyEvent(existing, finished('e3', 'error'), { status: 'error' })).toEqual({ rows: existing, fetch: 'e3' });
    expect(applyEvent(existing, finished('e3', 'success'), { status: 'error' })).toEqual({ rows: existing });
    expect(applyEvent(existing, finished('e3', 'error', { workflowId: 'w2' }), { workflowId: 'w1' })).toEqual({ rows: existing });
  });
});

describe('insertRow', () => {
  it('inserts by start time, newest first, once, and only when it matches', () => {
    const middle = row('e15', '2026-11-26T10:01:30.000Z');
    expect(insertRow(existing, middle, {}).map((r) => r.id)).toEqual(['e2', 'e15', 'e1']);
    expect(insertRow(existing, row('e0', '2026-11-26T09:00:00.000Z'), {}).map((r) => r.id)).toEqual(['e2', 'e1', 'e0']);
    expect(insertRow(existing, existing[0], {})).toBe(existing);
    expect(insertRow(existing, middle, { status: 'error' })).toBe(existing);
  });
});

describe('event types and durations', () => {
  it('knows the execution events', () => {
    expect(isExecutionEvent('execution.started')).toBe(true);
    expect(isExecutionEvent('node.finished')).toBe(false);
  });

  it('formats durations in the reader\'s language', () => {
    expect(durationMs('2026-11-26T10:00:00.000Z', undefined)).toBeNull();
    expect(formatDuration(durationMs('2026-11-26T10:00:00.000Z', '2026-11-26T10:00:00.350Z'), 'en')).toBe('350 ms');
    expect(formatDuration(1234, 'en')).toBe('1.2 s');
    expect(formatDuration(1234, 'fr')).toBe('1,2 s');
    expect(formatDuration(125_000, 'en')).toBe('2 min 5 s');
    expect(formatDuration(null, 'en')).toBe('');
  });
});
