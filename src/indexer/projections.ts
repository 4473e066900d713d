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
  /**
   * Writes back every row the batch changed. What it writes is taken from memory before it returns (the caller may apply
   * the next events to the rows it carries while the statements run); every row the batch read from the database and
   * changed must be carried (BatchContext.carry), or the next events' bulk reads could miss the change (ApplyOptions.next).
   */
  flush(): Promise<void>;
}

/** The events a module applies in batches, and how a batch opens. */
export interface BatchedProjections {
  /** Whether the module batches `e`: by its contract and event name only (the answer is kept per pair). */
  handles(e: Pick<ChainEvent, 'contract' | 'eventName'>): boolean;
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

/** Rows a batch may leave in BatchContext.carry per map: beyond it, the oldest let go (see trimCarried). */
export const MAX_CARRIED = 200_000;

/**
 * Lets the oldest entries of a carried map go when it holds more than `max` (down to three quarters of it). Call it when
 * every entry is as the database has it or will once the statements sent have run (at the end of a flush): a row let
 * go is read again when next needed.
 */
export function trimCarried(map: Map<unknown, unknown>, max = MAX_CARRIED): void {
  if (map.size <= max) return;
  let drop = map.size - Math.floor(max * 0.75);
  for (const k of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(k);
  }
}

/**
 * Whether a carried map has `key`; when it has, the entry moves to the newest end, so that trimCarried lets go the rows
 * least recently asked for rather than those read first. A batch asks for the rows of the events ahead before the batch
 * before it trims (ApplyOptions.next): without the move, rows carried since early on (a payable's holdings, met again
 * when it is paid and redeemed) would be let go just before they are used, and read again one at a time.
 */
export function keepCarried<K>(map: Map<K, unknown>, key: K): boolean {
  if (!map.has(key)) return false;
  const value = map.get(key);
  map.delete(key);
  map.set(key, value);
  return true;
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
  /**
   * Called once, when the batches of the first run have made their bulk reads (or, with no batched event, before the
   * first projection): statements the caller sends on the connection from then on no longer delay those reads, and
   * run while the events are applied in memory (the indexer's event log).
   */
  readsDone?: () => void;
  /**
   * The events the caller applies next, in a later call with the same carry on the same transaction: while this call
   * applies its events (or, when it projects an event one at a time, before its last flush), their batches read in bulk
   * what they need into the carry (rows this call changed are carried already;
   * any other is as the database has it before and after that flush), so that the next call can apply them while that
   * flush's statements run. Needs `carry`.
   */
  next?: readonly ChainEvent[];
  /**
   * On a Queryable that keeps the order of statements (a transaction): the last flush's statements are sent and not
   * waited for, and this gets the promise of their answers (the caller must await it before its transaction ends;
   * statements it sends afterwards run after them). Its rows are taken from memory before the call resolves.
   */
  written?: (answered: Promise<void>) => void;
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

/** The key in BatchContext.carry of the batches a call opened for the next call's first run (ApplyOptions.next). */
const PreparedRun = Symbol('the next call\'s first run');
interface PreparedBatches {
  events: readonly ChainEvent[];
  /** Where the first run of `events` ends. */
  end: number;
  batches: ProjectionBatch[];
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
  /** The module batching each kind of event (its index in `batched`, or -1), by contract, then event name. */
  const batchingModule = new Map<string, Map<string, number>>();
  const moduleOf = (e: ChainEvent): number => {
    let byName = batchingModule.get(e.contract);
    if (!byName) batchingModule.set(e.contract, (byName = new Map()));
    let k = byName.get(e.eventName);
    if (k === undefined) byName.set(e.eventName, (k = batched.findIndex((b) => b.handles(e))));
    return k;
  };

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
    let readsDone = options.readsDone;
    const signalReads = () => {
      readsDone?.();
      readsDone = undefined;
    };
    const batchOf = async (k: number): Promise<ProjectionBatch> => {
      for (let j = 0; j <= k; j++) {
        open[j] ??= await batched[j]!.begin(db, run, open.slice(0, j).filter((b): b is ProjectionBatch => b !== undefined), context);
      }
      return open[k]!;
    };
    /** Writes back the open batches: on an ordered Queryable each batch's statements are sent at once, in module order. */
    const flush = (): Promise<void> => {
      const batches = open;
      open = [];
      if (db.ordered) return Promise.all(batches.map((b) => b?.flush())).then(() => undefined);
      return (async () => {
        for (const batch of batches) await batch?.flush();
      })();
    };
    /** The run of batched events starting at `i`: where it ends, and which modules' batches it needs. */
    const runAt = (list: readonly ChainEvent[], i: number, k: number): { end: number; used: boolean[] } => {
      const used = new Array<boolean>(batched.length).fill(false);
      used[k] = true;
      let j = i + 1;
      for (; j < list.length; j++) {
        const f = list[j]!;
        const m = moduleOf(f);
        if (m >= 0) used[m] = true;
        else if (projections[f.contract]?.[f.eventName]) break;
      }
      return { end: j, used };
    };
    const next = options.next;
    const first = next?.length && options.carry ? moduleOf(next[0]!) : -1;
    /**
     * The next call's first run: its batches open and read what it needs into the carry; the next call applies through
     * them (left in the carry for it). Its transactions are fresh when this call's are (whole blocks, each applied once):
     * none of its events was applied before its first run.
     */
    const prepare = async (): Promise<PreparedBatches> => {
      const { end, used } = runAt(next!, 0, first);
      const ahead = next!.slice(0, end);
      const nextContext: BatchContext = { carry: options.carry!, ...(options.wholeTransactions ? { freshTransaction: () => true } : {}) };
      const opened: ProjectionBatch[] = [];
      for (let j = 0; j <= used.lastIndexOf(true); j++) opened.push(await batched[j]!.begin(db, ahead, opened.slice(), nextContext));
      return { events: next!, end, batches: opened };
    };
    /**
     * The next run's reads, sent as soon as this call's first run has made its own (prepareEarly) rather than after this
     * call's last event: the database answers them while this process applies this call's events. Only on an ordered
     * Queryable (its reads come after the statements sent before, and see them) and when this call projects nothing one
     * at a time (a projection empties the carry those reads fill). What they read is what this call's events leave:
     * they read only rows the carry does not hold, which this call's batches have not changed (every row a batch
     * changes is carried), and a batch keeps a carried row it meets rather than one read for another batch
     * (BatchContext.carry).
     */
    let preparing: Promise<PreparedBatches> | null = null;
    const early = first >= 0 && db.ordered === true && events.every((e) => moduleOf(e) >= 0 || !projections[e.contract]?.[e.eventName]);
    const prepareEarly = () => {
      if (!early || preparing) return;
      preparing = prepare();
      preparing.catch(() => {}); // awaited before the last flush, or dropped with a call that failed
    };
    async function applyAll(): Promise<void> {
      for (let i = 0; i < events.length; i++) {
        // Let the event loop in now and then: applying events in memory is a long chain of promises, and meanwhile the
        // database may be reading what the caller sent before (the indexer's event log) or answering a statement.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
        const e = events[i]!;
        const k = moduleOf(e);
        if (k >= 0) {
          if (open.length === 0) {
            // The run the batches will apply: up to the next event projected one at a time.
            const { end: j, used } = runAt(events, i, k);
            run = events.slice(i, j);
            open = new Array(batched.length);
            if (options.wholeTransactions) for (; counted < i; counted++) before.add(events[counted]!.txHash);
            // The batches the call before opened for this run (ApplyOptions.next), when it is this call's first.
            const prepared = options.carry?.get(PreparedRun) as PreparedBatches | undefined;
            if (prepared) {
              options.carry!.delete(PreparedRun);
              if (i === 0 && prepared.events === events && prepared.end === j) prepared.batches.forEach((b, m) => (open[m] = b));
            }
            if (readsDone) {
              // Every batch of the run opens now (each would at its first event; nothing is written before the run ends,
              // so it reads the same rows), and the caller hears that the bulk reads are done.
              const last = used.lastIndexOf(true);
              if (last >= 0) await batchOf(last);
              signalReads();
            }
            prepareEarly();
          }
          await (open[k] ?? (await batchOf(k))).apply(e);
          continue;
        }
        const projection = projections[e.contract]?.[e.eventName];
        if (!projection) continue;
        // What this projection reads must include every change made so far; what it writes, no batch has carried.
        await flush();
        signalReads();
        options.carry?.clear();
        await projection(db, e);
      }
    }
    try {
      await applyAll();
    } catch (error) {
      // Nothing of a failed call is kept: its reads for the next run end before the caller hears of the failure.
      await (preparing as Promise<unknown> | null)?.catch(() => {});
      throw error;
    }
    signalReads();
    if (first >= 0) options.carry!.set(PreparedRun, await (preparing ?? prepare()));
    const written = flush();
    if (options.written && db.ordered) {
      written.catch(() => {}); // the caller awaits it
      options.written(written);
    } else await written;
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

/** chain_events' columns as a ChainEvent is read from them (args is the JSON text the indexer wrote). */
export const STORED_EVENT = 'block_number, log_index, block_hash, tx_hash, contract, address, event_name, args::json AS args, block_time';

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
      ? `SELECT ${STORED_EVENT} FROM chain_events WHERE (block_number, log_index) > ($1::bigint, $2::int) ORDER BY block_number, log_index LIMIT $3`
      : `SELECT ${STORED_EVENT} FROM chain_events ORDER BY block_number, log_index`,
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
export const argId = (value: unknown): string => {
  const text = String(value);
  let id = idMemo.get(text);
  if (id === undefined) {
    id = `0x${BigInt(text).toString(16).padStart(64, '0')}`;
    // The ids a catch-up meets recur in event after event (a claim's transfers, its holders' redemptions).
    if (idMemo.size >= ID_MEMO) idMemo.clear();
    idMemo.set(text, id);
  }
  return id;
};
const ID_MEMO = 65_536;
const idMemo = new Map<string, string>();
/** A bytes32 argument, or null when zero. */
export const argHashOrNull = (value: unknown): string | null =>
  value === undefined || value === null || value === ZERO_HASH ? null : String(value);
/** An address argument, or null when zero. */
export const argAddressOrNull = (value: unknown): string | null =>
  value === undefined || value === null || value === ZERO_ADDRESS ? null : String(value);
/** A Unix-seconds argument as a Date. */
export const argDate = (value: unknown): Date => new Date(Number(value) * 1000);
/**
 * The event's block number as a decimal string (for bigint columns). Events come in chain order and each module asks
 * several times per event: the last block's text is kept rather than converted again.
 */
export const blockOf = (e: ChainEvent): string => {
  if (e.blockNumber !== lastBlock) {
    lastBlock = e.blockNumber;
    lastBlockText = lastBlock.toString();
  }
  return lastBlockText;
};
let lastBlock = -1n;
let lastBlockText = '-1';

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
