// The one log line per execution (host/runtime/execution-log.ts), through a real host: webhook
// calls on 127.0.0.1, SQLite in a temp folder, the logger writing JSON into a captured stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../host/config.ts';
import { createHost } from '../../../host/host.ts';
import type { Host } from '../../../host/host.ts';
import { loggerFromSettings } from '../../../host/logger.ts';
import type { WorkflowInput } from '../../../host/model/index.ts';
import { webhookWorkflow } from './helpers.ts';

type Line = Record<string, unknown>;

interface LoggedHost {
  host: Host;
  url: string;
  lines: Line[];
  deploy(wf: WorkflowInput): Promise<string>;
}

const open: { host: Host; dataDir: string }[] = [];
afterEach(async () => {
  for (const { host, dataDir } of open.splice(0)) {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A host whose logger (GIGAFLOW_LOG_LEVEL = `logLevel`, JSON) writes into `lines`. */
async function startLoggedHost(logLevel: string): Promise<LoggedHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigaflow-log-'));
  const config = loadConfig({ GIGAFLOW_DATA_DIR: dataDir, GIGAFLOW_PORT: '0', GIGAFLOW_HOST: '127.0.0.1', GIGAFLOW_LOG_LEVEL: logLevel, GIGAFLOW_LOG_FORMAT: 'json' });
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  const host = await createHost(config, { logger: loggerFromSettings(config, destination) });
  open.push({ host, dataDir });
  const url = `http://127.0.0.1:${await host.listen()}`;
  return {
    host,
    url,
    lines,
    async deploy(wf) {
      const stored = await host.storage.workflows.create(wf);
      await host.activation.activate(stored.id);
      return stored.id;
    },
  };
}

/** Webhook (POST <path>, answers the last node) → Stop and Error. */
function failingWorkflow(name: string, path: string): WorkflowInput {
  const wf = webhookWorkflow(name, path);
  wf.nodes[1] = { id: 'n2', name: 'Refuse', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [220, 0], parameters: { errorType: 'errorMessage', errorMessage: 'order refused' } };
  wf.connections = { Start: { main: [[{ node: 'Refuse', type: 'main', index: 0 }]] } };
  return wf;
}

const finished = (lines: Line[]) => lines.filter((l) => l.msg === 'execution finished');

describe('execution log line', () => {
  it('logs exactly one line per execution with the workflow, the outcome and the duration', async () => {
    const t = await startLoggedHost('info');
    const okId = await t.deploy(webhookWorkflow('Orders in', 'orders'));
    const failId = await t.deploy(failingWorkflow('Orders refused', 'refuse'));

    expect((await fetch(`${t.url}/webhook/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await fetch(`${t.url}/webhook/refuse`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(500);
    // The line follows the stored outcome, which may come just after the answer.
    await expect.poll(() => finished(t.lines).length).toBe(2);

    const [ok] = (await t.host.storage.executions.list({ workflowId: okId })).data;
    const [failed] = (await t.host.storage.executions.list({ workflowId: failId })).data;
    const okLine = finished(t.lines).find((l) => l.workflowId === okId);
    const failLine = finished(t.lines).find((l) => l.workflowId === failId);
    expect(okLine).toEqual({
      level: 'info',
      time: expect.any(String),
      module: 'executions',
      msg: 'execution finished',
      workflowId: okId,
      workflowName: 'Orders in',
      executionId: ok!.id,
      mode: 'webhook',
      status: 'success',
      durationMs: expect.any(Number),
    });
    expect(failLine).toEqual({
      level: 'info',
      time: expect.any(String),
      module: 'executions',
      msg: 'execution finished',
      workflowId: failId,
      workflowName: 'Orders refused',
      executionId: failed!.id,
      mode: 'webhook',
      status: 'error',
      durationMs: expect.any(Number),
      error: 'order refused',
      node: 'Refuse',
    });
    expect(okLine!.durationMs).toBeGreaterThanOrEqual(0);
    // A second call is a second line, and no run is logged twice.
    await fetch(`${t.url}/webhook/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await expect.poll(() => finished(t.lines).length).toBe(3);
    const ids = finished(t.lines).map((l) => l.executionId);
    expect(new Set(ids).size).toBe(3);
  });

  it('logs a run parked at a Wait node as waiting, not finished', async () => {
    const t = await startLoggedHost('info');
    const wf = webhookWorkflow('Park', 'park');
    wf.nodes[0]!.parameters = { ...wf.nodes[0]!.parameters, responseMode: 'onReceived' };
    wf.nodes[1] = { id: 'n2', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [220, 0], parameters: { resume: 'timeInterval', amount: 2, unit: 'hours' } };
    wf.connections = { Start: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } };
    const id = await t.deploy(wf);
    expect((await fetch(`${t.url}/webhook/park`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    await expect.poll(() => t.lines.filter((l) => l.msg === 'execution waiting').length).toBe(1);
    expect(t.lines.find((l) => l.msg === 'execution waiting')).toMatchObject({ module: 'executions', workflowId: id, workflowName: 'Park', status: 'waiting', waitTill: expect.any(String) });
    expect(finished(t.lines)).toEqual([]);
  });

  it('a module set to warn hides its info lines; the others keep theirs', async () => {
    const t = await startLoggedHost('info,executions=warn');
    await t.deploy(webhookWorkflow('Quiet', 'quiet'));
    expect((await fetch(`${t.url}/webhook/quiet`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    // The run is stored (so its observers have run) and yet no line came.
    await expect.poll(async () => (await t.host.storage.executions.list({})).data.map((e) => e.status)).toEqual(['success']);
    t.host.logger.child('webhooks').info('still here');
    expect(finished(t.lines)).toEqual([]);
    expect(t.lines.filter((l) => l.module === 'executions')).toEqual([]);
    expect(t.lines.some((l) => l.module === 'webhooks' && l.msg === 'still here')).toBe(true);
  });
});
