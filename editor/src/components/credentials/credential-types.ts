// The credential types, fetched once per page: every form (the list's, the templates walkthrough's)
// reads the same catalog.
import type { ICredentialType } from 'n8n-workflow';
import { credentialsApi } from '../../api/credentials.ts';
import { loadNodeTranslations } from '../../stores/node-translations.store.ts';

let pending: Promise<ICredentialType[]> | null = null;

export function loadCredentialTypes(): Promise<ICredentialType[]> {
  // The field labels' translations come with the catalog (loadNodeTranslations never fails).
  pending ??= Promise.all([credentialsApi.types(), loadNodeTranslations()]).then(
    ([r]) => r.data,
    (e: unknown) => {
      pending = null; // a failed load is retried by the next form
      throw e;
    },
  );
  return pending;
}

/** For tests: forget the catalog. */
export function resetCredentialTypes(): void {
  pending = null;
}
