// Port labels the editor makes up itself ('output 1', 'success', 'error' in store/node-types.store.ts
// portsOf, which the canvas also compares) shown in the chosen language; names a node gives its
// outputs ('true', 'false', a Switch rule's name) are node content and stay as they are.
import { t } from '../i18n/index.ts';

export function portLabel(label: string): string {
  if (label === 'success' || label === 'error') return t(`canvas.port.${label}`);
  const generated = /^output (\d+)$/.exec(label);
  return generated ? t('canvas.port.output', { i: generated[1] }) : label;
}
