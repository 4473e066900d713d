/**
 * Commands: read one or a page, wait for them (long-polling GET /v1/commands/{id}?waitMs until confirmed or
 * failed AND indexed), and the helper every command-creating method goes through (Idempotency-Key, `wait`).
 */
import { TierchainCommandError, TierchainTimeoutError } from './errors.ts';
import { newIdempotencyKey, seg, type Transport } from './http.ts';
import type { Accepted, Command, CommandOptions, CommandStatus, Page, PageParameters, WaitOptions } from './types.ts';

const DEFAULT_TIMEOUT_MS = 120_000;
/** Longest long-poll the API allows is 30 s; stay below it. */
const LONG_POLL_MS = 25_000;
/** With a progress callback, poll briefly so that `submitted` is seen on the way. */
const PROGRESS_POLL_MS = 500;

export interface GetCommandParameters {
  /** Long-poll: wait up to this many ms (at most 30 000) for the command to finish and be indexed. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface ListCommandsParameters extends PageParameters {
  status?: CommandStatus;
}

export interface CommandsApi {
  /** Gets a command (optionally long-polling with `waitMs`). */
  get(id: string, p?: GetCommandParameters): Promise<Command>;
  /** Lists your enterprise's commands, newest first (all, for the operator). */
  list(p?: ListCommandsParameters): Promise<Page<Command>>;
  /** Waits until a command is confirmed or failed, and indexed; returns it either way (a failed one too). */
  wait(id: string, o?: WaitOptions): Promise<Command>;
  /** Waits for every command in order; throws TierchainCommandError on the first that failed. */
  waitAll(commands: ReadonlyArray<{ id: string } | Command>, o?: WaitOptions): Promise<Command[]>;
}

const isFinished = (c: Command) => c.status === 'confirmed' || c.status === 'failed';

export function createCommandsApi(t: Transport): CommandsApi {
  const get: CommandsApi['get'] = (id, p = {}) =>
    t.request<Command>('GET', `/v1/commands/${seg(id)}`, {
      query: { waitMs: p.waitMs === undefined ? undefined : Math.max(0, Math.min(30_000, Math.round(p.waitMs))) },
      signal: p.signal,
      timeoutMs: (p.waitMs ?? 0) + 30_000,
    });

  const waitFor = async (id: string, o: WaitOptions, seen?: CommandStatus): Promise<Command> => {
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let previous = seen;
    for (;;) {
      const remaining = Math.max(0, deadline - Date.now());
      const waitMs = Math.min(remaining, o.onProgress ? PROGRESS_POLL_MS : LONG_POLL_MS);
      const command = await get(id, { waitMs, signal: o.signal });
      if (command.status !== previous) {
        o.onProgress?.({ command, previous });
        previous = command.status;
      }
      if (isFinished(command) && command.indexed !== false) return command;
      if (Date.now() >= deadline) throw new TierchainTimeoutError(command, timeoutMs);
    }
  };

  return {
    get,
    list: (p = {}) => t.request<Page<Command>>('GET', '/v1/commands', { query: { limit: p.limit, cursor: p.cursor, status: p.status } }),
    wait: (id, o = {}) => waitFor(id, o),
    async waitAll(commands, o = {}) {
      // Report what the 202 answer already said (accepted), then follow each command to its end.
      const known = commands.map((c) => ('status' in c ? (c as Command) : undefined));
      for (const c of known) if (c) o.onProgress?.({ command: c, previous: undefined });
      const done: Command[] = [];
      for (const [i, c] of commands.entries()) {
        const last = await waitFor(c.id, o, known[i]?.status);
        done.push(last);
        if (last.status === 'failed') {
          const rest = commands.slice(i + 1).map((r, j) => known[i + 1 + j] ?? ({ id: r.id } as Command));
          throw new TierchainCommandError(last, [...done, ...rest]);
        }
      }
      return done;
    },
  };
}

/** What a namespace needs to send a command-creating request. */
export interface CommandSender {
  /** POSTs `body` with an Idempotency-Key; waits for the commands when asked. */
  send<T extends object>(path: string, body: unknown, o?: CommandOptions): Promise<Accepted<T>>;
  /** POSTs a request that only records something (201, no commands), once per Idempotency-Key. */
  record<T>(path: string, body: unknown, o?: Pick<CommandOptions, 'idempotencyKey'>): Promise<T>;
}

export function createCommandSender(t: Transport, commands: CommandsApi): CommandSender {
  return {
    async send<T extends object>(path: string, body: unknown, o: CommandOptions = {}) {
      const accepted = await t.request<Accepted<T>>('POST', path, { body: body ?? {}, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey() });
      if (!o.wait) return accepted;
      const final = await commands.waitAll(accepted.commands, o.wait === true ? {} : o.wait);
      return { ...accepted, commands: final };
    },
    record: (path, body, o = {}) => t.request('POST', path, { body: body ?? {}, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey() }),
  };
}
