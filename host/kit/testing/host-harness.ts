// The harness against a running host, only through its REST API: credentials are stored with
// POST /api/v1/credentials, workflows run with POST /api/v1/workflows/run, node types are read
// from GET /api/v1/node-types/:type. For tests that need the whole host (storage, encryption, routes).
import type { IDataObject, INodeTypeDescription } from 'n8n-workflow';
import type { ExecutionRecord, Workflow } from '../../model/index.ts';
import { factsOf, versionsIn } from './facts.ts';
import { harnessOn } from './harness.ts';
import type { RunInput } from './harness.ts';
import type { NodeHarness, TypeFacts } from './types.ts';

export interface HostAddress {
  base: string;
  apiKey: string;
}

async function call(host: HostAddress, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${host.base.replace(/\/+$/, '')}${path}`, { ...init, headers: { 'x-api-key': host.apiKey, 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Stores a credential through the API; returns the reference a node carries. */
export async function storeCredential(host: HostAddress, type: string, data: IDataObject, name = `${type} ${Math.random().toString(36).slice(2, 10)}`): Promise<{ id: string; name: string }> {
  const meta = await json<{ id: string; name: string }>(await call(host, '/api/v1/credentials', { method: 'POST', body: JSON.stringify({ name, type, data }) }), `POST /api/v1/credentials (type "${type}")`);
  return { id: meta.id, name: meta.name };
}

/** The REST run takes JSON input only: an item carrying more than json cannot go through it. */
function jsonInput(items: RunInput['triggerItems']): IDataObject[] | undefined {
  return items?.map((item, i) => {
    const extra = Object.keys(item).filter((k) => k !== 'json' && k !== 'pairedItem');
    if (extra.length > 0) throw new Error(`hostHarness: input item ${i} has ${extra.join(', ')}; the host's run API takes JSON input only (pin such items with pinData)`);
    return item.json;
  });
}

async function postRun(host: HostAddress, workflow: Workflow, input: RunInput): Promise<ExecutionRecord> {
  // Without id the host runs it as an ad-hoc workflow (no stored workflow row is needed or made).
  const { id: _id, active: _active, ...definition } = workflow;
  const body = { workflow: definition, input: jsonInput(input.triggerItems), pinData: input.pinData, startNode: input.startNode };
  return json<ExecutionRecord>(await call(host, '/api/v1/workflows/run', { method: 'POST', body: JSON.stringify(body) }), 'POST /api/v1/workflows/run');
}

/** The same API against a running host over its REST API (POST /api/v1/credentials, POST /api/v1/workflows/run): for tests that need the whole host. */
export function hostHarness(host: HostAddress): NodeHarness {
  const facts = new Map<string, Promise<TypeFacts>>();
  const describe = async (type: string, typeVersion?: number): Promise<TypeFacts> => {
    const path = `/api/v1/node-types/${encodeURIComponent(type)}`;
    const latest = await call(host, path);
    if (latest.status === 404) throw new Error(`Unknown node type "${type}": the host at ${host.base} does not have it`);
    const all = await json<INodeTypeDescription>(latest, `GET ${path}`);
    const versions = versionsIn(all.version);
    if (typeVersion === undefined) return factsOf(all, versions);
    const one = await call(host, `${path}?version=${typeVersion}`);
    if (one.status === 404) throw new Error(`Node type "${type}" has no version ${typeVersion} (known: ${versions.join(', ')})`);
    return factsOf(await json<INodeTypeDescription>(one, `GET ${path}?version=${typeVersion}`), versions);
  };
  return harnessOn({
    facts(type, typeVersion) {
      const key = `${type}@${typeVersion ?? 'latest'}`;
      let f = facts.get(key);
      if (!f) {
        facts.set(key, (f = describe(type, typeVersion)));
        f.catch(() => facts.delete(key));
      }
      return f;
    },
    storeCredential: (type, data) => storeCredential(host, type, data),
    async execute(workflow, input) {
      const record = await postRun(host, workflow, input);
      return { result: record, raw: record };
    },
    // The host belongs to the caller; nothing to release here.
    close: async () => undefined,
  });
}
