// Docker cannot run here, so the deployment is checked as files: docker-compose.yml (parsed with
// `yaml`, interpolated with deploy/env.example), the Traefik dynamic config, the Dockerfile and its
// entry point, against docs/deploy.md's variable table, README.md's env table and the variables
// the code reads. Each check is also run on a broken copy to prove it can fail.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS, ROLES, checkDeployTable, checkDockerfile, checkEnvExample, checkRoles, checkRouting, checkSharedSettings, checkStartOrder, checkTrustedProxy, checkVariablesAreReal } from './deploy-checks.ts';
import { interpolate, loadDeployment, parseDeployTable, requiredComposeVariables } from './deployment.ts';
import type { Deployment } from './deployment.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const fresh = (): Deployment => loadDeployment(ROOT);

describe('deployment files agree with each other and with the code', () => {
  const deployment = fresh();
  for (const [name, check] of Object.entries(ALL_CHECKS)) {
    it(name, () => {
      expect(check(deployment)).toEqual([]);
    });
  }

  it('deploy/env.example lists every variable docker-compose.yml requires', () => {
    const required = requiredComposeVariables(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
    expect(required).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'DOMAIN']));
    expect(checkEnvExample(deployment, required)).toEqual([]);
  });

  it('the compose commands are commands of the gigaflow CLI', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'host/cli/bin.ts'), ...args], { encoding: 'utf8', timeout: 15_000 });
    for (const role of Object.values(ROLES)) {
      const [command, ...options] = deployment.services[role].command ?? [];
      const help = cli(command, '--help');
      expect(help.status, `${command} --help: ${help.stderr}`).toBe(0);
      for (const option of options.filter((o) => o.startsWith('--'))) expect(help.stdout).toContain(option);
    }
  });
});

describe('the image entry point', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gf-entrypoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A stand-in `node` that prints what it was given, so the script's own work is what is tested.
  writeFileSync(join(dir, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\nprintf "KEY=%s\\n" "$GIGAFLOW_ENCRYPTION_KEY"\nprintf "FILE=%s\\n" "${GIGAFLOW_ENCRYPTION_KEY_FILE-unset}"\n');
  chmodSync(join(dir, 'node'), 0o755);
  writeFileSync(join(dir, 'key'), 'c0ffee\n');
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync('sh', [join(ROOT, 'deploy/docker-entrypoint.sh'), ...args], { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin`, ...env } });

  it('reads GIGAFLOW_*_FILE into the variable and runs the CLI with the arguments', () => {
    const result = run({ GIGAFLOW_ENCRYPTION_KEY_FILE: join(dir, 'key') }, 'worker', '--concurrency', '3');
    expect(result.status, result.stderr).toBe(0);
    const [bin, ...rest] = result.stdout.trim().split('\n');
    expect(bin).toBe(join(ROOT, 'host/cli/bin.ts'));
    expect(existsSync(bin)).toBe(true);
    expect(rest).toEqual(['worker', '--concurrency', '3', 'KEY=c0ffee', 'FILE=unset']);
  });

  it('refuses a variable set both ways, and a file it cannot read', () => {
    const both = run({ GIGAFLOW_ENCRYPTION_KEY: 'x', GIGAFLOW_ENCRYPTION_KEY_FILE: join(dir, 'key') }, 'start');
    expect(both.status).toBe(64);
    expect(both.stderr).toContain('GIGAFLOW_ENCRYPTION_KEY_FILE');
    const missing = run({ GIGAFLOW_ENCRYPTION_KEY_FILE: join(dir, 'absent') }, 'start');
    expect(missing.status).toBe(66);
    expect(missing.stderr).toContain(join(dir, 'absent'));
  });
});

describe('the checks notice a broken deployment', () => {
  it('interpolates like Compose', () => {
    expect(interpolate('a${X:-d}b${Y}$$c${Z-e}', { Y: 'y', Z: '' })).toBe('adby$c');
    expect(() => interpolate('${P:?set P}', {})).toThrow(/P is required/);
  });

  it('a worker running the wrong command, or a single webhook process', () => {
    const d = fresh();
    d.services[ROLES.worker].command = ['worker'];
    d.services[ROLES.webhook].deploy = { replicas: 1 };
    expect(checkRoles(d)).toEqual([expect.stringContaining('worker --concurrency N'), expect.stringContaining('replicas ≥ 2')]);
  });

  it('a variable the code never reads', () => {
    const d = fresh();
    d.services[ROLES.worker].environment.GIGAFLOW_QUEUE_NAME = 'x';
    expect(checkVariablesAreReal(d)).toEqual([expect.stringContaining('GIGAFLOW_QUEUE_NAME')]);
  });

  it('docs/deploy.md out of step with the compose file or README', () => {
    const d = fresh();
    delete d.services[ROLES.webhook].environment.GIGAFLOW_REDIS_URL;
    d.readmeTable.set('GIGAFLOW_PORT', '`8080`');
    const markdown = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8').replace(/^\| `GIGAFLOW_BODY_LIMIT`.*\n/m, '');
    d.deployTable = parseDeployTable(markdown);
    const problems = checkDeployTable(d);
    expect(problems).toContainEqual(expect.stringMatching(/GIGAFLOW_REDIS_URL: docs\/deploy.md says .*gigaflow-webhook.*, docker-compose.yml sets it on \[gigaflow-main, gigaflow-worker\]/));
    expect(problems).toContainEqual(expect.stringContaining('GIGAFLOW_PORT: default `3300` in docs/deploy.md, `8080` in README.md'));
    expect(problems).toContainEqual(expect.stringContaining("lacks GIGAFLOW_BODY_LIMIT"));
  });

  it('a worker on another queue prefix or without the key', () => {
    const d = fresh();
    d.services[ROLES.worker].environment.GIGAFLOW_QUEUE_PREFIX = 'other';
    d.services[ROLES.webhook].secrets = [];
    const problems = checkSharedSettings(d);
    expect(problems).toContainEqual(expect.stringContaining('gigaflow-worker has GIGAFLOW_QUEUE_PREFIX=other'));
    expect(problems).toContainEqual(expect.stringContaining('gigaflow-webhook does not mount the secret'));
  });

  it('a main that does not wait for a healthy database', () => {
    const d = fresh();
    d.services[ROLES.main].depends_on.postgres = {};
    delete d.services.redis.healthcheck;
    expect(checkStartOrder(d)).toEqual(['redis has no healthcheck', 'gigaflow-main must depend on postgres with condition service_healthy']);
  });

  it('ForwardAuth on webhooks, webhooks sent to the main, an editor without ForwardAuth', () => {
    const d = fresh();
    const webhook = d.services[ROLES.webhook].labels;
    webhook['traefik.http.routers.gigaflow-webhook.middlewares'] = 'gigaflow-strip-identity@file,authentik@file';
    expect(checkRouting(d)).toEqual([
      'router gigaflow-webhook puts ForwardAuth on /webhook/, which must stay public',
      'router gigaflow-webhook puts ForwardAuth on /webhook-waiting/, which must stay public',
    ]);
    webhook['traefik.http.routers.gigaflow-webhook.middlewares'] = '';
    expect(checkRouting(d)).toEqual(['router gigaflow-webhook does not strip a client-sent x-authentik-email header']);

    const moved = fresh();
    moved.services[ROLES.main].labels['traefik.http.routers.gigaflow-webhook-test.rule'] = 'Host(`x`) && PathPrefix(`/webhook/`)';
    expect(checkRouting(moved)).toContainEqual(expect.stringContaining('sends /webhook/ to gigaflow-main'));

    const open = fresh();
    open.services[ROLES.main].labels['traefik.http.routers.gigaflow-editor.middlewares'] = 'gigaflow-strip-identity@file';
    expect(checkRouting(open)).toContainEqual(expect.stringContaining('gigaflow-editor (editor and API) lacks the ForwardAuth middleware'));

    const api = fresh();
    api.services[ROLES.main].labels['traefik.http.routers.gigaflow-health.rule'] = 'Host(`x`) && PathPrefix(`/api/`)';
    expect(checkRouting(api)).toContainEqual(expect.stringContaining('skips ForwardAuth for paths that are not public: /api/'));
  });

  it('an identity header Authentik does not send', () => {
    const d = fresh();
    d.services[ROLES.main].environment.GIGAFLOW_IDENTITY_HEADER = 'X-Remote-User';
    expect(checkRouting(d)).toContainEqual(expect.stringContaining('does not pass x-remote-user'));
  });

  it('a trusted proxy range wider than Traefik', () => {
    const d = fresh();
    d.services[ROLES.main].environment.GIGAFLOW_TRUSTED_PROXIES = '172.30.0.0/24';
    expect(checkTrustedProxy(d)).toEqual([expect.stringContaining("must be Traefik's address 172.30.0.2 alone")]);
  });

  it('an image on another Node, or without the built editor', () => {
    const d = fresh();
    d.dockerfile = d.dockerfile.replace('FROM node:24-bookworm-slim', 'FROM node:22-bookworm-slim').replace('npm run build:editor', 'true');
    const problems = checkDockerfile(d);
    expect(problems).toContainEqual(expect.stringContaining('must be Node 24'));
    expect(problems).toContainEqual('the build stage must run npm ci and npm run build:editor');
  });

  it('a required compose variable missing from deploy/env.example', () => {
    const d = fresh();
    delete d.envExample.REDIS_PASSWORD;
    expect(checkEnvExample(d, ['REDIS_PASSWORD'])).toEqual([expect.stringContaining('${REDIS_PASSWORD}')]);
  });
});
