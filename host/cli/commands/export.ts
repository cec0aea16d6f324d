import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workflow } from '../../model/index.ts';
import { NotFoundError } from '../../model/index.ts';
import { EXPORT_FORMATS, exportWorkflowForN8n, exportWorkflow, stringifyExport } from '../../workflows/io.ts';
import type { ExportFormat } from '../../workflows/io.ts';
import { UsageError, parse, withHost } from './shared.ts';
import type { Command } from './shared.ts';

/** File name for a workflow: its name in kebab case plus the id, stable across exports. */
export function exportFileName(wf: Workflow): string {
  const slug = wf.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workflow';
  return `${slug}.${wf.id}.json`;
}

export const exportCommand: Command = {
  summary: 'Export workflows as stable, pretty, diffable JSON',
  help: `Usage: gigaflow export (--id ID | --all) [--out DIR] [--format gigaflow|n8n]

Writes workflows without volatile fields (timestamps, version ids), keys in a fixed order,
so exports diff cleanly in Git, each with its test cases ("testCases", for gigaflow test).
Without --out, prints JSON to stdout (one workflow as an object, --all as an array). With --out, writes one <name>.<id>.json file per workflow.

Options:
  --id ID          export one workflow
  --all            export every workflow
  --out DIR        write files into DIR (created if missing)
  --format FORMAT  gigaflow (default): conditions as stored, in JSONLogic;
                   n8n: If/Switch/Filter conditions as n8n reads them where they can be;
                   nodes that keep JSONLogic are named on stderr and in meta.gigaflowUnconverted`,
  async run(args) {
    const { values } = parse(args, { id: { type: 'string' }, all: { type: 'boolean' }, out: { type: 'string' }, format: { type: 'string' } }, false);
    if (!values.id === !values.all) throw new UsageError('export needs exactly one of --id ID or --all');
    const format = (values.format ?? 'gigaflow') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const { workflows, cases } = await withHost(async (host) => {
      const all: Workflow[] = [];
      if (values.id) {
        const wf = await host.storage.workflows.get(values.id);
        if (!wf) throw new NotFoundError(`Workflow ${values.id} not found`);
        all.push(wf);
      } else {
        let cursor: string | undefined;
        do {
          const page = await host.storage.workflows.list({ limit: 500, cursor });
          all.push(...page.data);
          cursor = page.nextCursor;
        } while (cursor);
        all.sort((a, b) => a.id.localeCompare(b.id));
      }
      return { workflows: all, cases: await Promise.all(all.map((wf) => host.storage.workflowTests.list(wf.id))) };
    });
    const exports = workflows.map((wf, i) => {
      if (format === 'gigaflow') return exportWorkflow(wf, format, cases[i]);
      const { workflow, unconverted } = exportWorkflowForN8n(wf, cases[i]);
      for (const u of unconverted) console.error(`Workflow "${wf.name}": node "${u.node}" keeps JSONLogic, n8n cannot read it: ${u.problem}`);
      return workflow;
    });
    if (!values.out) {
      process.stdout.write(stringifyExport(values.id ? exports[0] : exports));
      return;
    }
    await mkdir(values.out, { recursive: true });
    for (const [i, wf] of workflows.entries()) await writeFile(join(values.out, exportFileName(wf)), stringifyExport(exports[i]));
    console.error(`Exported ${workflows.length} workflow(s) to ${values.out}.`);
  },
};
