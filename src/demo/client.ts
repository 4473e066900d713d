import { createTierchainClient, newIdempotencyKey, type Command, type TierchainClient } from '../sdk/index.ts';

/**
 * The demo's and the bench's view of the API, built on the SDK (src/sdk): raw requests with any member's key,
 * command POSTs with fresh Idempotency-Keys, and waiting for commands. Errors are the SDK's:
 * TierchainApiError for an error answer, TierchainCommandError for a failed command.
 */

export type { Command };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A fresh Idempotency-Key, `label-<uuid>`. */
export const idempotencyKey = (label = 'k'): string => newIdempotencyKey(label);

export interface ApiClient {
  readonly baseUrl: string;
  /** The SDK client acting with `key` (default: the client's key). */
  sdk(key?: string): TierchainClient;
  /** Sends one request; `key` defaults to the client's key. Does not throw on 4xx/5xx. */
  request<T = any>(method: string, path: string, o?: { key?: string; body?: unknown; idempotencyKey?: string }): Promise<ApiResponse<T>>;
  /** GET that must answer 2xx (TierchainApiError otherwise). */
  get<T = any>(path: string, key?: string): Promise<T>;
  /** A command-creating POST with a fresh Idempotency-Key that must answer 202; does not wait. */
  send<T = any>(path: string, o?: { key?: string; body?: unknown; label?: string }): Promise<T & { commands: Command[] }>;
  /** Waits until every command is confirmed and indexed; throws TierchainCommandError on the first failed one. */
  settle(commands: Array<{ id: string }>, what: string, key?: string): Promise<Command[]>;
  /** `send`, then `settle` its commands. */
  post<T = any>(path: string, o?: { key?: string; body?: unknown; label?: string }): Promise<T & { commands: Command[] }>;
}

export function createApiClient(p: { baseUrl: string; key: string; timeoutMs?: number }): ApiClient {
  const root = createTierchainClient({ baseUrl: p.baseUrl, apiKey: p.key, timeoutMs: p.timeoutMs });
  const clients = new Map<string, TierchainClient>([[p.key, root]]);
  const sdk = (key = p.key) => clients.get(key) ?? clients.set(key, root.withApiKey(key)).get(key)!;
  const send: ApiClient['send'] = (path, o = {}) =>
    sdk(o.key).request('POST', path, { body: o.body ?? {}, idempotencyKey: idempotencyKey(o.label ?? 'cli') });
  // The client's own key (the operator's, in the demo and the bench) sees every command.
  const settle: ApiClient['settle'] = (commands, _what, key) => sdk(key).commands.waitAll(commands, { timeoutMs: p.timeoutMs ?? 120_000 });
  return {
    baseUrl: root.baseUrl,
    sdk,
    request: (method, path, o = {}) => sdk(o.key).raw(method, path, { body: o.body, idempotencyKey: o.idempotencyKey }),
    get: (path, key) => sdk(key).request('GET', path),
    send,
    settle,
    async post(path, o = {}) {
      const body = await send(path, o);
      await settle(body.commands, `POST ${path}`);
      return body;
    },
  };
}
