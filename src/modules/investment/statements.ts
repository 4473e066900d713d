/**
 * What an investor's position in a pool earned, epoch by epoch and to date, from the read models alone (the rule:
 * docs/adr/022-pool-limits-and-statements.md).
 *
 * Between two closes a tranche's shares do not change in number (requests execute only at a close), so the tranche's
 * change at close e is `value_e − previous_e` over `supplyAfter_{e−1}` shares, and a position earns its shares' part:
 * floor(shares × (value_e − previous_e) / supplyAfter_{e−1}) (rounded down, toward minus infinity for a loss). The
 * shares a position holds through epoch e are those its executed orders gave it (claimed or not: an executed order
 * is the investor's at the close), less the redemptions executed, plus the shares moved to it on the ledger before the
 * close, less those it moved away. Each order then executes as the contract settles it (the same floors).
 */
import type { Queryable } from '../../db/database.ts';
import { NotFoundError } from '../../common/errors.ts';
import { movementsOf } from '../claims/index.ts';
import type { PoolStatementView, StatementLineView } from './schemas.ts';

const TRANCHES = ['A', 'B', 'C'] as const;

/** Division rounded toward minus infinity (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

interface EpochRow {
  epoch: number;
  block_number: string;
  closed_at: Date;
}
interface TrancheEpochRow {
  epoch: number;
  tranche: number;
  previous: string;
  value: string;
  value_after: string;
  supply_after: string;
  deposit_assets: string;
  deposit_shares: string;
  redeem_shares: string;
  redeem_fulfilled: string;
  redeem_assets: string;
  returned: string;
}

/** The statement of `investor` in pool `poolId`: one line per tranche and epoch it held shares or had an order in. */
export async function poolStatement(db: Queryable, poolId: string, investor: string): Promise<PoolStatementView> {
  const id = poolId.toLowerCase();
  const who = investor.toLowerCase();
  const { rows: pools } = await db.query<{ pool_id: string }>('SELECT pool_id FROM investment_pools WHERE pool_id = $1', [id]);
  if (!pools[0]) throw new NotFoundError('pool', poolId);
  const [{ rows: epochs }, { rows: tranches }, { rows: orders }, { rows: ids }] = await Promise.all([
    db.query<EpochRow>('SELECT epoch, block_number::text, closed_at FROM investment_pool_epochs WHERE pool_id = $1 ORDER BY epoch', [id]),
    db.query<TrancheEpochRow>(
      `SELECT t.epoch, t.tranche, t.previous::text, t.value::text, t.value_after::text, t.supply_after::text, t.deposit_assets::text, t.deposit_shares::text,
              t.redeem_shares::text, t.redeem_fulfilled::text, t.redeem_assets::text, COALESCE(r.assets, 0)::text AS returned
         FROM investment_tranche_epochs t
         LEFT JOIN investment_deposits_returned r ON r.pool_id = t.pool_id AND r.epoch = t.epoch AND r.tranche = t.tranche
        WHERE t.pool_id = $1`,
      [id],
    ),
    db.query<{ tranche: number; epoch: number; deposit: string; redeem: string }>(
      'SELECT tranche, epoch, deposit::text, redeem::text FROM investment_pool_orders WHERE pool_id = $1 AND investor = $2',
      [id, who],
    ),
    db.query<{ tranche: number; investment_id: string }>('SELECT tranche, investment_id FROM investment_pool_tranches WHERE pool_id = $1', [id]),
  ]);
  // Share transfers between holders (the ledger's read model): mints and burns are the pool's own, counted by orders.
  const moves = (await movementsOf(db, ids.map((r) => r.investment_id))).filter(
    (m) => m.from_address && m.to_address && (m.from_address === who || m.to_address === who) && m.from_address !== m.to_address,
  );

  const lines: StatementLineView[] = [];
  const totals = TRANCHES.map((tranche, t) => {
    const investmentId = ids.find((r) => r.tranche === t)?.investment_id;
    const transferredBefore = (block: bigint) =>
      moves
        .filter((m) => m.claim_id === investmentId && BigInt(m.block_number) < block)
        .reduce((sum, m) => sum + (m.to_address === who ? BigInt(m.amount) : -BigInt(m.amount)), 0n);
    let carried = 0n;
    let earned = 0n;
    let invested = 0n;
    let refunded = 0n;
    let redeemed = 0n;
    let previousSupply = 0n;
    let sharesAfter = 0n;
    let valueAfter = 0n;
    for (const ep of epochs) {
      const r = tranches.find((x) => x.epoch === ep.epoch && x.tranche === t);
      if (!r) continue;
      const o = orders.find((x) => x.epoch === ep.epoch && x.tranche === t);
      const held = carried + transferredBefore(BigInt(ep.block_number));
      const change = BigInt(r.value) - BigInt(r.previous);
      const lineEarned = previousSupply > 0n && held > 0n ? floorDiv(held * change, previousSupply) : 0n;
      const deposit = BigInt(o?.deposit ?? '0');
      const redeem = BigInt(o?.redeem ?? '0');
      const depositAssets = BigInt(r.deposit_assets);
      const redeemShares = BigInt(r.redeem_shares);
      const newShares = deposit > 0n ? (deposit * BigInt(r.deposit_shares)) / depositAssets : 0n;
      const refund = deposit > 0n ? (deposit * BigInt(r.returned)) / depositAssets : 0n;
      const returned = redeem > 0n ? (redeem * (redeemShares - BigInt(r.redeem_fulfilled))) / redeemShares : 0n;
      const payout = redeem > 0n ? (redeem * BigInt(r.redeem_assets)) / redeemShares : 0n;
      carried += newShares + returned - redeem;
      const supplyAfter = BigInt(r.supply_after);
      sharesAfter = held + newShares + returned - redeem;
      valueAfter = supplyAfter > 0n ? (sharesAfter * BigInt(r.value_after)) / supplyAfter : 0n;
      previousSupply = supplyAfter;
      earned += lineEarned;
      invested += deposit - refund;
      refunded += refund;
      redeemed += payout;
      if (held === 0n && deposit === 0n && redeem === 0n) continue;
      lines.push({
        epoch: ep.epoch,
        tranche: TRANCHES[t]!,
        closedAt: ep.closed_at.toISOString(),
        sharesHeld: held.toString(),
        earned: lineEarned.toString(),
        deposited: (deposit - refund).toString(),
        depositReturned: refund.toString(),
        sharesIssued: newShares.toString(),
        redeemRequested: redeem.toString(),
        sharesRedeemed: (redeem - returned).toString(),
        redemptionPaid: payout.toString(),
        sharesAfter: sharesAfter.toString(),
        valueAfter: valueAfter.toString(),
      });
    }
    const last = epochs.at(-1);
    const shares = carried + transferredBefore(2n ** 63n);
    const lastRow = last ? tranches.find((x) => x.epoch === last.epoch && x.tranche === t) : undefined;
    const value = lastRow && BigInt(lastRow.supply_after) > 0n ? (shares * BigInt(lastRow.value_after)) / BigInt(lastRow.supply_after) : 0n;
    return {
      tranche: TRANCHES[t]!,
      earned: earned.toString(),
      deposited: invested.toString(),
      depositReturned: refunded.toString(),
      redemptionPaid: redeemed.toString(),
      shares: shares.toString(),
      value: value.toString(),
    };
  });
  lines.sort((a, b) => a.epoch - b.epoch || a.tranche.localeCompare(b.tranche));
  const sum = (k: 'earned' | 'deposited' | 'redemptionPaid' | 'value') => totals.reduce((s, x) => s + BigInt(x[k]), 0n).toString();
  return {
    poolId: id,
    investor: who,
    lines,
    tranches: totals,
    toDate: { earned: sum('earned'), deposited: sum('deposited'), redemptionPaid: sum('redemptionPaid'), value: sum('value') },
  };
}
