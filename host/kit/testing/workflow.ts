// Workflow JSON for tests: buildWorkflow (short node specs + edges), the Manual Trigger → node
// workflow runNode uses, and the items a test hands in.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { IConnections, INode, Workflow } from '../../model/index.ts';
import type { TypeFacts } from './types.ts';

export type NodeSpec = Partial<INode> & { name: string; type: string };

/** Builds n8n workflow JSON from short node specs and [from, to, outputIndex?, inputIndex?] edges. */
export function buildWorkflow(nodes: NodeSpec[], edges: Array<[string, string, number?, number?]>, extra: Partial<Workflow> = {}): Workflow {
  // Edges naming a missing node are kept: the engine refuses them with its own message (and tests check that).
  const connections: IConnections = {};
  for (const [from, to, out = 0, input = 0] of edges) {
    const main = ((connections[from] ??= { main: [] }).main ??= []);
    while (main.length <= out) main.push([]);
    main[out]!.push({ node: to, type: 'main', index: input });
  }
  return {
    id: 'wf-test',
    name: 'test',
    active: false,
    settings: { executionOrder: 'v1' },
    connections,
    nodes: nodes.map((n, i) => ({ id: n.name, typeVersion: 1, position: [i * 200, 0], parameters: {}, ...n })),
    ...extra,
  };
}

// n8n's item fields: an object with `json` and only these is an item, anything else is item data.
const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index', 'metadata']);

function isExecutionItem(v: IDataObject | INodeExecutionData): v is INodeExecutionData {
  const json = (v as { json?: unknown }).json;
  return !!json && typeof json === 'object' && !Array.isArray(json) && Object.keys(v).every((k) => ITEM_KEYS.has(k));
}

/** Plain objects become { json }; items (json plus binary/pairedItem) stay as they are. */
export function toItems(input: Array<IDataObject | INodeExecutionData> | undefined): INodeExecutionData[] | undefined {
  return input?.map((v) => (isExecutionItem(v) ? v : { json: v }));
}

/** Manual Trigger → the node under test (or the node alone when it is a trigger itself). */
export function nodeUnderTestWorkflow(node: NodeSpec, facts: TypeFacts): { workflow: Workflow; startNode?: string } {
  if (!facts.hasInput) return { workflow: buildWorkflow([node], []), startNode: node.name };
  const trigger = node.name === 'Start' ? 'Manual Trigger' : 'Start';
  const workflow = buildWorkflow([{ name: trigger, type: 'n8n-nodes-base.manualTrigger' }, node], [[trigger, node.name]]);
  return { workflow };
}

type CredentialRef = { id: string; name: string };

/**
 * References the stored credentials on every node whose type declares that credential type.
 * A credential no node declares is a test mistake (a typo in the type name): refused, naming it.
 */
export function attachCredentials(workflow: Workflow, refs: Record<string, CredentialRef>, factsByNode: Map<string, TypeFacts>): Workflow {
  const used = new Set<string>();
  const nodes = workflow.nodes.map((node) => {
    const declared = factsByNode.get(node.name)?.credentialTypes ?? [];
    const mine = Object.entries(refs).filter(([type]) => declared.includes(type));
    if (mine.length === 0) return node;
    for (const [type] of mine) used.add(type);
    return { ...node, credentials: { ...node.credentials, ...Object.fromEntries(mine) } };
  });
  const unused = Object.keys(refs).filter((type) => !used.has(type));
  if (unused.length > 0) {
    const declared = [...new Set([...factsByNode.values()].flatMap((f) => f.credentialTypes))];
    throw new Error(`credentials: no node in the workflow declares credential type ${unused.map((t) => `"${t}"`).join(', ')} (declared: ${declared.join(', ') || 'none'})`);
  }
  return { ...workflow, nodes };
}
