/**
 * The member position as it was computed before it was bounded (every holding, every owed id and every sale read
 * and summed one by one): the reference the bounded, aggregated `memberPosition` must equal where no list is cut.
 */
import assert from 'node:assert/strict';
import type { Queryable } from '../../src/db/database.ts';
import { proRata } from '../../src/domain/money.ts';
import { readModelTime } from '../../src/indexer/projections.ts';
import { getMemberIdentity, Parties, type Principal } from '../../src/modules/identity/index.ts';
import { claimsById, financingsOf, heldBy, owedBy } from '../../src/modules/claims/index.ts';
import type { Financing } from '../../src/modules/claims/schemas.ts';
import type { Position } from '../../src/modules/receivables/schemas.ts';
import { creditLineOf, hasCreditLine } from '../../src/modules/receivables/queries/creditLines.ts';
import { memberPosition } from '../../src/modules/receivables/queries/positions.ts';
import {
  maturityOf,
  owedOf,
  rootFiguresToCompute,
  seconds,
  settlementRows,
  settlementsGuaranteedBy,
  settlementsOf,
  settlementsOwedBy,
  settlementView,
} from '../../src/modules/receivables/queries/settlements.ts';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const sum = (values: Iterable<bigint>) => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/**
 * The figures the database works out for a position's one-by-one roots (rootFiguresToCompute) equal money.ts's
 * owedAt on each settlement row: every open root due by `asOf`, and every root due later with principal paid.
 */
export async function assertRootFiguresAsOwedAt(db: Queryable, obligor: string, asOf: Date): Promise<void> {
  const got = await rootFiguresToCompute(db, obligor, asOf);
  const open = await settlementsOwedBy(db, obligor);
  const want = open.filter((r) => r.due_date.getTime() <= asOf.getTime()).map((r) => ({ root: r.root, ...owedOf(r, asOf).owed, pastDue: true }));
  const early = got.filter((r) => !r.pastDue);
  const rows = await settlementRows(db, early.map((r) => r.root));
  for (const r of early) {
    const row = rows.get(r.root)!;
    assert.ok(row.due_date.getTime() > asOf.getTime() && BigInt(row.paid) > BigInt(row.interest_paid), `${r.root} is due later with principal paid`);
    want.push({ root: r.root, ...owedOf(row, asOf).owed, pastDue: false });
  }
  const key = (x: { root: string; pastDue: boolean }) => `${x.pastDue}${x.root}`;
  assert.deepEqual(
    got.map((r) => ({ root: r.root, principal: r.principal, interest: r.interest, pastDue: r.pastDue })).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    want.map((r) => ({ root: r.root, principal: r.principal, interest: r.interest, pastDue: r.pastDue })).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    `the database's figures of ${obligor}'s roots at ${asOf.toISOString()} are owedAt's`,
  );
}

/** memberPosition at `asOf` equals the reference (counts added, rung ids compared as sets). */
export async function assertPositionAsReference(db: Queryable, by: Principal, memberId: string, asOf: Date): Promise<Position> {
  await assertClaimLadderAsRecomputed(db);
  await assertTierTotalsAsRecomputed(db);
  await assertRootFiguresAsOwedAt(db, (await getMemberIdentity(db, memberId)).address, asOf);
  const got = await memberPosition(db, by, memberId, { asOf });
  const want = await referencePosition(db, by, memberId, { asOf });
  const norm = (p: Position) => ({
    ...p,
    owes: { ...p.owes, ladder: p.owes.ladder.map((r) => ({ ...r, claims: r.claimIds.length, claimIds: [...r.claimIds].sort() })) },
  });
  const g = norm(got);
  assert.deepEqual(
    { ...g, holds: { ...g.holds, count: undefined }, financed: { ...g.financed, sold: { ...g.financed.sold, count: undefined }, bought: { ...g.financed.bought, count: undefined } }, guarantees: { ...g.guarantees, count: undefined } },
    { ...norm(want), holds: { ...want.holds, count: undefined }, financed: { ...want.financed, sold: { ...want.financed.sold, count: undefined }, bought: { ...want.financed.bought, count: undefined } }, guarantees: { ...want.guarantees, count: undefined } },
    `position of ${memberId} at ${asOf.toISOString()}`,
  );
  assert.equal(got.holds.count, want.holds.items.length);
  assert.equal(got.financed.sold.count, want.financed.sold.items.length);
  assert.equal(got.financed.bought.count, want.financed.bought.items.length);
  assert.equal(got.guarantees.count, want.guarantees.items.length);
  return got;
}

export async function referencePosition(db: Queryable, by: Principal, memberId: string, p: { asOf?: Date } = {}): Promise<Position> {
  const member = await getMemberIdentity(db, memberId);
  const asOf = await readModelTime(db, p.asOf);
  const now = seconds(asOf);

  const held = await heldBy(db, member.address);
  const owed = await owedBy(db, member.address);
  const financings = await financingsOf(db, member.address);
  const issued = await settlementsOwedBy(db, member.address);
  const guaranteed = await settlementsGuaranteedBy(db, member.address);
  const settlements = await settlementsOf(db, [...held.map((h) => h.root), ...owed.map((c) => c.root)], asOf);
  const parties = await Parties.load(
    db,
    [member.address, ...held.map((h) => h.obligor), ...guaranteed.map((g) => g.obligor), ...financings.flatMap((f) => [f.seller, f.funder])],
    null,
  );
  const owedNow = issued.map((r) => owedOf(r, asOf).owed);
  // The claims it guarantees that are not settled yet, by due date.
  const guaranteeItems = guaranteed.flatMap((r) => {
    const v = settlementView(r, r.root, asOf, parties);
    if (v.status === 'paid') return [];
    const { outstanding, lateInterest, overdueDays, status } = v;
    return [{ rootId: r.root, obligor: parties.of(r.obligor), dueDate: isoDate(r.due_date), outstanding, lateInterest, overdueDays, status }];
  });

  const holdItems = held.map((h) => {
    const s = settlements.get(h.root)!;
    const face = BigInt(s.face);
    const due = seconds(h.due_date);
    const entitled = face > 0n && now >= due ? proRata(BigInt(h.balance), BigInt(s.paid), face) : 0n;
    const redeemable = entitled > BigInt(h.redeemed) ? entitled - BigInt(h.redeemed) : 0n;
    return {
      claimId: h.id,
      rootId: h.root,
      obligor: parties.of(h.obligor),
      dueDate: isoDate(h.due_date),
      dayCount: h.day_count,
      balance: h.balance,
      hops: h.hops,
      redeemed: h.redeemed,
      redeemable: redeemable.toString(),
      overdueDays: maturityOf(h, s, asOf).overdueDays,
    };
  });

  const rungs = new Map<string, { dueDate: string; claims: number; claimIds: string[]; unpaid: bigint; overdueDays: number; lateInterest: bigint }>();
  for (const c of owed) {
    const m = maturityOf(c, settlements.get(c.root)!, asOf);
    if (BigInt(m.unpaid) === 0n) continue;
    const dueDate = isoDate(c.due_date);
    const rung = rungs.get(dueDate) ?? { dueDate, claims: 0, claimIds: [], unpaid: 0n, overdueDays: 0, lateInterest: 0n };
    rung.claims += 1;
    rung.claimIds.push(c.id);
    rung.unpaid += BigInt(m.unpaid);
    rung.overdueDays = Math.max(rung.overdueDays, m.overdueDays);
    rung.lateInterest += BigInt(m.lateInterest);
    rungs.set(dueDate, rung);
  }
  const ladder = [...rungs.values()].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));

  const financing = (side: 'seller' | 'funder') => {
    const items: Financing[] = financings
      .filter((f) => f[side] === member.address)
      .map((f) => ({
        claimId: f.claim_id,
        rootId: f.root,
        offerId: f.offer_id,
        counterparty: parties.of(side === 'seller' ? f.funder : f.seller),
        amount: f.amount,
        price: f.price,
        discount: (BigInt(f.amount) - BigInt(f.price)).toString(),
        days: f.days,
        txHash: f.tx_hash,
        at: f.block_time.toISOString(),
      }));
    const amount = sum(items.map((i) => BigInt(i.amount)));
    const price = sum(items.map((i) => BigInt(i.price)));
    return { amount: amount.toString(), price: price.toString(), discount: (amount - price).toString(), count: items.length, items };
  };

  // A funder's discount is earned as the claims it bought mature (it is paid the face then); before, it is unearned.
  const bought = financing('funder');
  const dueOf = await claimsById(db, bought.items.map((i) => i.claimId));
  const matured = (claimId: string) => {
    const c = dueOf.get(claimId);
    return c !== undefined && seconds(c.due_date) <= now;
  };
  const discountEarned = sum(bought.items.filter((i) => matured(i.claimId)).map((i) => BigInt(i.discount)));

  const line = await hasCreditLine(db, member.address);
  return {
    member: parties.of(member.address),
    asOf: asOf.toISOString(),
    holds: { total: sum(held.map((h) => BigInt(h.balance))).toString(), count: holdItems.length, items: holdItems },
    owes: {
      total: sum(owedNow.map((o) => o.principal)).toString(),
      overdue: sum(ladder.filter((r) => r.overdueDays > 0).map((r) => r.unpaid)).toString(),
      lateInterest: sum(owedNow.map((o) => o.interest)).toString(),
      ladder: ladder.map((r) => ({ ...r, unpaid: r.unpaid.toString(), lateInterest: r.lateInterest.toString() })),
    },
    financed: { sold: financing('seller'), bought, discountEarned: discountEarned.toString(), discountUnearned: (BigInt(bought.discount) - discountEarned).toString() },
    creditLine: line ? await creditLineOf(db, member, by) : null,
    guarantees: {
      total: sum(guaranteeItems.map((g) => BigInt(g.outstanding))).toString(),
      overdue: sum(guaranteeItems.filter((g) => g.overdueDays > 0).map((g) => BigInt(g.outstanding))).toString(),
      lateInterest: sum(guaranteeItems.map((g) => BigInt(g.lateInterest))).toString(),
      count: guaranteeItems.length,
      items: guaranteeItems,
    },
  };
}

/** The `claim_ladder` read model (kept by triggers) equals its definition recomputed from `claims`. */
export async function assertClaimLadderAsRecomputed(db: Queryable): Promise<void> {
  const key = "obligor || ' ' || kind || ' ' || to_char(root_due_day, 'YYYY-MM-DD') || ' ' || to_char(due_day, 'YYYY-MM-DD')";
  const kept = await db.query<{ k: string; claims: number; units: string }>(
    `SELECT ${key} AS k, claims, units::text AS units FROM claim_ladder WHERE claims <> 0 OR units <> 0 ORDER BY 1`,
  );
  const recomputed = await db.query<{ k: string; claims: number; units: string }>(
    `SELECT ${key} AS k, claims, units::text AS units FROM (
       SELECT c.obligor, c.kind, (r.due_date AT TIME ZONE 'UTC')::date AS root_due_day, (c.due_date AT TIME ZONE 'UTC')::date AS due_day,
              (COUNT(*) FILTER (WHERE c.total_supply > 0))::int AS claims, SUM(c.total_supply) AS units
         FROM claims c JOIN claims r ON r.id = c.root
        GROUP BY 1, 2, 3, 4) x
      WHERE claims <> 0 OR units <> 0 ORDER BY 1`,
  );
  assert.deepEqual(kept.rows, recomputed.rows, 'claim_ladder as recomputed from claims');
}

/** The per-tier totals of the overview (kept by statement triggers on claim_holdings, whichever way rows arrive:
 * INSERT, UPDATE, COPY) equal the holdings summed again. */
export async function assertTierTotalsAsRecomputed(db: Queryable): Promise<void> {
  const kept = await db.query<{ hops: number; units: string; holdings: number }>(
    'SELECT hops, units::text AS units, holdings FROM claim_tier_totals WHERE units <> 0 OR holdings <> 0 ORDER BY hops',
  );
  const recomputed = await db.query<{ hops: number; units: string; holdings: number }>(
    `SELECT hops, SUM(balance)::text AS units, (COUNT(*) FILTER (WHERE balance > 0))::int AS holdings FROM claim_holdings
      GROUP BY hops HAVING SUM(balance) <> 0 OR COUNT(*) FILTER (WHERE balance > 0) <> 0 ORDER BY hops`,
  );
  assert.deepEqual(kept.rows, recomputed.rows, 'claim_tier_totals as recomputed from claim_holdings');
}
