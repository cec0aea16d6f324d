// One entry per area (its messages are under that key: t('executions.title')).
// Each area file exports { en, fr } with the same keys.
import app from './app.ts';
import common from './common.ts';
import signin from './signin.ts';
import list from './list.ts';
import canvas from './canvas.ts';
import palette from './palette.ts';
import panels from './panels.ts';
import parameters from './parameters.ts';
import settings from './settings.ts';
import executions from './executions.ts';
import credentials from './credentials.ts';
import picker from './picker.ts';
import expressions from './expressions.ts';
import templates from './templates.ts';
import conditions from './conditions.ts';
import insights from './insights.ts';
import tests from './tests.ts';

export const areas = { app, common, signin, list, canvas, palette, panels, parameters, settings, executions, credentials, picker, expressions, templates, conditions, insights, tests } as const;

type Lang = 'en' | 'fr';
function byLanguage(lang: Lang): Record<string, unknown> {
  return Object.fromEntries(Object.entries(areas).map(([area, m]) => [area, m[lang]]));
}

export const messages = { en: byLanguage('en'), fr: byLanguage('fr') };
