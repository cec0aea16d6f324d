// The scaffold's templates: files under ./templates laid out as they land in the repository,
// with `__TOKEN__` placeholders in their paths and contents and a `.tmpl` suffix (so the type
// checker and the node loader leave the templates themselves alone).
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { TYPE_PREFIX } from './names.ts';
import type { NodeNames } from './names.ts';

const TEMPLATES_DIR = join(import.meta.dirname, 'templates');
const SUFFIX = '.tmpl';
const TOKEN = /__[A-Z][A-Z_]*__/g;

export interface RenderedFile {
  /** Path inside the target root, with `/` separators: `nodes/acme-crm/AcmeCrm.node.ts`. */
  path: string;
  content: string;
}

function tokens(names: NodeNames): Record<string, string> {
  return {
    __NAME__: names.name,
    __CAMEL__: names.camel,
    __PASCAL__: names.pascal,
    __DISPLAY__: names.display,
    __CREDENTIAL_TYPE__: names.credentialType,
    __CREDENTIAL_CLASS__: names.credentialClass,
    __TYPE_PREFIX__: TYPE_PREFIX,
  };
}

/** Replaces every token; a token the table lacks is a template bug, reported with the template's path. */
function fill(text: string, values: Record<string, string>, template: string): string {
  return text.replace(TOKEN, (token) => {
    const value = values[token];
    if (value === undefined) throw new Error(`scaffold template ${template}: unknown placeholder ${token}`);
    return value;
  });
}

async function templateFiles(dir = TEMPLATES_DIR): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await templateFiles(path)));
    else if (entry.name.endsWith(SUFFIX)) out.push(path);
  }
  return out.sort();
}

/** Every generated file for these names, in memory (nothing is written here). */
export async function renderTemplates(names: NodeNames): Promise<RenderedFile[]> {
  const values = tokens(names);
  const files: RenderedFile[] = [];
  for (const file of await templateFiles()) {
    const template = relative(TEMPLATES_DIR, file).split(sep).join('/');
    files.push({
      path: fill(template.slice(0, -SUFFIX.length), values, template),
      content: fill(await readFile(file, 'utf8'), values, template),
    });
  }
  return files;
}
