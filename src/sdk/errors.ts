/**
 * The errors the SDK throws: the API answered with an error status (TierchainApiError), a command the API
 * accepted failed on-chain (TierchainCommandError), or a wait ran out of time (TierchainTimeoutError).
 */
import type { Command } from './types.ts';

/** An HTTP error answer, decoded from the API's `{ error: { code, message, details } }` body. */
export class TierchainApiError extends Error {
  /** HTTP status (400 validation, 401, 403, 404, 409, 422 rule violation, 5xx). */
  readonly status: number;
  /** Stable machine-readable code, e.g. `insufficient_holding`, `validation_failed`. */
  readonly code: string;
  /** Extra facts: `field` names the offending input; others depend on the code (e.g. `holding`). */
  readonly details: Record<string, unknown>;
  /** The request that failed, e.g. `POST /v1/claims/0x…/transfers`. */
  readonly request: string;

  constructor(p: { status: number; code: string; message: string; details?: Record<string, unknown>; request: string }) {
    super(p.message);
    this.name = 'TierchainApiError';
    this.status = p.status;
    this.code = p.code;
    this.details = p.details ?? {};
    this.request = p.request;
  }

  /** The field the error names (`details.field`), if any. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/** A command that ended `failed`, with the decoded contract error (`code` is the Solidity error name). */
export class TierchainCommandError extends Error {
  /** The failed command. */
  readonly command: Command;
  /** Every command of the request, as last seen. */
  readonly commands: Command[];
  /** The decoded error's code, e.g. `EnforcedPause` (`command_failed` when the platform gave none). */
  readonly code: string;

  constructor(command: Command, commands: Command[] = [command]) {
    const code = command.error?.code ?? 'command_failed';
    super(command.error?.message ?? `command ${command.kind} failed`);
    this.name = 'TierchainCommandError';
    this.command = command;
    this.commands = commands;
    this.code = code;
  }
}

/** A wait for a command ended before the command finished (and was indexed). */
export class TierchainTimeoutError extends Error {
  /** The command as last seen. */
  readonly command: Command;

  constructor(command: Command, timeoutMs: number) {
    super(`command ${command.id} (${command.kind}) is still ${command.status} after ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'TierchainTimeoutError';
    this.command = command;
  }
}

/** No HTTP answer at all: the platform is not reachable (refused, DNS, TLS, timeout). */
export class TierchainNetworkError extends Error {
  /** The request that could not be made, e.g. `GET /v1/me`. */
  readonly request: string;
  /** The low-level reason, e.g. `ECONNREFUSED` or `TimeoutError`. */
  readonly reason: string;

  constructor(baseUrl: string, request: string, cause: unknown) {
    const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const reason =
      typeof inner?.code === 'string' ? inner.code : typeof inner?.message === 'string' ? inner.message : ((cause as Error | undefined)?.name ?? 'error');
    super(`no answer from ${baseUrl} to ${request} (${reason})`, { cause });
    this.name = 'TierchainNetworkError';
    this.request = request;
    this.reason = reason;
  }
}
