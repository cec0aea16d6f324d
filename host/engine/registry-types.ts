import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { NodeTranslation, PropertyTranslation } from './node-translations.ts';

export interface NodeRegistry {
  /** The node type for a workflow node; undefined when the type or the version is unknown. */
  get(type: string, typeVersion: number): INodeType | undefined;
  /** True if the type is known in any version (to tell "unknown type" from "unknown version"). */
  hasType(type: string): boolean;
  /** Every registered description (latest version of each type first), for the catalog API. */
  descriptions(): INodeTypeDescription[];
  credentialType(name: string): ICredentialType | undefined;
  /** Node packages rejected at load, each message naming the file and field at fault (absent on registries without a loader). */
  readonly loadProblems?: readonly string[];
  credentialTypes(): ICredentialType[];
  /** n8n-style node translations for a locale, keyed by full type name (absent on registries without files). */
  nodeTranslations?(locale: string): Record<string, NodeTranslation>;
  /** Credential property translations for a locale, from the nodes' credentialsModal sections. */
  credentialTranslations?(locale: string): Record<string, Record<string, PropertyTranslation>>;
}
