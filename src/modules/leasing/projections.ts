import type { Queryable } from '../../db/database.ts';
import type { ChainEvent, ReadModel } from '../../indexer/projections.ts';
import { LEASE_STATUSES } from './contracts.ts';

const hex32 = (v: unknown) => String(v).toLowerCase();
const time = (v: unknown) => new Date(Number(v) * 1000);
const ROLES = ['platform', 'provider', 'investor'] as const;

/** Struct arguments arrive as objects (the indexer keeps tuples as decoded, integers as strings). */
type LeaseTermsArg = {
  deviceId: string; lessee: string; consortiumId: string; price: string; rentPerPeriod: string; usageRatePerHour: string; deposit: string;
  periodDays: string; periods: string; lateRateBps: string; dayCount: string; fundingDeadline: string;
};
type ProviderArg = { account: string; kind: string; bps: string };

const setLease = (db: Queryable, leaseId: unknown, set: string, params: unknown[]) =>
  db.query(`UPDATE leasing_leases SET ${set} WHERE lease_id = $1`, [hex32(leaseId), ...params]);

/** The leasing read models: providers, services and ratings; leases, who funded them, each rent payment and its split. */
export const leasingReadModel: ReadModel = {
  tables: ['leasing_providers', 'leasing_services', 'leasing_leases', 'leasing_fundings', 'leasing_rent_payments', 'leasing_rent_shares'],
  projections: {
    ServiceProviders: {
      ProviderCertified: (db, e) =>
        db.query(
          `INSERT INTO leasing_providers (provider, kinds, certified_at) VALUES ($1, $2, $3)
           ON CONFLICT (provider) DO UPDATE SET kinds = EXCLUDED.kinds, certified_at = EXCLUDED.certified_at, revoked_at = NULL`,
          [e.args.provider, Number(e.args.kinds), e.blockTime],
        ),
      ProviderRevoked: (db, e) => db.query('UPDATE leasing_providers SET kinds = 0, revoked_at = $2 WHERE provider = $1', [e.args.provider, e.blockTime]),
      ServiceCompleted: (db, e) =>
        db.query(
          `INSERT INTO leasing_services (service_id, provider, client, kind, lease_id, report_hash, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [hex32(e.args.serviceId), e.args.provider, e.args.client, Number(e.args.kind), /^0x0+$/.test(String(e.args.leaseId)) ? null : hex32(e.args.leaseId), hex32(e.args.reportHash), e.blockTime],
        ),
      ServiceRated: (db, e) => db.query('UPDATE leasing_services SET rating = $2, rated_at = $3 WHERE service_id = $1', [hex32(e.args.serviceId), Number(e.args.score), e.blockTime]),
    },
    LeaseBook: {
      LeaseProposed: (db, e) => {
        const t = e.args.terms as unknown as LeaseTermsArg;
        const providers = (e.args.providers as unknown as ProviderArg[]).map((p) => ({ account: p.account.toLowerCase(), kind: Number(p.kind), bps: Number(p.bps) }));
        return db.query(
          `INSERT INTO leasing_leases (lease_id, device_id, lessor, lessee, consortium_id, price, rent_per_period, usage_rate_per_hour, deposit, period_days,
             periods, late_rate_bps, day_count, funding_deadline, platform_bps, salvage_value, investment_id, providers, status, proposed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'proposed', $19)`,
          [
            hex32(e.args.leaseId), e.args.deviceId, e.args.lessor, String(t.lessee).toLowerCase(), hex32(t.consortiumId), t.price, t.rentPerPeriod, t.usageRatePerHour,
            t.deposit, Number(t.periodDays), Number(t.periods), Number(t.lateRateBps), Number(t.dayCount), time(t.fundingDeadline), Number(e.args.platformBps),
            e.args.salvageValue, e.args.investmentId, JSON.stringify(providers), e.blockTime,
          ],
        );
      },
      LeaseAccepted: (db, e) => setLease(db, e.args.leaseId, "status = 'accepted'", []),
      LeaseFunded: async (db, e) => {
        await setLease(db, e.args.leaseId, 'raised = $2::numeric', [e.args.raised]);
        await db.query(
          'INSERT INTO leasing_fundings (block_number, log_index, lease_id, investor, amount, funded_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [e.blockNumber.toString(), e.logIndex, hex32(e.args.leaseId), e.args.investor, e.args.amount, e.blockTime],
        );
      },
      LeaseActivated: (db, e) => setLease(db, e.args.leaseId, "status = 'active', start_day = $2", [time(e.args.startDay)]),
      RentPaid: async (db, e) => {
        const id = hex32(e.args.leaseId);
        const total = BigInt(String(e.args.rent)) + BigInt(String(e.args.usageRent)) + BigInt(String(e.args.lateInterest));
        await db.query(
          `INSERT INTO leasing_rent_payments (lease_id, period, payer, rent, usage_rent, late_interest, days_late, usage_milli_hours, due_date, tx_hash, paid_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, start_day + make_interval(days => period_days * $2), $9, $10 FROM leasing_leases WHERE lease_id = $1`,
          [id, Number(e.args.period), e.args.payer, e.args.rent, e.args.usageRent, e.args.lateInterest, Number(e.args.daysLate), e.args.usageMilliHours, e.txHash, e.blockTime],
        );
        await setLease(db, id, 'paid_periods = $2, collected = collected + $3::numeric', [Number(e.args.period), total.toString()]);
      },
      RentShared: (db, e) =>
        db.query(
          'INSERT INTO leasing_rent_shares (block_number, log_index, lease_id, period, recipient, role, amount) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [e.blockNumber.toString(), e.logIndex, hex32(e.args.leaseId), Number(e.args.period), e.args.recipient, ROLES[Number(e.args.role)], e.args.amount],
        ),
      LeaseEnded: (db, e) =>
        setLease(db, e.args.leaseId, 'status = $2, ended_at = $3, collected = collected + $4::numeric', [LEASE_STATUSES[Number(e.args.status)], e.blockTime, e.args.salvagePaid]),
      LeaseDefaulted: (db, e) =>
        setLease(
          db,
          e.args.leaseId,
          `status = 'defaulted', ended_at = $2, collected = collected + $3::numeric, default_first_period = $4, default_periods_owed = $5, default_rent_owed = $6,
           default_late_interest_owed = $7, default_deposit_applied = $3, default_deposit_returned = $8, default_tx_hash = $9`,
          [e.blockTime, e.args.depositApplied, Number(e.args.firstPeriod), Number(e.args.periodsOwed), e.args.rentOwed, e.args.lateInterestOwed, e.args.depositReturned, e.txHash],
        ),
      LeaseCancelled: (db, e) => setLease(db, e.args.leaseId, "status = 'cancelled', ended_at = $2", [e.blockTime]),
      LeaseRefunded: (db, e) => db.query('UPDATE leasing_fundings SET refunded = true WHERE lease_id = $1 AND investor = $2', [hex32(e.args.leaseId), e.args.investor]),
    },
  },
};

export type { ChainEvent };
