// The templates gallery's model: the workflow files of the templates folder (templates/*.json),
// read fresh on every call so an edited file shows without a restart, summarised for cards and
// diagrams, and copied into a new workflow when a user picks one.
// The card text lives in each file's `meta`: `description: { en, fr }` and `category` — the one
// source of truth, kept with the workflow it describes.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeRegistry } from '../engine/registry-types.ts';
import type { INode, Workflow, WorkflowInput } from '../model/index.ts';
import type { WorkflowTestCase } from '../workflow-tests/types.ts';
import { parseWorkflowImportWithTests } from './io.ts';

/** Template ids are the files' fixed workflow ids: lower-case words joined by dashes (`tpl-…`). */
export const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

export interface Template {
  id: string;
  file: string;
  workflow: WorkflowInput & { id: string };
  /** The file's test cases; a copy made with "Use template" gets them too. */
  testCases: WorkflowTestCase[];
}

export interface TemplateCredential {
  type: string;
  /** The credential type's display name, or the type when no installed package provides it. */
  displayName: string;
  /** The name the file references (the shared names, e.g. "ERPNext"), to preselect a stored one. */
  name: string;
  /** Nodes that need a credential of this type, in workflow order. */
  nodes: string[];
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: { en: string; fr: string };
  category: string | null;
  tags: string[];
  nodes: { name: string; type: string; position: [number, number] }[];
  /** Main connections as edges, for a diagram. */
  connections: { from: string; to: string; output: number; input: number }[];
  credentials: TemplateCredential[];
  /** The stored workflow holding this template (its fixed id, else the newest copy made from it). */
  installed: string | null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Every template in `dir` (sorted by file name); none when the folder does not exist. */
export async function loadTemplates(dir: string): Promise<Template[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const out: Template[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let workflow: WorkflowInput;
    let testCases: WorkflowTestCase[];
    try {
      const parsed = parseWorkflowImportWithTests(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.length !== 1) throw new Error('a template file holds exactly one workflow');
      const only = parsed[0]!;
      workflow = only.workflow;
      testCases = only.testCases ?? [];
    } catch (err) {
      // A broken file is the host's configuration, not the caller's input: a 500, logged with the file.
      throw new Error(`Template file ${path} is not a workflow: ${(err as Error).message}`);
    }
    if (!workflow.id || !TEMPLATE_ID.test(workflow.id)) throw new Error(`Template file ${path} needs a fixed id like "tpl-my-flow"`);
    out.push({ id: workflow.id, file, workflow: workflow as Template['workflow'], testCases });
  }
  return out;
}

/** One entry per credential type the template's nodes reference, in the order they first appear. */
export function templateCredentials(nodes: INode[], registry: NodeRegistry): TemplateCredential[] {
  const byType = new Map<string, TemplateCredential>();
  for (const node of nodes) {
    if (node.disabled) continue;
    for (const [type, ref] of Object.entries(node.credentials ?? {})) {
      let entry = byType.get(type);
      if (!entry) {
        entry = { type, displayName: registry.credentialType(type)?.displayName ?? type, name: text((ref as { name?: unknown })?.name), nodes: [] };
        byType.set(type, entry);
      }
      entry.nodes.push(node.name);
    }
  }
  return [...byType.values()];
}

function edges(workflow: WorkflowInput): TemplateSummary['connections'] {
  const out: TemplateSummary['connections'] = [];
  for (const [from, byType] of Object.entries(workflow.connections ?? {}))
    (byType.main ?? []).forEach((targets, output) => {
      for (const target of targets ?? []) out.push({ from, to: target.node, output, input: target.index ?? 0 });
    });
  return out;
}

export function summarizeTemplate(template: Template, registry: NodeRegistry, installed: string | null): TemplateSummary {
  const { workflow } = template;
  const meta = (workflow.meta ?? {}) as Record<string, unknown>;
  const description = (meta.description ?? {}) as Record<string, unknown>;
  const en = text(description.en) || text(meta.description);
  return {
    id: template.id,
    name: workflow.name,
    description: { en, fr: text(description.fr) || en },
    category: text(meta.category) || null,
    tags: (workflow.tags ?? []).filter((tag) => tag !== 'template'),
    nodes: workflow.nodes.map((n) => ({ name: n.name, type: n.type, position: [n.position[0], n.position[1]] })),
    connections: edges(workflow),
    credentials: templateCredentials(workflow.nodes, registry),
    installed,
  };
}

/**
 * The stored workflow per template id: the template's own id when `gigaflow start` imported it,
 * else the newest copy (`meta.templateId`).
 */
export function installedWorkflows(templateIds: string[], stored: Workflow[]): Map<string, string> {
  const out = new Map<string, string>();
  const newestFirst = [...stored].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
  for (const id of templateIds) {
    const own = stored.find((wf) => wf.id === id);
    const copy = newestFirst.find((wf) => (wf.meta as Record<string, unknown> | undefined)?.templateId === id);
    const found = own ?? copy;
    if (found) out.set(id, found.id);
  }
  return out;
}

/**
 * A new workflow from a template: no id (storage assigns one), same name, inactive, and
 * `meta.templateId` naming the template (as n8n does). Webhook ids are fresh so the copy never
 * shares one with the template or another copy; credential references stay by name until the
 * user picks credentials.
 */
export function templateCopy(template: Template): WorkflowInput {
  const { id: _id, ...definition } = structuredClone(template.workflow);
  return {
    ...definition,
    nodes: definition.nodes.map((n) => (n.webhookId ? { ...n, webhookId: randomUUID() } : n)),
    meta: { ...(definition.meta ?? {}), templateId: template.id, templateCredsSetupCompleted: false },
  };
}
