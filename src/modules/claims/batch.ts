/**
 * The claims read model's events applied in batches (the bulk of the traffic: ClaimDefined, the ledger's Transfer,
 * ClaimModified, ClaimFinanced): the rows a run of events touches are read once, changed in memory by the rules the
 * header of projections.ts states, and written back in a handful of set-based statements. A product module applies
 * its issue and redeem edges through the same batch (`claimsBatchOf`).
 *
 * Reads are cache-first: a row the batch has read or written is taken from memory; any other is read from the
 * database, which holds everything applied before the batch opened. Applying events through a batch of one leaves
 * what applying them through a batch of many leaves (test: projections.test.ts).
 */
import { insertColumns } from '../../db/copy.ts';
import { InTurn, type Queryable } from '../../db/database.ts';
import { dayCountFromChain } from '../../domain/money.ts';
import {
  argAddressOrNull as addressOrNull,
  argDate as secondsToDate,
  argHashOrNull as hashOrNull,
  argId as toId,
  blockOf as block,
  keepCarried,
  type BatchContext,
  type BatchedProjections,
  type ChainEvent,
  type ProjectionBatch,
} from '../../indexer/projections.ts';
import { isSystemAccount } from '../identity/index.ts';
import type { ClaimMovement } from './projections.ts';
import { CarriedRows } from './carry.ts';
import { CLAIM_COLUMNS, HOLDING_COLUMNS, MOVEMENT_COLUMNS, type ClaimRow, type Holding, type Movement, type Offer } from './batchRows.ts';

/** Claim kinds, by their on-chain enum index (IClaimLedger.Kind). */
export const claimKinds = ['receivable', 'inventory', 'pledge', 'margin', 'investment'] as const;

const str = (value: unknown): string => String(value);
const key = (claimId: string, holder: string) => `${claimId}|${holder}`;

const BATCHED: Readonly<Record<string, readonly string[]>> = {
  ClaimLedger: ['ClaimDefined', 'Transfer', 'ClaimModified'],
  ClaimMarket: ['ClaimFinanced'],
};

type ClaimsCarry = CarriedRows<Holding, ClaimRow>;

export class ClaimsBatch implements ProjectionBatch {
  private readonly holdings: Map<string, Holding>;
  private readonly claims: Map<string, ClaimRow | null>;
  /** Movements of the transactions this batch has seen, by transaction hash. */
  private readonly movements = new Map<string, Movement[]>();
  private readonly loadedTxs = new Set<string>();
  private readonly offers = new Map<string, Offer | null>();
  private readonly financings: unknown[][] = [];
  /**
   * The claims and holdings this batch changed (what its flush writes): the carried maps hold up to MAX_CARRIED rows
   * each, too many to look through at every flush.
   */
  private readonly changedClaims = new Set<ClaimRow>();
  private readonly changedHoldings = new Set<Holding>();
  private readonly systemAccounts: Map<string, boolean>;

  constructor(
    private readonly db: Queryable,
    private readonly carried?: ClaimsCarry,
  ) {
    this.holdings = carried?.holdings ?? new Map();
    this.claims = carried?.claims ?? new Map();
    this.systemAccounts = carried?.systemAccounts ?? new Map();
  }

  /**
   * Reads in bulk what the events ahead will touch (an optimisation: a row not read here is read on first use). Rows
   * that cannot exist yet are not read: holdings of an id defined ahead (ClaimDefined comes once per id, before any
   * of its transfers), and the movements of a transaction `context` says is fresh.
   */
  async prefetch(ahead: readonly ChainEvent[], context: BatchContext = {}): Promise<void> {
    const pairs = new Map<string, [string, string]>();
    const claimIds = new Set<string>();
    const definedAhead = new Set<string>();
    const txs = new Map<string, string>();
    for (const e of ahead) {
      txs.set(e.txHash, block(e));
      if (e.contract === 'ClaimLedger' && e.eventName === 'Transfer') {
        const id = toId(e.args.id);
        for (const a of [addressOrNull(e.args.sender), addressOrNull(e.args.receiver)]) if (a) pairs.set(key(id, a), [id, a]);
        claimIds.add(id);
      } else if (e.contract === 'ClaimLedger' && e.eventName === 'ClaimModified') {
        for (const id of [toId(e.args.parent), toId(e.args.child)]) pairs.set(key(id, str(e.args.holder)), [id, str(e.args.holder)]);
      } else if (e.contract === 'ClaimLedger' && e.eventName === 'ClaimDefined') {
        definedAhead.add(toId(e.args.id));
        if (BigInt(str(e.args.parent)) !== 0n) claimIds.add(toId(e.args.parent));
      }
    }
    const toRead: Array<[string, string]> = [];
    for (const [k, pair] of pairs) {
      if (definedAhead.has(pair[0])) {
        if (!this.holdings.has(k)) this.holdings.set(k, this.missingHolding(pair[0], pair[1]));
      } else toRead.push(pair);
    }
    await this.prefetchHoldings(toRead);
    const ids = [...claimIds].filter((id) => !keepCarried(this.claims, id));
    if (ids.length) {
      const { rows } = await this.db.query<{ id: string; depth: number; block: string }>(
        'SELECT id, depth, defined_block::text AS block FROM claims WHERE id = ANY($1::text[])',
        [ids],
      );
      const found = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        // A row another batch (the one applying before this one's events: ApplyOptions.next) set meanwhile is kept.
        if (this.claims.has(id)) continue;
        const r = found.get(id);
        this.claims.set(id, r ? { id, depth: r.depth, block: r.block, fresh: null, supplyDelta: 0n } : null);
      }
    }
    const unseen = [...txs].filter(([tx]) => !this.loadedTxs.has(tx));
    for (const [tx] of unseen) {
      if (!context.freshTransaction?.(tx)) continue;
      this.loadedTxs.add(tx);
      if (!this.movements.has(tx)) this.movements.set(tx, []);
    }
    const toLoad = unseen.filter(([tx]) => !this.loadedTxs.has(tx));
    if (toLoad.length) await this.loadMovements(toLoad);
  }

  /** Reads these holdings (those not read yet), for a product's events ahead. */
  async prefetchHoldings(pairs: ReadonlyArray<readonly [claimId: string, holder: string]>): Promise<void> {
    const wanted = pairs.filter(([c, h]) => !keepCarried(this.holdings, key(c, h)));
    if (!wanted.length) return;
    const { rows } = await this.db.query<{ claim_id: string; holder: string; balance: string; hops: number; redeemed: string; updated_at: Date; updated_block: string }>(
      // Each pair by the primary key (OFFSET 0 keeps the lookup per pair): a join could hash the whole table, a cost
      // that grows with it, and while a catch-up fills the table its statistics say it is small.
      `SELECT h.claim_id, h.holder, h.balance::text AS balance, h.hops, h.redeemed::text AS redeemed, h.updated_at, h.updated_block::text AS updated_block
         FROM unnest($1::text[], $2::text[]) AS w(claim_id, holder)
        CROSS JOIN LATERAL (SELECT * FROM claim_holdings h WHERE h.claim_id = w.claim_id AND h.holder = w.holder OFFSET 0) h`,
      [wanted.map((p) => p[0]), wanted.map((p) => p[1])],
    );
    const found = new Map(rows.map((r) => [key(r.claim_id, r.holder), r]));
    for (const [claimId, holder] of wanted) {
      const k = key(claimId, holder);
      // A row set meanwhile (read or changed by the batch applying before this one: ApplyOptions.next) is kept.
      if (this.holdings.has(k)) continue;
      const r = found.get(k);
      this.holdings.set(
        k,
        r
          ? { claimId, holder, exists: true, stored: true, balance: BigInt(r.balance), hops: r.hops, redeemed: BigInt(r.redeemed), at: r.updated_at, block: r.updated_block }
          : this.missingHolding(claimId, holder),
      );
    }
  }

  private missingHolding(claimId: string, holder: string): Holding {
    return { claimId, holder, exists: false, stored: false, balance: 0n, hops: 0, redeemed: 0n, at: new Date(0), block: '0' };
  }

  /** A holding read from the database (the batch has no row for it yet); use `this.holdings.get(key) ?? await …`. */
  private async loadHolding(claimId: string, holder: string): Promise<Holding> {
    await this.prefetchHoldings([[claimId, holder]]);
    return this.holdings.get(key(claimId, holder))!;
  }

  private async claim(id: string): Promise<ClaimRow | null> {
    if (!this.claims.has(id)) {
      const { rows } = await this.db.query<{ depth: number; block: string }>('SELECT depth, defined_block::text AS block FROM claims WHERE id = $1', [id]);
      if (!this.claims.has(id)) this.claims.set(id, rows[0] ? { id, depth: rows[0].depth, block: rows[0].block, fresh: null, supplyDelta: 0n } : null);
    }
    return this.claims.get(id)!;
  }

  private async loadMovements(txs: ReadonlyArray<readonly [tx: string, block: string]>): Promise<void> {
    const { rows } = await this.db.query<{
      block_number: string; log_index: number; tx_hash: string; claim_id: string; child_id: string | null; kind: ClaimMovement['kind'];
      from_address: string | null; to_address: string | null; amount: string; price: string | null; offer_id: string | null; days: number | null;
      from_hops: number | null; to_hops: number | null; leg_log_index: number | null; block_time: Date;
    }>(
      `SELECT m.block_number::text AS block_number, m.log_index, m.tx_hash, m.claim_id, m.child_id, m.kind, m.from_address, m.to_address,
              m.amount::text AS amount, m.price::text AS price, m.offer_id, m.days, m.from_hops, m.to_hops, m.leg_log_index, m.block_time
         FROM claim_movements m JOIN unnest($1::text[], $2::bigint[]) AS w(tx_hash, block_number)
           ON m.tx_hash = w.tx_hash AND m.block_number = w.block_number
        ORDER BY m.block_number, m.log_index`,
      [txs.map((t) => t[0]), txs.map((t) => t[1])],
    );
    for (const [tx] of txs) {
      this.loadedTxs.add(tx);
      if (!this.movements.has(tx)) this.movements.set(tx, []);
    }
    for (const r of rows) {
      this.movements.get(r.tx_hash)!.push({
        blockNumber: r.block_number, logIndex: r.log_index, txHash: r.tx_hash, claimId: r.claim_id, childId: r.child_id, kind: r.kind,
        from: r.from_address, to: r.to_address, amount: BigInt(r.amount), price: r.price, offerId: r.offer_id, days: r.days,
        fromHops: r.from_hops, toHops: r.to_hops, legLogIndex: r.leg_log_index, blockTime: r.block_time, stored: true, dirty: false, deleted: false,
      });
    }
  }

  private async movementsOf(e: ChainEvent): Promise<Movement[]> {
    if (!this.loadedTxs.has(e.txHash)) await this.loadMovements([[e.txHash, block(e)]]);
    return this.movements.get(e.txHash)!;
  }

  private async system(address: string): Promise<boolean> {
    if (!this.systemAccounts.has(address)) this.systemAccounts.set(address, await isSystemAccount(this.db, address));
    return this.systemAccounts.get(address)!;
  }

  /**
   * Adds `delta` to a holding and returns its hops afterwards. As in ClaimLedger: units `arrive` at an empty holding
   * with their own hop count and join a non-empty one at its count; units bought in a `sale` may raise a non-empty
   * holding to their deeper count; a modify `raise`s the child holding to at least the parent's count.
   */
  private changeHolding(e: ChainEvent, claimId: string, holder: string, delta: bigint, hops: number, mode: 'arrive' | 'sale' | 'raise'): number | Promise<number> {
    // In memory when the batch has the row (and, for a new one, its claim): no promise for the common case.
    const h = this.holdings.get(key(claimId, holder));
    if (!h || (!h.exists && !this.claims.has(claimId))) {
      return (async () => {
        await this.loadHolding(claimId, holder);
        // A new row keeps the block its claim was defined in: the claim must be known by the flush.
        if (!this.claims.has(claimId)) await this.claim(claimId);
        return this.changeHolding(e, claimId, holder, delta, hops, mode);
      })();
    }
    if (!h.exists) {
      Object.assign(h, { exists: true, balance: delta, hops, redeemed: 0n });
    } else {
      const empty = h.balance === 0n;
      h.hops = mode === 'raise' ? Math.max(h.hops, hops) : empty ? hops : mode === 'sale' ? Math.max(h.hops, hops) : h.hops;
      h.balance += delta;
    }
    h.at = e.blockTime;
    h.block = block(e);
    this.changedHoldings.add(h);
    return h.hops;
  }

  /** The hop count of a holding; 0 when there is none. */
  async holdingHops(claimId: string, holder: string): Promise<number> {
    const h = this.holdings.get(key(claimId, holder)) ?? (await this.loadHolding(claimId, holder));
    return h.exists ? h.hops : 0;
  }

  /** XT paid out to a holding (a product's redemption); nothing when the holding does not exist. */
  async creditRedeemed(claimId: string, holder: string, payout: string): Promise<void> {
    const h = this.holdings.get(key(claimId, holder)) ?? (await this.loadHolding(claimId, holder));
    if (!h.exists) return;
    h.redeemed += BigInt(payout);
    this.changedHoldings.add(h);
  }

  /** Records an edge at the event `e` (a product's issue or redeem, or one of this module's). */
  async recordMovement(e: ChainEvent, m: ClaimMovement): Promise<void> {
    (this.movements.get(e.txHash) ?? (await this.movementsOf(e))).push({
      blockNumber: block(e), logIndex: e.logIndex, txHash: e.txHash, claimId: m.claimId, childId: m.childId ?? null, kind: m.kind,
      from: m.from ?? null, to: m.to ?? null, amount: BigInt(m.amount), price: m.price ?? null, offerId: m.offerId ?? null, days: m.days ?? null,
      fromHops: m.fromHops ?? null, toHops: m.toHops ?? null, legLogIndex: m.legLogIndex ?? null, blockTime: e.blockTime,
      stored: false, dirty: false, deleted: false,
    });
  }

  async apply(e: ChainEvent): Promise<void> {
    if (e.contract === 'ClaimMarket') return this.claimFinanced(e);
    if (e.eventName === 'Transfer') return this.ledgerTransfer(e);
    if (e.eventName === 'ClaimDefined') return this.claimDefined(e);
    return this.claimModified(e);
  }

  private async ledgerTransfer(e: ChainEvent): Promise<void> {
    const claimId = toId(e.args.id);
    const from = addressOrNull(e.args.sender);
    const to = addressOrNull(e.args.receiver);
    const amount = BigInt(str(e.args.amount));

    let fromHops: number | null = null;
    // Units leave a non-empty holding, whose hop count stays.
    if (from) {
      const hops = this.changeHolding(e, claimId, from, -amount, 0, 'arrive');
      fromHops = typeof hops === 'number' ? hops : await hops;
    }
    let toHops: number | null = null;
    let viaPlatform = false;
    if (to) {
      // Moved by a platform contract (a sale): not the holder itself, and a registered system account.
      const caller = str(e.args.caller);
      viaPlatform = from !== null && caller !== from && (this.systemAccounts.get(caller) ?? (await this.system(caller)));
      const hops = this.changeHolding(e, claimId, to, amount, from ? fromHops! + 1 : 0, viaPlatform ? 'sale' : 'arrive');
      toHops = typeof hops === 'number' ? hops : await hops;
    }
    if (!from || !to) {
      const claim = this.claims.has(claimId) ? this.claims.get(claimId) : await this.claim(claimId);
      if (claim) {
        claim.supplyDelta += from ? -amount : amount;
        this.changedClaims.add(claim);
      }
    }

    // Pair the units' move with the operation that explains it (the latest unpaired one earlier in the transaction),
    // or record it as an edge of its own. A holder's own transfer is never a leg of a sale.
    const kind: ClaimMovement['kind'] = !from ? 'issue' : !to ? 'redeem' : 'sale';
    const movements = this.movements.get(e.txHash) ?? (await this.movementsOf(e));
    let operation: Movement | undefined;
    if (!(from && to && !viaPlatform)) {
      for (const m of movements) {
        if (m.deleted || m.blockNumber !== block(e) || m.logIndex >= e.logIndex || m.kind !== kind || m.claimId !== claimId) continue;
        if (m.from !== from || m.to !== to || m.amount !== amount || m.legLogIndex !== null) continue;
        if (!operation || m.logIndex > operation.logIndex) operation = m;
      }
    }
    if (operation) {
      operation.legLogIndex = e.logIndex;
      operation.fromHops ??= fromHops;
      operation.toHops ??= toHops;
      operation.dirty = true;
      return;
    }
    await this.recordMovement(e, {
      kind: !from ? 'mint' : !to ? 'burn' : 'transfer',
      claimId,
      from,
      to,
      amount: amount.toString(),
      fromHops,
      toHops,
      legLogIndex: e.logIndex,
    });
  }

  private async claimModified(e: ChainEvent): Promise<void> {
    const holder = str(e.args.holder);
    const parent = toId(e.args.parent);
    const child = toId(e.args.child);
    const amount = BigInt(str(e.args.amount));
    // The two provisional legs this modify explains (written by the ledger's Transfers just before): the latest of each.
    const legs = new Map<string, Movement>();
    for (const m of await this.movementsOf(e)) {
      if (m.deleted || m.blockNumber !== block(e) || m.logIndex >= e.logIndex || m.amount !== amount) continue;
      const isLeg = (m.kind === 'burn' && m.claimId === parent && m.from === holder) || (m.kind === 'mint' && m.claimId === child && m.to === holder);
      if (isLeg && (!legs.has(m.kind) || m.logIndex > legs.get(m.kind)!.logIndex)) legs.set(m.kind, m);
    }
    for (const leg of legs.values()) leg.deleted = true;
    const parentHops = await this.holdingHops(parent, holder);
    const childHops = await this.changeHolding(e, child, holder, 0n, parentHops, 'raise');
    await this.recordMovement(e, {
      kind: 'modify',
      claimId: parent,
      childId: child,
      from: holder,
      to: holder,
      amount: amount.toString(),
      fromHops: parentHops,
      toHops: childHops,
      legLogIndex: legs.get('burn')?.logIndex ?? null,
    });
  }

  private async claimDefined(e: ChainEvent): Promise<void> {
    const id = toId(e.args.id);
    const parent = BigInt(str(e.args.parent)) === 0n ? null : toId(e.args.parent);
    const depth = parent ? ((await this.claim(parent))?.depth ?? 0) + 1 : 0;
    const row: ClaimRow = {
      id,
      depth,
      block: block(e),
      supplyDelta: 0n,
      fresh: {
        parent, root: toId(e.args.root), obligor: str(e.args.obligor), dueDate: secondsToDate(e.args.dueDate), lateRateBps: Number(e.args.lateRateBps),
        maxHops: Number(e.args.maxHops), dayCount: dayCountFromChain(str(e.args.dayCount)),
        kind: claimKinds[Number(e.args.kind)] ?? `kind-${str(e.args.kind)}`, consortiumId: str(e.args.consortiumId),
        documentsHash: hashOrNull(e.args.documentsHash), at: e.blockTime, block: block(e), tx: e.txHash,
      },
    };
    this.claims.set(id, row);
    this.changedClaims.add(row);
  }

  private async claimFinanced(e: ChainEvent): Promise<void> {
    const offerId = str(e.args.offerId);
    const id = toId(e.args.id);
    const amount = BigInt(str(e.args.amount));
    if (!this.offers.has(offerId)) {
      const { rows } = await this.db.query<{ remaining: string; status: string; closed_at: Date | null }>(
        'SELECT remaining::text AS remaining, status, closed_at FROM offers WHERE offer_id = $1',
        [offerId],
      );
      const r = rows[0];
      this.offers.set(offerId, r ? { offerId, remaining: BigInt(r.remaining), status: r.status, closedAt: r.closed_at, dirty: false } : null);
    }
    const offer = this.offers.get(offerId);
    if (offer) {
      offer.remaining -= amount;
      if (offer.remaining === 0n) {
        offer.status = 'exhausted';
        offer.closedAt = e.blockTime;
      }
      offer.dirty = true;
    }
    this.financings.push([block(e), e.logIndex, e.txHash, offerId, id, str(e.args.seller), str(e.args.funder), amount.toString(), str(e.args.price), Number(e.args.numDays), e.blockTime.toISOString()]);
    await this.recordMovement(e, {
      kind: 'sale',
      claimId: id,
      from: str(e.args.seller),
      to: str(e.args.funder),
      amount: amount.toString(),
      price: str(e.args.price),
      offerId,
      days: Number(e.args.numDays),
    });
  }

  /**
   * Writes back every row the batch changed. What it writes is taken from memory before it returns (the rows are then
   * marked as the database will have them), so the caller may go on to the next events while the statements run.
   */
  flush(): Promise<void> {
    const db = this.db;
    const statements = new InTurn(db);
    // A row replaced in the map since it changed (defined again: never on one chain) is not written.
    const changedClaims = [...this.changedClaims].filter((c) => this.claims.get(c.id) === c);
    this.changedClaims.clear();
    const fresh = changedClaims.filter((c): c is ClaimRow & { fresh: Record<string, any> } => c.fresh !== null);
    if (fresh.length) {
      const col = (f: (c: (typeof fresh)[number]) => unknown) => fresh.map(f);
      const params = [
        col((c) => c.id), col((c) => c.fresh.parent), col((c) => c.fresh.root), col((c) => c.depth), col((c) => c.fresh.obligor),
        col((c) => c.fresh.dueDate.toISOString()), col((c) => c.fresh.lateRateBps), col((c) => c.fresh.maxHops), col((c) => c.fresh.dayCount),
        col((c) => c.fresh.kind), col((c) => c.fresh.consortiumId), col((c) => c.fresh.documentsHash), col((c) => c.supplyDelta.toString()),
        col((c) => c.fresh.at.toISOString()), col((c) => c.fresh.block), col((c) => c.fresh.tx),
      ];
      statements.push(() => insertColumns(db, 'claims', CLAIM_COLUMNS, params));
    }
    const supply = changedClaims.filter((c) => c.fresh === null && c.supplyDelta !== 0n);
    if (supply.length) {
      const params = [supply.map((c) => c.id), supply.map((c) => c.supplyDelta.toString())];
      statements.push(() =>
        db.query(`UPDATE claims SET total_supply = claims.total_supply + d.delta FROM unnest($1::text[], $2::numeric[]) AS d(id, delta) WHERE claims.id = d.id`, params),
      );
    }
    const holdings = [...this.changedHoldings].filter((h) => h.exists);
    this.changedHoldings.clear();
    // The rows the database has are updated; the new ones copied in (a row the batch believed new but the database
    // has would fail the batch on the primary key, never be overwritten).
    const stored = holdings.filter((h) => h.stored);
    if (stored.length) {
      const params = [
        stored.map((h) => h.claimId), stored.map((h) => h.holder), stored.map((h) => h.balance.toString()), stored.map((h) => h.hops),
        stored.map((h) => h.redeemed.toString()), stored.map((h) => h.at.toISOString()), stored.map((h) => h.block),
      ];
      statements.push(() =>
        db.query(
          `UPDATE claim_holdings h SET balance = d.balance, hops = d.hops, redeemed = d.redeemed, updated_at = d.at, updated_block = d.block
             FROM unnest($1::text[], $2::text[], $3::numeric[], $4::int[], $5::numeric[], $6::timestamptz[], $7::bigint[])
               AS d(claim_id, holder, balance, hops, redeemed, at, block)
            WHERE h.claim_id = d.claim_id AND h.holder = d.holder`,
          params,
        ),
      );
    }
    const added = holdings.filter((h) => !h.stored);
    if (added.length) {
      // Each new holding keeps the block its claim was defined in (changeHolding made sure the claim is known).
      const values = [
        added.map((h) => h.claimId), added.map((h) => h.holder), added.map((h) => h.balance.toString()), added.map((h) => h.hops),
        added.map((h) => h.redeemed.toString()), added.map((h) => h.at), added.map((h) => h.block),
        added.map((h) => this.claims.get(h.claimId)?.block ?? null),
      ];
      statements.push(() => insertColumns(db, 'claim_holdings', HOLDING_COLUMNS, values));
    }
    const all = [...this.movements.values()].flat();
    const gone = all.filter((m) => m.stored && m.deleted);
    if (gone.length) {
      const params = [gone.map((m) => m.blockNumber), gone.map((m) => m.logIndex)];
      statements.push(() =>
        db.query('DELETE FROM claim_movements m USING unnest($1::bigint[], $2::int[]) AS d(b, l) WHERE m.block_number = d.b AND m.log_index = d.l', params),
      );
    }
    const changed = all.filter((m) => m.stored && m.dirty && !m.deleted);
    if (changed.length) {
      const params = [changed.map((m) => m.blockNumber), changed.map((m) => m.logIndex), changed.map((m) => m.legLogIndex), changed.map((m) => m.fromHops), changed.map((m) => m.toHops)];
      statements.push(() =>
        db.query(
          `UPDATE claim_movements m SET leg_log_index = d.leg, from_hops = d.fh, to_hops = d.th
             FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[]) AS d(b, l, leg, fh, th)
            WHERE m.block_number = d.b AND m.log_index = d.l`,
          params,
        ),
      );
    }
    const newMovements = all.filter((m) => !m.stored && !m.deleted);
    if (newMovements.length) {
      const col = (f: (m: Movement) => unknown) => newMovements.map(f);
      const values = [
        col((m) => m.blockNumber), col((m) => m.logIndex), col((m) => m.txHash), col((m) => m.claimId), col((m) => m.childId), col((m) => m.kind),
        col((m) => m.from), col((m) => m.to), col((m) => m.amount.toString()), col((m) => m.price), col((m) => m.offerId), col((m) => m.days),
        col((m) => m.fromHops), col((m) => m.toHops), col((m) => m.legLogIndex), col((m) => m.blockTime),
      ];
      statements.push(() => insertColumns(db, 'claim_movements', MOVEMENT_COLUMNS, values));
    }
    const offers = [...this.offers.values()].filter((o): o is Offer => o !== null && o.dirty);
    if (offers.length) {
      const params = [offers.map((o) => o.offerId), offers.map((o) => o.remaining.toString()), offers.map((o) => o.status), offers.map((o) => o.closedAt?.toISOString() ?? null)];
      statements.push(() =>
        db.query(
          `UPDATE offers SET remaining = d.remaining, status = d.status, closed_at = d.closed_at
             FROM unnest($1::text[], $2::numeric[], $3::text[], $4::timestamptz[]) AS d(offer_id, remaining, status, closed_at)
            WHERE offers.offer_id = d.offer_id`,
          params,
        ),
      );
    }
    if (this.financings.length) {
      const params = Array.from({ length: 11 }, (_, i) => this.financings.map((f) => f[i]));
      statements.push(() =>
        db.query(
          `INSERT INTO financings (block_number, log_index, tx_hash, offer_id, claim_id, seller, funder, amount, price, days, block_time)
           SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[],
             $10::int[], $11::timestamptz[])`,
          params,
        ),
      );
    }
    if (this.carried) {
      // What is carried is what the database has once these statements have run (a failure empties the carry).
      for (const h of holdings) h.stored = true;
      for (const c of [...fresh, ...supply] as ClaimRow[]) {
        c.fresh = null;
        c.supplyDelta = 0n;
      }
      this.carried.trim();
    }
    return statements.done();
  }
}

/** The claims module's batched events. */
export const claimsBatched: BatchedProjections = {
  handles: (e) => BATCHED[e.contract]?.includes(e.eventName) === true,
  async begin(db, ahead, _peers, context) {
    let carried: ClaimsCarry | undefined;
    if (context?.carry) {
      carried = context.carry.get(CarriedRows) as ClaimsCarry | undefined;
      if (!carried) context.carry.set(CarriedRows, (carried = new CarriedRows()));
    }
    const batch = new ClaimsBatch(db, carried);
    await batch.prefetch(ahead, context);
    return batch;
  },
};

/** The claims batch open beside a product's (its projections record their claim edges through it). */
export function claimsBatchOf(peers: readonly ProjectionBatch[]): ClaimsBatch {
  const batch = peers.find((p): p is ClaimsBatch => p instanceof ClaimsBatch);
  if (!batch) throw new Error('the claims module must come before a module that records claim movements');
  return batch;
}
