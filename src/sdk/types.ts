/**
 * Shared types of the SDK: commands, pages, command options, and the platform resources (members, consortia,
 * XT). Amounts are decimal strings of integer minor units of XT; ids are UUIDs (members, commands) or `0x` + 64
 * hex digits (consortia, claims, trades, offers, quotes). Receivables types are in receivableTypes.ts.
 */

export type CommandStatus = 'accepted' | 'submitted' | 'confirmed' | 'failed';

/** A durable command: accepted → submitted → confirmed, or failed with the decoded contract error. */
export interface Command {
  id: string;
  /** What it does, e.g. `xt.deposit`, `claims.transfer`. */
  kind: string;
  status: CommandStatus;
  signer: string;
  contract: string | null;
  functionName: string | null;
  args: unknown[];
  dependsOn: string[];
  txHash: string | null;
  nonce: number | null;
  blockNumber: string | null;
  /** The hash of the block it was mined in (absent from responses stored before the platform recorded it). */
  blockHash?: string | null;
  gasUsed: string | null;
  /** The decoded failure: `code` is the contract error name (e.g. `EnforcedPause`), `message` a sentence. */
  error: { code: string; name: string; message: string; args: Record<string, unknown> } | null;
  result: unknown;
  createdAt: string;
  submittedAt: string | null;
  finishedAt: string | null;
  /** GET /v1/commands/{id} only: the read models already include the command's block. */
  indexed?: boolean;
}

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

// -------------------------------------------------------------------------------------------- members

export type MemberRole = 'core_enterprise' | 'supplier' | 'distributor' | 'funder' | 'verifier' | 'regulator' | 'bank_gateway' | 'operator' | 'guarantor';
export type MemberStatus = 'pending' | 'registered' | 'certified' | 'suspended' | 'revoked';

export interface Member {
  id: string;
  name: string;
  registrationNumber: string;
  /** The enterprise's on-chain address. */
  address: string;
  legalIdHash: string;
  documentsHash: string | null;
  requestedRoles: MemberRole[];
  /** On-chain status; `pending` until the registration is indexed. */
  status: MemberStatus;
  /** Roles certified on-chain. */
  roles: MemberRole[];
  createdAt: string;
}

/** GET /v1/me: the calling user and its enterprise. */
export interface Me {
  userId: string;
  userRole: 'admin' | 'member' | 'viewer';
  isOperator: boolean;
  member: Member;
}

// ------------------------------------------------------------------------------------------- consortia

export interface ConsortiumMember {
  memberId: string | null;
  name: string | null;
  address: string;
  /** invited, member, declined, left or removed. */
  state: string;
  updatedAt: string;
}

export interface Consortium {
  id: string;
  name: string | null;
  core: { memberId: string | null; name: string | null; address: string } | null;
  status: 'pending' | 'active';
  memberCount: number;
  members: ConsortiumMember[];
  createdAt: string | null;
}

// ------------------------------------------------------------------------------------------------- XT

export interface XtBalance {
  memberId: string | null;
  name: string | null;
  address: string;
  balance: string;
}

export interface XtBalances {
  items: XtBalance[];
  totalSupply: string;
  paused: boolean;
}

export interface XtMovement {
  kind: string;
  from: string | null;
  to: string | null;
  amount: string;
  reference: string | null;
  referenceHash: string | null;
  txHash: string;
  blockNumber: string;
  at: string;
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
