// The rules docker-compose.yml, the Dockerfile and docs/deploy.md must follow. Each check returns
// the problems it finds (empty = fine), so compose.test.ts can also prove that each one notices a
// deliberately broken copy.
import type { ComposeService, Deployment } from './deployment.ts';

export const ROLES = { main: 'gigaflow-main', worker: 'gigaflow-worker', webhook: 'gigaflow-webhook' } as const;
export const GIGAFLOW_SERVICES: string[] = Object.values(ROLES);
const REQUIRED_SERVICES = ['postgres', 'redis', ...GIGAFLOW_SERVICES, 'traefik', 'authentik-server', 'authentik-worker'];
/** Variables whose value every Gigaflow process of one installation must share. */
export const SHARED_VARIABLES = ['GIGAFLOW_MODE', 'GIGAFLOW_DATABASE_URL', 'GIGAFLOW_REDIS_URL', 'GIGAFLOW_QUEUE_PREFIX', 'GIGAFLOW_ENCRYPTION_KEY', 'GIGAFLOW_PUBLIC_URL'];
/** Paths reachable without signing in (each Webhook node does its own auth); everything else sits behind Authentik. */
export const PUBLIC_PATHS = ['/webhook/', '/webhook-waiting/', '/webhook-test/', '/healthz'];

type Check = (d: Deployment) => string[];

/** A variable as the host sees it: the entry point turns NAME_FILE into NAME. */
const baseName = (name: string) => name.replace(/_FILE$/, '');

function gigaflowVariables(s: ComposeService): Map<string, string> {
  return new Map(Object.entries(s.environment).filter(([k]) => k.startsWith('GIGAFLOW_')).map(([k, v]) => [baseName(k), v]));
}

/** Table rows like GIGAFLOW_VAR_<NAME> stand for a prefix. */
function rowFor(table: Map<string, unknown>, name: string): string | undefined {
  if (table.has(name)) return name;
  return [...table.keys()].find((row) => row.includes('<') && name.startsWith(row.slice(0, row.indexOf('<'))));
}

function dockerfileEnv(dockerfile: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const block of dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => /^ENV\s/.test(l))) {
    for (const m of block.matchAll(/(GIGAFLOW_[A-Z0-9_]+)=(\S+)/g)) env.set(m[1], m[2]);
  }
  return env;
}

export const checkServicesExist: Check = (d) => REQUIRED_SERVICES.filter((s) => !d.services[s]).map((s) => `service ${s} is missing`);

export const checkRoles: Check = (d) => {
  const problems: string[] = [];
  const command = (name: string) => d.services[name]?.command ?? [];
  if (command(ROLES.main).join(' ') !== 'start') problems.push(`${ROLES.main} must run "start", runs "${command(ROLES.main).join(' ')}"`);
  const [verb, flag, n, ...rest] = command(ROLES.worker);
  if (verb !== 'worker' || flag !== '--concurrency' || !/^[1-9]\d*$/.test(n ?? '') || rest.length) {
    problems.push(`${ROLES.worker} must run "worker --concurrency N", runs "${command(ROLES.worker).join(' ')}"`);
  }
  if (command(ROLES.webhook).join(' ') !== 'webhook') problems.push(`${ROLES.webhook} must run "webhook", runs "${command(ROLES.webhook).join(' ')}"`);
  const built = GIGAFLOW_SERVICES.filter((s) => d.services[s]?.build !== undefined).map((s) => d.services[s].image);
  for (const name of GIGAFLOW_SERVICES) {
    const s = d.services[name];
    if (!s) continue;
    const context = typeof s.build === 'string' ? s.build : (s.build as { context?: string } | undefined)?.context;
    if (s.build !== undefined && context !== '.') problems.push(`${name} must build the repository's Dockerfile (context "."), builds ${JSON.stringify(s.build)}`);
    if (s.build === undefined && !built.includes(s.image)) problems.push(`${name} runs image ${s.image}, which no service builds from the Dockerfile`);
  }
  for (const name of [ROLES.worker, ROLES.webhook]) {
    const replicas = Number(d.services[name]?.deploy?.replicas ?? 1);
    if (!(replicas >= 2)) problems.push(`${name} needs deploy.replicas ≥ 2, has ${d.services[name]?.deploy?.replicas}`);
  }
  return problems;
};

export const checkVariablesAreReal: Check = (d) => {
  const problems: string[] = [];
  const known = (name: string) => rowFor(d.readmeTable, name) !== undefined && (d.codeReads.has(name) || [...d.codeReads].some((r) => r.endsWith('_') && name.startsWith(r)));
  for (const [service, s] of Object.entries(d.services)) {
    for (const name of gigaflowVariables(s).keys()) if (!known(name)) problems.push(`${service} sets ${name}, which the code does not read or README.md's table does not list`);
  }
  for (const name of dockerfileEnv(d.dockerfile).keys()) if (!known(name)) problems.push(`the Dockerfile sets ${name}, which the code does not read or README.md's table does not list`);
  return problems;
};

export const checkDeployTable: Check = (d) => {
  const problems: string[] = [];
  for (const [name, def] of d.readmeTable) {
    const row = d.deployTable.get(name);
    if (!row) problems.push(`docs/deploy.md's table lacks ${name} (README.md lists it)`);
    else if (row.default !== def) problems.push(`${name}: default ${row.default} in docs/deploy.md, ${def} in README.md`);
  }
  for (const name of d.deployTable.keys()) if (!d.readmeTable.has(name)) problems.push(`docs/deploy.md lists ${name}, README.md's table does not`);
  for (const [name, row] of d.deployTable) {
    for (const s of row.services) if (!GIGAFLOW_SERVICES.includes(s)) problems.push(`${name}: docs/deploy.md names "${s}", not a Gigaflow service of docker-compose.yml`);
    const actual = GIGAFLOW_SERVICES.filter((s) => d.services[s] && [...gigaflowVariables(d.services[s]).keys()].some((v) => rowFor(d.deployTable, v) === name));
    const documented = [...row.services].sort().join(', ');
    if (actual.sort().join(', ') !== documented) problems.push(`${name}: docs/deploy.md says it is set on [${documented}], docker-compose.yml sets it on [${actual.join(', ')}]`);
  }
  for (const s of GIGAFLOW_SERVICES) {
    for (const v of d.services[s] ? gigaflowVariables(d.services[s]).keys() : []) if (!rowFor(d.deployTable, v)) problems.push(`${s} sets ${v}, which docs/deploy.md's table lacks`);
  }
  return problems;
};

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname : undefined;
  } catch {
    return undefined;
  }
}

export const checkSharedSettings: Check = (d) => {
  const problems: string[] = [];
  const main = d.services[ROLES.main];
  if (!main) return ['no main service'];
  const mainVars = gigaflowVariables(main);
  for (const name of SHARED_VARIABLES) {
    if (!mainVars.get(name)) problems.push(`${ROLES.main} does not set ${name}`);
    for (const other of [ROLES.worker, ROLES.webhook]) {
      const value = d.services[other] && gigaflowVariables(d.services[other]).get(name);
      if (value !== mainVars.get(name)) problems.push(`${other} has ${name}=${value}, ${ROLES.main} has ${mainVars.get(name)}`);
    }
  }
  if (mainVars.get('GIGAFLOW_MODE') !== 'queue') problems.push(`GIGAFLOW_MODE must be queue, is ${mainVars.get('GIGAFLOW_MODE')}`);
  const dbHost = hostOf(mainVars.get('GIGAFLOW_DATABASE_URL'));
  if (!/^postgres(ql)?:\/\//.test(mainVars.get('GIGAFLOW_DATABASE_URL') ?? '') || !d.services[dbHost ?? '']?.image?.startsWith('postgres')) {
    problems.push(`GIGAFLOW_DATABASE_URL must point at the compose PostgreSQL service, is ${mainVars.get('GIGAFLOW_DATABASE_URL')}`);
  }
  const redisHost = hostOf(mainVars.get('GIGAFLOW_REDIS_URL'));
  if (!d.services[redisHost ?? '']?.image?.startsWith('redis')) problems.push(`GIGAFLOW_REDIS_URL must point at the compose Redis service, is ${mainVars.get('GIGAFLOW_REDIS_URL')}`);
  // The key as a Docker secret: the file must be a secret every role mounts.
  const keyFile = main.environment.GIGAFLOW_ENCRYPTION_KEY_FILE;
  const secret = keyFile?.startsWith('/run/secrets/') ? keyFile.slice('/run/secrets/'.length) : undefined;
  for (const s of GIGAFLOW_SERVICES) {
    if (secret && !(d.services[s]?.secrets ?? []).some((x) => x === secret || (x as { source?: string })?.source === secret)) problems.push(`${s} does not mount the secret ${secret}`);
  }
  return problems;
};

export const checkStartOrder: Check = (d) => {
  const problems: string[] = [];
  for (const s of ['postgres', 'redis']) if (!d.services[s]?.healthcheck?.test) problems.push(`${s} has no healthcheck`);
  for (const g of GIGAFLOW_SERVICES) {
    for (const s of ['postgres', 'redis']) {
      if (d.services[g]?.depends_on[s]?.condition !== 'service_healthy') problems.push(`${g} must depend on ${s} with condition service_healthy`);
    }
  }
  return problems;
};

interface Router { name: string; rule: string; middlewares: string[]; service?: string; priority: number; owner: string }

function routersOf(d: Deployment): Router[] {
  const routers = new Map<string, Router>();
  for (const [owner, s] of Object.entries(d.services)) {
    if (s.labels['traefik.enable'] !== 'true') continue;
    for (const [key, value] of Object.entries(s.labels)) {
      const m = /^traefik\.http\.routers\.([^.]+)\.(rule|middlewares|service|priority)$/.exec(key);
      if (!m) continue;
      const r = routers.get(m[1]) ?? { name: m[1], rule: '', middlewares: [], priority: 0, owner };
      if (m[2] === 'rule') r.rule = value;
      if (m[2] === 'middlewares') r.middlewares = value.split(',').map((x) => x.trim()).filter(Boolean);
      if (m[2] === 'service') r.service = value;
      if (m[2] === 'priority') r.priority = Number(value);
      routers.set(m[1], r);
    }
  }
  return [...routers.values()];
}

/** The compose service a router sends to: its `service` label, else the one Traefik service on its container. */
function targetOf(d: Deployment, r: Router): string | undefined {
  const owners = new Map<string, string>();
  for (const [name, s] of Object.entries(d.services)) {
    for (const key of Object.keys(s.labels)) {
      const m = /^traefik\.http\.services\.([^.]+)\./.exec(key);
      if (m) owners.set(m[1], name);
    }
  }
  if (r.service) return owners.get(r.service.replace(/@docker$/, ''));
  const own = [...owners].filter(([, owner]) => owner === r.owner);
  return own.length === 1 ? own[0][1] : r.owner;
}

const pathsOf = (rule: string) => [...rule.matchAll(/Path(?:Prefix)?\(`([^`]*)`\)/g)].map((m) => m[1]);
const middlewareName = (ref: string) => ref.replace(/@(file|docker)$/, '');

export const checkRouting: Check = (d) => {
  const problems: string[] = [];
  const middlewares = d.dynamic.http?.middlewares ?? {};
  const identity = (d.services[ROLES.main]?.environment.GIGAFLOW_IDENTITY_HEADER ?? 'X-Authentik-Email').toLowerCase();
  const isForwardAuth = (ref: string) => !!middlewares[middlewareName(ref)]?.forwardAuth;
  const isStrip = (ref: string) => {
    const headers = (middlewares[middlewareName(ref)]?.headers?.customRequestHeaders ?? {}) as Record<string, string>;
    return Object.entries(headers).some(([k, v]) => k.toLowerCase() === identity && v === '');
  };
  const traefikCommand = (d.services.traefik?.command ?? []).join(' ');
  if (!traefikCommand.includes('--providers.docker.exposedbydefault=false')) problems.push('traefik must run with --providers.docker.exposedbydefault=false');
  for (const s of ['postgres', 'redis', ROLES.worker]) if (d.services[s]?.labels['traefik.enable'] === 'true') problems.push(`${s} must not be exposed through Traefik`);
  for (const [name, s] of Object.entries(d.services)) if (name !== 'traefik' && s.ports?.length) problems.push(`${name} publishes ports; only traefik may`);

  const routers = routersOf(d);
  for (const r of routers) {
    for (const ref of r.middlewares) if (ref.endsWith('@file') && !middlewares[middlewareName(ref)]) problems.push(`router ${r.name} uses ${ref}, which deploy/traefik/dynamic.yml does not define`);
  }
  const auth = Object.entries(middlewares).filter(([, m]) => m.forwardAuth);
  if (!auth.length) problems.push('deploy/traefik/dynamic.yml defines no forwardAuth middleware');
  for (const [name, m] of auth) {
    const headers = ((m.forwardAuth.authResponseHeaders ?? []) as string[]).map((h) => h.toLowerCase());
    if (!headers.includes(identity)) problems.push(`forwardAuth middleware ${name} does not pass ${identity} (GIGAFLOW_IDENTITY_HEADER) on`);
    if (!d.services[hostOf(String(m.forwardAuth.address)) ?? '']) problems.push(`forwardAuth middleware ${name} asks ${m.forwardAuth.address}, not a compose service`);
  }

  const toGigaflow = routers.filter((r) => GIGAFLOW_SERVICES.includes(targetOf(d, r) ?? ''));
  const editor = toGigaflow.filter((r) => targetOf(d, r) === ROLES.main && pathsOf(r.rule).length === 0);
  if (editor.length !== 1) problems.push(`expected one catch-all router (editor and API) to ${ROLES.main}, found ${editor.map((r) => r.name).join(', ') || 'none'}`);
  for (const r of editor) if (!r.middlewares.some(isForwardAuth)) problems.push(`router ${r.name} (editor and API) lacks the ForwardAuth middleware`);
  for (const prefix of ['/webhook/', '/webhook-waiting/']) {
    const matching = routers.filter((r) => pathsOf(r.rule).includes(prefix));
    if (!matching.length) problems.push(`no router for ${prefix}`);
    for (const r of matching) {
      if (targetOf(d, r) !== ROLES.webhook) problems.push(`router ${r.name} sends ${prefix} to ${targetOf(d, r)}, not ${ROLES.webhook}`);
      // Webhook callers (ERPNext, Stripe, Twilio) cannot sign in to Authentik.
      if (r.middlewares.some(isForwardAuth)) problems.push(`router ${r.name} puts ForwardAuth on ${prefix}, which must stay public`);
    }
  }
  for (const r of toGigaflow) {
    const strip = r.middlewares.findIndex(isStrip);
    const forward = r.middlewares.findIndex(isForwardAuth);
    if (strip < 0) problems.push(`router ${r.name} does not strip a client-sent ${identity} header`);
    if (forward >= 0 && strip > forward) problems.push(`router ${r.name} strips ${identity} after ForwardAuth set it`);
    if (forward < 0) {
      const paths = pathsOf(r.rule);
      const open = paths.filter((p) => !PUBLIC_PATHS.includes(p));
      if (!paths.length || open.length) problems.push(`router ${r.name} (${r.rule}) skips ForwardAuth for paths that are not public: ${open.join(', ') || 'all'}`);
      for (const e of editor) if (!(r.priority > e.priority)) problems.push(`public router ${r.name} needs a priority above ${e.name}'s (${e.priority})`);
    }
  }
  return problems;
};

function inSubnet(ip: string, cidr: string): boolean {
  const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

export const checkTrustedProxy: Check = (d) => {
  const problems: string[] = [];
  const main = d.services[ROLES.main];
  const trusted = (main?.environment.GIGAFLOW_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const shared = Object.keys(d.services.traefik?.networks ?? {}).filter((n) => main && n in main.networks);
  if (shared.length !== 1) return [`traefik and ${ROLES.main} must share exactly one network, share [${shared.join(', ')}]`];
  const address = d.services.traefik.networks[shared[0]]?.ipv4_address;
  if (!address) problems.push(`traefik needs a fixed ipv4_address on ${shared[0]}, the address Gigaflow trusts`);
  if (trusted.length !== 1 || trusted[0] !== address) problems.push(`GIGAFLOW_TRUSTED_PROXIES must be Traefik's address ${address} alone, is "${trusted.join(',')}"`);
  const subnet = d.networks[shared[0]]?.ipam?.config?.[0]?.subnet;
  if (!subnet || !address || !inSubnet(address, subnet)) problems.push(`Traefik's address ${address} must lie in network ${shared[0]}'s subnet ${subnet}`);
  const dockerNetwork = /--providers\.docker\.network=(\S+)/.exec((d.services.traefik.command ?? []).join(' '))?.[1];
  if (dockerNetwork !== (d.networks[shared[0]]?.name ?? shared[0])) problems.push(`traefik must reach containers over ${d.networks[shared[0]]?.name}, uses ${dockerNetwork}`);
  return problems;
};

function jsonArray(dockerfile: string, instruction: string): string[] | undefined {
  const line = dockerfile.split('\n').filter((l) => l.startsWith(`${instruction} `)).pop();
  try {
    return line ? (JSON.parse(line.slice(instruction.length + 1)) as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export const checkDockerfile: Check = (d) => {
  const problems: string[] = [];
  const stages = d.dockerfile.split('\n').filter((l) => /^FROM\s/i.test(l));
  const final = stages[stages.length - 1] ?? '';
  const major = /^FROM\s+node:(\d+)/i.exec(final)?.[1];
  const wanted = [d.nodeMajor.nvmrc, d.nodeMajor.devDependency.replace(/^[\^~]/, '').split('.')[0]];
  if (!major || wanted.some((w) => w !== major)) problems.push(`the runtime image (${final}) must be Node ${wanted.join(' = ')} (.nvmrc, the node devDependency)`);
  const buildStage = d.dockerfile.slice(0, d.dockerfile.lastIndexOf(final));
  if (!/npm ci\b/.test(buildStage) || !/npm run build:editor\b/.test(buildStage)) problems.push('the build stage must run npm ci and npm run build:editor');
  if (!/COPY --from=\S+ \S*editor\/dist/.test(d.dockerfile)) problems.push('the runtime stage must copy the built editor (editor/dist)');
  const entrypoint = jsonArray(d.dockerfile, 'ENTRYPOINT');
  if (!entrypoint?.at(-1)?.endsWith('/deploy/docker-entrypoint.sh')) problems.push(`ENTRYPOINT must run deploy/docker-entrypoint.sh (exec form), is ${JSON.stringify(entrypoint)}`);
  if (!/COPY .*deploy\/docker-entrypoint\.sh/.test(d.dockerfile)) problems.push('the image must contain deploy/docker-entrypoint.sh');
  if (JSON.stringify(jsonArray(d.dockerfile, 'CMD')) !== '["start"]') problems.push('CMD must be ["start"]');
  return problems;
};

export const checkEnvExample = (d: Deployment, required: string[]): string[] =>
  required.filter((name) => !(name in d.envExample)).map((name) => `docker-compose.yml requires \${${name}}, which deploy/env.example does not list`);

export const ALL_CHECKS: Record<string, Check> = {
  'the services exist': checkServicesExist,
  "each Gigaflow service's command matches its role": checkRoles,
  'every GIGAFLOW_* variable set is read by the code and in README.md': checkVariablesAreReal,
  "docs/deploy.md's variable table matches README.md and docker-compose.yml": checkDeployTable,
  'main, workers and webhook processes share database, Redis, prefix and key': checkSharedSettings,
  'PostgreSQL and Redis are healthy before Gigaflow starts': checkStartOrder,
  'Traefik: webhooks public, editor and API behind Authentik ForwardAuth': checkRouting,
  "only Traefik's address is a trusted proxy": checkTrustedProxy,
  'the Dockerfile runs the CLI on Node 24 with the editor built': checkDockerfile,
};
