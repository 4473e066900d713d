import { TierchainError } from '../common/errors.ts';

/** A failure the CLI explains itself: one line, an optional hint, and the exit code (2 = usage error). */
export class CliError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export interface FailureDescription {
  message: string;
  hint?: string;
  exitCode: number;
}

/** Turns whatever a command threw into one line and a hint an operator can act on. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof CliError) return { message: error.message, hint: error.hint, exitCode: error.exitCode };
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; shortMessage?: unknown; port?: unknown; address?: unknown };
  const text = typeof e.shortMessage === 'string' ? e.shortMessage : typeof e.message === 'string' ? e.message : String(error);
  const message = firstLine(text);

  if (e.code === 'EADDRINUSE') {
    const where = e.address && e.port ? `${e.address}:${e.port}` : 'the API address';
    return { message: `cannot serve the API: ${where} is already in use`, hint: 'stop whatever holds it, or set TIERCHAIN_PORT to a free port', exitCode: 1 };
  }
  if (e.code === 'EACCES' && e.port) {
    return { message: `cannot serve the API on port ${e.port}: permission denied`, hint: 'use a port above 1023 (TIERCHAIN_PORT)', exitCode: 1 };
  }
  if (error instanceof TierchainError) {
    if (error.code === 'anvil_start_failed') {
      return /already in use/.test(message)
        ? { message, hint: 'stop whatever holds it, or set TIERCHAIN_CHAIN_PORT to a free port (or TIERCHAIN_RPC_URL to use an external chain)', exitCode: 1 }
        : { message, hint: "run with TIERCHAIN_DEBUG=1 to see anvil's output", exitCode: 1 };
    }
    if (error.code === 'unavailable') {
      return { message, hint: 'check DATABASE_URL and that the PostgreSQL server is running and reachable', exitCode: 1 };
    }
  }
  if (e.name === 'ChainNodesUnreachableError') {
    return { message: `cannot reach the chain: ${message}`, hint: 'check TIERCHAIN_RPC_URL and that at least one of its nodes is running', exitCode: 1 };
  }
  if (isUnreachableNode(e)) {
    const url = /URL: (\S+)/.exec(typeof e.message === 'string' ? e.message : '')?.[1];
    return {
      message: `cannot reach the chain${url ? ` at ${url}` : ''}: ${message}`,
      hint: 'check TIERCHAIN_RPC_URL and that the node is running',
      exitCode: 1,
    };
  }
  return { message, exitCode: 1 };
}

/** Everything known about an error, for TIERCHAIN_DEBUG=1: stack, details and the chain of causes. */
export function debugDescription(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const e = current as { stack?: string; details?: unknown; cause?: unknown };
    parts.push(depth === 0 ? (e.stack ?? String(current)) : `caused by: ${e.stack ?? String(current)}`);
    if (e.details && typeof e.details === 'object' && Object.keys(e.details).length) parts.push(`details: ${JSON.stringify(e.details)}`);
    current = e.cause;
  }
  return parts.join('\n');
}

/** viem's errors for a node that does not answer (refused, timed out, not HTTP). */
function isUnreachableNode(e: { name?: unknown }): boolean {
  return e.name === 'HttpRequestError' || e.name === 'TimeoutError' || e.name === 'WebSocketRequestError';
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}
