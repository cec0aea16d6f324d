import { apikeyCommand } from './apikey.ts';
import { bridgeCommand } from './bridge.ts';
import { credentialsCommand } from './credentials.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { newNodeCommand } from './new-node.ts';
import { nodesCommand } from './nodes.ts';
import { pruneCommand } from './prune.ts';
import { runCommand } from './run.ts';
import type { Command } from './shared.ts';
import { startCommand } from './start.ts';
import { testCommand } from './test.ts';
import { webhookCommand } from './webhook.ts';
import { workerCommand } from './worker.ts';

export const commands: Record<string, Command> = {
  start: startCommand,
  import: importCommand,
  export: exportCommand,
  run: runCommand,
  test: testCommand,
  apikey: apikeyCommand,
  nodes: nodesCommand,
  prune: pruneCommand,
  bridge: bridgeCommand,
  worker: workerCommand,
  webhook: webhookCommand,
  credentials: credentialsCommand,
  'new-node': newNodeCommand,
};
