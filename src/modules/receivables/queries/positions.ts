/** A member's position: what it holds, owes (a maturity ladder by due date), has financed or bought, and guarantees. */
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError } from '../../../common/errors.ts';
import { daysLate, proRata } from '../../../domain/money.ts';
import { readModelTime } from '../../../indexer/projections.ts';
import { getMemberIdentity, Parties, seesEverything, type Principal } from '../../identity/index.ts';
import { financingsOf, financingTotals, heldBy, holdingsTotal, owedByDueDate, proRataByDueDate, type FinancingRow } from '../../claims/index.ts';
import type { Financing } from '../../claims/schemas.ts';
import type { Position } from '../schemas.ts';
import { creditLineOf, hasCreditLine } from './creditLines.ts';
import { maturityOf, principalOwedBy, rootFiguresQuery, rootFiguresSummary, seconds, settlementsGuaranteedBy, settlementsOf, settlementView } from './settlements.ts';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const sum = (values: Iterable<bigint>) => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/** Items a position lists per list (holdings, sales, purchases, guarantees): the rest are paged elsewhere. */
export const POSITION_ITEMS = 100;
/** Claim ids a maturity-ladder rung names (its `claims` counts them all)... */
export const RUNG_IDS = 20;
/** ...in the ladder's first LADDER_ID_RUNGS rungs (the later ones count theirs only): at most 620 ids in a position. */
export const LADDER_ID_RUNGS = 31;
/** The claims ledger's kind of a receivable. */
const RECEIVABLE_KIND = 'receivable';

type Rung = { dueDate: string; claims: number; claimIds: string[]; unpaid: bigint; overdueDays: number; lateInterest: bigint };

/**
 * What a member holds, owes (by due date) and has financed or bought. For the member, the operator, the regulator.
 * Its cost follows what it returns, not how many claims exist: totals are aggregates in the database, each list
 * shows its first POSITION_ITEMS items (holdings earliest due first, sales and purchases the latest, in chain
 * order) with a count, and only the roots past due or paid early are computed one by one.
 */
export async function memberPosition(db: Queryable, by: Principal, memberId: string, p: { asOf?: Date } = {}): Promise<Position> {
  const [member, asOf] = await Promise.all([getMemberIdentity(db, memberId), readModelTime(db, p.asOf)]);
  if (!seesEverything(by) && member.id !== by.memberId) throw new ForbiddenError("a position is visible to the member itself, the operator and the regulator");
  const now = seconds(asOf);

  // Two rounds of queries, each round's at once (a pool runs them side by side): latency is the rounds, not the sum.
  // The roots past due or paid early have their figures at asOf worked out by the database (the money rules, once a
  // root), and their ids' shares summed by due date in the same statement (their ids come from the claims module): it
  // needs nothing of the first round, so it runs in it.
  const [heldTotal, held, sold, bought, soldTotal, boughtTotal, guaranteed, computed, principalOwed, line, owedOneByOne] = await Promise.all([
    holdingsTotal(db, member.address),
    heldBy(db, member.address, { limit: POSITION_ITEMS }),
    financingsOf(db, member.address, { side: 'seller', limit: POSITION_ITEMS }),
    financingsOf(db, member.address, { side: 'funder', limit: POSITION_ITEMS }),
    financingTotals(db, member.address, 'seller', asOf),
    financingTotals(db, member.address, 'funder', asOf),
    settlementsGuaranteedBy(db, member.address),
    rootFiguresSummary(db, member.address, asOf),
    principalOwedBy(db, member.address),
    hasCreditLine(db, member.address),
    proRataByDueDate(db, member.address, { kind: RECEIVABLE_KIND, roots: rootFiguresQuery(member.address, asOf), firstIds: RUNG_IDS }),
  ]);
  const [base, settlements, parties, creditLine] = await Promise.all([
    // Roots due later with nothing paid, from the claims module's ladder; the others, root by root, above.
    owedByDueDate(db, member.address, { kind: RECEIVABLE_KIND, asOf, exceptRoots: computed.paidEarly, firstIds: RUNG_IDS, idRungs: LADDER_ID_RUNGS }),
    settlementsOf(db, held.map((h) => h.root), asOf),
    Parties.load(
      db,
      [member.address, ...held.map((h) => h.obligor), ...guaranteed.map((g) => g.obligor), ...sold.map((f) => f.funder), ...bought.map((f) => f.seller)],
      null,
    ),
    line ? creditLineOf(db, member, by) : Promise.resolve(null),
  ]);
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

  // The ladder: roots due later with nothing paid from the aggregate (each id's unpaid principal is its units), the
  // rest id by id.
  const rungs = new Map<string, Rung>(
    base.map((r) => [r.dueDate, { dueDate: r.dueDate, claims: r.claims, claimIds: r.claimIds, unpaid: r.units, overdueDays: 0, lateInterest: 0n }]),
  );
  for (const r of owedOneByOne) {
    const rung = rungs.get(r.dueDate) ?? { dueDate: r.dueDate, claims: 0, claimIds: [], unpaid: 0n, overdueDays: 0, lateInterest: 0n };
    rung.claims += r.claims;
    rung.claimIds = [...rung.claimIds, ...r.claimIds].slice(0, RUNG_IDS);
    rung.unpaid += r.principal;
    // Days overdue count from an id's own due time: the earliest one due that day is the most overdue.
    rung.overdueDays = Math.max(rung.overdueDays, Number(daysLate(seconds(r.earliestDue), now)));
    rung.lateInterest += r.interest;
    rungs.set(r.dueDate, rung);
  }
  const ladder = [...rungs.values()]
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
    .map((r, i) => (i < LADDER_ID_RUNGS ? r : { ...r, claimIds: [] }));
  const lateInterest = computed.lateInterest;

  const financing = (rows: FinancingRow[], side: 'seller' | 'funder', total: { count: number; amount: bigint; price: bigint }) => {
    const items: Financing[] = rows.map((f) => ({
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
    return { amount: total.amount.toString(), price: total.price.toString(), discount: (total.amount - total.price).toString(), count: total.count, items };
  };
  // A funder's discount is earned as the claims it bought mature (it is paid the face then); before, it is unearned.
  const discountEarned = boughtTotal.discountMatured;
  const boughtDiscount = boughtTotal.amount - boughtTotal.price;

  return {
    member: parties.of(member.address),
    asOf: asOf.toISOString(),
    holds: { total: heldTotal.units.toString(), count: heldTotal.count, items: holdItems },
    owes: {
      total: principalOwed.toString(),
      overdue: sum(ladder.filter((r) => r.overdueDays > 0).map((r) => r.unpaid)).toString(),
      lateInterest: lateInterest.toString(),
      ladder: ladder.map((r) => ({ dueDate: r.dueDate, claims: r.claims, claimIds: r.claimIds, unpaid: r.unpaid.toString(), overdueDays: r.overdueDays, lateInterest: r.lateInterest.toString() })),
    },
    financed: {
      sold: financing(sold, 'seller', soldTotal),
      bought: financing(bought, 'funder', boughtTotal),
      discountEarned: discountEarned.toString(),
      discountUnearned: (boughtDiscount - discountEarned).toString(),
    },
    creditLine,
    guarantees: {
      total: sum(guaranteeItems.map((g) => BigInt(g.outstanding))).toString(),
      overdue: sum(guaranteeItems.filter((g) => g.overdueDays > 0).map((g) => BigInt(g.outstanding))).toString(),
      lateInterest: sum(guaranteeItems.map((g) => BigInt(g.lateInterest))).toString(),
      count: guaranteeItems.length,
      items: guaranteeItems.slice(0, POSITION_ITEMS),
    },
  };
}
