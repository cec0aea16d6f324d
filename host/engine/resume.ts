// What a waiting execution keeps so it can go on later, possibly in another process: the pending
// stack and multi-input joins by node name, and the Wait node's output to hand on when it resumes.
import type { INodeExecutionData } from '../model/index.ts';
import type { Graph } from './graph.ts';
import type { PendingRun } from './types.ts';

/** n8n's marker for "wait until the resume URL is called", with no time limit. */
export const WAIT_INDEFINITELY = new Date('3000-01-01T00:00:00.000Z');

interface StoredRun {
  node: string;
  inputs: INodeExecutionData[][];
  sources: PendingRun['sources'];
}

export interface ResumeState {
  /** The Wait node that parked the run, and its run index. */
  node: string;
  runIndex: number;
  /** 'time': resumes at waitTill with its input; 'webhook': resumes on a call to the resume URL (or at waitTill, the limit). */
  kind: 'time' | 'webhook';
  /** The Wait node's output when it resumes without a call (its input items). */
  outputs: (INodeExecutionData[] | null)[];
  stack: StoredRun[];
  waiting: StoredRun[];
}

const store = (run: PendingRun): StoredRun => ({ node: run.node.name, inputs: run.inputs, sources: run.sources });

export function saveState(base: Omit<ResumeState, 'stack' | 'waiting'>, stack: PendingRun[], waiting: Map<string, PendingRun>): ResumeState {
  return { ...base, stack: stack.map(store), waiting: [...waiting.values()].map(store) };
}

/** Rebuilds pending runs against the workflow as it is now; a node that no longer exists is an error. */
export function restoreRuns(runs: StoredRun[], graph: Graph): PendingRun[] {
  return runs.map((r) => {
    const node = graph.nodes.get(r.node);
    if (!node) throw new Error(`Cannot resume: node "${r.node}" is no longer in the workflow`);
    return { node, inputs: r.inputs, sources: r.sources };
  });
}
