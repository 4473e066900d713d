import { randomBytes } from 'node:crypto';

/**
 * A small client of the Tierchain HTTP API, for the demo and the bench: JSON in and out, API keys, fresh
 * Idempotency-Keys, and waiting for commands (accepted → submitted → confirmed | failed).
 */

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface Command {
  id: string;
  kind: string;
  status: 'accepted' | 'submitted' | 'confirmed' | 'failed';
  txHash: string | null;
  gasUsed: string | null;
  error: { code: string; message: string } | null;
  finishedAt: string | null;
  [field: string]: unknown;
}

/** An API answer other than the one expected, with the error body the platform sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(what: string, status: number, body: unknown) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    super(`${what}: HTTP ${status}${e ? ` ${e.code}: ${e.message}` : ` ${JSON.stringify(body)}`}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/** A command that ended `failed` (the decoded contract error is in the message). */
export class CommandFailedError extends Error {
  readonly command: Command;
  constructor(what: string, command: Command) {
    super(`${what}: command ${command.kind} failed${command.error ? `: ${command.error.code}: ${command.error.message}` : ''}`);
    this.name = 'CommandFailedError';
    this.command = command;
  }
}

/** A fresh Idempotency-Key (the API allows [A-Za-z0-9._:-]). */
export const idempotencyKey = (label = 'k'): string =>
  `${label.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 80)}-${randomBytes(8).toString('hex')}`;

export interface ApiClient {
  readonly baseUrl: string;
  /** Sends one request; `key` defaults to the client's key. Does not throw on 4xx/5xx. */
  request<T = any>(method: string, path: string, o?: { key?: string; body?: unknown; idempotencyKey?: string }): Promise<ApiResponse<T>>;
  /** GET that must answer 200. */
  get<T = any>(path: string, key?: string): Promise<T>;
  /** A command-creating POST with a fresh Idempotency-Key that must answer 202; does not wait. */
  send<T = any>(path: string, o?: { key?: string; body?: unknown; label?: string }): Promise<T & { commands: Command[] }>;
  /** Waits until every command is confirmed; throws CommandFailedError on the first failed one. */
  settle(commands: Array<{ id: string }>, what: string, key?: string): Promise<Command[]>;
  /** `send`, then `settle` its commands. */
  post<T = any>(path: string, o?: { key?: string; body?: unknown; label?: string }): Promise<T & { commands: Command[] }>;
}

export function createApiClient(p: { baseUrl: string; key: string; timeoutMs?: number }): ApiClient {
  const baseUrl = p.baseUrl.replace(/\/+$/, '');
  const timeoutMs = p.timeoutMs ?? 60_000;

  const request: ApiClient['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.key ?? p.key}` };
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  };

  const get: ApiClient['get'] = async (path, key) => {
    const r = await request('GET', path, { key });
    if (r.status !== 200) throw new ApiError(`GET ${path}`, r.status, r.body);
    return r.body;
  };

  const send: ApiClient['send'] = async (path, o = {}) => {
    const r = await request('POST', path, { key: o.key, body: o.body, idempotencyKey: idempotencyKey(o.label ?? 'cli') });
    if (r.status !== 202) throw new ApiError(`POST ${path}`, r.status, r.body);
    return r.body;
  };

  const settle: ApiClient['settle'] = async (commands, what, key) => {
    const done: Command[] = [];
    for (const c of commands) {
      for (;;) {
        const command = await get<Command>(`/v1/commands/${c.id}?waitMs=10000`, key);
        if (command.status === 'failed') throw new CommandFailedError(what, command);
        if (command.status === 'confirmed') {
          done.push(command);
          break;
        }
      }
    }
    return done;
  };

  return {
    baseUrl,
    request,
    get,
    send,
    settle,
    async post(path, o = {}) {
      const body = await send(path, o);
      // The client's own key (the operator's, in the demo and the bench) sees every command.
      await settle(body.commands, `POST ${path}`);
      return body;
    },
  };
}
