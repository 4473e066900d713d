/**
 * Leasing as the read models have it. The Lease Chain's browser is public to the platform's members (seed 004): every
 * authenticated caller sees providers, services, leases and rent flows; the regulator watches overdue rent.
 */
import type { Queryable } from '../../db/database.ts';
import { NotFoundError } from '../../common/errors.ts';
import type { CreditContext } from '../credit/index.ts';
import { creditRecords, rankingScore } from './credit.ts';
import { SERVICE_KINDS } from './contracts.ts';
import { rankProposals, type RiskPreference } from './matching.ts';
import { rentDue } from './rentDue.ts';
import type { LeaseView, MatchesView, ProviderView, RentPaymentView, ServiceKindName, ServiceView } from './schemas.ts';

const DAY = 86_400_000;
const kindNames = (bits: number) => (Object.entries(SERVICE_KINDS) as Array<[ServiceKindName, number]>).filter(([, b]) => (bits & b) !== 0).map(([k]) => k);
const kindName = (bits: number) => kindNames(bits)[0] ?? 'certification';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** A device id as the devices module answers it: 0x + 64 hex digits. */
const deviceHex = (decimal: string) => `0x${BigInt(decimal).toString(16).padStart(64, '0')}`;

export async function listProviders(ctx: CreditContext, p: { kind?: ServiceKindName; limit: number }): Promise<ProviderView[]> {
  const { rows } = await ctx.db.query<{ provider: string; kinds: number; certified_at: Date }>(
    `SELECT provider, kinds, certified_at FROM leasing_providers ${p.kind ? 'WHERE kinds & $2 <> 0' : ''} ORDER BY certified_at, provider LIMIT $1`,
    p.kind ? [p.limit, SERVICE_KINDS[p.kind]] : [p.limit],
  );
  const credit = await creditRecords(ctx, rows.map((r) => r.provider));
  return rows.map((r) => ({ provider: r.provider, kinds: kindNames(r.kinds), certified: r.kinds !== 0, certifiedAt: r.certified_at.toISOString(), credit: credit.get(r.provider)! }));
}

interface ServiceRow {
  service_id: string; provider: string; client: string; kind: number; lease_id: string | null; report_hash: string; completed_at: Date; rating: number | null; rated_at: Date | null;
}
const serviceView = (r: ServiceRow): ServiceView => ({
  serviceId: r.service_id, provider: r.provider, client: r.client, kind: kindName(r.kind), leaseId: r.lease_id, reportHash: r.report_hash,
  completedAt: r.completed_at.toISOString(), rating: r.rating, ratedAt: iso(r.rated_at),
});

export async function listServices(db: Queryable, p: { party?: string; limit: number }): Promise<ServiceView[]> {
  const { rows } = await db.query<ServiceRow>(
    `SELECT * FROM leasing_services ${p.party ? 'WHERE provider = $2 OR client = $2' : ''} ORDER BY completed_at DESC, service_id LIMIT $1`,
    p.party ? [p.limit, p.party.toLowerCase()] : [p.limit],
  );
  return rows.map(serviceView);
}

interface LeaseRow {
  lease_id: string; device_id: string; lessor: string; lessee: string; consortium_id: string; price: string; rent_per_period: string; usage_rate_per_hour: string;
  deposit: string; period_days: number; periods: number; late_rate_bps: number; day_count: number; funding_deadline: Date; platform_bps: number; salvage_value: string;
  investment_id: string; providers: Array<{ account: string; kind: number; bps: number }>; status: LeaseView['status']; raised: string; start_day: Date | null;
  paid_periods: number; collected: string; proposed_at: Date; ended_at: Date | null; default_first_period: number | null; default_periods_owed: number | null;
  default_rent_owed: string | null; default_late_interest_owed: string | null; default_deposit_applied: string | null; default_deposit_returned: string | null;
  default_tx_hash: string | null;
}

const LEASE_COLUMNS = `lease_id, device_id::text, lessor, lessee, consortium_id, price::text, rent_per_period::text, usage_rate_per_hour::text, deposit::text,
  period_days, periods, late_rate_bps, day_count, funding_deadline, platform_bps, salvage_value::text, investment_id::text, providers, status, raised::text,
  start_day, paid_periods, collected::text, proposed_at, ended_at, default_first_period, default_periods_owed, default_rent_owed::text, default_late_interest_owed::text,
  default_deposit_applied::text, default_deposit_returned::text, default_tx_hash`;

/** The next unpaid period's due day (null when none is due: not active, or all paid). */
const nextDue = (r: LeaseRow) =>
  r.status === 'active' && r.start_day && r.paid_periods < r.periods ? new Date(r.start_day.getTime() + (r.paid_periods + 1) * r.period_days * DAY) : null;
/** Whole days after the due day (the due day itself is on time), as the contract counts them. */
const daysOverdue = (due: Date | null, nowMs: number) => (due && nowMs >= due.getTime() ? Math.floor((nowMs - due.getTime()) / DAY) : 0);

async function leaseViews(db: Queryable, rows: LeaseRow[], nowMs: number): Promise<LeaseView[]> {
  const ids = rows.map((r) => r.lease_id);
  const { rows: funds } = ids.length
    ? await db.query<{ lease_id: string; investor: string; units: string }>(
        `SELECT lease_id, investor, sum(amount)::text AS units FROM leasing_fundings WHERE lease_id = ANY($1) AND NOT refunded
          GROUP BY lease_id, investor ORDER BY lease_id, min(block_number), min(log_index)`,
        [ids],
      )
    : { rows: [] };
  return rows.map((r) => {
    const due = nextDue(r);
    const owed = r.status === 'active' && r.start_day
      ? rentDue({
        startDay: r.start_day.getTime() / 1000, paidPeriods: r.paid_periods, periods: r.periods, periodDays: r.period_days, rentPerPeriod: BigInt(r.rent_per_period),
        deposit: BigInt(r.deposit), lateRateBps: r.late_rate_bps, dayCount: r.day_count === 1 ? 'ACT/365F' : 'ACT/360',
      }, Math.floor(nowMs / 1000))
      : null;
    return {
      leaseId: r.lease_id, deviceId: deviceHex(r.device_id), lessor: r.lessor, lessee: r.lessee, consortiumId: r.consortium_id, price: r.price, rentPerPeriod: r.rent_per_period,
      usageRatePerHour: r.usage_rate_per_hour, deposit: r.deposit, periodDays: r.period_days, periods: r.periods, lateRateBps: r.late_rate_bps,
      dayCount: r.day_count === 1 ? 'ACT/365F' : 'ACT/360', fundingDeadline: r.funding_deadline.toISOString(), platformBps: r.platform_bps, salvageValue: r.salvage_value,
      investmentId: r.investment_id, providers: r.providers.map((p) => ({ account: p.account, kind: kindName(p.kind), bps: p.bps })), status: r.status, raised: r.raised,
      startDay: iso(r.start_day), paidPeriods: r.paid_periods, collected: r.collected, nextDueDate: iso(due), overdueDays: daysOverdue(due, nowMs),
      due: owed && {
        period: owed.period, dueDate: new Date(owed.dueDate * 1000).toISOString(), daysLate: owed.daysLate, rent: owed.rent.toString(), lateInterest: owed.lateInterest.toString(),
        total: owed.total.toString(), defaultable: owed.defaultable,
        arrears: { periods: owed.arrears.periods, rent: owed.arrears.rent.toString(), lateInterest: owed.arrears.lateInterest.toString() },
        depositApplied: owed.depositApplied.toString(), depositReturned: owed.depositReturned.toString(),
      },
      investors: funds.filter((f) => f.lease_id === r.lease_id).map((f) => ({ investor: f.investor, units: f.units })),
      proposedAt: r.proposed_at.toISOString(), endedAt: iso(r.ended_at),
      default: r.default_first_period === null ? null : {
        firstPeriod: r.default_first_period, periodsOwed: r.default_periods_owed!, rentOwed: r.default_rent_owed!, lateInterestOwed: r.default_late_interest_owed!,
        depositApplied: r.default_deposit_applied!, depositReturned: r.default_deposit_returned!, txHash: r.default_tx_hash!,
      },
    };
  });
}

export interface LeaseSearch {
  status?: LeaseView['status'];
  /** Lessor, lessee or investor. */
  party?: string;
  deviceId?: string;
  /** Only leases whose next period is past its due day. */
  overdue?: boolean;
  limit: number;
  /** Chain time, milliseconds: what "overdue" is measured at. */
  nowMs: number;
}

export async function listLeases(db: Queryable, p: LeaseSearch): Promise<LeaseView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('$?', `$${params.length}`));
  };
  if (p.status) add('status = $?', p.status);
  if (p.party) add('(lessor = $? OR lessee = $? OR lease_id IN (SELECT lease_id FROM leasing_fundings WHERE investor = $?))', p.party.toLowerCase());
  if (p.deviceId) add('device_id = $?::numeric', BigInt(p.deviceId).toString());
  if (p.overdue) {
    // Due day of the next period: start_day + (paid + 1) × period_days; overdue once a whole day after it has begun.
    add("status = 'active' AND paid_periods < periods AND start_day + make_interval(days => (paid_periods + 1) * period_days + 1) <= $?", new Date(p.nowMs));
  }
  params.push(p.limit);
  const { rows } = await db.query<LeaseRow>(
    `SELECT ${LEASE_COLUMNS} FROM leasing_leases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY proposed_at DESC, lease_id LIMIT $${params.length}`,
    params,
  );
  return leaseViews(db, rows, p.nowMs);
}

export async function getLease(db: Queryable, leaseId: string, nowMs: number): Promise<LeaseView> {
  const { rows } = await db.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM leasing_leases WHERE lease_id = $1`, [leaseId.toLowerCase()]);
  if (!rows[0]) throw new NotFoundError('lease', leaseId);
  return (await leaseViews(db, rows, nowMs))[0]!;
}

/** Every payment of a lease (period 0: the salvage value at a purchase) with each recipient's part. */
export async function rentPayments(db: Queryable, leaseId: string): Promise<RentPaymentView[]> {
  const id = leaseId.toLowerCase();
  const { rows: exists } = await db.query('SELECT 1 FROM leasing_leases WHERE lease_id = $1', [id]);
  if (!exists[0]) throw new NotFoundError('lease', leaseId);
  const { rows: pays } = await db.query<{
    period: number; payer: string; rent: string; usage_rent: string; late_interest: string; days_late: number; usage_milli_hours: string; due_date: Date; tx_hash: string; paid_at: Date;
  }>(
    `SELECT period, payer, rent::text, usage_rent::text, late_interest::text, days_late, usage_milli_hours::text, due_date, tx_hash, paid_at
       FROM leasing_rent_payments WHERE lease_id = $1 ORDER BY period`,
    [id],
  );
  const { rows: shares } = await db.query<{ period: number; recipient: string; role: 'platform' | 'provider' | 'investor'; amount: string }>(
    'SELECT period, recipient, role, amount::text FROM leasing_rent_shares WHERE lease_id = $1 ORDER BY block_number, log_index',
    [id],
  );
  const of = (period: number) => shares.filter((s) => s.period === period).map((s) => ({ recipient: s.recipient, role: s.role, amount: s.amount }));
  const out: RentPaymentView[] = pays.map((r) => ({
    leaseId: id, period: r.period, payer: r.payer, rent: r.rent, usageRent: r.usage_rent, lateInterest: r.late_interest, daysLate: r.days_late,
    usageMilliHours: r.usage_milli_hours, total: (BigInt(r.rent) + BigInt(r.usage_rent) + BigInt(r.late_interest)).toString(), dueDate: r.due_date.toISOString(),
    paidAt: r.paid_at.toISOString(), txHash: r.tx_hash, shares: of(r.period), fromDeposit: false,
  }));
  const { rows: defaulted } = await db.query<{ lessee: string; ended_at: Date; first: number; rent: string; applied: string; due: Date; tx_hash: string }>(
    `SELECT lessee, ended_at, default_first_period AS first, default_rent_owed::text AS rent, default_deposit_applied::text AS applied, default_tx_hash AS tx_hash,
            start_day + make_interval(days => period_days * default_first_period) AS due
       FROM leasing_leases WHERE lease_id = $1 AND status = 'defaulted'`,
    [id],
  );
  const d = defaulted[0];
  if (d) {
    // The deposit paid the rent owed first, then its late interest.
    const applied = BigInt(d.applied);
    const rent = applied < BigInt(d.rent) ? applied : BigInt(d.rent);
    out.push({
      leaseId: id, period: d.first, payer: d.lessee, rent: rent.toString(), usageRent: '0', lateInterest: (applied - rent).toString(),
      daysLate: Math.floor((d.ended_at.getTime() - d.due.getTime()) / DAY), usageMilliHours: '0', total: d.applied, dueDate: d.due.toISOString(), paidAt: d.ended_at.toISOString(),
      txHash: d.tx_hash, shares: of(d.first), fromDeposit: true,
    });
  }
  const salvage = of(0);
  if (salvage.length) {
    const { rows: l } = await db.query<{ lessee: string; ended_at: Date; salvage_value: string }>('SELECT lessee, ended_at, salvage_value::text FROM leasing_leases WHERE lease_id = $1', [id]);
    out.push({
      leaseId: id, period: 0, payer: l[0]!.lessee, rent: '0', usageRent: '0', lateInterest: '0', daysLate: 0, usageMilliHours: '0', total: l[0]!.salvage_value,
      dueDate: null, paidAt: l[0]!.ended_at.toISOString(), txHash: '', shares: salvage, fromDeposit: false,
    });
  }
  return out;
}

/** A lease request's ranked proposals (matching.ts), each party with its credit record. */
export async function matchesFor(ctx: CreditContext, requestId: string): Promise<MatchesView> {
  const db = ctx.db;
  const { rows: rq } = await db.query<{ request_id: string; lessee: string; equipment_type: string; periods: number; period_days: number; budget_per_period: string; status: 'open' | 'accepted'; accepted_offer_id: string | null }>(
    'SELECT request_id, lessee, equipment_type, periods, period_days, budget_per_period::text, status, accepted_offer_id FROM leasing_requests WHERE request_id = $1',
    [requestId.toLowerCase()],
  );
  const r = rq[0];
  if (!r) throw new NotFoundError('lease request', requestId);
  const { rows: offers } = await db.query<{ offer_id: string; manufacturer: string; device_id: string; equipment_type: string; price: string; rent_per_period: string; periods: number; period_days: number; deposit: string; status: 'open' | 'accepted'; seq: string }>(
    `SELECT offer_id, manufacturer, device_id::text, equipment_type, price::text, rent_per_period::text, periods, period_days, deposit::text, status, seq::text
       FROM leasing_device_offers WHERE equipment_type = $1 AND (status = 'open' OR offer_id = $2)`,
    [r.equipment_type, r.accepted_offer_id ?? ''],
  );
  const { rows: capital } = await db.query<{ capital_id: string; investor: string; amount: string; risk: RiskPreference; seq: string }>(
    'SELECT capital_id, investor, amount::text, risk, seq::text FROM leasing_capital_offers',
  );
  const credit = await creditRecords(ctx, [r.lessee, ...offers.map((o) => o.manufacturer), ...capital.map((c) => c.investor)]);
  const ranked = rankProposals(
    { lessee: r.lessee, equipmentType: r.equipment_type, periods: r.periods, periodDays: r.period_days, budgetPerPeriod: BigInt(r.budget_per_period) },
    offers.map((o) => ({ offerId: o.offer_id, manufacturer: o.manufacturer, deviceId: BigInt(o.device_id), equipmentType: o.equipment_type, price: BigInt(o.price), rentPerPeriod: BigInt(o.rent_per_period), periods: o.periods, periodDays: o.period_days, seq: Number(o.seq) })),
    capital.map((c) => ({ capitalId: c.capital_id, investor: c.investor, amount: BigInt(c.amount), risk: c.risk, seq: Number(c.seq) })),
    (party) => rankingScore(credit.get(party)),
  );
  return {
    requestId: r.request_id,
    lessee: r.lessee,
    lesseeCredit: credit.get(r.lessee)!,
    status: r.status,
    acceptedOfferId: r.accepted_offer_id,
    proposals: ranked.map((p) => {
      const o = offers.find((x) => x.offer_id === p.offerId)!;
      return {
        rank: p.rank,
        offer: { offerId: o.offer_id, manufacturer: o.manufacturer, deviceId: deviceHex(o.device_id), equipmentType: o.equipment_type, price: o.price, rentPerPeriod: o.rent_per_period, periods: o.periods, periodDays: o.period_days, deposit: o.deposit, status: o.status },
        manufacturerCredit: credit.get(o.manufacturer)!,
        covered: p.covered.toString(),
        fullyCovered: p.fullyCovered,
        capital: p.capital.map((c) => ({ capitalId: c.capitalId, investor: c.investor, amount: c.amount.toString(), risk: capital.find((x) => x.capital_id === c.capitalId)!.risk, credit: credit.get(c.investor)! })),
      };
    }),
  };
}
