// How the GenieACS credential goes onto a request. The NBI has no authentication of its own;
// sites put a reverse proxy in front of it that asks for Basic auth or a fixed header.
import type { IHttpRequestOptions } from 'n8n-workflow';

export type GenieAcsAuthType = 'none' | 'basic' | 'header';

export interface GenieAcsAuth {
  authType?: GenieAcsAuthType | string;
  username?: string;
  password?: string;
  headerName?: string;
  headerValue?: string;
}

/** The request with the credential's authentication applied (a copy; 'none' leaves it as it is). */
export function withGenieAcsAuth(cred: GenieAcsAuth, options: IHttpRequestOptions): IHttpRequestOptions {
  if (cred.authType === 'basic') return { ...options, auth: { username: String(cred.username ?? ''), password: String(cred.password ?? '') } };
  if (cred.authType === 'header' && cred.headerName) return { ...options, headers: { ...options.headers, [String(cred.headerName).trim()]: String(cred.headerValue ?? '') } };
  return options;
}
