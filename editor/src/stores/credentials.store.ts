// Saved credentials (id, name, type only: secrets never reach the editor), for the node settings'
// credential selectors.
import { reactive } from 'vue';
import { api } from '../api/client.ts';
import type { INodeProperties } from 'n8n-workflow';
import { isDisplayed } from '../lib/display-options.ts';

export type CredentialRef = { id: string; name: string };
export type CredentialSummary = CredentialRef & { type: string };

export const credentials = reactive({ loaded: false, list: [] as CredentialSummary[], error: '' });

export async function loadCredentials(): Promise<void> {
  try {
    credentials.list = (await api.credentials()).data;
    credentials.loaded = true;
    credentials.error = '';
  } catch (e) {
    credentials.error = (e as Error).message;
  }
}

/**
 * The saved credentials a node can pick from, per credential type it takes, as `{ [type]: [{id,name}] }`;
 * only the types the node's description shows for its current parameters.
 */
export function availableFor(
  slots: { name: string; displayOptions?: INodeProperties['displayOptions'] }[],
  saved: CredentialSummary[],
  parameters: Record<string, unknown>,
  typeVersion: number,
): Record<string, CredentialRef[]> {
  const out: Record<string, CredentialRef[]> = {};
  for (const slot of slots) {
    if (!isDisplayed(slot, parameters, typeVersion)) continue;
    out[slot.name] = saved.filter((c) => c.type === slot.name).map((c) => ({ id: c.id, name: c.name }));
  }
  return out;
}
