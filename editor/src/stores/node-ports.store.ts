// Ports of nodes whose description computes them from parameters (Switch: one output per rule).
// The `={{ }}` expression runs in the host's sandbox (POST /node-types/ports), never here: the
// editor's CSP forbids eval. portsOf() stays synchronous: it reads this reactive cache and queues
// a debounced batch for what is missing; the canvas redraws when the answer lands.
import { reactive } from 'vue';
import { request } from '../api/client.ts';
import type { INode } from '../api/types.ts';

export interface RawPorts {
  inputs: number;
  /** Output labels as the description gives them ('' when unnamed). */
  outputs: string[];
}

const DEBOUNCE_MS = 50;
/** Parameters change with every keystroke: keep the newest answers, not every one ever seen. */
const MAX_ENTRIES = 500;

const cache = reactive(new Map<string, RawPorts>());
const pending = new Map<string, { name: string; type: string; typeVersion: number; parameters: unknown }>();
const inFlight = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

const keyOf = (node: INode): string => `${node.type}@${node.typeVersion}|${JSON.stringify(node.parameters ?? {})}`;

async function flush(): Promise<void> {
  timer = undefined;
  const batch = [...pending.entries()];
  pending.clear();
  if (!batch.length) return;
  for (const [key] of batch) inFlight.add(key);
  // Node names are unique per batch: the key stands in for the name.
  const nodes = batch.map(([key, n]) => ({ ...n, name: key }));
  try {
    const answer = await request<{ ports: Record<string, RawPorts> }>('POST', '/node-types/ports', { nodes });
    for (const [key] of batch) {
      const p = answer.ports[key];
      if (p) cache.set(key, { inputs: p.inputs, outputs: p.outputs });
    }
    while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  } catch {
    // Host unreachable: the fallback port stays; the next change asks again.
  } finally {
    for (const [key] of batch) inFlight.delete(key);
  }
}

/** The host's answer for this node's parameters, or undefined until it arrives (then asked for). */
export function expressionPorts(node: INode): RawPorts | undefined {
  const key = keyOf(node);
  const known = cache.get(key);
  if (known) return known;
  if (!inFlight.has(key) && !pending.has(key)) {
    pending.set(key, { name: key, type: node.type, typeVersion: node.typeVersion, parameters: node.parameters ?? {} });
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), DEBOUNCE_MS);
  }
  return undefined;
}
