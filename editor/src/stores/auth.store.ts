// Sign-in state: an API key kept in sessionStorage, or none when a ForwardAuth proxy already
// identifies the user (the API then answers without a key).
import { reactive } from 'vue';
import { ApiError, request, setApiKey } from '../api/client.ts';
import { t } from '../i18n/index.ts';

const STORAGE_KEY = 'gigaflow.apiKey';

export const auth = reactive({ checked: false, signedIn: false, viaProxy: false, error: '' });

async function probe(): Promise<boolean> {
  try {
    await request('GET', '/workflows?limit=1');
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false;
    throw e;
  }
}

export async function initAuth(): Promise<void> {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  setApiKey(stored);
  try {
    if (stored && (await probe())) {
      auth.signedIn = true;
    } else {
      setApiKey(null);
      sessionStorage.removeItem(STORAGE_KEY);
      auth.viaProxy = auth.signedIn = await probe();
    }
  } catch (e) {
    auth.error = (e as Error).message;
  }
  auth.checked = true;
}

export async function signIn(key: string): Promise<boolean> {
  setApiKey(key.trim());
  auth.error = '';
  try {
    if (await probe()) {
      sessionStorage.setItem(STORAGE_KEY, key.trim());
      auth.signedIn = true;
      return true;
    }
    auth.error = t('signin.rejected');
  } catch (e) {
    auth.error = (e as Error).message;
  }
  setApiKey(null);
  return false;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  setApiKey(null);
  auth.signedIn = false;
}
