/**
 * Platform-wide totals of the claims read models, kept by triggers (migration 002_overview_totals.sql): units held
 * per tier and the sales to funders. Constant-time reads for GET /v1/overview.
 */
import type { Queryable } from '../../../db/database.ts';

export interface ClaimTotals {
  /** Units held per tier (tier 1 = the supplier the claim was issued to, i.e. hops + 1), holdings with a balance. */
  byTier: Array<{ tier: number; units: string; holdings: number }>;
  financed: { sales: number; volume: string; price: string; discount: string; averageDiscountBps: number | null; averageDays: number | null };
}

export async function claimTotals(db: Queryable): Promise<ClaimTotals> {
  const { rows: tiers } = await db.query<{ hops: number; units: string; holdings: number }>(
    'SELECT hops, units::text AS units, holdings FROM claim_tier_totals WHERE units <> 0 ORDER BY hops',
  );
  const { rows } = await db.query<{ sales: string; volume: string; price: string; volume_days: string }>(
    'SELECT sales::text AS sales, volume::text AS volume, price::text AS price, volume_days::text AS volume_days FROM financing_totals WHERE id = 1',
  );
  const f = rows[0] ?? { sales: '0', volume: '0', price: '0', volume_days: '0' };
  const volume = BigInt(f.volume);
  const discount = volume - BigInt(f.price);
  return {
    byTier: tiers.map((t) => ({ tier: t.hops + 1, units: t.units, holdings: t.holdings })),
    financed: {
      sales: Number(f.sales),
      volume: f.volume,
      price: f.price,
      discount: discount.toString(),
      // Volume-weighted: Σ discount / Σ face sold, in basis points (rounded down), and Σ face × days / Σ face.
      averageDiscountBps: volume > 0n ? Number((discount * 10_000n) / volume) : null,
      averageDays: volume > 0n ? Number(BigInt(f.volume_days.split('.')[0]!) / volume) : null,
    },
  };
}

/** Issued claims (roots) due before `before` (the claims_roots_due index: the due ones only, not every claim). */
export async function rootsDueBefore(db: Queryable, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM claims WHERE depth = 0 AND due_date < $1', [before]);
  return rows.map((r) => r.id);
}
