/**
 * A receivable's settlement as the read model has it, and what is owed at an instant. Money follows
 * src/domain/money.ts and equals the chain's figures: late interest is what Receivables.owed returns at `asOf` —
 * accrued at the last payment's checkpoint plus, for the whole days since, simple interest on the unpaid principal
 * at the issued claim's rate and day count (`owedAt`). An id's `maturity` shows its pro-rata share (by units).
 */
import type { Queryable } from '../../../db/database.ts';
import { daysBetween, daysLate, owedAt, proRata, type DayCount, type SettlementState } from '../../../domain/money.ts';
import type { Parties } from '../../identity/index.ts';
import { claimsById, type ClaimRow } from '../../claims/index.ts';
import type { Maturity, Settlement } from '../schemas.ts';

export const seconds = (d: Date) => BigInt(Math.floor(d.getTime() / 1000));

export interface SettlementRow {
  root: string;
  obligor: string;
  face: string;
  paid: string;
  distributed: string;
  interest_paid: string;
  interest_due: string;
  accrued_days: number;
  interest_carry: string;
  guarantor: string | null;
  guaranteed_at: Date | null;
  /** The root's terms that govern late interest (from the ledger). */
  due_date: Date;
  late_rate_bps: number;
  day_count: DayCount;
}

type StoredRow = Omit<SettlementRow, 'due_date' | 'late_rate_bps' | 'day_count'>;

const SETTLEMENT_SELECT = `SELECT s.root, s.obligor, s.face::text AS face, s.paid::text AS paid, s.distributed::text AS distributed,
    s.interest_paid::text AS interest_paid, s.interest_due::text AS interest_due, s.accrued_days, s.interest_carry::text AS interest_carry,
    s.guarantor, s.guaranteed_at
  FROM settlements s`;

/**
 * Not settled yet: principal outstanding, or late interest due (once the principal is paid no more interest accrues,
 * so a settlement outside this is owed nothing). Matches the partial indexes of migration 004.
 */
const OPEN = '(s.paid - s.interest_paid < s.face OR s.interest_due > 0)';

/** Settlement rows with their roots' terms from the ledger (a settlement whose root the ledger lacks is left out). */
async function withTerms(db: Queryable, rows: StoredRow[]): Promise<SettlementRow[]> {
  const roots = await claimsById(db, rows.map((r) => r.root));
  return rows.flatMap((r) => {
    const c = roots.get(r.root);
    return c ? [{ ...r, due_date: c.due_date, late_rate_bps: c.late_rate_bps, day_count: c.day_count }] : [];
  });
}

/** Settlement rows of `roots`, by root. */
export async function settlementRows(db: Queryable, roots: string[]): Promise<Map<string, SettlementRow>> {
  const { rows } = await db.query<StoredRow>(`${SETTLEMENT_SELECT} WHERE s.root = ANY($1)`, [[...new Set(roots)]]);
  return new Map((await withTerms(db, rows)).map((r) => [r.root, r]));
}

/** The settlements `obligor` still owes (open: principal outstanding or late interest due). */
export async function settlementsOwedBy(db: Queryable, obligor: string): Promise<SettlementRow[]> {
  const { rows } = await db.query<StoredRow>(`${SETTLEMENT_SELECT} WHERE s.obligor = $1 AND ${OPEN}`, [obligor]);
  return withTerms(db, rows);
}

/**
 * The principal `obligor` owes on every settlement (face less principal paid): its credit line's `used`, which the
 * projection moves by exactly that (up by the face at issue, down by each payment's principal), so one row whatever
 * the number of claims.
 */
export async function principalOwedBy(db: Queryable, obligor: string): Promise<bigint> {
  const { rows } = await db.query<{ used: string }>('SELECT used::text AS used FROM credit_lines WHERE obligor = $1', [obligor]);
  return BigInt(rows[0]?.used ?? '0');
}

/** A root's figures at an instant, as `owedAt` (money.ts) works them out, computed by the database. */
export interface RootFigures {
  root: string;
  face: bigint;
  /** Principal unpaid. */
  principal: bigint;
  /** Late interest owed at the instant (0 before the due day is over). */
  interest: bigint;
  /** Due at or before the instant (and open); otherwise due later with some principal paid. */
  pastDue: boolean;
}

/**
 * `owedAt` (src/domain/money.ts, = Receivables.owed) in SQL over a settlement row `s`, at the instant
 * `$asOf` (whole seconds since the epoch, a bigint parameter): whole days late after the due date; the interest due at
 * the last checkpoint plus floor((principal × rate × days since it + carry) / (10 000 × basis)). The test of this
 * module compares it with owedAt on every root of the receivables projections test, at several instants.
 */
const owedSql = (asOf: string) => {
  // The settlement's own copy of its trade's terms (migration 007).
  const principal = '(s.face - (s.paid - s.interest_paid))';
  const days = `(CASE WHEN ${asOf} >= extract(epoch FROM s.due_date)::bigint THEN div(${asOf} - extract(epoch FROM s.due_date)::bigint, 86400) ELSE 0 END)`;
  const basis = '(CASE s.day_count WHEN 0 THEN 360 WHEN 1 THEN 365 END)';
  return {
    principal,
    interest: `(CASE WHEN ${days} = 0 THEN 0 ELSE s.interest_due + CASE WHEN s.late_rate_bps > 0 AND ${principal} > 0 AND ${days} > s.accrued_days
      THEN div(${principal} * s.late_rate_bps * (${days} - s.accrued_days) + s.interest_carry, 10000 * ${basis}) ELSE 0 END END)`,
  };
};

/**
 * The roots of `obligor` whose figures a position takes one by one at `asOf`, with those figures worked out by the
 * database from the settlement rows alone (one query): the open ones due at or before `asOf` (late interest can run on
 * them, their ids can be overdue); and those due later on which some principal is paid already (their ids' unpaid
 * share is less than their units). Every other root of `obligor` is due later with nothing paid: each id's unpaid
 * principal is its units. Each half is a range of a partial index on (obligor, due_date) (migration 005), so the cost
 * follows these roots. The terms (rate, day count) are the settlement's copy of its trade's (migration 007).
 * A query (rows of root, face, principal, interest, past_due), so that the claims module can share the roots' figures
 * among their ids in the same statement (proRataByDueDate), without the roots crossing to the server and back.
 */
export function rootFiguresQuery(obligor: string, asOf: Date): { sql: string; params: unknown[] } {
  const owed = owedSql('$3::bigint');
  return {
    sql: `SELECT s.root, s.face, ${owed.principal} AS principal, ${owed.interest} AS interest, true AS past_due
            FROM settlements s
           WHERE s.obligor = $1 AND ${OPEN} AND s.due_date <= $2
          UNION ALL
          SELECT s.root, s.face, ${owed.principal}, 0, false
            FROM settlements s
           WHERE s.obligor = $1 AND s.paid > s.interest_paid AND s.due_date > $2`,
    params: [obligor, asOf, seconds(asOf).toString()],
  };
}

/** rootFiguresQuery's rows. */
export async function rootFiguresToCompute(db: Queryable, obligor: string, asOf: Date): Promise<RootFigures[]> {
  const q = rootFiguresQuery(obligor, asOf);
  const { rows } = await db.query<{ root: string; face: string; principal: string; interest: string; past_due: boolean }>(
    `SELECT f.root, f.face::text AS face, f.principal::text AS principal, f.interest::text AS interest, f.past_due FROM (${q.sql}) f`,
    q.params,
  );
  return rows.map((r) => ({ root: r.root, face: BigInt(r.face), principal: BigInt(r.principal), interest: BigInt(r.interest), pastDue: r.past_due }));
}

/**
 * What a position needs of those roots besides their ids' shares (which the claims module sums from the query
 * itself): the late interest owed on the roots past due, and the roots due later with principal paid already.
 */
export async function rootFiguresSummary(db: Queryable, obligor: string, asOf: Date): Promise<{ lateInterest: bigint; paidEarly: string[] }> {
  const q = rootFiguresQuery(obligor, asOf);
  const { rows } = await db.query<{ interest: string; early: string[] | null }>(
    `SELECT coalesce(sum(f.interest) FILTER (WHERE f.past_due), 0)::text AS interest, array_agg(f.root) FILTER (WHERE NOT f.past_due) AS early
       FROM (${q.sql}) f`,
    q.params,
  );
  return { lateInterest: BigInt(rows[0]!.interest), paidEarly: rows[0]!.early ?? [] };
}

/** The open settlements `guarantor` guarantees, earliest due first. */
export async function settlementsGuaranteedBy(db: Queryable, guarantor: string): Promise<SettlementRow[]> {
  const { rows } = await db.query<StoredRow>(`${SETTLEMENT_SELECT} WHERE s.guarantor = $1 AND ${OPEN}`, [guarantor]);
  return (await withTerms(db, rows)).sort((a, b) => a.due_date.getTime() - b.due_date.getTime() || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** The roots `guarantor` guarantees. */
export async function rootsGuaranteedBy(db: Queryable, guarantor: string): Promise<string[]> {
  const { rows } = await db.query<{ root: string }>('SELECT root FROM settlements WHERE guarantor = $1', [guarantor]);
  return rows.map((r) => r.root);
}

/** The chain's settlement state of a row, and what is owed at `asOf` (money.ts `owedAt` = Receivables.owed). */
export function owedOf(r: SettlementRow, asOf: Date) {
  const state: SettlementState = {
    face: BigInt(r.face),
    paid: BigInt(r.paid),
    interestPaid: BigInt(r.interest_paid),
    interestDue: BigInt(r.interest_due),
    accruedDays: BigInt(r.accrued_days),
    interestCarry: BigInt(r.interest_carry),
  };
  return { state, owed: owedAt(state, { dueDateSec: seconds(r.due_date), lateRateBps: BigInt(r.late_rate_bps), dayCount: r.day_count }, seconds(asOf)) };
}

export function settlementView(r: SettlementRow | undefined, root: string, asOf: Date, parties: Parties | null): Settlement {
  if (!r) {
    return {
      rootId: root, face: '0', paid: '0', distributed: '0', principalPaid: '0', interestPaid: '0', outstanding: '0', lateInterest: '0', owed: '0',
      overdueDays: 0, accrual: { accruedDays: 0, interestDue: '0', carry: '0' }, held: '0', status: 'unpaid', guarantor: null, asOf: asOf.toISOString(),
    };
  }
  const { state, owed } = owedOf(r, asOf);
  const principalPaid = state.paid - state.interestPaid;
  const distributed = BigInt(r.distributed);
  return {
    rootId: root,
    face: state.face.toString(),
    paid: state.paid.toString(),
    distributed: distributed.toString(),
    principalPaid: principalPaid.toString(),
    interestPaid: state.interestPaid.toString(),
    outstanding: owed.principal.toString(),
    lateInterest: owed.interest.toString(),
    owed: (owed.principal + owed.interest).toString(),
    overdueDays: Number(owed.daysLate),
    accrual: { accruedDays: r.accrued_days, interestDue: r.interest_due, carry: r.interest_carry },
    held: (state.paid - distributed).toString(),
    status: principalPaid === 0n ? 'unpaid' : principalPaid >= state.face ? 'paid' : 'partially_paid',
    guarantor: r.guarantor ? (parties?.of(r.guarantor) ?? { memberId: null, name: null, address: r.guarantor }) : null,
    asOf: asOf.toISOString(),
  };
}

/**
 * An id's share of its root's settlement at `asOf`: the principal unpaid and the late interest accrued, pro rata
 * by units (the rule that pays holders), and whole days after the id's own due day while principal is unpaid (the due day itself is on time).
 */
export function maturityOf(c: Pick<ClaimRow, 'due_date' | 'total_supply'>, s: Settlement, asOf: Date): Maturity {
  const face = BigInt(s.face);
  const supply = BigInt(c.total_supply);
  const unpaid = face > 0n ? proRata(supply, BigInt(s.outstanding), face) : 0n;
  const due = seconds(c.due_date);
  const now = seconds(asOf);
  const overdue = unpaid > 0n ? daysLate(due, now) : 0n;
  return {
    asOf: asOf.toISOString(),
    daysToMaturity: Number(daysBetween(now, due)),
    overdueDays: Number(overdue),
    unpaid: unpaid.toString(),
    lateInterest: (face > 0n ? proRata(supply, BigInt(s.lateInterest), face) : 0n).toString(),
  };
}

/** Settlement views of `roots` at `asOf`; guarantors named through `parties` when given (else by address only). */
export async function settlementsOf(db: Queryable, roots: string[], asOf: Date, parties: Parties | null = null): Promise<Map<string, Settlement>> {
  const byRoot = await settlementRows(db, roots);
  return new Map(roots.map((root) => [root, settlementView(byRoot.get(root), root, asOf, parties)]));
}
