/** The API key of the signed-in user lives in sessionStorage: it ends with the browser tab. */
const KEY = 'tierchain.apiKey';

export function storedApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeApiKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the session lasts until reload
  }
}
