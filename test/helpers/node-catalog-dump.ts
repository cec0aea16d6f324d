// Prints the repository's node catalog as the host's API serves it (descriptions, credential types,
// French node translations) as JSON. Browser-environment tests (happy-dom) cannot import the node
// packages themselves, so they run this in a child Node process: see nodeCatalog().
import { createRegistry } from '../../host/engine/registry.ts';

const registry = await createRegistry([], () => {});
process.stdout.write(
  JSON.stringify({
    descriptions: registry.descriptions(),
    credentialTypes: registry.credentialTypes(),
    translations: { fr: { nodes: registry.nodeTranslations('fr'), credentials: registry.credentialTranslations('fr') } },
  }),
);
