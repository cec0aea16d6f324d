// Host configuration, read once from the environment. Every variable is documented in README.md.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_LEVELS, LOG_MODULES, defaultLogFormat } from './logger.ts';
import type { LogFormat, LogLevel } from './logger.ts';

export interface HostConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Raw key material from GIGAFLOW_ENCRYPTION_KEY; when absent a key file in dataDir is used. */
  encryptionKey?: string;
  /** GIGAFLOW_DATABASE_URL: PostgreSQL instead of the SQLite file in dataDir (required by queue mode). */
  databaseUrl?: string;
  /** GIGAFLOW_DATABASE_POOL_SIZE: PostgreSQL connections per process. */
  databasePoolSize: number;
  /** Max accepted request body for webhooks and the API. */
  bodyLimitBytes: number;
  /** Caller addresses whose identity header is trusted (ForwardAuth proxy). */
  trustedProxies: string[];
  identityHeader: string;
  /** Base URL the outside world uses to reach this host; used for resume and webhook URLs. */
  publicUrl: string;
  templatesDir?: string;
  /** Extra node folders or packages (path-delimited list). */
  nodesPath: string[];
  executionsMaxAgeDays: number;
  executionsMaxCount: number;
  /** Insights aggregates of hours older than this are deleted when executions are pruned. */
  insightsMaxAgeDays: number;
  /** Waits up to this long stay in memory; longer ones park the execution in storage (n8n: 65 s). */
  waitInMemoryMaxMs: number;
  /** How often the running host prunes executions; 0 turns automatic pruning off. */
  pruneIntervalMinutes: number;
  /** `$vars` in expressions: every GIGAFLOW_VAR_<NAME> environment variable, as NAME. */
  vars: Record<string, string>;
  expressionTimeoutMs: number;
  /** Time limit of one Code node script run. */
  codeTimeoutMs: number;
  sandboxMemoryMb: number;
  /** GIGAFLOW_LOG_LEVEL before its first comma: the level of every logger without one of its own. */
  logLevel: LogLevel;
  /** GIGAFLOW_LOG_LEVEL's `module=level` pairs (`info,queue=debug,scheduler=warn`). */
  logModules: Record<string, LogLevel>;
  /** GIGAFLOW_LOG_FORMAT: pretty when stderr is a terminal outside production, else json. */
  logFormat: LogFormat;
  /** Whether finished executions are kept when a workflow's save-data settings say 'DEFAULT' (n8n's EXECUTIONS_DATA_SAVE_*). */
  saveExecutions: { success: boolean; error: boolean; manual: boolean };
  /** Failed API-key attempts per client address per window before 429; 0 turns the limit off (per process). */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Webhook calls per client address per window before 429; 0 (default) turns the limit off (per process). */
  webhookRateLimit: number;
  webhookRateWindowSeconds: number;
  /** Whether node HTTP calls may reach private, loopback and link-local addresses (SSRF guard off). */
  httpAllowPrivate: boolean;
  /** CIDR ranges or host names node HTTP calls may reach even though they are private. */
  httpAllowList: string[];
  /** OpenTelemetry traces (host/runtime/tracing.ts): off, or sent over OTLP/HTTP. */
  tracing: 'off' | 'otlp';
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; unset: the exporter's default (localhost:4318). */
  otlpTracesUrl?: string;
  /** OTEL_SERVICE_NAME; default gigaflow-<role>. */
  otelServiceName?: string;
  /** OTEL_EXPORTER_OTLP_HEADERS, then OTEL_EXPORTER_OTLP_TRACES_HEADERS over it (`key=value,…`, values percent-encoded). */
  otlpHeaders?: Record<string, string>;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

/** The OTLP settings of GIGAFLOW_TRACING=otlp, read from `env` (not only process.env, where the exporter looks) and checked here, where a mistake names its variable. */
function otlpSettings(env: NodeJS.ProcessEnv): Pick<HostConfig, 'otlpTracesUrl' | 'otlpHeaders'> {
  const url = (name: string, suffix = ''): string | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new Error(`${name} must be an http(s) URL, got "${value}"`);
    return suffix ? `${value.replace(/\/+$/, '')}${suffix}` : value;
  };
  const headers = (name: string): Record<string, string> => {
    const pairs = (env[name] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    return Object.fromEntries(
      pairs.map((pair) => {
        const at = pair.indexOf('=');
        if (at <= 0) throw new Error(`${name} must be key=value pairs separated by commas, got "${pair}"`);
        try {
          return [decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())];
        } catch {
          throw new Error(`${name}: "${pair}" is not validly percent-encoded`);
        }
      }),
    );
  };
  const otlpHeaders = { ...headers('OTEL_EXPORTER_OTLP_HEADERS'), ...headers('OTEL_EXPORTER_OTLP_TRACES_HEADERS') };
  return {
    otlpTracesUrl: url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? url('OTEL_EXPORTER_OTLP_ENDPOINT', '/v1/traces'),
    otlpHeaders: Object.keys(otlpHeaders).length ? otlpHeaders : undefined,
  };
}

function parseBytes(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!m) throw new Error(`GIGAFLOW_BODY_LIMIT must look like 16mb or 1048576, got "${value}"`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return Math.round(Number(m[1]) * mult);
}

/**
 * GIGAFLOW_LOG_LEVEL (`info`, or `info,queue=debug,scheduler=warn`: the default level, then levels of
 * modules) and GIGAFLOW_LOG_FORMAT. Also read by commands that build no host (`gigaflow bridge`).
 */
export function parseLogSettings(env: NodeJS.ProcessEnv): Pick<HostConfig, 'logLevel' | 'logModules' | 'logFormat'> {
  const name = 'GIGAFLOW_LOG_LEVEL';
  const [first = '', ...pairs] = (env.GIGAFLOW_LOG_LEVEL ?? '').split(',').map((s) => s.trim());
  const level = (value: string, what: string): LogLevel => {
    if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new Error(`${name}: ${what} must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
    return value as LogLevel;
  };
  const logModules: Record<string, LogLevel> = {};
  for (const pair of pairs) {
    const [module = '', value, extra] = pair.split('=').map((s) => s.trim());
    if (value === undefined || extra !== undefined) throw new Error(`${name}: "${pair}" must look like module=level (e.g. info,queue=debug)`);
    // A misspelt module would silently keep the default level.
    if (!(LOG_MODULES as readonly string[]).includes(module)) throw new Error(`${name}: unknown module "${module}" (modules: ${LOG_MODULES.join(', ')})`);
    logModules[module] = level(value, `the level of ${module}`);
  }
  return {
    logLevel: first === '' && pairs.length === 0 ? 'info' : level(first, 'the default level (before the first comma)'),
    logModules,
    logFormat: oneOf(env.GIGAFLOW_LOG_FORMAT, ['json', 'pretty'], defaultLogFormat(process.stderr, env.NODE_ENV), 'GIGAFLOW_LOG_FORMAT'),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const port = num(env.GIGAFLOW_PORT ?? env.PORT, 3300, 'GIGAFLOW_PORT');
  const host = env.GIGAFLOW_HOST ?? '0.0.0.0';
  const tracing = oneOf(env.GIGAFLOW_TRACING, ['off', 'otlp'], 'off', 'GIGAFLOW_TRACING');
  return {
    port,
    host,
    dataDir: resolve(env.GIGAFLOW_DATA_DIR ?? join(homedir(), '.gigaflow')),
    encryptionKey: env.GIGAFLOW_ENCRYPTION_KEY || undefined,
    databaseUrl: env.GIGAFLOW_DATABASE_URL || undefined,
    databasePoolSize: Math.max(1, Math.floor(num(env.GIGAFLOW_DATABASE_POOL_SIZE, 10, 'GIGAFLOW_DATABASE_POOL_SIZE'))),
    bodyLimitBytes: parseBytes(env.GIGAFLOW_BODY_LIMIT, 16 * 1024 * 1024),
    trustedProxies: (env.GIGAFLOW_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    identityHeader: (env.GIGAFLOW_IDENTITY_HEADER ?? 'X-Authentik-Email').toLowerCase(),
    publicUrl: (env.GIGAFLOW_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    templatesDir: env.GIGAFLOW_TEMPLATES_DIR,
    nodesPath: (env.GIGAFLOW_NODES_PATH ?? '').split(':').filter(Boolean),
    executionsMaxAgeDays: num(env.GIGAFLOW_EXECUTIONS_MAX_AGE_DAYS, 14, 'GIGAFLOW_EXECUTIONS_MAX_AGE_DAYS'),
    executionsMaxCount: num(env.GIGAFLOW_EXECUTIONS_MAX_COUNT, 10000, 'GIGAFLOW_EXECUTIONS_MAX_COUNT'),
    waitInMemoryMaxMs: num(env.GIGAFLOW_WAIT_IN_MEMORY_MAX_MS, 65_000, 'GIGAFLOW_WAIT_IN_MEMORY_MAX_MS'),
    pruneIntervalMinutes: num(env.GIGAFLOW_PRUNE_INTERVAL_MINUTES, 60, 'GIGAFLOW_PRUNE_INTERVAL_MINUTES'),
    insightsMaxAgeDays: num(env.GIGAFLOW_INSIGHTS_MAX_AGE_DAYS, 365, 'GIGAFLOW_INSIGHTS_MAX_AGE_DAYS'),
    vars: Object.fromEntries(
      Object.entries(env)
        .filter(([k, v]) => k.startsWith('GIGAFLOW_VAR_') && v !== undefined)
        .map(([k, v]) => [k.slice('GIGAFLOW_VAR_'.length), v as string]),
    ),
    expressionTimeoutMs: num(env.GIGAFLOW_EXPRESSION_TIMEOUT_MS, 1000, 'GIGAFLOW_EXPRESSION_TIMEOUT_MS'),
    codeTimeoutMs: num(env.GIGAFLOW_CODE_TIMEOUT_MS, 30_000, 'GIGAFLOW_CODE_TIMEOUT_MS'),
    sandboxMemoryMb: num(env.GIGAFLOW_SANDBOX_MEMORY_MB, 128, 'GIGAFLOW_SANDBOX_MEMORY_MB'),
    ...parseLogSettings(env),
    saveExecutions: {
      success: oneOf(env.GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_SUCCESS, ['all', 'none'], 'all', 'GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_SUCCESS') === 'all',
      error: oneOf(env.GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_ERROR, ['all', 'none'], 'all', 'GIGAFLOW_EXECUTIONS_DATA_SAVE_ON_ERROR') === 'all',
      manual: oneOf(env.GIGAFLOW_EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS, ['true', 'false'], 'true', 'GIGAFLOW_EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS') === 'true',
    },
    authFailureLimit: Math.floor(num(env.GIGAFLOW_AUTH_FAILURE_LIMIT, 10, 'GIGAFLOW_AUTH_FAILURE_LIMIT')),
    authFailureWindowSeconds: Math.max(1, num(env.GIGAFLOW_AUTH_FAILURE_WINDOW_SECONDS, 60, 'GIGAFLOW_AUTH_FAILURE_WINDOW_SECONDS')),
    webhookRateLimit: Math.floor(num(env.GIGAFLOW_WEBHOOK_RATE_LIMIT, 0, 'GIGAFLOW_WEBHOOK_RATE_LIMIT')),
    webhookRateWindowSeconds: Math.max(1, num(env.GIGAFLOW_WEBHOOK_RATE_WINDOW_SECONDS, 60, 'GIGAFLOW_WEBHOOK_RATE_WINDOW_SECONDS')),
    httpAllowPrivate: oneOf(env.GIGAFLOW_HTTP_ALLOW_PRIVATE, ['true', 'false'], 'false', 'GIGAFLOW_HTTP_ALLOW_PRIVATE') === 'true',
    httpAllowList: (env.GIGAFLOW_HTTP_ALLOW_LIST ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    tracing,
    // The OTEL_* variables may be meant for other programs: read (and checked) only when traces are on.
    ...(tracing === 'otlp' ? otlpSettings(env) : {}),
    otelServiceName: env.OTEL_SERVICE_NAME || undefined,
  };
}

/** The system flows shipped with Gigaflow: the default of `gigaflow start`'s import and of the gallery. */
export const SHIPPED_TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

export function templatesDirOf(config: Pick<HostConfig, 'templatesDir'>): string {
  return config.templatesDir ? resolve(config.templatesDir) : SHIPPED_TEMPLATES_DIR;
}
