import { useCallback, useRef, useState } from 'react';
import { useSession } from '../session/SessionContext.ts';
import { ApiError, newIdempotencyKey } from './client.ts';
import type { Accepted, Command } from './types.ts';

/**
 * Where a command request stands:
 * - `sending`: the POST is on its way;
 * - `accepted` / `submitted` / `confirmed`: the slowest of its commands, as the platform reports it;
 * - `failed`: a command failed on-chain (`command.error` holds the decoded reason);
 * - `refused`: the API said no before anything was queued (`error`: 4xx with the field and the reason).
 */
export type CommandPhase = 'idle' | 'sending' | 'accepted' | 'submitted' | 'confirmed' | 'failed' | 'refused';

export interface CommandState<R> {
  phase: CommandPhase;
  commands: Command[];
  response: R | undefined;
  error: ApiError | undefined;
}

const ORDER: Record<Command['status'], number> = { failed: -1, accepted: 0, submitted: 1, confirmed: 2 };

function phaseOf(commands: Command[]): CommandPhase {
  if (commands.some((c) => c.status === 'failed')) return 'failed';
  if (commands.length === 0) return 'confirmed';
  const slowest = commands.reduce((a, c) => (ORDER[c.status] < ORDER[a.status] ? c : a));
  return slowest.status;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends command-creating POSTs and follows their commands to the end (long-polling GET /v1/commands/{id}).
 * Each submit gets a fresh Idempotency-Key, except a retry of the same body after the platform did not answer:
 * that one reuses the key, so it cannot happen twice. On confirmation the session's data is refreshed.
 */
export function useCommand<R extends { commands?: Command[] } = Accepted>() {
  const { client, refresh } = useSession();
  const [state, setState] = useState<CommandState<R>>({ phase: 'idle', commands: [], response: undefined, error: undefined });
  const unanswered = useRef<{ key: string; body: string } | null>(null);

  const run = useCallback(
    async (path: string, body: unknown = {}): Promise<{ ok: boolean; response: R | undefined }> => {
      const bodyText = JSON.stringify(body);
      const key = unanswered.current?.body === `${path} ${bodyText}` ? unanswered.current.key : newIdempotencyKey(path.split('/').filter(Boolean).slice(-1)[0] ?? 'cmd');
      unanswered.current = null;
      setState({ phase: 'sending', commands: [], response: undefined, error: undefined });
      let response: R;
      try {
        response = (await client.post<R>(path, body, { idempotencyKey: key })).body;
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
        if (error.code === 'network') unanswered.current = { key, body: `${path} ${bodyText}` };
        setState({ phase: 'refused', commands: [], response: undefined, error });
        return { ok: false, response: undefined };
      }
      let commands = response.commands ?? [];
      setState({ phase: phaseOf(commands), commands, response, error: undefined });
      while (commands.some((c) => c.status === 'accepted' || c.status === 'submitted')) {
        try {
          commands = await Promise.all(
            commands.map((c) => (c.status === 'confirmed' || c.status === 'failed' ? c : client.get<Command>(`/v1/commands/${c.id}?waitMs=1500`))),
          );
        } catch {
          await sleep(1000);
          continue;
        }
        setState({ phase: phaseOf(commands), commands, response, error: undefined });
      }
      const phase = phaseOf(commands);
      setState({ phase, commands, response, error: undefined });
      refresh();
      // The indexer follows the confirmation within a poll or two: refresh again once it has.
      setTimeout(refresh, 800);
      return { ok: phase === 'confirmed', response };
    },
    [client, refresh],
  );

  const reset = useCallback(() => setState({ phase: 'idle', commands: [], response: undefined, error: undefined }), []);
  const busy = state.phase === 'sending' || state.phase === 'accepted' || state.phase === 'submitted';
  return { ...state, run, reset, busy };
}
