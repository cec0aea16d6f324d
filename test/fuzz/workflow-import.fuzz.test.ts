// Fuzz: workflow import. Real exports (templates/ and test/fixtures/workflows/), mutated, go
// through the editor's two routes (POST /api/v1/workflows, POST /api/v1/workflows/import) and the
// CLI's importWorkflows on a real host. Every answer is 2xx or a 4xx with a message naming the
// field or node; a refused import leaves workflows, versions and webhooks exactly as they were.
import fc from 'fast-check';
import './helpers/seed.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorkflows } from '../../host/cli/commands/import.ts';
import { ValidationError } from '../../host/model/index.ts';
import { startTestHost } from '../helpers/host.ts';
import type { TestHost } from '../helpers/host.ts';
import { applyMutations, mutation, realExports } from './helpers/mutate.ts';
import { storageSnapshot } from './helpers/storage-snapshot.ts';

const exports = realExports();
const mutated = fc
  .tuple(fc.nat({ max: exports.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([i, muts]) => ({ file: exports[i]!.file, json: applyMutations(exports[i]!.json, muts) }));

let t: TestHost;
let dir: string;
beforeAll(async () => {
  t = await startTestHost();
  dir = mkdtempSync(join(tmpdir(), 'gigaflow-fuzz-import-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: { message?: string; field?: string; node?: string; error?: string };
}

async function post(path: string, body: unknown): Promise<Answer> {
  const res = await t.api(path, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** The property every route shares: 2xx, or 4xx naming what is wrong with nothing stored. */
async function expectSafe(send: () => Promise<Answer>): Promise<Answer> {
  const before = await storageSnapshot(t.host);
  const answer = await send();
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBeLessThan(500);
  if (answer.status >= 300) {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body.message, 'a 4xx has a message').toBeTruthy();
    // Validation failures name the field or the node at fault.
    if (answer.body.error === 'validation_error') expect(answer.body.field ?? answer.body.node, answer.body.message).toBeTruthy();
    expect(await storageSnapshot(t.host)).toBe(before);
  }
  return answer;
}

describe('workflow import fuzz', () => {
  it('the unmutated exports import cleanly (the fuzz starts from valid input)', async () => {
    for (const { file, json } of exports) {
      const res = await post('/api/v1/workflows/import', json);
      expect(res.status, `${file}: ${res.body.message}`).toBe(201);
    }
  });

  it('POST /api/v1/workflows: mutated exports are stored or refused with a 4xx, never half-written', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async ({ json }) => {
        await expectSafe(() => post('/api/v1/workflows', json));
      }),
      { numRuns: 200 },
    );
  });

  it('POST /api/v1/workflows/import: one or several mutated exports, with or without activation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 3 }), fc.boolean(), async (wfs, activate) => {
        const body = wfs.length === 1 ? wfs[0]!.json : wfs.map((w) => w.json);
        await expectSafe(() => post(`/api/v1/workflows/import${activate ? '?activate=true' : ''}`, body));
      }),
      { numRuns: 200 },
    );
  });

  it('CLI import (gigaflow import <file>): a ValidationError naming the file, or stored; nothing half-written', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 2 }), fc.boolean(), async (wfs, activate) => {
        const file = join(dir, `import-${n++}.json`);
        writeFileSync(file, JSON.stringify(wfs.map((w) => w.json)));
        const before = await storageSnapshot(t.host);
        try {
          await importWorkflows(t.host, file, { activate });
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(ValidationError);
          expect((err as Error).message).toContain(file);
          expect(await storageSnapshot(t.host)).toBe(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('regression: a workflow nested 20 000 levels deep is a 400 naming the limit, nothing stored (was a 500 from JSON.stringify)', async () => {
    const wf = structuredClone(exports[0]!.json);
    (wf.nodes as { parameters: unknown }[])[0]!.parameters = { deep: 'DEEP' };
    // Built as text: this side's JSON.stringify would overflow as well.
    const text = JSON.stringify(wf).replace('"DEEP"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    for (const path of ['/api/v1/workflows', '/api/v1/workflows/import']) {
      const res = await expectSafe(async () => {
        const r = await t.api(path, { method: 'POST', body: text });
        return { status: r.status, body: (await r.json()) as Answer['body'] };
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('nests deeper than 1000 levels');
    }
    // The CLI reads files, not requests: same limit, a ValidationError naming the file (was a RangeError).
    const file = join(dir, 'deep.json');
    writeFileSync(file, text);
    const before = await storageSnapshot(t.host);
    await expect(importWorkflows(t.host, file)).rejects.toThrow(new ValidationError(`${file}: the JSON nests deeper than 1000 levels`));
    expect(await storageSnapshot(t.host)).toBe(before);
  });

  it('regression: CLI import undoes what it stored when activation fails (a webhook path taken; was left stored and active)', async () => {
    const [hook] = JSON.parse(readFileSync(new URL('../fixtures/workflows/n8n-export-webhook-set.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    const file = join(dir, 'same-path.json');
    writeFileSync(file, JSON.stringify([{ ...hook, id: 'fuzz-cli-a' }, { ...hook, id: 'fuzz-cli-b' }]));
    const before = await storageSnapshot(t.host);
    await expect(importWorkflows(t.host, file, { activate: true })).rejects.toMatchObject({ status: 409, field: 'path', message: expect.stringContaining(`${file}: workflow "Field visit intake": Webhook POST /field-visit is already used`) });
    expect(await storageSnapshot(t.host)).toBe(before);
  });

  it('regression: a node type named like an Object.prototype member is a 400 naming the node (was a 500 in condition conversion)', async () => {
    for (const type of ['__proto__', 'constructor', 'toString']) {
      const wf = structuredClone(exports[0]!.json);
      const node = (wf.nodes as { name: string; type: string }[])[0]!;
      node.type = type;
      const res = await expectSafe(() => post('/api/v1/workflows/import', wf));
      expect(res.status).toBe(400);
      expect(res.body.node).toBe(node.name);
    }
  });

  it('the host still answers after the fuzzing', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await t.api('/api/v1/workflows?limit=1')).status).toBe(200);
  });
});
