// POST /api/v1/node-types/ports: the input count and output names of workflow nodes whose
// description computes its ports from the node's parameters (Switch: one output per rule), as an
// `={{ }}` expression over `$parameter`. The expression runs in the host's sandbox (the same isolate
// and limits as workflow runs and the live preview): the editor's CSP forbids eval, and
// expressions never run in the browser. One batch per workflow change.
import { Router } from 'express';
import type { ExpressionData, ExpressionEvaluator } from '../../expressions/evaluate.ts';
import type { NodeRegistry } from '../../engine/registry-types.ts';
import type { IDataObject } from '../../model/index.ts';
import { ValidationError } from '../../model/index.ts';
import { HttpError } from '../middleware/errors.ts';
import { bodyObject } from '../params.ts';

export interface NodePortRouteDeps {
  registry: NodeRegistry;
  /** The host's evaluator. Without it, a node with expression ports answers 503. */
  expressions?: ExpressionEvaluator;
}

export interface PortRequestNode {
  name: string;
  type: string;
  typeVersion?: number;
  parameters: IDataObject;
  onError?: string;
}

export interface NodePorts {
  inputs: number;
  /** One label per output ('' for an unnamed single output); `error` last when the node routes errors. */
  outputs: string[];
  /** Why the fallback (1 in, 1 out) was answered: an unknown type or an expression that failed. */
  error?: string;
}

/** More nodes than any workflow an editor shows: a bound on sandbox time per request. */
const MAX_NODES = 1000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(field: string, message: string): never {
  throw new ValidationError(message, { field });
}

/** Reads and checks `{ nodes: [...] }`; every problem is a 400 naming the field. */
export function readPortRequest(body: Record<string, unknown>): PortRequestNode[] {
  const { nodes } = body;
  if (!Array.isArray(nodes)) bad('nodes', '"nodes" must be an array of { name, type, typeVersion, parameters }');
  if (nodes.length > MAX_NODES) bad('nodes', `"nodes" may hold at most ${MAX_NODES} nodes`);
  const seen = new Set<string>();
  return nodes.map((n: unknown, i) => {
    const at = `nodes[${i}]`;
    if (!isObject(n)) bad(at, `"${at}" must be an object { name, type, typeVersion, parameters }`);
    if (typeof n.name !== 'string' || !n.name) bad(`${at}.name`, `"${at}.name" must be a non-empty string`);
    if (seen.has(n.name)) bad(`${at}.name`, `"${at}.name" repeats the node name "${n.name}"`);
    seen.add(n.name);
    if (typeof n.type !== 'string' || !n.type) bad(`${at}.type`, `"${at}.type" must be the node type's name, e.g. n8n-nodes-base.switch`);
    if (n.typeVersion !== undefined && (typeof n.typeVersion !== 'number' || !Number.isFinite(n.typeVersion))) bad(`${at}.typeVersion`, `"${at}.typeVersion" must be a number`);
    const parameters = n.parameters ?? {};
    if (!isObject(parameters)) bad(`${at}.parameters`, `"${at}.parameters" must be an object`);
    if (n.onError !== undefined && typeof n.onError !== 'string') bad(`${at}.onError`, `"${at}.onError" must be a string`);
    return { name: n.name, type: n.type, typeVersion: n.typeVersion as number | undefined, parameters: parameters as IDataObject, onError: n.onError as string | undefined };
  });
}

const isExpressionPorts = (ports: unknown): ports is string => typeof ports === 'string' && ports.startsWith('={{') && ports.endsWith('}}');

/** The sandbox has no `$parameter` of its own: `$input.params` is the current node's parameters. */
const portCode = (ports: string): string => `(function ($parameter) { return (${ports.slice(3, -2)}); })($input.params)`;

function portData(node: PortRequestNode): ExpressionData {
  return {
    itemIndex: 0,
    runIndex: 0,
    inputItems: [],
    nodeOutput: () => undefined,
    pairedItem: () => undefined,
    hasNode: (name) => name === node.name,
    nodeParameters: (name) => (name === node.name ? node.parameters : undefined),
    node: { name: node.name, type: node.type, typeVersion: node.typeVersion ?? 1 },
    execution: { id: '', mode: 'manual', resumeUrl: '' },
    workflow: { id: '', name: '', active: false },
    vars: {},
    timezone: 'UTC',
  };
}

/** A description's port list: an array, or what its `={{ }}` expression answers for this node. */
function portList(ports: unknown, node: PortRequestNode, evaluator: ExpressionEvaluator | undefined, field: string): unknown[] {
  if (Array.isArray(ports)) return ports;
  if (!isExpressionPorts(ports)) return ['main'];
  if (!evaluator) throw new HttpError(503, 'This host has no expression sandbox');
  const result = evaluator.evaluate(portCode(ports), portData(node));
  if (!Array.isArray(result)) throw new Error(`The description's "${field}" expression answered ${result === null ? 'null' : typeof result}, not an array of ports`);
  return result;
}

const portName = (p: unknown): string => (isObject(p) && typeof p.displayName === 'string' ? p.displayName : '');

/** Same rules as the editor's portsOf(): `output i` for unnamed outputs of many, `error` last for continueErrorOutput. */
export function portsOfNode(registry: NodeRegistry, evaluator: ExpressionEvaluator | undefined, node: PortRequestNode): NodePorts {
  const described = registry.descriptions().find((d) => d.name === node.type);
  // Unknown type: the same fallback the editor draws (1 in, 1 out), with the reason.
  if (!described) return { inputs: 1, outputs: [''], error: `Unknown node type "${node.type}"` };
  const t = (node.typeVersion !== undefined && registry.get(node.type, node.typeVersion)?.description) || described;
  let inputs: number;
  let list: unknown[];
  try {
    inputs = portList(t.inputs, node, evaluator, 'inputs').length;
    list = portList(t.outputs, node, evaluator, 'outputs');
  } catch (err) {
    if (err instanceof HttpError) throw err;
    return { inputs: 1, outputs: [''], error: `Ports of node "${node.name}": ${(err as Error)?.message ?? String(err)}` };
  }
  let outputs = list.map((p, i) => t.outputNames?.[i] ?? portName(p));
  if (outputs.length > 1) outputs = outputs.map((o, i) => o || `output ${i}`);
  if (node.onError === 'continueErrorOutput') outputs = [...outputs.map((o) => o || 'success'), 'error'];
  return { inputs, outputs };
}

export function nodePortRoutes(deps: NodePortRouteDeps): Router {
  const r = Router();

  r.post('/node-types/ports', (req, res) => {
    const nodes = readPortRequest(bodyObject(req));
    const ports: Record<string, NodePorts> = {};
    for (const node of nodes) ports[node.name] = portsOfNode(deps.registry, deps.expressions, node);
    res.json({ ports });
  });

  return r;
}
