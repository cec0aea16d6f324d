// Node-provided text in the user's language: n8n-style translations from the host
// (nodes' translations/<locale>.json), fetched once per locale, laid over the English descriptions
// with the host's own rules (host/engine/node-translations.ts). Option values, parameter names,
// defaults and default node names never change: workflows store those.
import { markRaw, reactive, shallowReactive, watch } from 'vue';
import { applyCredentialTranslation, applyNodeTranslation, type NodeTranslationsResponse, type TranslatableProperty } from '../../../host/engine/node-translations.ts';
import { nodeTranslationsApi } from '../api/node-translations.ts';
import { currentLocale, i18n } from '../i18n/index.ts';

const loaded = shallowReactive<Record<string, NodeTranslationsResponse>>({});
const pending = new Map<string, Promise<void>>();
/** Set once a screen needed node texts: from then on a language switch fetches the new texts. */
let wanted = false;

export const nodeTranslationState = reactive({ error: '' });

/** Fetches a locale's node translations once ('en' needs none). A failure leaves the English texts. */
export function loadNodeTranslations(locale: string = currentLocale()): Promise<void> {
  wanted = true;
  if (locale === 'en') return Promise.resolve();
  let p = pending.get(locale);
  if (!p) {
    p = nodeTranslationsApi.get(locale).then(
      (r) => {
        loaded[locale] = markRaw(r);
        nodeTranslationState.error = '';
      },
      (e: unknown) => {
        pending.delete(locale); // retried by the next screen or language switch
        nodeTranslationState.error = (e as Error).message;
      },
    );
    pending.set(locale, p);
  }
  return p;
}

// Follow the language switch (only after a screen asked for node texts: before sign-in there is no API key).
watch(
  () => i18n.global.locale.value,
  (locale) => {
    if (wanted) void loadNodeTranslations(locale as string);
  },
);

/** Translated copies, one per (English object, translation object): stable identities for computeds. */
const cache = new WeakMap<object, WeakMap<object, object>>();
function cached<T extends object>(english: T, translation: object, make: () => T): T {
  let byTranslation = cache.get(english);
  if (!byTranslation) cache.set(english, (byTranslation = new WeakMap()));
  let out = byTranslation.get(translation) as T | undefined;
  // Raw like the catalog itself, so forms can structuredClone defaults.
  if (!out) byTranslation.set(translation, (out = markRaw(make())));
  return out;
}

type Description = Parameters<typeof applyNodeTranslation>[0];

/** A node type description in the current language (the English one when there is no translation). */
export function localizeNodeType<D extends Description>(english: D): D {
  const translation = loaded[currentLocale()]?.nodes[english.name];
  return translation ? cached(english, translation, () => applyNodeTranslation(english, translation)) : english;
}

/** A credential type's properties in the current language (from the nodes' credentialsModal sections). */
export function localizeCredentialType<C extends { name: string; properties: TranslatableProperty[] }>(english: C): C {
  const translation = loaded[currentLocale()]?.credentials[english.name];
  return translation ? cached(english, translation, () => applyCredentialTranslation(english, translation)) : english;
}

/** For tests: forget what was fetched. */
export function resetNodeTranslations(): void {
  for (const k of Object.keys(loaded)) delete loaded[k];
  pending.clear();
  wanted = false;
}
