// Traccar's REST API through the kit's apiClient: the credential's server URL, its auth, and
// error messages that say what to check for the statuses Traccar uses.
import type { IExecuteFunctions } from 'n8n-workflow';
import { apiClient } from '../../host/kit/index.ts';
import type { ApiClient, ApiClientOptions } from '../../host/kit/index.ts';
import type { TraccarDevice, TraccarPosition } from './positions.ts';

export const CREDENTIAL_TYPE = 'gigafibreTraccarApi';

/** The server root: users paste either the web address or its /api; requests add /api/... themselves. */
export function serverRoot(baseUrl: unknown): unknown {
  if (typeof baseUrl !== 'string') return baseUrl;
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/api$/, '');
}

export const TRACCAR_API: ApiClientOptions = {
  service: 'Traccar',
  credentialType: CREDENTIAL_TYPE,
  baseUrl: (credential) => serverRoot(credential.baseUrl),
  statusMessages: {
    // Traccar answers 400 for any refused request, most often a device this user may not see.
    400: 'Traccar refused it: an unknown device id, or one this Traccar user has no access to (see the description)',
    401: `Traccar rejected the login of the credential (${CREDENTIAL_TYPE}): check the email and password, or the API token`,
    // JAX-RS answers 404 when a query parameter does not convert, and for a wrong path.
    404: 'Traccar found nothing there: check the credential\'s Server URL (the Traccar web address) and the ids and dates sent',
  },
};

/** The few Traccar calls the node makes, typed. */
export interface TraccarApi {
  devices(qs: { all?: boolean; userId?: number; id?: number[]; uniqueId?: string[] }): Promise<TraccarDevice[]>;
  /** One device's latest position (Traccar takes a single deviceId per request): [] when it never reported. */
  latestPosition(deviceId: number): Promise<TraccarPosition[]>;
  /** One device's positions between two ISO dates, oldest first. */
  history(deviceId: number, from: string, to: string): Promise<TraccarPosition[]>;
}

export function traccarApi(ctx: IExecuteFunctions, itemIndex?: number): TraccarApi {
  const client: ApiClient = apiClient(ctx, TRACCAR_API, itemIndex);
  return {
    devices: (qs) => client.request<TraccarDevice[]>({ path: '/api/devices', qs: { ...qs } }),
    latestPosition: (deviceId) => client.request<TraccarPosition[]>({ path: '/api/positions', qs: { deviceId } }),
    history: (deviceId, from, to) => client.request<TraccarPosition[]>({ path: '/api/positions', qs: { deviceId, from, to } }),
  };
}
