// The Insights page's pure helpers: the range kept in the address and turned into the API query,
// and the figures formatted per language.
import { describe, expect, it } from 'vitest';
import { insightsPath } from '../../../editor/src/api/insights.ts';
import { barPercent, bucketLabel, formatCount, formatMs, formatRate, successRate } from '../../../editor/src/components/insights/insights-format.ts';
import { MAX_CUSTOM_DAYS, filtersFromQuery, filtersToHash, localDay, sameFilters, toInsightsQuery, withCustomDay } from '../../../editor/src/components/insights/insights-range.ts';

// Vitest runs with the machine's zone; these tests reason in local days, which holds in any zone.
const localMidnight = (y: number, m: number, d: number) => new Date(y, m - 1, d).toISOString();

describe('insights range in the address', () => {
  it('reads presets, custom days and the workflow, and writes them back', () => {
    expect(filtersFromQuery('range=7d&workflowId=wf1')).toEqual({ range: '7d', workflowId: 'wf1' });
    expect(filtersFromQuery('?range=custom&from=2026-11-01&to=2026-11-07')).toEqual({ range: 'custom', from: '2026-11-01', to: '2026-11-07' });
    for (const f of [{ range: '30d' as const }, { range: 'custom' as const, from: '2026-11-01', to: '2026-11-07', workflowId: 'a b' }]) {
      const hash = filtersToHash(f);
      expect(filtersFromQuery(hash.slice(hash.indexOf('?')))).toEqual(f);
    }
    expect(filtersToHash({ range: '24h' })).toBe('#/insights?range=24h');
  });

  it('falls back to the last 24 hours for a broken hand-edited link, keeping the workflow', () => {
    expect(filtersFromQuery('')).toEqual({ range: '24h' });
    expect(filtersFromQuery('range=90d')).toEqual({ range: '24h' });
    expect(filtersFromQuery('range=custom&from=2026-02-30&to=2026-03-02')).toEqual({ range: '24h' });
    expect(filtersFromQuery('range=custom&from=2026-03-05&to=2026-03-02&workflowId=w')).toEqual({ range: '24h', workflowId: 'w' });
    expect(filtersFromQuery('range=custom&from=2026-03-05')).toEqual({ range: '24h' });
  });

  it('compares filter sets by what the address would hold', () => {
    expect(sameFilters({ range: '7d', from: '2026-01-01' }, { range: '7d' })).toBe(true);
    expect(sameFilters({ range: '7d' }, { range: '7d', workflowId: 'x' })).toBe(false);
  });
});

describe('custom range picking', () => {
  const range = { range: 'custom' as const, from: '2026-11-01', to: '2026-11-07', workflowId: 'w' };
  it('moves one end, dragging the other along when the range would turn backwards', () => {
    expect(withCustomDay(range, 'from', '2026-10-20')).toEqual({ ...range, from: '2026-10-20' });
    expect(withCustomDay(range, 'from', '2026-11-10')).toEqual({ ...range, from: '2026-11-10', to: '2026-11-10' });
    expect(withCustomDay(range, 'to', '2026-10-30')).toEqual({ ...range, from: '2026-10-30', to: '2026-10-30' });
  });

  it('keeps every step within a year, which the API accepts', () => {
    expect(MAX_CUSTOM_DAYS).toBe(366);
    expect(withCustomDay(range, 'from', '2020-01-01')).toEqual({ ...range, from: '2020-01-01', to: '2020-12-31' });
    expect(withCustomDay(range, 'to', '2028-03-01')).toEqual({ ...range, from: '2027-03-02', to: '2028-03-01' });
    const q = toInsightsQuery(withCustomDay(range, 'from', '2020-01-01'), new Date(), 'UTC');
    expect(Date.parse(q.to) - Date.parse(q.from)).toBeLessThanOrEqual(MAX_CUSTOM_DAYS * 86_400_000 + 3_600_000);
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('insights range to API query', () => {
  const now = new Date(2026, 10, 26, 15, 30);
  it('last 24 hours by hour, ending now', () => {
    expect(toInsightsQuery({ range: '24h' }, now, 'Europe/Paris')).toEqual({
      from: new Date(now.getTime() - 86_400_000).toISOString(),
      to: now.toISOString(),
      bucket: 'hour',
      tz: 'Europe/Paris',
    });
  });

  it('7 and 30 days by day, from local midnight so each day is one whole bar', () => {
    expect(toInsightsQuery({ range: '7d', workflowId: 'w1' }, now, 'UTC')).toEqual({ from: localMidnight(2026, 11, 20), to: now.toISOString(), bucket: 'day', tz: 'UTC', workflowId: 'w1' });
    expect(toInsightsQuery({ range: '30d' }, now, 'UTC')).toMatchObject({ from: localMidnight(2026, 10, 28), bucket: 'day' });
  });

  it('custom days include the last day; up to 2 days by hour, longer by day', () => {
    expect(toInsightsQuery({ range: 'custom', from: '2026-11-01', to: '2026-11-02' }, now, 'UTC')).toMatchObject({ from: localMidnight(2026, 11, 1), to: localMidnight(2026, 11, 3), bucket: 'hour' });
    expect(toInsightsQuery({ range: 'custom', from: '2026-11-01', to: '2026-11-03' }, now, 'UTC')).toMatchObject({ to: localMidnight(2026, 11, 4), bucket: 'day' });
  });

  it('puts every parameter in the path, the workflow only when set', () => {
    const q = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', bucket: 'hour' as const, tz: 'Europe/Paris' };
    expect(insightsPath(q)).toBe('/insights?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&bucket=hour&tz=Europe%2FParis');
    expect(insightsPath({ ...q, workflowId: 'w 1' })).toMatch(/&workflowId=w\+1$/);
  });
});

describe('insights figures per language', () => {
  it('durations from milliseconds to minutes, and a dash without runs', () => {
    expect(formatMs(350, 'en')).toBe('350 ms');
    expect(formatMs(1250, 'en')).toBe('1.3 s');
    expect(formatMs(1250, 'fr')).toBe('1,3 s');
    expect(formatMs(125_000, 'fr')).toBe('2 min 5 s');
    expect(formatMs(null, 'en')).toBe('–');
  });

  it('counts and rates', () => {
    expect(formatCount(100_000, 'en')).toBe('100,000');
    expect(formatCount(100_000, 'fr').replace(/\s/g, ' ')).toBe('100 000');
    expect(formatRate(0.4, 'en')).toBe('40%');
    expect(formatRate(0.125, 'fr').replace(/\s/g, ' ')).toBe('12,5 %');
    expect(successRate(3, 5)).toBe(0.6);
    expect(successRate(0, 0)).toBeNull();
  });

  it('bucket labels in the zone the buckets were cut in', () => {
    expect(bucketLabel('2026-11-26T13:00:00.000Z', 'hour', 'en', 'Europe/Paris')).toBe('26/11, 14:00');
    expect(bucketLabel('2026-11-25T23:00:00.000Z', 'day', 'en', 'Europe/Paris')).toBe('26 Nov');
    expect(bucketLabel('2026-11-25T23:00:00.000Z', 'day', 'fr', 'Europe/Paris')).toBe('26 nov.');
  });

  it('table bars relative to the largest value, never invisible when non-zero', () => {
    expect(barPercent(50, 200)).toBe(25);
    expect(barPercent(1, 100_000)).toBe(1);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(null, 10)).toBe(0);
  });
});
