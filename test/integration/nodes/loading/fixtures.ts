// Shared by the loading tests: where the fixture packages are, how to install one the way npm
// does (with n8n-workflow beside it, as npm installs a peer dependency), and a greeting workflow.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INodeParameters } from 'n8n-workflow';
import { buildWorkflow } from '../../../../host/kit/testing.ts';
import type { Workflow } from '../../../../host/model/index.ts';

export const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/node-packages');
export const GREETER = join(FIXTURES, 'n8n-nodes-acme-greeter');
export const INVALID = join(FIXTURES, 'invalid');

/** Copies a fixture package into `nodeModules/<name>` (renamed when `name` differs) and links n8n-workflow next to it. */
export function installPackage(nodeModules: string, from: string, name: string, patch: (pkg: Record<string, unknown>) => void = () => {}): string {
  const dir = join(nodeModules, name);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(from, dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.name = name;
  patch(pkg);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  linkN8nWorkflow(nodeModules);
  return dir;
}

/** `<nodeModules>/n8n-workflow` → this repository's copy (what `npm install` does for the peer dependency). */
export function linkN8nWorkflow(nodeModules: string): void {
  mkdirSync(nodeModules, { recursive: true });
  try {
    symlinkSync(join(ROOT, 'node_modules/n8n-workflow'), join(nodeModules, 'n8n-workflow'), 'dir');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Manual Trigger → the given node (named "Node"), as n8n workflow JSON. */
export function workflowWith(type: string, parameters: Record<string, unknown> = {}): Workflow {
  return buildWorkflow([{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' }, { name: 'Node', type, parameters: parameters as INodeParameters }], [['Start', 'Node']], { name: `run ${type}` });
}

export interface RunResponse {
  status: string;
  error?: { message: string };
  runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
}

/** The json of the first output of "Node". */
export function nodeOutput(run: RunResponse): Array<Record<string, unknown>> {
  return (run.runData.Node?.[0]?.data?.main[0] ?? []).map((i) => i.json);
}
