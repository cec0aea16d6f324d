// French and English for every screen. Messages live in one file per area under messages/,
// each holding both languages side by side so a new string is added to both at once
// (test/unit/editor/i18n.test.ts checks the key sets and placeholders match).
import { createI18n } from 'vue-i18n';
import { messages } from './messages/index.ts';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'gigaflow.locale';

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'fr') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

type Messages = Record<string, unknown>;
export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages,
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  if (globalThis.document) document.documentElement.lang = locale;
}

/** For code outside components (stores, lib): the same translations as `useI18n().t`. */
export const t = (key: string, params?: Record<string, unknown>): string => (params ? i18n.global.t(key, params) : i18n.global.t(key));

/** Dates and numbers in the chosen language. */
export function formatDate(iso: string | undefined | null): string {
  return iso ? new Date(iso).toLocaleString(currentLocale() === 'fr' ? 'fr-FR' : 'en-GB') : '';
}
