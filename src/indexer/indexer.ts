import { BlockNotFoundError, type Abi, type Address, type Block, type PublicClient } from 'viem';
import { copyEscape, insertColumns, type Column } from '../db/copy.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { ContractSuite, Deployment } from '../chain/contracts.ts';
import { decodeLogStored } from '../chain/eventDecoder.ts';
import type { EngineLease } from '../db/engineLease.ts';
import { createFollower } from './follower.ts';
import { logRange, requestLogs, tooManyLogs, type RpcLog } from './logRange.ts';
import type { ChainEvent, ReadModels } from './projections.ts';

export { logRange, requestLogs, tooManyLogs } from './logRange.ts';

export interface IndexerParameters {
  db: Database;
  client: PublicClient;
  deployment: Deployment;
  /** The modules' contracts (to decode their logs) and read models (to project their events). */
  suite: ContractSuite;
  readModels: ReadModels;
  pollIntervalMs?: number;
  /** Blocks fetched per pass. */
  batchSize?: number;
  /** Block headers kept below the cursor for reorg detection. */
  keepBlocks?: number;
  log?: (message: string) => void;
  /**
   * With several platform instances on one database, only the holder of this lease writes the index; the others follow
   * it (their notices come from what it commits) and take over when it stops renewing. Without one, this indexer writes.
   */
  lease?: EngineLease;
}

export type IndexerNotice =
  | { type: 'events'; events: ChainEvent[]; cursor: bigint }
  | { type: 'reorg'; forkBlock: bigint; removedEvents: number };

export interface Indexer {
  start(): void;
  stop(): Promise<void>;
  /** Indexes up to the chain head now; resolves with the cursor reached. */
  sync(): Promise<bigint>;
  /** The last indexed block, or startBlock − 1 before the first pass. */
  cursor(): Promise<bigint>;
  subscribe(listener: (notice: IndexerNotice) => void): () => void;
}

interface StoredBlock {
  number: string;
  hash: string;
}

/**
 * Follows the chain from the cursor stored in the database: for each batch of blocks it checks that every
 * block's parent hash links to the block before (stored or fetched), decodes the logs of our contracts, and
 * writes events, read models, and the new cursor in one database transaction. When the chain no longer links
 * to what was stored (a reorg), it finds the fork point, deletes what came after it, and rebuilds the read
 * models from the remaining events.
 */
export function createIndexer(p: IndexerParameters): Indexer {
  const { db, client, deployment } = p;
  const batchSize = BigInt(p.batchSize ?? 200);
  const keepBlocks = BigInt(p.keepBlocks ?? 1000);
  const pollIntervalMs = p.pollIntervalMs ?? 250;
  const log = p.log ?? (() => {});
  const listeners = new Set<(notice: IndexerNotice) => void>();
  // The logical contracts each deployed address serves (one address may serve several: docs/adr/005).
  const byAddress = new Map<string, string[]>();
  for (const [name, address] of Object.entries(deployment.contracts)) {
    if (!p.suite.has(name)) continue;
    const key = address.toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), name]);
  }
  const addresses = [...byAddress.keys()] as Address[];
  /** Blocks read per batch: `batchSize`, less while blocks are so full that their logs do not fit one answer. */
  const range = logRange(batchSize);
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<bigint> | null = null;
  let next: Promise<bigint> | null = null;
  /** The cursor as of the last commit of this indexer (the only writer of indexer_blocks); null until known. */
  let committed: bigint | null = null;
  /** Whether this instance writes the index (it holds the lease, or there is none). */
  let writing = !p.lease;
  /**
   * What the read models' batches leave for the next batch (BatchContext.carry): emptied whenever the database may
   * hold something else (a reorg's rollback, a failed transaction, another instance writing in between).
   */
  const carry = new Map<unknown, unknown>();
  const follower = createFollower({ db, startBlock: deployment.startBlock, notify: (n) => notify(n) });

  class LeaseLost extends Error {}

  /**
   * Renews the lease, or takes it. Taking it (a change of role, or the lease taken again after it lapsed: another
   * instance may have written meanwhile) resets what this instance knew of the index.
   */
  async function lead(): Promise<boolean> {
    if (!p.lease) return true;
    const kept = writing && (await p.lease.confirm(db));
    const now = kept || (await p.lease.hold(db));
    if (now !== writing || (now && !kept)) {
      if (now !== writing) log(now ? 'indexer: this instance writes the index now' : 'indexer: another instance writes the index; following it');
      committed = null;
      carry.clear();
      follower.reset();
      writing = now;
    }
    return now;
  }

  const notify = (notice: IndexerNotice) => {
    for (const l of listeners) l(notice);
  };

  async function lastStored(q: Queryable = db): Promise<StoredBlock | null> {
    const { rows } = await q.query<StoredBlock>('SELECT number, hash FROM indexer_blocks ORDER BY number DESC LIMIT 1');
    return rows[0] ?? null;
  }

  /** The chain's block at `n`, or null when the node has none; a node that fails to answer throws (the pass retries). */
  const blockAt = (n: bigint) =>
    client.getBlock({ blockNumber: n }).catch((error: unknown) => {
      if (error instanceof BlockNotFoundError) return null;
      throw error;
    });

  /** Walks back from the stored tip to the highest block whose hash still matches the chain. */
  async function findForkPoint(): Promise<bigint> {
    const { rows } = await db.query<StoredBlock>('SELECT number, hash FROM indexer_blocks ORDER BY number DESC');
    for (const row of rows) {
      const block = await blockAt(BigInt(row.number));
      if (block && block.hash === row.hash) return BigInt(row.number);
    }
    return deployment.startBlock - 1n;
  }

  async function rollback(fork: bigint) {
    carry.clear();
    const removed = await db.transaction(async (tx) => {
      if (p.lease && !(await p.lease.confirm(tx))) throw new LeaseLost();
      const { rowCount } = await tx.query('DELETE FROM chain_events WHERE block_number > $1', [fork.toString()]);
      await tx.query('DELETE FROM indexer_blocks WHERE number > $1', [fork.toString()]);
      await p.readModels.rebuild(tx);
      return rowCount;
    });
    committed = null;
    log(`reorg: rolled back to block ${fork}, removed ${removed} events, read models rebuilt`);
    notify({ type: 'reorg', forkBlock: fork, removedEvents: removed });
  }

  /** The logical contract of an event of an address serving `served` (p.suite.eventContract, worked out once per pair). */
  const contracts = new Map<string[], Map<string, string>>();
  function contractOf(served: string[], eventName: string): string {
    let names = contracts.get(served);
    if (!names) contracts.set(served, (names = new Map()));
    let name = names.get(eventName);
    if (name === undefined) names.set(eventName, (name = p.suite.eventContract(served, eventName)));
    return name;
  }

  /** `logEntry` decoded, at its block (`number`, `time`: one of each per block, shared by its events). */
  function decode(logEntry: RpcLog, number: bigint, time: Date): ChainEvent | null {
    const address = logEntry.address.toLowerCase();
    const served = byAddress.get(address);
    if (!served) return null;
    try {
      let decoded: ReturnType<typeof decodeLogStored> = null;
      for (const name of served) if ((decoded = decodeLogStored(p.suite.abi(name) as Abi, logEntry))) break;
      if (!decoded) throw new Error('no event of this ABI has the log\'s selector');
      return {
        blockNumber: number,
        logIndex: Number(logEntry.logIndex),
        blockHash: logEntry.blockHash!,
        txHash: logEntry.transactionHash!,
        contract: contractOf(served, decoded.eventName),
        address,
        eventName: decoded.eventName,
        args: decoded.args as Record<string, string | boolean>,
        blockTime: time,
      };
    } catch {
      log(`could not decode a log of ${served.join('/')} at block ${number}`);
      return null;
    }
  }

  async function pass(): Promise<bigint> {
    // Never viem's cached block number (4 s by default): it would hide blocks just mined.
    const head = await client.getBlockNumber({ cacheTime: 0 });
    let tip = await lastStored();
    if (tip) {
      const onChain = await blockAt(BigInt(tip.number));
      if (!onChain || onChain.hash !== tip.hash) {
        await rollback(await findForkPoint());
        tip = await lastStored();
      }
    }
    let cursor = tip ? BigInt(tip.number) : deployment.startBlock - 1n;
    /** A range's blocks, whether every log names its block's hash, the events, and their COPY text in parts (PostgreSQL). */
    type Answer = [Block[], boolean, ChainEvent[], string[] | undefined];
    /**
     * Blocks, logs and the decoded events of a range, or what reading them failed with. The events are decoded as soon
     * as the answer arrives: for the ranges read ahead, while the database writes the ranges before them.
     */
    type Read = { from: bigint; to: bigint; result: Promise<Answer | { error: unknown }>; settled: boolean };
    const read = (from: bigint, to: bigint): Read => {
      const numbers: bigint[] = [];
      for (let n = from; n <= to; n++) numbers.push(n);
      const result = Promise.all([
        Promise.all(numbers.map((blockNumber) => client.getBlock({ blockNumber }))),
        // Read as it comes, without viem's formatting of every field.
        requestLogs(client, addresses, from, to),
      ])
        .then(async ([blocks, logs]): Promise<Answer> => {
          // In slices, letting the event loop in between: this runs while the database writes the range before, and
          // the answers of its statements should not wait for a whole range's decoding.
          const byNumber = new Map(blocks.map((b) => [b.number!, b as Block]));
          const events: ChainEvent[] = [];
          let linked = true;
          let hex: string | null = null;
          let number = 0n;
          let hash: string | null | undefined;
          let time = new Date(0);
          for (let i = 0; i < logs.length; i++) {
            if (i > 0 && i % SLICE === 0) await yieldToLoop();
            const l = logs[i]!;
            if (l.blockNumber !== hex) {
              hex = l.blockNumber;
              number = BigInt(hex ?? 0);
              const block = byNumber.get(number);
              hash = block?.hash;
              time = new Date(Number(block?.timestamp ?? 0n) * 1000);
            }
            if (hash !== l.blockHash) linked = false;
            const e = decode(l, number, time);
            if (e) events.push(e);
          }
          events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
          // The event log's COPY text on PostgreSQL (elsewhere its columns, made when it is written).
          if (db.kind !== 'postgres') return [blocks as Block[], linked, events, undefined];
          // Streamed slice by slice as they are (no text of the whole range).
          const parts: string[] = [];
          for (let i = 0; i < events.length; i += SLICE) {
            await yieldToLoop();
            parts.push(eventLines(events, i, Math.min(i + SLICE, events.length)));
          }
          return [blocks as Block[], linked, events, parts];
        })
        .catch((error: unknown) => ({ error }));
      const r: Read = { from, to, result, settled: false };
      void result.then(() => (r.settled = true));
      return r;
    };
    /** The ranges after the cursor being read, in order (up to READ_AHEAD): the node and the database work at the same time. */
    const reads: Read[] = [];
    const readAhead = (after: bigint) => {
      let last = reads.at(-1)?.to ?? after;
      while (reads.length < READ_AHEAD && last < head) {
        const r = read(last + 1n, head < last + range.span ? head : last + range.span);
        reads.push(r);
        last = r.to;
      }
    };
    /** Whether every block of an answer links to the block before (`parent`) and every log to its block. */
    const links = ([blocks, logsLinked]: Answer, parent: string | null, first: bigint): boolean => {
      for (const b of blocks) {
        if (parent !== null && b.parentHash !== parent) {
          log(`block ${b.number} does not link to ${parent} (block ${first - 1n}); re-checking for a reorg`);
          return false;
        }
        parent = b.hash;
      }
      return logsLinked;
    };
    while (cursor < head) {
      const from = cursor + 1n;
      if (reads[0]?.from !== from) reads.length = 0;
      readAhead(cursor);
      const current = reads.shift()!;
      const answer = await current.result;
      if (!Array.isArray(answer)) {
        const { error } = answer;
        reads.length = 0;
        // Full blocks: the node (or the client) refuses an answer this large. Ask for fewer blocks at a time.
        if (tooManyLogs(error) && range.shrink()) {
          log(`indexer: the logs of blocks ${from}–${current.to} are too many for one answer; reading ${range.span} block(s) at a time`);
          continue;
        }
        throw error;
      }
      // Blocks per request from this answer's density (and back towards the configured range after a run that fit).
      range.fitted(current.to - current.from + 1n, answer[2].length);
      // Every block must link to the one before; otherwise the chain moved under us: start over next pass.
      if (!links(answer, tip?.hash ?? null, from)) return cursor;
      /** The ranges this transaction writes: the current one, then those read ahead that are ready and link on. */
      const written: Array<{ to: bigint; events: ChainEvent[]; last: Block }> = [];
      try {
        await db.transaction(async (tx) => {
          const began = performance.now();
          written.length = 0;
          if (p.lease && !(await p.lease.confirm(tx))) throw new LeaseLost();
          // A batch joins a few thousand keys (holdings, claims, movements of its events) to tables of millions of rows.
          // With the default cost of a random page (4, for spinning disks) the planner hashes the whole table for each
          // such join, a cost that grows with the table; at 1.1 (SSDs, a cached working set) it looks each key up in its
          // index (a catch-up of 10^6 events: 91 → 85 s).
          // The read models' statements take their rows as arrays (unnest) of up to tens of thousands of rows, which the
          // server keeps while it runs them: with the default 4 MB of work memory, a flush's rows went to temporary files.
          // Both for this transaction only (SET LOCAL).
          await tx.query(`SELECT set_config('random_page_cost', '1.1', true), set_config('work_mem', '64MB', true)`);
          /** Statements sent and not yet waited for (event logs, last flushes): all answered before the transaction ends. */
          const sent: Array<Promise<unknown>> = [];
          const settle = async () => {
            for (const p of sent) p.catch(() => {});
            for (const p of sent) await p;
          };
          let item: { read: Read; answer: Answer } | null = { read: current, answer };
          let events = 0;
          try {
            while (item) {
              const [blocks, , rangeEvents, eventsText] = item.answer;
              readAhead(item.read.to);
              // The next range joins this transaction when it is read already (the transaction never waits for the
              // node), fits in it, and links on: its rows are read before this range's last flush, and it is applied
              // while that flush runs.
              let next: { read: Read; answer: Answer } | null = null;
              events += rangeEvents.length;
              const candidate = reads[0];
              const young = performance.now() - began < (p.lease ? p.lease.ttlMs / 4 : GROUP_MS);
              if (candidate && candidate.settled && young && candidate.from === item.read.to + 1n && events < GROUP_EVENTS && written.length + 1 < GROUP_RANGES) {
                const nextAnswer = await candidate.result;
                if (Array.isArray(nextAnswer) && links(nextAnswer, blocks.at(-1)!.hash!, candidate.from)) next = { read: reads.shift()!, answer: nextAnswer };
              }
              // One statement for the range's blocks and one COPY (or statement) for its events (automining chains make a
              // block per transaction, so per-row inserts would dominate the indexer's database time).
              const blocksStored = tx.query(
                `INSERT INTO indexer_blocks (number, hash, parent_hash, timestamp)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[])`,
                [
                  blocks.map((b) => b.number!.toString()),
                  blocks.map((b) => b.hash!),
                  blocks.map((b) => b.parentHash),
                  blocks.map((b) => new Date(Number(b.timestamp) * 1000).toISOString()),
                ],
              );
              sent.push(blocksStored);
              let logged = false;
              const writeLog = () => {
                if (logged) return;
                logged = true;
                sent.push(
                  eventsText !== undefined && tx.copyIn
                    ? tx.copyIn(`COPY chain_events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) FROM STDIN`, eventsText)
                    : insertColumns(tx, 'chain_events', EVENT_COLUMNS, eventColumns(rangeEvents)),
                );
              };
              if (db.kind !== 'postgres') {
                writeLog();
                await settle();
              }
              // Whole blocks, each indexed once (a reorg's rollback rebuilds the read models from empty). On PostgreSQL the
              // event log is sent once the batches have made their bulk reads (statements on the transaction's connection
              // run in turn: sent before, it would hold those reads up), and the server writes it while this process
              // applies the events in memory. The projections never read the log.
              await p.readModels.applyEvents(tx, rangeEvents, {
                wholeTransactions: true,
                carry,
                readsDone: writeLog,
                ...(next ? { next: next.answer[2], written: (answered: Promise<void>) => void sent.push(answered) } : {}),
              });
              writeLog();
              written.push({ to: item.read.to, events: rangeEvents, last: blocks.at(-1)! });
              item = next;
            }
          } finally {
            // A failed statement fails those after it: the first failure is the one reported.
            await settle();
          }
          await tx.query('DELETE FROM indexer_blocks WHERE number < $1', [(written.at(-1)!.to - keepBlocks).toString()]);
        });
      } catch (error) {
        // What the batches carried may be what this transaction wrote, and it did not commit.
        carry.clear();
        reads.length = 0;
        throw error;
      }
      for (const w of written) {
        tip = { number: w.last.number!.toString(), hash: w.last.hash! };
        cursor = w.to;
        committed = w.to;
        if (w.events.length) notify({ type: 'events', events: w.events, cursor });
      }
    }
    return cursor;
  }

  /**
   * One pass at a time. A caller that arrives while a pass is under way gets the pass after it: the running pass
   * may have read the chain head before the block the caller waits for, so its cursor would prove nothing.
   */
  function sync(): Promise<bigint> {
    if (current) {
      next ??= current
        .catch(() => {})
        .then(() => {
          next = null;
          return sync();
        });
      return next;
    }
    current = (async () => {
      if (!(await lead())) return follower.follow();
      try {
        return await pass();
      } catch (error) {
        if (!(error instanceof LeaseLost)) throw error;
        await lead();
        return follower.follow();
      }
    })().finally(() => {
      current = null;
    });
    return current;
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(async () => {
      try {
        await sync();
      } catch (error) {
        log(`indexer pass failed (will retry): ${String((error as Error).message ?? error).split('\n')[0]}`);
      }
      schedule();
    }, pollIntervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await (next ?? current)?.catch(() => {});
      // Hand the index over at once rather than when the lease expires.
      if (p.lease && writing) await p.lease.release(db).catch(() => {});
    },
    sync,
    async cursor() {
      // Read models are as new as the last batch this indexer committed: no query needed once it has committed one.
      if (writing && committed !== null) return committed;
      const tip = await lastStored();
      return tip ? BigInt(tip.number) : deployment.startBlock - 1n;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Logs decoded (or events written as COPY text) between two turns of the event loop while a range is read ahead. */
const SLICE = 512;
/** Ranges read ahead of the one being written. */
const READ_AHEAD = 2;
/** At most this many events, or ranges, written in one transaction (ranges read ahead join while within both). */
const GROUP_EVENTS = 40_000;
const GROUP_RANGES = 8;
/**
 * Nor once the transaction has lasted this long (a quarter of the indexer lease's term, with a lease: the transaction
 * holds it locked, and another instance waiting for it should not find it lapsed when it commits).
 */
const GROUP_MS = 2_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rows `start` to `end` (exclusive) of chain_events for `events` in COPY's text format (the columns of EVENT_COLUMNS),
 * written field by field: a block's number, hash and time once per block; the contract, event name and address are the
 * suite's own (no character to escape), the arguments JSON (whose only backslashes are its escapes), the hashes as the
 * node sent them, escaped.
 */
export function eventLines(events: readonly ChainEvent[], start: number, end: number): string {
  let text = '';
  let block: bigint | null = null;
  let blockHash: string | null = null;
  let hash = '';
  let tx: string | null = null;
  let txText = '';
  let head = '';
  let time = '';
  for (let i = start; i < end; i++) {
    const e = events[i]!;
    if (e.blockNumber !== block) {
      block = e.blockNumber;
      head = `${block}`;
      time = e.blockTime.toISOString();
    }
    // A block's events name its hash, a transaction's its hash: each escaped once.
    if (e.blockHash !== blockHash) hash = copyEscape((blockHash = e.blockHash));
    if (e.txHash !== tx) txText = copyEscape((tx = e.txHash));
    const args = JSON.stringify(e.args);
    text += `${head}\t${e.logIndex}\t${hash}\t${txText}\t${e.contract}\t${e.address}\t${e.eventName}\t${
      args.includes('\\') ? args.replace(/\\/g, '\\\\') : args
    }\t${time}\n`;
  }
  return text;
}

/** The columns of chain_events for `events`, one array each, as the indexer's INSERT … SELECT FROM unnest takes them. */
const EVENT_COLUMNS: Column[] = [
  { name: 'block_number', type: 'bigint' },
  { name: 'log_index', type: 'int' },
  { name: 'block_hash', type: 'text' },
  { name: 'tx_hash', type: 'text' },
  { name: 'contract', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'event_name', type: 'text' },
  { name: 'args', type: 'text' },
  { name: 'block_time', type: 'timestamptz' },
];

export function eventColumns(events: ChainEvent[]): unknown[][] {
  // A block's number and time once per block, not per event.
  const numbers: string[] = new Array(events.length);
  const times: string[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const before = events[i - 1];
    if (before && before.blockNumber === e.blockNumber) {
      numbers[i] = numbers[i - 1]!;
      times[i] = times[i - 1]!;
    } else {
      numbers[i] = e.blockNumber.toString();
      times[i] = e.blockTime.toISOString();
    }
  }
  return [
    numbers,
    events.map((e) => e.logIndex),
    events.map((e) => e.blockHash),
    events.map((e) => e.txHash),
    events.map((e) => e.contract),
    events.map((e) => e.address),
    events.map((e) => e.eventName),
    events.map((e) => JSON.stringify(e.args)),
    times,
  ];
}

