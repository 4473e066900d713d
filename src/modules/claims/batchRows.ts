/**
 * The rows the claims batch (batch.ts) keeps in memory, and the columns it copies in: its holdings, claims, movements
 * and offers as read from the database or made by the events it applies.
 */
import { columns, type Column } from '../../db/copy.ts';
import type { ClaimMovement } from './projections.ts';

/** claim_movements' columns in the order the batch writes them (insertColumns: COPY on PostgreSQL). */
export const MOVEMENT_COLUMNS: Column[] = columns([
  ['block_number', 'bigint'], ['log_index', 'int'], ['tx_hash', 'text'], ['claim_id', 'text'], ['child_id', 'text'], ['kind', 'text'],
  ['from_address', 'text'], ['to_address', 'text'], ['amount', 'numeric'], ['price', 'numeric'], ['offer_id', 'text'], ['days', 'int'],
  ['from_hops', 'int'], ['to_hops', 'int'], ['leg_log_index', 'int'], ['block_time', 'timestamptz'],
]);
/** A new claim row as the batch inserts it (COPY on PostgreSQL). */
export const CLAIM_COLUMNS: Column[] = columns([
  ['id', 'text'], ['parent', 'text'], ['root', 'text'], ['depth', 'int'], ['obligor', 'text'], ['due_date', 'timestamptz'], ['late_rate_bps', 'int'],
  ['max_hops', 'int'], ['day_count', 'text'], ['kind', 'text'], ['consortium_id', 'text'], ['documents_hash', 'text'], ['total_supply', 'numeric'],
  ['defined_at', 'timestamptz'], ['defined_block', 'bigint'], ['defined_tx', 'text'],
]);

export const HOLDING_COLUMNS: Column[] = columns([
  ['claim_id', 'text'], ['holder', 'text'], ['balance', 'numeric'], ['hops', 'int'], ['redeemed', 'numeric'], ['updated_at', 'timestamptz'],
  ['updated_block', 'bigint'], ['claim_block', 'bigint'],
]);

export interface Holding {
  claimId: string;
  holder: string;
  /** Whether the row exists (in the database or created by this batch). */
  exists: boolean;
  /** Whether the database has the row (it was read from there): new rows are copied in, stored ones updated. */
  stored: boolean;
  balance: bigint;
  hops: number;
  redeemed: bigint;
  at: Date;
  block: string;
}

export interface ClaimRow {
  id: string;
  depth: number;
  /** The block it was defined in (a new holding's row keeps it). */
  block: string;
  /** Set when ClaimDefined came in this batch: the row is inserted. */
  fresh: Record<string, unknown> | null;
  supplyDelta: bigint;
}

export interface Movement {
  blockNumber: string;
  logIndex: number;
  txHash: string;
  claimId: string;
  childId: string | null;
  kind: ClaimMovement['kind'];
  from: string | null;
  to: string | null;
  amount: bigint;
  price: string | null;
  offerId: string | null;
  days: number | null;
  fromHops: number | null;
  toHops: number | null;
  legLogIndex: number | null;
  blockTime: Date;
  /** Read from the database (else inserted by this batch). */
  stored: boolean;
  dirty: boolean;
  deleted: boolean;
}

export interface Offer {
  offerId: string;
  remaining: bigint;
  status: string;
  closedAt: Date | null;
  dirty: boolean;
}
