// The floor under bench:queue: the same path as a lastNode webhook in queue mode, with none of
// Gigaflow's code — an HTTP server stores the request in PostgreSQL, enqueues its id with BullMQ
// only after the insert, waits for the answer on its Redis reply channel; workers read the row,
// store a result and publish the answer. What this reaches on a machine is what any host built on
// PostgreSQL + BullMQ with every execution persisted can reach there; bench:queue prints its own
// figures as a ratio of it.
// Run as a library (startFloor) or as a process: `node bench/queue-floor.ts main|worker`.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase } from '../test/helpers/postgres.ts';

const REDIS = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const QUEUE = 'floor';

async function main(port: number, dbUrl: string, prefix: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const queue = new Queue(QUEUE, { connection: REDIS, prefix });
  const subscriber = new Redis(REDIS);
  const me = randomUUID();
  const waiting = new Map<string, (answer: string) => void>();
  subscriber.on('message', (_channel: string, text: string) => {
    const { id, answer } = JSON.parse(text) as { id: string; answer: string };
    waiting.get(id)?.(answer);
    waiting.delete(id);
  });
  await subscriber.subscribe(`${prefix}:reply:${me}`);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const id = randomUUID();
        await pool.query('INSERT INTO floor_exec (id, status, input) VALUES ($1, $2, $3)', [id, 'new', JSON.stringify({ body })]);
        const answered = new Promise<string>((resolve) => waiting.set(id, resolve));
        await queue.add('run', { id, replyTo: me }, { jobId: id, removeOnComplete: true });
        const answer = await answered;
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      } catch (err) {
        res.writeHead(500).end((err as Error).message);
      }
    });
  });
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
}

async function worker(dbUrl: string, prefix: string, concurrency: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const publisher = new Redis({ ...REDIS, enableAutoPipelining: true });
  const w = new Worker(
    QUEUE,
    async (job) => {
      const { id, replyTo } = job.data as { id: string; replyTo: string };
      const { rows } = await pool.query('SELECT input FROM floor_exec WHERE id = $1', [id]);
      const output = { requestId: rows[0].input.body.requestId };
      await pool.query('UPDATE floor_exec SET status = $2, run_data = $3 WHERE id = $1', [id, 'success', JSON.stringify({ Set: [{ json: output }] })]);
      await publisher.publish(`${prefix}:reply:${replyTo}`, JSON.stringify({ id, answer: JSON.stringify(output) }));
    },
    { connection: REDIS, prefix, concurrency },
  );
  await w.waitUntilReady();
  process.send?.('ready');
}

function spawnRole(args: string[]): Promise<ChildProcess> {
  const child = fork(new URL(import.meta.url).pathname, args, { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`queue floor ${args[0]} exited with ${code}`)));
  });
}

export async function startFloor(opts: { workers: number; concurrency: number; port: number }): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await createTestDatabase();
  const setup = new pg.Client({ connectionString: db.url });
  await setup.connect();
  await setup.query('CREATE TABLE floor_exec (id text PRIMARY KEY, status text NOT NULL, input jsonb, run_data jsonb)');
  await setup.end();
  const prefix = `gff${randomBytes(5).toString('hex')}`;
  const children = [await spawnRole(['main', String(opts.port), db.url, prefix])];
  for (let i = 0; i < opts.workers; i++) children.push(await spawnRole(['worker', db.url, prefix, String(opts.concurrency)]));
  return {
    url: `http://127.0.0.1:${opts.port}`,
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      const redis = new Redis(REDIS);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await db.drop();
    },
  };
}

const [role, ...args] = process.argv.slice(2);
if (role === 'main') await main(Number(args[0]), args[1]!, args[2]!);
else if (role === 'worker') await worker(args[0]!, args[1]!, Number(args[2]));
