// docker-compose.yml's three Gigaflow services, run as real processes the way their containers
// would: the image's entry point, the service's command and environment, with only what Docker
// provides swapped for this machine (PostgreSQL and Redis addresses, the secret file, ports, a
// Redis prefix of our own). Proves the documented settings boot a working cluster: a webhook
// received by `gigaflow webhook` is run by `gigaflow worker` and answered, and each role stops
// cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../helpers/ports.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import type { TestDatabase } from '../../helpers/postgres.ts';
import { ROLES } from './deploy-checks.ts';
import { loadDeployment } from './deployment.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const ENTRYPOINT = join(ROOT, 'deploy/docker-entrypoint.sh');
const REDIS_URL = process.env.GIGAFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Proc { child: ChildProcess; output: () => string; exited: Promise<number | string | null> }

/** What the container does: the entry point with the service's command, Node 24 first on PATH. */
function container(command: string[], env: Record<string, string>): Proc {
  const child = spawn('sh', [ENTRYPOINT, ...command], {
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal))) };
}

async function ready(proc: Proc, port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) break;
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready on ${port}:\n${proc.output()}`);
}

const WORKFLOW = {
  name: 'compose smoke',
  nodes: [
    { id: 'a', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'compose-smoke', responseMode: 'lastNode' } },
    {
      id: 'b', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0],
      parameters: { assignments: { assignments: [{ id: '1', name: 'doubled', type: 'number', value: '={{ $json.body.n * 2 }}' }] } },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

describe('docker-compose.yml\'s Gigaflow services as processes', () => {
  const deployment = loadDeployment(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'gf-compose-'));
  const prefix = `gfcompose${randomBytes(4).toString('hex')}`;
  const procs: Record<string, Proc> = {};
  const ports = { main: 0, webhook: 0 };
  let db: TestDatabase;
  let apiKey = '';

  /** The service's environment as compose sets it, with Docker's parts swapped for this machine's. */
  function environment(service: string, port: number): Record<string, string> {
    const env = { ...deployment.services[service].environment };
    expect(env.GIGAFLOW_ENCRYPTION_KEY_FILE).toMatch(/^\/run\/secrets\//);
    return {
      ...env,
      GIGAFLOW_DATABASE_URL: db.url,
      GIGAFLOW_REDIS_URL: REDIS_URL,
      GIGAFLOW_QUEUE_PREFIX: prefix,
      GIGAFLOW_ENCRYPTION_KEY_FILE: join(dir, 'encryption_key'),
      GIGAFLOW_DATA_DIR: join(dir, `data-${service}`),
      GIGAFLOW_PORT: String(port),
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    writeFileSync(join(dir, 'encryption_key'), `${randomBytes(32).toString('hex')}\n`);
    ports.main = await closedPort();
    ports.webhook = await closedPort();
    procs.main = container(deployment.services[ROLES.main].command!, environment(ROLES.main, ports.main));
    await ready(procs.main, ports.main);
    procs.webhook = container(deployment.services[ROLES.webhook].command!, environment(ROLES.webhook, ports.webhook));
    procs.worker = container(deployment.services[ROLES.worker].command!, environment(ROLES.worker, 0));
    await ready(procs.webhook, ports.webhook);
    // As docs/deploy.md says: the CLI through the entry point, inside the main's environment.
    const created = spawnSync('sh', [ENTRYPOINT, 'apikey', 'create', '--name', 'compose-test'], {
      env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmpdir(), ...environment(ROLES.main, ports.main) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(created.status, created.stderr).toBe(0);
    apiKey = created.stdout.trim(); // printed alone, once
    expect(apiKey).toMatch(/^\S{16,}$/);
  }, 60_000);

  afterAll(async () => {
    for (const p of Object.values(procs)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await db?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the main believes the identity header only from Traefik\'s address, not from this one', async () => {
    const res = await fetch(`http://127.0.0.1:${ports.main}/api/v1/workflows`, { headers: { 'X-Authentik-Email': 'intruder@example.com' } });
    expect(res.status).toBe(401);
  });

  it('a webhook received by the webhook process is run by a worker and answered', async () => {
    const headers = { 'X-Api-Key': apiKey, 'content-type': 'application/json' };
    const created = await fetch(`http://127.0.0.1:${ports.main}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(WORKFLOW) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`http://127.0.0.1:${ports.main}/api/v1/workflows/${id}/activate`, { method: 'POST', headers })).status).toBe(200);

    // The webhook process learns about the activation over Redis; poll until it routes the path.
    let answer: Response | undefined;
    const deadline = Date.now() + 10_000;
    do {
      answer = await fetch(`http://127.0.0.1:${ports.webhook}/webhook/compose-smoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":21}' });
      if (answer.status !== 404) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(answer.status, procs.webhook.output() + procs.worker.output()).toBe(200);
    expect(await answer.json()).toEqual({ doubled: 42 });
    // The webhook role serves no API, so Traefik's routing is the only way in to it.
    expect((await fetch(`http://127.0.0.1:${ports.webhook}/api/v1/workflows`, { headers })).status).toBe(404);
  }, 30_000);

  it('each role stops cleanly on SIGTERM (Docker\'s stop)', async () => {
    for (const name of ['webhook', 'worker', 'main']) {
      procs[name].child.kill('SIGTERM');
      expect(await procs[name].exited, `${name}:\n${procs[name].output()}`).toBe(0);
    }
  }, 30_000);
});
