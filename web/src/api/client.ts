/**
 * The console's only way to the platform: its HTTP API, with the signed-in user's API key. Errors come back as
 * `ApiError` with the API's `{ error: { code, message, details } }`; a network failure has code `network`.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request field the API named (`body.amount` → `amount`), when it named one. */
  get field(): string | null {
    const f = this.details.field;
    return typeof f === 'string' ? f.replace(/^(body|query|params)\./, '') : null;
  }
}

export interface ApiClient {
  readonly apiKey: string;
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>;
  post<T>(path: string, body: unknown, p: { idempotencyKey?: string }): Promise<{ status: number; body: T; replayed: boolean }>;
  /** PUT (replace off-chain state, e.g. a device's permitted area): the answer's body. */
  put<T>(path: string, body: unknown): Promise<T>;
  /** Downloads a file of the API (a CSV export) with this session's key, saved as `filename`. */
  download(path: string, filename: string): Promise<void>;
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  if (e && typeof e.code === 'string') return new ApiError(status, e.code, e.message ?? e.code, e.details ?? {});
  return new ApiError(status, `http_${status}`, typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`);
}

export function createClient(apiKey: string, baseUrl = ''): ApiClient {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${apiKey}`, accept: 'application/json', ...extra });
  const send = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(baseUrl + path, init);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network', (error as Error).message || 'the platform did not answer');
    }
  };
  return {
    apiKey,
    async get<T>(path: string, init: { signal?: AbortSignal } = {}): Promise<T> {
      const res = await send(path, { method: 'GET', headers: headers(), signal: init.signal });
      const body = await parse(res);
      if (!res.ok) throw toError(res.status, body);
      return body as T;
    },
    async post<T>(path: string, body: unknown, p: { idempotencyKey?: string }) {
      const extra: Record<string, string> = { 'content-type': 'application/json' };
      if (p.idempotencyKey) extra['idempotency-key'] = p.idempotencyKey;
      const res = await send(path, { method: 'POST', headers: headers(extra), body: JSON.stringify(body ?? {}) });
      const parsed = await parse(res);
      if (!res.ok) throw toError(res.status, parsed);
      return { status: res.status, body: parsed as T, replayed: res.headers.get('idempotent-replayed') === 'true' };
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      const res = await send(path, { method: 'PUT', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body ?? {}) });
      const parsed = await parse(res);
      if (!res.ok) throw toError(res.status, parsed);
      return parsed as T;
    },
    async download(path: string, filename: string) {
      const res = await send(path, { method: 'GET', headers: headers({ accept: 'text/csv' }) });
      if (!res.ok) throw toError(res.status, await parse(res));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

/** A fresh Idempotency-Key (the API allows `[A-Za-z0-9._:-]`). */
export function newIdempotencyKey(label: string): string {
  const random = new Uint8Array(9);
  crypto.getRandomValues(random);
  const hex = [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `console-${label.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 40)}-${hex}`;
}
