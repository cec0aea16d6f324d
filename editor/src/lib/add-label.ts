// The "Add …" prompt of a collection: n8n descriptions mostly carry the generic English
// placeholders "Add option" / "Add field", which are the editor's words, not the node's — those are
// shown in the chosen language; any other placeholder (e.g. "Add Condition") is node content and stays.
import { t } from '../i18n/index.ts';

export function addLabel(placeholder: string | undefined, fallback: string): string {
  const p = placeholder?.trim() ?? '';
  if (!p) return fallback;
  if (/^add options?$/i.test(p)) return t('parameters.addOption');
  if (/^add fields?$/i.test(p)) return t('parameters.addField');
  return p;
}
