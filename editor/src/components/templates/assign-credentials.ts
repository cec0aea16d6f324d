// What the "use template" walkthrough writes into the new workflow: the chosen credential on every
// node that needs its type (n8n's node.credentials shape), and which nodes are still without one.
import type { INode } from '../../api/types.ts';
import type { CredentialChoice, TemplateCredential } from '../../api/templates.ts';

/** Chosen credential per type; a type left out (skipped) keeps the template's placeholder. */
export type CredentialPicks = Record<string, CredentialChoice | undefined>;

export function assignCredentials(nodes: INode[], needed: TemplateCredential[], picks: CredentialPicks): INode[] {
  return nodes.map((node) => {
    let credentials = node.credentials;
    for (const need of needed) {
      const pick = picks[need.type];
      if (!pick || !need.nodes.includes(node.name)) continue;
      credentials = { ...(credentials ?? {}), [need.type]: { id: pick.id, name: pick.name } };
    }
    return credentials === node.credentials ? node : { ...node, credentials };
  });
}

/** The nodes of every skipped type: they run only once a credential is set on them. */
export function nodesWithoutCredential(needed: TemplateCredential[], picks: CredentialPicks): { type: string; displayName: string; nodes: string[] }[] {
  return needed.filter((need) => !picks[need.type]).map(({ type, displayName, nodes }) => ({ type, displayName, nodes }));
}
