// The templates gallery's API: the cards (GET /templates) and "use template" (a new inactive
// copy plus the credentials it needs). The shapes are host/workflows/templates.ts's own.
import { request } from './client.ts';
import type { Workflow } from './types.ts';

export type { TemplateCredential, TemplateSummary } from '../../../host/workflows/templates.ts';
import type { TemplateCredential, TemplateSummary } from '../../../host/workflows/templates.ts';

export interface CredentialChoice {
  id: string;
  name: string;
}

export interface TemplateUse {
  workflow: Workflow;
  credentials: (TemplateCredential & { candidates: CredentialChoice[] })[];
}

const enc = encodeURIComponent;

export const templatesApi = {
  list: () => request<{ data: TemplateSummary[] }>('GET', '/templates'),
  use: (id: string) => request<TemplateUse>('POST', `/templates/${enc(id)}/use`),
};
