import type { Queryable } from '../db/database.ts';

/** One decoded event of our contracts, as stored in `chain_events`. */
export interface ChainEvent {
  blockNumber: bigint;
  logIndex: number;
  blockHash: string;
  txHash: string;
  /** The logical contract that emitted it (see ContractSuite.eventContract). */
  contract: string;
  address: string;
  eventName: string;
  /** Decoded arguments; integers as decimal strings, addresses lower-case. */
  args: Record<string, string | boolean>;
  blockTime: Date;
}

/** Writes one event into read-model tables. It may read rows earlier events wrote, never anything else. */
export type Projection = (db: Queryable, e: ChainEvent) => Promise<unknown>;

/** Projections by logical contract, then event name. */
export type ProjectionMap = Readonly<Record<string, Readonly<Record<string, Projection>>>>;

/**
 * A module's events applied together: the rows they need are read once (in bulk when the batch opens, or on first
 * use), changed in memory by the module's rules, and written back in a few set-based statements. Applying a run
 * of events through a batch must leave exactly what applying them one at a time leaves (a batch of one).
 */
export interface ProjectionBatch {
  /** Applies one event the module's `handles` accepts. */
  apply(e: ChainEvent): Promise<void>;
  /** Writes back every row the batch changed. */
  flush(): Promise<void>;
}

/** The events a module applies in batches, and how a batch opens. */
export interface BatchedProjections {
  handles(e: ChainEvent): boolean;
  /**
   * Opens a batch for the events ahead (what it may read in bulk; it applies only those it is given). `peers` are the
   * batches already open for the modules before this one, for the hooks a module offers to others (e.g. the claims
   * module's movements, which products record from their own events).
   */
  begin(db: Queryable, ahead: readonly ChainEvent[], peers: readonly ProjectionBatch[], context?: BatchContext): Promise<ProjectionBatch>;
}

/** What the caller of a batch knows about the events ahead. */
export interface BatchContext {
  /**
   * True for a transaction none of whose events was applied before the batch (nothing the read models keep per
   * transaction can be stored for it yet, so a batch need not read it). Absent: any transaction may have been.
   */
  freshTransaction?: (txHash: string) => boolean;
  /**
   * Where a module's batch may leave what it read and wrote for the next batch (rows of its tables as the database
   * now has them), keyed by the module's choosing. Valid while nothing but these batches writes those tables: the
   * read models empty it whenever an event is projected one at a time, and its owner (the indexer) empties it on a
   * reorg, a failed transaction and a change of writer. Absent: each batch reads what it needs.
   */
  carry?: Map<unknown, unknown>;
}

/** A module's read model: the tables derived only from events, and the projections that write them. */
export interface ReadModel {
  tables: readonly string[];
  /** Events applied one at a time, each with its own statements. */
  projections: ProjectionMap;
  /** Events applied in batches (the bulk of the traffic); never also in `projections`. */
  batched?: BatchedProjections;
}

/** How `applyEvents` may read what it needs (see ReadModels.applyEvents and BatchContext.carry). */
export interface ApplyOptions {
  wholeTransactions?: boolean;
  /** Kept by the caller from one call to the next (BatchContext.carry); it must empty it if a call's transaction fails. */
  carry?: Map<unknown, unknown>;
}

/** The modules' read models as one, for the indexer. */
export interface ReadModels {
  /** Every table derived only from events; a replay of `chain_events` rebuilds them exactly. */
  readonly tables: readonly string[];
  /** Applies one event. Events without a projection (e.g. RoleGranted) are kept only in `chain_events`. */
  applyEvent(db: Queryable, event: ChainEvent): Promise<void>;
  /**
   * Applies events in order, as `applyEvent` one by one would: consecutive events of batched projections go through
   * one batch per module, written back before any other event is applied. `wholeTransactions`: the caller vouches
   * that no event of these events' transactions was applied before (the indexer applies whole blocks once; a replay
   * starts from empty tables), so the batches need not read back what a transaction wrote before.
   */
  applyEvents(db: Queryable, events: readonly ChainEvent[], options?: ApplyOptions): Promise<void>;
  /** Empties the read models and replays every stored event in chain order; returns how many. */
  rebuild(db: Queryable): Promise<number>;
}

/** Events applied between two turns of the event loop. */
const YIELD_EVERY = 256;

/** Composes the modules' read models; two modules projecting the same event of the same contract is an error. */
export function composeReadModels(parts: readonly ReadModel[]): ReadModels {
  const projections: Record<string, Record<string, Projection>> = {};
  const tables: string[] = [];
  for (const part of parts) {
    for (const table of part.tables) {
      if (tables.includes(table)) throw new Error(`read-model table ${table} is declared twice`);
      tables.push(table);
    }
    for (const [contract, events] of Object.entries(part.projections)) {
      const into = (projections[contract] ??= {});
      for (const [eventName, projection] of Object.entries(events)) {
        if (into[eventName]) throw new Error(`${contract}.${eventName} is projected twice`);
        into[eventName] = projection;
      }
    }
  }
  const batched = parts.flatMap((p) => (p.batched ? [p.batched] : []));

  const applyEvents = async (db: Queryable, events: readonly ChainEvent[], options: ApplyOptions = {}) => {
    /** The transactions of the events before the current run (their earlier events may be stored already). */
    const before = new Set<string>();
    let counted = 0;
    const context: BatchContext = {
      ...(options.wholeTransactions ? { freshTransaction: (tx: string) => !before.has(tx) } : {}),
      ...(options.carry ? { carry: options.carry } : {}),
    };
    /**
     * The batches open while a run of batched events lasts, by module (in module order). A module's batch opens at
     * its first event of the run, after those of the modules before it (its peers: the hooks it may use).
     */
    let open: Array<ProjectionBatch | undefined> = [];
    let run: readonly ChainEvent[] = [];
    const batchOf = async (k: number): Promise<ProjectionBatch> => {
      for (let j = 0; j <= k; j++) {
        open[j] ??= await batched[j]!.begin(db, run, open.slice(0, j).filter((b): b is ProjectionBatch => b !== undefined), context);
      }
      return open[k]!;
    };
    const flush = async () => {
      for (const batch of open) await batch?.flush();
      open = [];
    };
    for (let i = 0; i < events.length; i++) {
      // Let the event loop in now and then: applying events in memory is a long chain of promises, and meanwhile the
      // database may be reading what the caller sent before (the indexer's event log) or answering a statement.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      const e = events[i]!;
      const k = batched.findIndex((b) => b.handles(e));
      if (k >= 0) {
        if (open.length === 0) {
          // The run the batches will apply: up to the next event projected one at a time.
          let j = i + 1;
          while (j < events.length && (batched.some((b) => b.handles(events[j]!)) || !projections[events[j]!.contract]?.[events[j]!.eventName])) j++;
          run = events.slice(i, j);
          open = new Array(batched.length);
          if (options.wholeTransactions) for (; counted < i; counted++) before.add(events[counted]!.txHash);
        }
        await (await batchOf(k)).apply(e);
        continue;
      }
      const projection = projections[e.contract]?.[e.eventName];
      if (!projection) continue;
      // What this projection reads must include every change made so far; what it writes, no batch has carried.
      await flush();
      options.carry?.clear();
      await projection(db, e);
    }
    await flush();
  };
  return {
    tables,
    applyEvent: (db, event) => applyEvents(db, [event]),
    applyEvents,
    async rebuild(db) {
      if (tables.length) await db.query(`TRUNCATE ${tables.join(', ')}`);
      const events = await storedEvents(db);
      await applyEvents(db, events, { wholeTransactions: true });
      return events.length;
    },
  };
}

/** The events stored in `chain_events`, in chain order: every one, or `limit` after a position. */
export async function storedEvents(db: Queryable, from?: { after: { block: bigint; logIndex: number }; limit: number }): Promise<ChainEvent[]> {
  const { rows } = await db.query<{
    block_number: string;
    log_index: number;
    block_hash: string;
    tx_hash: string;
    contract: string;
    address: string;
    event_name: string;
    args: Record<string, string | boolean>;
    block_time: Date;
  }>(
    from
      ? 'SELECT * FROM chain_events WHERE (block_number, log_index) > ($1::bigint, $2::int) ORDER BY block_number, log_index LIMIT $3'
      : 'SELECT * FROM chain_events ORDER BY block_number, log_index',
    from ? [from.after.block.toString(), from.after.logIndex, from.limit] : [],
  );
  return rows.map((r) => ({
    blockNumber: BigInt(r.block_number),
    logIndex: r.log_index,
    blockHash: r.block_hash,
    txHash: r.tx_hash,
    contract: r.contract,
    address: r.address,
    eventName: r.event_name,
    args: r.args,
    blockTime: r.block_time,
  }));
}

// ---- reading event arguments (decoded as decimal strings, lower-case hex, booleans) ----

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const ZERO_HASH = `0x${'0'.repeat(64)}`;

/** A uint256 argument (decimal string) or bytes32 (hex) as 0x + 64 lower-case hex digits: how ids are stored. */
export const argId = (value: unknown): string => `0x${BigInt(String(value)).toString(16).padStart(64, '0')}`;
/** A bytes32 argument, or null when zero. */
export const argHashOrNull = (value: unknown): string | null =>
  value === undefined || value === null || value === ZERO_HASH ? null : String(value);
/** An address argument, or null when zero. */
export const argAddressOrNull = (value: unknown): string | null =>
  value === undefined || value === null || value === ZERO_ADDRESS ? null : String(value);
/** A Unix-seconds argument as a Date. */
export const argDate = (value: unknown): Date => new Date(Number(value) * 1000);
/** The event's block number as a decimal string (for bigint columns). */
export const blockOf = (e: ChainEvent): string => e.blockNumber.toString();

/** The time of the latest indexed block, or null before the first one: how far the read models have seen. */
export async function latestIndexedTime(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ t: Date | null }>('SELECT max(timestamp) AS t FROM indexer_blocks');
  return rows[0]?.t ?? null;
}

/**
 * The instant a read judges time-dependent state at (maturity, expiry, accrued interest): `asOf` when given, else the
 * later of the latest indexed block's time and now.
 */
export async function readModelTime(db: Queryable, asOf?: Date): Promise<Date> {
  if (asOf) return asOf;
  const indexed = (await latestIndexedTime(db))?.getTime() ?? 0;
  return new Date(Math.max(indexed, Date.now()));
}
