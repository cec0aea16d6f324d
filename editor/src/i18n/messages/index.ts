// One entry per area (its messages are under that key: t('executions.title')).
// Each area file exports { en, fr } with the same keys.
import app from './app.ts';

export const areas = { app } as const;

type Lang = 'en' | 'fr';
function byLanguage(lang: Lang): Record<string, unknown> {
  return Object.fromEntries(Object.entries(areas).map(([area, m]) => [area, m[lang]]));
}

export const messages = { en: byLanguage('en'), fr: byLanguage('fr') };
