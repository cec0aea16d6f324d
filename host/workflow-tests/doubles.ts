// Which nodes a test run lets run, and what pinned nodes produce instead. A test never reaches an
// outside system: only the node types below run for real (they compute from their input); every
// other type — ERPNext, GenieACS, SNMP, TP-Link, Twilio, Gemini, Stripe, HTTP Request, Execute
// Workflow, and any community node we cannot vouch for — needs a pinned output in the case.
import type { INodeType } from 'n8n-workflow';
import type { TestDouble } from '../engine/types.ts';
import type { IDataObject, INode, INodeExecutionData } from '../model/index.ts';
import type { PinnedOutput, PinnedRun } from './types.ts';

const RUNS_INSIDE = new Set(
  [
    'aggregate', 'code', 'errorTrigger', 'executeWorkflowTrigger', 'filter', 'if', 'limit', 'manualTrigger', 'merge', 'noOp',
    'respondToWebhook', 'scheduleTrigger', 'set', 'sort', 'splitOut', 'stickyNote', 'stopAndError', 'switch', 'wait', 'webhook',
  ].map((name) => `n8n-nodes-base.${name}`),
);
RUNS_INSIDE.add('n8n-nodes-gigafibre.deviceDiagnostic');

const WAIT = 'n8n-nodes-base.wait';

/** True when a node of this type must have a pinned output in a test. */
export function callsOutside(nodeType: string): boolean {
  return !RUNS_INSIDE.has(nodeType);
}

function pinnedRun(pin: PinnedOutput, runIndex: number): PinnedRun {
  if (Array.isArray(pin)) return { outputs: [pin] };
  if ('runs' in pin) return pin.runs[Math.min(runIndex, pin.runs.length - 1)]!;
  return pin;
}

const toItems = (jsons: IDataObject[]): INodeExecutionData[] => jsons.map((json) => ({ json: structuredClone(json) }));

/**
 * The engine's testDouble for one case: pinned nodes give their pinned run, the start node and
 * inside nodes run, a Wait that waits for time goes on at once, anything else is refused.
 */
export function createTestDouble(pinned: Record<string, PinnedOutput>, startNode: string) {
  return (node: INode, type: INodeType, runIndex: number, inputs: INodeExecutionData[][]): TestDouble | undefined => {
    const pin = pinned[node.name];
    if (pin) {
      const run = pinnedRun(pin, runIndex);
      if ('error' in run) return { error: { name: 'NodeApiError', ...run.error, node: node.name, timestamp: Date.now() } };
      return { outputs: run.outputs.map(toItems) };
    }
    if (node.name === startNode) return undefined;
    if (node.type === WAIT) {
      const resume = String(node.parameters?.resume ?? 'timeInterval');
      if (resume === 'webhook' || resume === 'form')
        return { refuse: `Node "${node.name}" waits for a call to its resume URL: pin its output (the items that call brings) in the test case` };
      return { outputs: [inputs[0] ?? []] };
    }
    if (!callsOutside(node.type)) return undefined;
    const what = type.description.displayName ?? node.type;
    return { refuse: `Node "${node.name}" (${what}) would call an outside system: pin its output in the test case ("pinned": { "${node.name}": [ … ] })` };
  };
}
