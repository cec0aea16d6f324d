// GET /api/v1/node-types/translations/:locale — the n8n-style translations of every node type (by
// full type name) and of the credential types (gathered from the nodes' credentialsModal sections).
import type { NodeRegistry } from '../../engine/registry-types.ts';
import { NODE_TRANSLATION_LOCALES, type NodeTranslationsResponse } from '../../engine/node-translations.ts';
import { NotFoundError } from '../../model/index.ts';

export function nodeTranslationsFor(registry: NodeRegistry, locale: string): NodeTranslationsResponse {
  if (!(NODE_TRANSLATION_LOCALES as readonly string[]).includes(locale)) {
    throw new NotFoundError(`Unsupported locale "${locale}" (supported: ${NODE_TRANSLATION_LOCALES.join(', ')})`);
  }
  return {
    nodes: registry.nodeTranslations?.(locale) ?? {},
    credentials: registry.credentialTranslations?.(locale) ?? {},
  };
}
