// The host's n8n-style node translations (GET /api/v1/node-types/translations/:locale).
import type { NodeTranslationsResponse } from '../../../host/engine/node-translations.ts';
import { request } from './client.ts';

export type { NodeTranslationsResponse };

export const nodeTranslationsApi = {
  get: (locale: string) => request<NodeTranslationsResponse>('GET', `/node-types/translations/${encodeURIComponent(locale)}`),
};
