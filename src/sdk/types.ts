/**
 * Shared types of the SDK: commands, pages, command options, and the platform resources (members, consortia,
 * XT). Amounts are decimal strings of integer minor units of XT; ids are UUIDs (members, commands) or `0x` + 64
 * hex digits (consortia, claims, trades, offers, quotes). Each module's response types come from its schemas
 * (src/modules/<name>/schemas.ts), re-exported by index.ts.
 */

export type { Command, CommandStatus } from '../api/schemas.ts';
import type { Command, CommandStatus } from '../api/schemas.ts';

/** The 202 answer of every command-creating request: resource fields plus the commands created. */
export type Accepted<T extends object = {}> = T & { commands: Command[] };

/** A page of a list: pass `nextCursor` as `cursor` for the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageParameters {
  /** Page size, 1..500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** What a progress callback of a wait is told, each time a command's status changes. */
export interface CommandProgress {
  command: Command;
  /** The status seen before (undefined on the first sighting). */
  previous: CommandStatus | undefined;
}

export interface WaitOptions {
  /** Give up after this many ms (default 120 000) with TierchainTimeoutError. */
  timeoutMs?: number;
  /** Called on the first sighting of each command and whenever its status changes. */
  onProgress?: (progress: CommandProgress) => void;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

/** Options of every command-creating method. */
export interface CommandOptions {
  /** Sent as `Idempotency-Key` (1–200 of [A-Za-z0-9._:-]); a new UUID when omitted. Same key, same answer. */
  idempotencyKey?: string;
  /**
   * Wait until every command is confirmed (or failed) and indexed before returning; throws TierchainCommandError
   * if one failed. `true` or the wait's options.
   */
  wait?: boolean | WaitOptions;
}

// --------------------------------------------------------------------------------------------- events

/** `chain.event`: an indexed contract event the caller may see. */
export interface ChainEventData {
  contract: string;
  /** The event's name, e.g. `Transfer`, `ClaimIssued`. */
  event: string;
  args: Record<string, unknown>;
  blockNumber: string;
  logIndex: number;
  txHash: string;
  at: string;
}

/** One Server-Sent Events frame of GET /v1/events (`id` is what to send back as Last-Event-ID). */
export type TierchainEvent =
  | { id: string; type: 'chain.event'; data: ChainEventData }
  | { id: string; type: 'command'; data: Command }
  | { id: string; type: 'chain.reorg'; data: { forkBlock: string; removedEvents: number } };
