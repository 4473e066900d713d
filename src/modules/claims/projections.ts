/**
 * Read models of the conditional-token ledger and its market (ClaimLedger, ClaimMarket), derived only from their
 * events, and the hooks a product module's projections use to record its own operations on claims.
 *
 * Every handler depends on the event and on read-model rows written by earlier events, never on anything
 * else, so a replay of `chain_events` in (block, log index) order rebuilds the tables exactly.
 *
 * One business operation emits several events in one transaction; `claim_movements` keeps one edge per
 * operation and pairs the ledger's ERC-6909 Transfer with the event that names the operation, by
 * transaction hash, claim id, parties and amount (the latest unpaired candidate earlier in the transaction):
 *
 * | operation                   | events, in log order                                                        | edge       |
 * |-----------------------------|-----------------------------------------------------------------------------|------------|
 * | a product mints a claim     | [product events], the product's issue event, ClaimDefined, Transfer(0 → holder) | `issue` |
 * | ERC-6909 transfer           | Transfer(holder → holder)                                                    | `transfer` |
 * | ClaimMarket.sell            | ClaimFinanced, Transfer(seller → funder), XT Transfer(funder → seller)        | `sale`     |
 * | ClaimLedger.modify          | [ClaimDefined(child)], Transfer(holder → 0, parent), Transfer(0 → holder, child), ClaimModified | `modify` |
 * | a product redeems units     | the product's redeem event, [Transfer(holder → 0)], XT Transfer               | `redeem`   |
 *
 * A product records its `issue` and `redeem` edges with {@link recordClaimMovement} from its own event, before the
 * ledger's Transfer that this module then pairs with it (receivables: ClaimIssued, ClaimRedeemed).
 *
 * A modify's two legs come before the event that explains them: they are written as provisional `burn` and
 * `mint` rows, and ClaimModified replaces them with the one `modify` edge. Hop counts follow
 * ClaimLedger._update: units arriving at an empty holding (mint: 0; transfer: the sender's hops + 1) set its
 * count, units joining a non-empty holding take its count, and a modify's child holding keeps at least the
 * holder's hops in the parent.
 */
import type { Queryable } from '../../db/database.ts';
import { dayCountFromChain } from '../../domain/money.ts';
import {
  argAddressOrNull as addressOrNull,
  argDate as secondsToDate,
  argHashOrNull as hashOrNull,
  argId as toId,
  blockOf as block,
  type ChainEvent,
  type Projection,
  type ReadModel,
} from '../../indexer/projections.ts';
import { isSystemAccount } from '../identity/index.ts';

/** Claim kinds, by their on-chain enum index (IClaimLedger.Kind). */
export const claimKinds = ['receivable', 'inventory', 'pledge', 'margin', 'investment'] as const;

const str = (value: unknown): string => String(value);

/** The hop count (tier depth) of a holding as the read model has it; 0 when there is none. */
export async function holdingHops(db: Queryable, claimId: string, holder: string): Promise<number> {
  const { rows } = await db.query<{ hops: number }>('SELECT hops FROM claim_holdings WHERE claim_id = $1 AND holder = $2', [claimId, holder]);
  return rows[0]?.hops ?? 0;
}

/**
 * Adds `delta` to a holding and returns its hops afterwards. As in ClaimLedger: units `arrive` at an empty
 * holding with their own hop count and join a non-empty one at its count; units bought in a `sale` (moved by
 * a platform contract) may raise a non-empty holding to their deeper count; a modify `raise`s the child
 * holding to at least the parent's count.
 */
async function changeHolding(
  db: Queryable,
  e: ChainEvent,
  claimId: string,
  holder: string,
  delta: string,
  hops: number,
  mode: 'arrive' | 'sale' | 'raise' = 'arrive',
): Promise<number> {
  const newHops = {
    arrive: 'CASE WHEN claim_holdings.balance = 0 THEN EXCLUDED.hops ELSE claim_holdings.hops END',
    sale: 'CASE WHEN claim_holdings.balance = 0 THEN EXCLUDED.hops ELSE GREATEST(claim_holdings.hops, EXCLUDED.hops) END',
    raise: 'GREATEST(claim_holdings.hops, EXCLUDED.hops)',
  }[mode];
  const { rows } = await db.query<{ hops: number }>(
    `INSERT INTO claim_holdings (claim_id, holder, balance, hops, updated_at, updated_block) VALUES ($1, $2, $3::numeric, $4, $5, $6)
     ON CONFLICT (claim_id, holder) DO UPDATE SET balance = claim_holdings.balance + EXCLUDED.balance,
       hops = ${newHops}, updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block
     RETURNING hops`,
    [claimId, holder, delta, hops, e.blockTime, block(e)],
  );
  return rows[0]!.hops;
}

/** One edge of a claim tree (see the table above). */
export interface ClaimMovement {
  kind: 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
  claimId: string;
  childId?: string | null;
  from?: string | null;
  to?: string | null;
  amount: string;
  price?: string | null;
  offerId?: string | null;
  days?: number | null;
  fromHops?: number | null;
  toHops?: number | null;
  legLogIndex?: number | null;
}

/** Records an edge at the event `e` (a product's issue or redeem, or one of this module's). */
export function recordClaimMovement(db: Queryable, e: ChainEvent, m: ClaimMovement) {
  return db.query(
    `INSERT INTO claim_movements (block_number, log_index, tx_hash, claim_id, child_id, kind, from_address, to_address, amount, price,
       offer_id, days, from_hops, to_hops, leg_log_index, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10::numeric, $11, $12, $13, $14, $15, $16)`,
    [
      block(e), e.logIndex, e.txHash, m.claimId, m.childId ?? null, m.kind, m.from ?? null, m.to ?? null, m.amount, m.price ?? null,
      m.offerId ?? null, m.days ?? null, m.fromHops ?? null, m.toHops ?? null, m.legLogIndex ?? null, e.blockTime,
    ],
  );
}

/**
 * The latest movement of `kind` earlier in this transaction, on `claimId`, between these parties and of this
 * amount, that no ledger Transfer has been paired with yet. Deterministic: it depends only on earlier events.
 */
async function unpaired(
  db: Queryable,
  e: ChainEvent,
  p: { kind: ClaimMovement['kind']; claimId: string; from: string | null; to: string | null; amount: string },
): Promise<{ block_number: string; log_index: number } | undefined> {
  const { rows } = await db.query<{ block_number: string; log_index: number }>(
    `SELECT block_number, log_index FROM claim_movements
      WHERE block_number = $1 AND tx_hash = $2 AND log_index < $3 AND kind = $4 AND claim_id = $5
        AND from_address IS NOT DISTINCT FROM $6 AND to_address IS NOT DISTINCT FROM $7 AND amount = $8::numeric
        AND leg_log_index IS NULL
      ORDER BY log_index DESC LIMIT 1`,
    [block(e), e.txHash, e.logIndex, p.kind, p.claimId, p.from, p.to, p.amount],
  );
  return rows[0];
}

const ledgerTransfer: Projection = async (db, e) => {
  const claimId = toId(e.args.id);
  const from = addressOrNull(e.args.sender);
  const to = addressOrNull(e.args.receiver);
  const amount = str(e.args.amount);

  let fromHops: number | null = null;
  // Units leave a non-empty holding, whose hop count stays: the update returns it.
  if (from) fromHops = await changeHolding(db, e, claimId, from, `-${amount}`, 0);
  let toHops: number | null = null;
  let viaPlatform = false;
  if (to) {
    // Moved by a platform contract (a sale): not the holder itself, and a registered system account.
    viaPlatform = from !== null && str(e.args.caller) !== from && (await isSystemAccount(db, str(e.args.caller)));
    toHops = await changeHolding(db, e, claimId, to, amount, from ? fromHops! + 1 : 0, viaPlatform ? 'sale' : 'arrive');
  }
  if (!from) await db.query('UPDATE claims SET total_supply = total_supply + $2::numeric WHERE id = $1', [claimId, amount]);
  if (!to) await db.query('UPDATE claims SET total_supply = total_supply - $2::numeric WHERE id = $1', [claimId, amount]);

  // Pair the units' move with the operation that explains it, or record it as an edge of its own. A holder's own
  // transfer (not moved by a platform contract) is never a leg of a sale.
  const kind: ClaimMovement['kind'] = !from ? 'issue' : !to ? 'redeem' : 'sale';
  const operation = from && to && !viaPlatform ? undefined : await unpaired(db, e, { kind, claimId, from, to, amount });
  if (operation) {
    await db.query(
      `UPDATE claim_movements SET leg_log_index = $3, from_hops = COALESCE(from_hops, $4), to_hops = COALESCE(to_hops, $5)
        WHERE block_number = $1 AND log_index = $2`,
      [operation.block_number, operation.log_index, e.logIndex, fromHops, toHops],
    );
    return;
  }
  await recordClaimMovement(db, e, {
    kind: !from ? 'mint' : !to ? 'burn' : 'transfer',
    claimId,
    from,
    to,
    amount,
    fromHops,
    toHops,
    legLogIndex: e.logIndex,
  });
};

/** A ledger Transfer a holder made itself (not a mint, burn, or units moved by a platform contract). */
export const isPlainClaimTransfer = (e: ChainEvent): boolean =>
  e.contract === 'ClaimLedger' &&
  e.eventName === 'Transfer' &&
  addressOrNull(e.args.sender) !== null &&
  addressOrNull(e.args.receiver) !== null &&
  str(e.args.caller) === str(e.args.sender);

/**
 * A run of consecutive plain transfers, in three statements instead of three per event: the holdings they touch
 * are read once, changed in memory by exactly the rules of `ledgerTransfer` (units leave a holding, whose hop count
 * stays; they arrive at an empty holding with the sender's hops + 1 or join a non-empty one at its count), written
 * back in one upsert, and the movements inserted in one statement. The result is the same as applying them one by
 * one (replays and the tests compare both).
 */
export async function applyPlainClaimTransfers(db: Queryable, events: ChainEvent[]): Promise<void> {
  type Holding = { claimId: string; holder: string; balance: bigint; hops: number; at: Date; block: string; touched: boolean };
  const key = (claimId: string, holder: string) => `${claimId}|${holder}`;
  const wanted = new Map<string, { claimId: string; holder: string }>();
  for (const e of events) {
    const claimId = toId(e.args.id);
    for (const holder of [str(e.args.sender), str(e.args.receiver)]) wanted.set(key(claimId, holder), { claimId, holder });
  }
  const pairs = [...wanted.values()];
  const { rows } = await db.query<{ claim_id: string; holder: string; balance: string; hops: number }>(
    `SELECT h.claim_id, h.holder, h.balance::text AS balance, h.hops FROM claim_holdings h
       JOIN unnest($1::text[], $2::text[]) AS w(claim_id, holder) ON h.claim_id = w.claim_id AND h.holder = w.holder`,
    [pairs.map((p) => p.claimId), pairs.map((p) => p.holder)],
  );
  const holdings = new Map<string, Holding>();
  for (const r of rows) {
    holdings.set(key(r.claim_id, r.holder), { claimId: r.claim_id, holder: r.holder, balance: BigInt(r.balance), hops: r.hops, at: new Date(0), block: '0', touched: false });
  }
  // As changeHolding's upsert in 'arrive' mode: a missing row is inserted with the incoming hop count; an empty
  // one takes it; a non-empty one keeps its own.
  const change = (e: ChainEvent, claimId: string, holder: string, delta: bigint, incomingHops: number): number => {
    const k = key(claimId, holder);
    const h = holdings.get(k) ?? { claimId, holder, balance: 0n, hops: incomingHops, at: e.blockTime, block: block(e), touched: true };
    if (holdings.has(k) && h.balance === 0n) h.hops = incomingHops;
    h.balance += delta;
    h.at = e.blockTime;
    h.block = block(e);
    h.touched = true;
    holdings.set(k, h);
    return h.hops;
  };
  const movements = events.map((e) => {
    const claimId = toId(e.args.id);
    const from = str(e.args.sender);
    const to = str(e.args.receiver);
    const amount = BigInt(str(e.args.amount));
    const fromHops = change(e, claimId, from, -amount, 0);
    const toHops = change(e, claimId, to, amount, fromHops + 1);
    return { e, claimId, from, to, amount, fromHops, toHops };
  });
  const touched = [...holdings.values()].filter((h) => h.touched);
  await db.query(
    `INSERT INTO claim_holdings (claim_id, holder, balance, hops, updated_at, updated_block)
     SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::int[], $5::timestamptz[], $6::bigint[])
     ON CONFLICT (claim_id, holder) DO UPDATE SET balance = EXCLUDED.balance, hops = EXCLUDED.hops,
       updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block`,
    [
      touched.map((h) => h.claimId),
      touched.map((h) => h.holder),
      touched.map((h) => h.balance.toString()),
      touched.map((h) => h.hops),
      touched.map((h) => h.at.toISOString()),
      touched.map((h) => h.block),
    ],
  );
  await db.query(
    `INSERT INTO claim_movements (block_number, log_index, tx_hash, claim_id, kind, from_address, to_address, amount, from_hops, to_hops,
       leg_log_index, block_time)
     SELECT b, l, tx, c, 'transfer', f, t, a, fh, th, l, bt
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::int[], $9::int[], $10::timestamptz[])
         AS m(b, l, tx, c, f, t, a, fh, th, bt)`,
    [
      movements.map((m) => block(m.e)),
      movements.map((m) => m.e.logIndex),
      movements.map((m) => m.e.txHash),
      movements.map((m) => m.claimId),
      movements.map((m) => m.from),
      movements.map((m) => m.to),
      movements.map((m) => m.amount.toString()),
      movements.map((m) => m.fromHops),
      movements.map((m) => m.toHops),
      movements.map((m) => m.e.blockTime.toISOString()),
    ],
  );
}

const claimModified: Projection = async (db, e) => {
  const holder = str(e.args.holder);
  const parent = toId(e.args.parent);
  const child = toId(e.args.child);
  const amount = str(e.args.amount);
  // The two provisional legs this modify explains (written by ledgerTransfer just before).
  const { rows: legs } = await db.query<{ kind: string; log_index: number }>(
    `SELECT DISTINCT ON (kind) kind, log_index FROM claim_movements
      WHERE block_number = $1 AND tx_hash = $2 AND log_index < $3 AND amount = $4::numeric
        AND ((kind = 'burn' AND claim_id = $5 AND from_address = $7) OR (kind = 'mint' AND claim_id = $6 AND to_address = $7))
      ORDER BY kind, log_index DESC`,
    [block(e), e.txHash, e.logIndex, amount, parent, child, holder],
  );
  for (const leg of legs) {
    await db.query('DELETE FROM claim_movements WHERE block_number = $1 AND log_index = $2', [block(e), leg.log_index]);
  }
  const parentHops = await holdingHops(db, parent, holder);
  const childHops = await changeHolding(db, e, child, holder, '0', parentHops, 'raise');
  await recordClaimMovement(db, e, {
    kind: 'modify',
    claimId: parent,
    childId: child,
    from: holder,
    to: holder,
    amount,
    fromHops: parentHops,
    toHops: childHops,
    legLogIndex: legs.find((l) => l.kind === 'burn')?.log_index ?? null,
  });
};

const claimDefined: Projection = async (db, e) => {
  const id = toId(e.args.id);
  const parent = BigInt(str(e.args.parent)) === 0n ? null : toId(e.args.parent);
  let depth = 0;
  if (parent) {
    const { rows } = await db.query<{ depth: number }>('SELECT depth FROM claims WHERE id = $1', [parent]);
    depth = (rows[0]?.depth ?? 0) + 1;
  }
  await db.query(
    `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, documents_hash,
       total_supply, defined_at, defined_block, defined_tx)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $15)`,
    [
      id, parent, toId(e.args.root), depth, str(e.args.obligor), secondsToDate(e.args.dueDate), Number(e.args.lateRateBps),
      Number(e.args.maxHops), dayCountFromChain(str(e.args.dayCount)), claimKinds[Number(e.args.kind)] ?? `kind-${str(e.args.kind)}`,
      str(e.args.consortiumId), hashOrNull(e.args.documentsHash), e.blockTime, block(e), e.txHash,
    ],
  );
};

/** XT paid out to a holding (a product's redemption): the `redeemed` figure holders see. */
export async function creditRedeemed(db: Queryable, claimId: string, holder: string, payout: string): Promise<void> {
  await db.query('UPDATE claim_holdings SET redeemed = redeemed + $3::numeric WHERE claim_id = $1 AND holder = $2', [claimId, holder, payout]);
}

/** The claims read model: ids and their terms, holdings, the edges of every tree, offers and sales. */
export const claimsReadModel: ReadModel = {
  tables: ['claims', 'claim_holdings', 'claim_movements', 'offers', 'financings', 'claim_tier_totals', 'financing_totals'],
  batches: [{ matches: isPlainClaimTransfer, apply: applyPlainClaimTransfers }],
  projections: {
    ClaimLedger: {
      ClaimDefined: claimDefined,
      Transfer: ledgerTransfer,
      ClaimModified: claimModified,
    },
    ClaimMarket: {
      OfferPosted: (db, e) =>
        db.query(
          `INSERT INTO offers (offer_id, funder, obligor, rate_bps, offer_limit, remaining, expires_at, only_holder, status, posted_at, posted_block)
           VALUES ($1, $2, $3, $4, $5::numeric, $5::numeric, $6, $7, 'open', $8, $9)`,
          [
            str(e.args.offerId), str(e.args.funder), str(e.args.obligor), Number(e.args.rateBps), str(e.args.limit),
            secondsToDate(e.args.expiresAt), addressOrNull(e.args.onlyHolder), e.blockTime, block(e),
          ],
        ),
      OfferCancelled: (db, e) =>
        db.query(`UPDATE offers SET remaining = 0, status = 'cancelled', closed_at = $2 WHERE offer_id = $1`, [str(e.args.offerId), e.blockTime]),
      ClaimFinanced: async (db, e) => {
        const offerId = str(e.args.offerId);
        const id = toId(e.args.id);
        const amount = str(e.args.amount);
        await db.query(
          `UPDATE offers SET remaining = remaining - $2::numeric,
             status = CASE WHEN remaining - $2::numeric = 0 THEN 'exhausted' ELSE status END,
             closed_at = CASE WHEN remaining - $2::numeric = 0 THEN $3 ELSE closed_at END
           WHERE offer_id = $1`,
          [offerId, amount, e.blockTime],
        );
        await db.query(
          `INSERT INTO financings (block_number, log_index, tx_hash, offer_id, claim_id, seller, funder, amount, price, days, block_time)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9::numeric, $10, $11)`,
          [block(e), e.logIndex, e.txHash, offerId, id, str(e.args.seller), str(e.args.funder), amount, str(e.args.price), Number(e.args.numDays), e.blockTime],
        );
        await recordClaimMovement(db, e, {
          kind: 'sale',
          claimId: id,
          from: str(e.args.seller),
          to: str(e.args.funder),
          amount,
          price: str(e.args.price),
          offerId,
          days: Number(e.args.numDays),
        });
      },
    },
  },
};
