// The host under test, in its own process: `gigaflow start` on a fresh data folder (SQLite,
// loopback only), spawned with the node binary itself so the child's pid is the host's pid (its
// /proc/<pid>/status is the host's memory, not a wrapper's).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'host/cli/bin.ts');

export interface HostProcess {
  pid: number;
  url: string;
  dataDir: string;
  dbPath: string;
  /** Why the host exited before stop(), if it did. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the host exited (code ${child.exitCode}) before /readyz answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer 200 within 60 s`);
}

/** Imports and activates `workflowFile`, then starts the host with `env` added to the environment. */
export async function startHost(workflowFile: string, env: Record<string, string>): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-soak-'));
  const base = { ...process.env, GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_LOG_LEVEL: 'warn', GIGAFLOW_TEMPLATES_DIR: join(dataDir, 'no-templates'), ...env };
  const imported = spawnSync(process.execPath, [bin, 'import', workflowFile, '--activate'], { env: base, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`gigaflow import ${workflowFile} failed: ${imported.stderr}`);
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start'], { env: { ...base, GIGAFLOW_PORT: String(port), GIGAFLOW_HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'] });
  let exit: string | undefined;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) exit = `host exited during the run (code ${code}, signal ${signal})`;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/readyz`, child);
  return {
    pid: child.pid!,
    url,
    dataDir,
    dbPath: join(dataDir, 'gigaflow.sqlite'),
    exited: () => exit,
    async stop() {
      stopping = true;
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
