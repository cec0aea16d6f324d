// The executions view's filters: read from and written to the hash query (so a reload keeps them),
// turned into the API's query, and applied to rows that arrive live.
import { describe, expect, it } from 'vitest';
import { executionsPath } from '../../../editor/src/api/executions.ts';
import { filtersFromQuery, filtersToHash, matchesFilters, queryOfHash, sameFilters, toApiQuery } from '../../../editor/src/components/executions/execution-filters.ts';

describe('execution filters in the hash query', () => {
  it('round-trips every filter through the hash', () => {
    const f = { workflowId: 'wf 1/é', status: 'error', mode: 'webhook', from: '2026-11-01', to: '2026-11-26' };
    const hash = filtersToHash(f);
    expect(hash).toBe('#/executions?workflowId=wf+1%2F%C3%A9&status=error&mode=webhook&from=2026-11-01&to=2026-11-26');
    expect(filtersFromQuery(queryOfHash(hash))).toEqual(f);
  });

  it('writes no query without filters and leaves out empty ones', () => {
    expect(filtersToHash({})).toBe('#/executions');
    expect(filtersToHash({ status: '', mode: 'manual' })).toBe('#/executions?mode=manual');
    expect(queryOfHash('#/executions')).toBe('');
  });

  it('drops unknown statuses and modes and malformed days from a hand-edited link', () => {
    expect(filtersFromQuery('status=exploded&mode=telepathy&from=yesterday&to=2026-13-45&workflowId=w1')).toEqual({ workflowId: 'w1' });
    expect(filtersFromQuery('?status=canceled')).toEqual({ status: 'canceled' });
  });

  it('compares filter sets by value, missing and empty alike', () => {
    expect(sameFilters({ status: 'error' }, { status: 'error', mode: undefined })).toBe(true);
    expect(sameFilters({ status: 'error' }, { status: 'success' })).toBe(false);
  });
});

describe('execution filters for the API', () => {
  it('sends whole local days as UTC instants, the last day included', () => {
    const q = toApiQuery({ workflowId: 'w1', status: 'error', from: '2026-11-01', to: '2026-11-26' });
    expect(q).toEqual({
      workflowId: 'w1',
      status: 'error',
      startedAfter: new Date(2026, 10, 1).toISOString(),
      startedBefore: new Date(2026, 10, 27).toISOString(),
    });
    expect(toApiQuery({})).toEqual({});
  });

  it('builds the list path with only the parameters given', () => {
    expect(executionsPath({})).toBe('/executions');
    expect(executionsPath({ status: 'error', limit: 50, cursor: undefined, mode: '' })).toBe('/executions?status=error&limit=50');
  });
});

describe('matchesFilters', () => {
  const row = { workflowId: 'w1', status: 'success', mode: 'webhook', startedAt: new Date(2026, 10, 26, 23, 59).toISOString() };

  it('applies workflow, status and mode', () => {
    expect(matchesFilters(row, {})).toBe(true);
    expect(matchesFilters(row, { workflowId: 'w1', status: 'success', mode: 'webhook' })).toBe(true);
    expect(matchesFilters(row, { workflowId: 'w2' })).toBe(false);
    expect(matchesFilters(row, { status: 'error' })).toBe(false);
    expect(matchesFilters(row, { mode: 'manual' })).toBe(false);
  });

  it('keeps a start late on the last day and drops one before the first', () => {
    expect(matchesFilters(row, { from: '2026-11-26', to: '2026-11-26' })).toBe(true);
    expect(matchesFilters(row, { to: '2026-11-25' })).toBe(false);
    expect(matchesFilters(row, { from: '2026-11-27' })).toBe(false);
  });
});
