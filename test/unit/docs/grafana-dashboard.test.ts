// docs/grafana/gigaflow-dashboard.json cannot drift from the code: every metric its PromQL names
// (panels and variables) is one a real host's /metrics lists, and it is importable (a
// ${DS_PROMETHEUS} input, every panel on the templated data source).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/host.ts';
import type { TestHost } from '../../helpers/host.ts';
import { scrape } from '../../helpers/prometheus.ts';

const DASHBOARD = new URL('../../../docs/grafana/gigaflow-dashboard.json', import.meta.url);

interface Target {
  expr: string;
  refId: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  gridPos: { h: number; w: number; x: number; y: number };
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names a PromQL expression selects: identifiers left once strings, label matchers, ranges, groupings and function calls are set aside. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()/g)].map((m) => m[1]);
  return names.filter((n) => !PROMQL_WORDS.has(n.toLowerCase()));
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  const panels: Panel[] = dashboard.panels;
  const graphs = panels.filter((p) => p.type !== 'row');
  const variables: { name: string; type: string; query?: { query: string } | string }[] = dashboard.templating.list;
  let t: TestHost;
  let exposed: Set<string>;
  beforeAll(async () => {
    t = await startTestHost();
    exposed = (await scrape(t.url)).seriesNames();
  });
  afterAll(() => t?.close());

  it('reads metric names out of PromQL', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le, node_type) (rate(a_bucket{job=~"$job", x="y{z}"}[$__rate_interval]))) / on (x) b_total * 60 > bool 1e-9')).toEqual(['a_bucket', 'b_total']);
  });

  it('queries only metrics a real host exposes', () => {
    const exprs = [
      ...graphs.flatMap((p) => (p.targets ?? []).map((target) => ({ where: `panel "${p.title}" ${target.refId}`, expr: target.expr }))),
      ...variables.filter((v) => v.type === 'query').map((v) => ({ where: `variable ${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query!.query })),
    ];
    expect(exprs.length).toBeGreaterThan(15);
    const unknown = exprs.flatMap(({ where, expr }) => metricNames(expr.replace(/^label_values\((.*),\s*\w+\)$/, '$1')).filter((n) => !exposed.has(n)).map((n) => `${where}: ${n}`));
    expect(unknown).toEqual([]);
  });

  it('shows every gigaflow metric of issue 14', () => {
    const used = new Set(graphs.flatMap((p) => (p.targets ?? []).flatMap((target) => metricNames(target.expr))));
    for (const family of ['gigaflow_executions_total', 'gigaflow_execution_duration_seconds', 'gigaflow_node_duration_seconds', 'gigaflow_webhook_duration_seconds', 'gigaflow_queue_jobs', 'gigaflow_executions_in_flight', 'gigaflow_sandbox_evaluations_total', 'gigaflow_http_requests_total'])
      expect([...used].some((n) => n === family || n.startsWith(`${family}_`)), family).toBe(true);
    expect(used).toContain('gigaflow_process_resident_memory_bytes');
    expect(used).toContain('gigaflow_nodejs_eventloop_lag_p99_seconds');
  });

  it('imports with a Prometheus input and puts every panel on the templated data source', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus', current: { value: '${DS_PROMETHEUS}' } });
    for (const p of graphs) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const target of p.targets ?? []) expect(target.datasource?.uid, p.title).toBe('${datasource}');
    }
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
  });
});
