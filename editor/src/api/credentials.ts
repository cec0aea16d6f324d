// The credentials API as the credentials screen uses it. Secrets only ever travel towards the
// host: no call here can receive one (the host keeps them out of every answer).
import type { ICredentialType } from 'n8n-workflow';
import { request } from './client.ts';

const enc = encodeURIComponent;

export type CredentialValue = string | number | boolean;
export type CredentialData = Record<string, CredentialValue>;

export interface CredentialMeta {
  id: string;
  name: string;
  type: string;
  createdAt: string;
  updatedAt: string;
}

/** What an edit form may show: plain field values, and the names (only) of the stored secrets. */
export interface CredentialForEdit extends CredentialMeta {
  data: CredentialData;
  secretFields: string[];
}

export interface CredentialTestResult {
  status: 'OK' | 'Error';
  message: string;
}

export const credentialsApi = {
  list: () => request<{ data: CredentialMeta[] }>('GET', '/credentials'),
  getForEdit: (id: string) => request<CredentialForEdit>('GET', `/credentials/${enc(id)}?includeData=true`),
  create: (input: { name: string; type: string; data: CredentialData }) => request<CredentialMeta>('POST', '/credentials', input),
  /** `data` is merged over the stored fields: what is left out stays as it is. */
  update: (id: string, patch: { name?: string; data?: CredentialData }) => request<CredentialMeta>('PATCH', `/credentials/${enc(id)}`, patch),
  remove: (id: string) => request<void>('DELETE', `/credentials/${enc(id)}`),
  types: () => request<{ data: ICredentialType[] }>('GET', '/credential-types'),
  /** The form as it is; with `id`, fields left out are taken from that stored credential. */
  testForm: (input: { type: string; name?: string; data: CredentialData; id?: string }) => request<CredentialTestResult>('POST', '/credentials/test', input),
  testStored: (id: string) => request<CredentialTestResult>('POST', `/credentials/${enc(id)}/test`),
};
