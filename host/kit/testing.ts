// The node test harness: run one node or a workflow with given input items and credentials, and
// read the outputs. Two implementations of one API: createNodeHarness (in-process, the host's real
// engine, registry, expression sandbox and credential handling) and hostHarness (a running host over
// its REST API). Not part of host/kit/index.ts: only tests import it.
export type { HarnessOptions, NodeHarness, RunNodeOptions, RunResult } from './testing/types.ts';
export { createNodeHarness } from './testing/in-process.ts';
export { hostHarness } from './testing/host-harness.ts';
export { buildWorkflow } from './testing/workflow.ts';
