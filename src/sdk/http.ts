/**
 * The SDK's transport: JSON requests with the API key, query strings, Idempotency-Keys, and error answers
 * decoded into TierchainApiError. Every namespace of the client is built on it.
 */
import { TierchainApiError, TierchainNetworkError } from './errors.ts';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `Idempotency-Key`. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Abort the request after this many ms (default: the transport's, 60 000). */
  timeoutMs?: number;
}

/** An answer of any status, body parsed as JSON when it is JSON (else the text). */
export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TransportOptions {
  /** Where the platform runs, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A user's API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Default per-request timeout in ms (60 000). */
  timeoutMs?: number;
}

export interface Transport {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: typeof fetch;
  /** Sends a request and returns the answer whatever its status; throws TierchainNetworkError without one. */
  raw<T = unknown>(method: string, path: string, o?: RequestOptions): Promise<RawResponse<T>>;
  /** Sends a request; a status of 400 or more throws TierchainApiError. */
  request<T = unknown>(method: string, path: string, o?: RequestOptions): Promise<T>;
}

/** A fresh Idempotency-Key: a UUID, after `prefix-` when given (prefix reduced to [A-Za-z0-9._:-]). */
export function newIdempotencyKey(prefix?: string): string {
  const uuid = globalThis.crypto.randomUUID();
  return prefix ? `${prefix.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 100)}-${uuid}` : uuid;
}

/** `/v1/x` + `?a=1&b=2`, leaving out undefined and null values. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A path segment from a caller's id, encoded so that it cannot change the path. */
export const seg = (id: string): string => encodeURIComponent(id);

export function createTransport(p: TransportOptions): Transport {
  const baseUrl = p.baseUrl.replace(/\/+$/, '');
  const doFetch = p.fetch ?? globalThis.fetch.bind(globalThis);
  const defaultTimeout = p.timeoutMs ?? 60_000;

  const raw: Transport['raw'] = async <T>(method: string, path: string, o: RequestOptions = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${p.apiKey}`, ...o.headers };
    if (o.idempotencyKey !== undefined) headers['idempotency-key'] = o.idempotencyKey;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(o.timeoutMs ?? defaultTimeout);
    const target = withQuery(path, o.query);
    let res: Response;
    let text: string;
    try {
      res = await doFetch(baseUrl + target, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
      });
      text = await res.text();
    } catch (error) {
      if (o.signal?.aborted) throw error;
      throw new TierchainNetworkError(baseUrl, `${method} ${target}`, error);
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: body as T };
  };

  return {
    baseUrl,
    apiKey: p.apiKey,
    fetch: doFetch,
    raw,
    async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
      const r = await raw<T>(method, path, o);
      if (r.status >= 400) throw apiError(r, `${method} ${path}`);
      return r.body;
    },
  };
}

/** Decodes `{ error: { code, message, details } }`; anything else becomes `http_<status>` with the text. */
export function apiError(r: RawResponse, request: string): TierchainApiError {
  const e = (r.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    return new TierchainApiError({
      status: r.status,
      code: e.code,
      message: typeof e.message === 'string' ? e.message : e.code,
      details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {},
      request,
    });
  }
  const text = typeof r.body === 'string' ? r.body.slice(0, 300) : JSON.stringify(r.body)?.slice(0, 300);
  return new TierchainApiError({ status: r.status, code: `http_${r.status}`, message: `HTTP ${r.status}${text ? `: ${text}` : ''}`, request });
}
