// What the harness reads from a node type's description (the same for the registry and the REST catalog).
import type { INodeTypeDescription } from 'n8n-workflow';
import type { TypeFacts } from './types.ts';

export function factsOf(description: INodeTypeDescription, versions: number[]): TypeFacts {
  const inputs = description.inputs as unknown;
  return {
    latestVersion: Math.max(...versions),
    defaultName: description.defaults?.name ?? description.displayName,
    credentialTypes: (description.credentials ?? []).map((c) => c.name),
    // An expression-computed inputs list (a string) is treated as "has inputs", as n8n's nodes with it all do.
    hasInput: Array.isArray(inputs) ? inputs.length > 0 : true,
  };
}

export const versionsIn = (version: number | number[]): number[] => (Array.isArray(version) ? version : [version]);
