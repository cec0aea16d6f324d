// docs/authoring-nodes.md quotes the shipped Traccar node: every code block preceded by
// `<!-- from: <path> -->` must appear verbatim in that file, so the tutorial cannot drift from
// the code it teaches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const TUTORIAL = 'docs/authoring-nodes.md';

/** Each quoted block: the file it claims to come from, its text, and its line in the tutorial. */
function quotedBlocks(markdown: string): Array<{ file: string; code: string; line: number }> {
  const out: Array<{ file: string; code: string; line: number }> = [];
  const re = /<!-- from: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) out.push({ file: m[1]!, code: m[2]!, line: markdown.slice(0, m.index).split('\n').length });
  return out;
}

const markdown = readFileSync(join(ROOT, TUTORIAL), 'utf8');
const blocks = quotedBlocks(markdown);

describe(`${TUTORIAL} stays in sync with nodes/traccar`, () => {
  it('quotes the node, its credential, client, operations, translations and tests', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    expect(new Set(blocks.map((b) => b.file))).toEqual(
      new Set([
        'nodes/traccar/credentials/GigafibreTraccarApi.credentials.ts',
        'nodes/traccar/description.ts',
        'nodes/traccar/client.ts',
        'nodes/traccar/operations/position.ts',
        'nodes/traccar/operations/latest.ts',
        'nodes/traccar/positions.ts',
        'nodes/traccar/Traccar.node.ts',
        'nodes/traccar/translations/fr.json',
        'test/integration/nodes/traccar/setup.ts',
        'test/integration/nodes/traccar/latest.test.ts',
      ]),
    );
  });

  it.each(blocks.map((b) => [`line ${b.line}: ${b.file}`, b] as const))('%s appears verbatim in the file', (_label, { file, code }) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    expect(source.includes(code), `${TUTORIAL} quotes ${file} but the file no longer contains:\n${code}`).toBe(true);
  });

  it('every marker is followed by a code block (none left dangling)', () => {
    expect((markdown.match(/<!-- from: /g) ?? []).length).toBe(blocks.length);
  });
});
