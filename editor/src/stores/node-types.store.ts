// The node catalog from /api/v1/node-types, loaded once, with palette categories and port layout.
import { markRaw, reactive } from 'vue';
import { api } from '../api/client.ts';
import type { INode, NodeTypeDescription } from '../api/types.ts';
import { loadNodeTranslations, localizeNodeType } from './node-translations.store.ts';
import { expressionPorts } from './node-ports.store.ts';

export const nodeTypes = reactive({ loaded: false, list: [] as NodeTypeDescription[], error: '' });

export async function loadNodeTypes(): Promise<void> {
  if (nodeTypes.loaded) return;
  try {
    // Read-only catalog: kept raw so forms can structuredClone defaults (proxies cannot be cloned).
    const list = markRaw((await api.nodeTypes()).data);
    // Node texts in the chosen language before the first render (English if that fails).
    await loadNodeTranslations();
    nodeTypes.list = list;
    nodeTypes.loaded = true;
  } catch (e) {
    nodeTypes.error = (e as Error).message;
  }
}

/** The English description as the host sends it (option values, names and defaults are the same in every language). */
export function englishType(type: string): NodeTypeDescription | undefined {
  return nodeTypes.list.find((t) => t.name === type);
}

/** The description in the current language: display name, parameter labels, descriptions, option names. */
export function findType(type: string): NodeTypeDescription | undefined {
  const t = englishType(type);
  return t && localizeNodeType(t);
}

/** Every node type in the current language, for the palette. */
export function localizedTypes(): NodeTypeDescription[] {
  return nodeTypes.list.map((t) => localizeNodeType(t));
}

const FLOW = new Set(['if', 'switch', 'merge', 'filter', 'splitInBatches', 'wait', 'noOp', 'stopAndError', 'executeWorkflow', 'respondToWebhook', 'limit', 'removeDuplicates', 'sort', 'splitOut', 'aggregate', 'summarize', 'compareDatasets']);
const DATA = new Set(['set', 'code', 'function', 'functionItem', 'dateTime', 'crypto', 'html', 'xml', 'markdown', 'renameKeys', 'itemLists', 'spreadsheetFile', 'convertToFile', 'extractFromFile', 'editImage']);
/** n8n codex categories that name no integration: they fall through to the heuristics below. */
const GENERIC_CODEX = new Set(['Core Nodes', 'Miscellaneous']);
const CODEX_ALIASES: Record<string, string> = { Flow: 'Flow', 'Data Transformation': 'Data' };

/**
 * Palette group: Triggers (any node whose group includes 'trigger', whatever its codex), Flow,
 * Data, the integration's own codex category as n8n packages declare it (`codex.categories[0]`:
 * ERPNext, Messaging, Payments...), Integrations for other nodes with credentials, else Other.
 */
export function categoryOf(t: NodeTypeDescription): string {
  const short = t.name.split('.').pop() ?? t.name;
  if (t.group.includes('trigger') || /trigger$/i.test(short) || short === 'webhook') return 'Triggers';
  if (short === 'stickyNote') return 'Other';
  const core = t.name.startsWith('n8n-nodes-base.');
  if (core && FLOW.has(short)) return 'Flow';
  if (core && DATA.has(short)) return 'Data';
  const codex = t.codex?.categories?.[0]?.trim();
  if (codex && !GENERIC_CODEX.has(codex)) return CODEX_ALIASES[codex] ?? codex;
  if (t.group.includes('transform') && !t.credentials?.length) return 'Data';
  if (t.credentials?.length || short === 'httpRequest') return 'Integrations';
  return 'Other';
}

const FIRST = ['Triggers', 'Flow', 'Data'];

/** Triggers, Flow, Data, then integration categories alphabetically, then Other. */
export function compareCategories(a: string, b: string): number {
  const rank = (c: string) => (FIRST.includes(c) ? FIRST.indexOf(c) : c === 'Other' ? 2 + FIRST.length : FIRST.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The palette: node types matching the search, grouped by category in palette order, by name within. */
export function paletteGroups(list: NodeTypeDescription[], search = ''): { name: string; types: NodeTypeDescription[] }[] {
  const q = search.trim().toLowerCase();
  const byCat = new Map<string, NodeTypeDescription[]>();
  for (const t of list) {
    // A translated palette still finds a node by its English name (what docs and n8n users call it).
    const en = englishType(t.name);
    if (q && !`${t.displayName} ${t.name} ${t.description ?? ''} ${en?.displayName ?? ''} ${en?.description ?? ''}`.toLowerCase().includes(q)) continue;
    const cat = categoryOf(t);
    if (!byCat.has(cat)) byCat.set(cat, []);
    byCat.get(cat)!.push(t);
  }
  return [...byCat.keys()].sort(compareCategories).map((name) => ({ name, types: byCat.get(name)!.sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
}

export function latestVersion(t: NodeTypeDescription): number {
  if (t.defaultVersion) return t.defaultVersion;
  return Array.isArray(t.version) ? Math.max(...t.version) : t.version;
}

const isExpressionPorts = (ports: unknown): boolean => typeof ports === 'string' && ports.startsWith('={{');

const portName = (p: unknown): string => (p && typeof p === 'object' && typeof (p as { displayName?: unknown }).displayName === 'string' ? (p as { displayName: string }).displayName : '');

export interface Ports {
  inputs: number;
  /** One label per output ('' for an unnamed single output); `error` last when the node routes errors. */
  outputs: string[];
}

/**
 * A description's ports are an array, or — for nodes like Switch whose outputs depend on their
 * parameters — an `={{ }}` expression the host evaluates (node-ports.store.ts); one port until it answers.
 */
export function portsOf(node: INode, t: NodeTypeDescription | undefined): Ports {
  if (!t) return { inputs: 1, outputs: [''] };
  const computed = isExpressionPorts(t.inputs) || isExpressionPorts(t.outputs) ? expressionPorts(node) : undefined;
  const inputs = Array.isArray(t.inputs) ? t.inputs.length : (computed?.inputs ?? 1);
  const names = Array.isArray(t.outputs) ? t.outputs.map(portName) : (computed?.outputs ?? ['']);
  let outputs = names.map((p, i) => t.outputNames?.[i] ?? p);
  if (outputs.length > 1) outputs = outputs.map((o, i) => o || `output ${i}`);
  if (node.onError === 'continueErrorOutput') outputs = [...outputs.map((o) => o || 'success'), 'error'];
  return { inputs, outputs };
}
