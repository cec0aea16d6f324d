// Loads what describes a deployment — docker-compose.yml, the Traefik dynamic config, the
// Dockerfile, docs/deploy.md's variable table, README's env table and the variables the code
// reads — into plain data that compose.test.ts checks (and that its tests break on purpose).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Env = Record<string, string>;

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment: Env;
  labels: Record<string, string>;
  depends_on: Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
  networks: Record<string, { ipv4_address?: string } | null>;
  deploy?: { replicas?: number | string };
  secrets?: unknown[];
  ports?: unknown[];
  [key: string]: unknown;
}

export interface Deployment {
  services: Record<string, ComposeService>;
  networks: Record<string, { name?: string; ipam?: { config?: { subnet?: string }[] } } | null>;
  /** Traefik's file-provider configuration (deploy/traefik/dynamic.yml). */
  dynamic: { http?: { middlewares?: Record<string, Record<string, Record<string, unknown>>> } };
  dockerfile: string;
  /** Rows of docs/deploy.md's variable table. */
  deployTable: Map<string, { default: string; services: string[] }>;
  /** Rows of README.md's configuration table: name → default. */
  readmeTable: Map<string, string>;
  /** GIGAFLOW_* names the code under host/ and nodes/ reads from the environment. */
  codeReads: Set<string>;
  /** The `.env` keys deploy/env.example lists. */
  envExample: Env;
  nodeMajor: { nvmrc: string; devDependency: string };
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** Compose's variable interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}. */
export function interpolate(text: string, env: Env): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, dollar, name, op, arg, bare) => {
    if (dollar === '$') return '$';
    if (bare) return env[bare] ?? '';
    const value = env[name];
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (op?.endsWith('-')) return unset ? interpolate(arg, env) : value;
    if (op?.endsWith('?') && unset) throw new Error(`${whole}: ${name} is required (${arg})`);
    return value ?? '';
  });
}

function interpolateAll(value: unknown, env: Env): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  return value;
}

/** Compose allows a list of `K=V` or a map for environment and labels. */
function keyValues(value: unknown): Record<string, string> {
  if (!value) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((entry) => {
      const s = String(entry);
      const at = s.indexOf('=');
      return at < 0 ? [s, ''] : [s.slice(0, at), s.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function normalizeService(raw: Record<string, unknown>): ComposeService {
  const command = raw.command === undefined ? undefined : Array.isArray(raw.command) ? raw.command.map(String) : String(raw.command).trim().split(/\s+/);
  const dependsOn = Array.isArray(raw.depends_on)
    ? Object.fromEntries(raw.depends_on.map((name) => [String(name), {}]))
    : ((raw.depends_on ?? {}) as Record<string, { condition?: string }>);
  const networks = Array.isArray(raw.networks)
    ? Object.fromEntries(raw.networks.map((name) => [String(name), null]))
    : ((raw.networks ?? {}) as ComposeService['networks']);
  return { ...raw, command, environment: keyValues(raw.environment), labels: keyValues(raw.labels), depends_on: dependsOn, networks } as ComposeService;
}

/** KEY=VALUE lines; empty values (passwords to fill in) get a placeholder so required variables resolve. */
export function parseEnvFile(text: string): Env {
  const env: Env = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].trim() || `example-${m[1].toLowerCase()}`;
  }
  return env;
}

/** Cells of one markdown table row (`\|` does not split). */
function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

/** The rows of the first table whose header starts with `header` (cells compared exactly). */
export function tableRows(markdown: string, header: string[]): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('|') && header.every((h, i) => cells(l)[i] === h));
  if (start < 0) throw new Error(`no table with header | ${header.join(' | ')} |`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

export function parseDeployTable(markdown: string): Deployment['deployTable'] {
  const rows = tableRows(markdown, ['variable', 'default', 'set in docker-compose.yml on']);
  return new Map(rows.map((r) => [unquote(r[0]), { default: r[1], services: r[2] === '—' ? [] : r[2].split(',').map((s) => s.trim()) }]));
}

export function parseReadmeTable(markdown: string): Deployment['readmeTable'] {
  const rows = tableRows(markdown, ['variable', 'default', 'meaning']);
  return new Map(rows.filter((r) => r[0].startsWith('`GIGAFLOW_')).map((r) => [unquote(r[0]), r[1]]));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !join(e.parentPath, e.name).includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

/** `env.NAME`, `env['NAME']`, and quoted prefixes such as 'GIGAFLOW_VAR_' (read with startsWith). */
export function envReads(root: string): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles(join(root, 'host')), ...sourceFiles(join(root, 'nodes'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/env(?:\.|\[['"])(GIGAFLOW_[A-Z0-9_]+)/g)) names.add(m[1]);
    for (const m of text.matchAll(/['"`](GIGAFLOW_[A-Z0-9_]+_)['"`]/g)) names.add(m[1]);
  }
  return names;
}

export function loadDeployment(root: string): Deployment {
  const envExample = parseEnvFile(read(root, 'deploy/env.example'));
  const compose = interpolateAll(parse(read(root, 'docker-compose.yml'), { merge: true }), envExample) as {
    services: Record<string, Record<string, unknown>>;
    networks?: Deployment['networks'];
  };
  const pkg = JSON.parse(read(root, 'package.json')) as { devDependencies: Record<string, string> };
  return {
    services: Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, normalizeService(s)])),
    networks: compose.networks ?? {},
    dynamic: parse(read(root, 'deploy/traefik/dynamic.yml')) ?? {},
    dockerfile: read(root, 'Dockerfile'),
    deployTable: parseDeployTable(read(root, 'docs/deploy.md')),
    readmeTable: parseReadmeTable(read(root, 'README.md')),
    codeReads: envReads(root),
    envExample,
    nodeMajor: { nvmrc: read(root, '.nvmrc').trim(), devDependency: pkg.devDependencies.node },
  };
}

/** Variables a `${VAR:?…}` in the compose file requires. */
export function requiredComposeVariables(composeText: string): string[] {
  return [...new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]))];
}
