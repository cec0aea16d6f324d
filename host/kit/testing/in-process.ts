// The in-process harness: the host's real registry (repo nodes/ plus the given packages), engine,
// expression sandbox and credential handling, with credentials kept in memory. No server, no storage.
import { resolve } from 'node:path';
import { runWorkflow } from '../../engine/execution.ts';
import type { EngineResult } from '../../engine/execution.ts';
import { createRegistry } from '../../engine/registry.ts';
import type { EngineDeps, RunRequest } from '../../engine/types.ts';
import { createExpressionEvaluator } from '../../expressions/evaluate.ts';
import { factsOf } from './facts.ts';
import { harnessOn } from './harness.ts';
import type { HarnessBackend } from './harness.ts';
import { memoryCredentials } from './memory-credentials.ts';
import type { HarnessOptions, NodeHarness } from './types.ts';

// `$execution.resumeUrl` needs a base; nothing listens there, in-process runs have no server.
const PUBLIC_URL = 'http://127.0.0.1:3300';

export interface InProcessEngine {
  /** The engine dependencies every run of this harness uses. */
  deps: EngineDeps;
  /**
   * A harness backend on these deps; `overrides` replace deps (a stricter sandbox, a logger) and
   * `request` adds engine request fields (onEvent, signal, mode ...) for the engine's own tests.
   */
  backend(overrides?: Partial<EngineDeps>, request?: Partial<Omit<RunRequest, 'workflow'>>): HarnessBackend;
}

export async function createInProcessEngine(opts: HarnessOptions = {}): Promise<InProcessEngine> {
  const registry = await createRegistry(opts.packages ?? []);
  // The host only warns about a rejected package and serves the others; a test of that package
  // would then fail with "unknown node type". Say why instead (the message names file and field).
  const mine = (opts.packages ?? []).map((p) => resolve(p));
  const rejected = registry.loadProblems.filter((problem) => mine.some((dir) => problem.includes(dir)));
  if (rejected.length > 0) throw new Error(`createNodeHarness: node package rejected: ${rejected.join('; ')}`);
  for (const { type, node } of opts.extraTypes ?? []) registry.addNodeType(type, node);
  const credentials = memoryCredentials();
  const expressions = createExpressionEvaluator();
  const deps: EngineDeps = { registry, expressions, credentials: credentials.provider, publicUrl: PUBLIC_URL };
  let runs = 0;

  return {
    deps,
    backend: (overrides = {}, request = {}) => ({
      async facts(type, typeVersion) {
        const versions = registry.knownVersions(type);
        if (versions.length === 0) throw new Error(`Unknown node type "${type}": not in nodes/ nor in the harness's packages/extraTypes`);
        const version = typeVersion ?? Math.max(...versions);
        const node = registry.get(type, version);
        if (!node) throw new Error(`Node type "${type}" has no version ${version} (known: ${versions.join(', ')})`);
        return factsOf(node.description, versions);
      },
      storeCredential: async (type, data) => credentials.store(type, data),
      async execute(workflow, input) {
        const result: EngineResult = await runWorkflow(
          { ...deps, ...overrides },
          { executionId: `harness-${++runs}`, mode: 'manual', ...request, workflow, ...definedOnly(input) },
        );
        return { result, raw: result };
      },
      close: async () => expressions.dispose(),
    }),
  };
}

/** Leaves out undefined fields so they do not replace the caller's request fields. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** In-process: the real engine, registry, expression sandbox and credential handling (in memory). Fast; what authors use. */
export async function createNodeHarness(opts: HarnessOptions = {}): Promise<NodeHarness> {
  return harnessOn((await createInProcessEngine(opts)).backend());
}
