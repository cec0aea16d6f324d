// /api/v1/templates: the gallery of system flows (the templates folder) and "use template",
// which stores a new, inactive copy and says which credentials it needs and which stored
// credentials of each type could fill them.
import { Router } from 'express';
import type { Request } from 'express';
import { validateWorkflow } from '../../engine/graph.ts';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { Workflow } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/index.ts';
import type { Storage } from '../../storage/storage.ts';
import { installedWorkflows, loadTemplates, summarizeTemplate, TEMPLATE_ID, templateCopy, templateCredentials } from '../../workflows/templates.ts';
import type { Template } from '../../workflows/templates.ts';
import { param } from '../params.ts';

export interface TemplateRouteDeps {
  storage: Storage;
  registry: NodeRegistry;
  /** The templates folder (absolute). */
  dir: string;
}

async function allWorkflows(storage: Storage): Promise<Workflow[]> {
  const all: Workflow[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.workflows.list({ limit: 200, cursor });
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export function templateRoutes(deps: TemplateRouteDeps): Router {
  const { storage, registry, dir } = deps;
  const r = Router();

  async function requireTemplate(req: Request): Promise<Template> {
    const id = param(req, 'id');
    if (!TEMPLATE_ID.test(id)) throw new ValidationError(`"${id}" is not a template id: lower-case letters, digits and dashes, like "tpl-payment-received"`, { field: 'id' });
    const template = (await loadTemplates(dir)).find((t) => t.id === id);
    if (!template) throw new NotFoundError(`Template "${id}" not found`);
    return template;
  }

  async function summaries(templates: Template[]) {
    const installed = installedWorkflows(templates.map((t) => t.id), await allWorkflows(storage));
    return templates.map((t) => summarizeTemplate(t, registry, installed.get(t.id) ?? null));
  }

  r.get('/templates', async (_req, res) => {
    res.json({ data: await summaries(await loadTemplates(dir)) });
  });

  // The card's summary plus the whole workflow definition.
  r.get('/templates/:id', async (req, res) => {
    const template = await requireTemplate(req);
    const [summary] = await summaries([template]);
    res.json({ ...summary, workflow: template.workflow });
  });

  r.post('/templates/:id/use', async (req, res) => {
    const template = await requireTemplate(req);
    const input = templateCopy(template);
    validateWorkflow(input, registry);
    const workflow = await storage.workflows.create(input);
    if (template.testCases.length) await storage.workflowTests.replaceAll(workflow.id, template.testCases);
    const credentials = await Promise.all(
      templateCredentials(workflow.nodes, registry).map(async (c) => ({
        ...c,
        candidates: (await storage.credentials.list({ type: c.type })).map((m) => ({ id: m.id, name: m.name })),
      })),
    );
    res.status(201).json({ workflow, credentials });
  });

  return r;
}
