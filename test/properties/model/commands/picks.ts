/**
 * How a command turns a spec's random picks into the claim, trade, holder or amount it acts on, as the model stands
 * at that moment.
 */
import type { Address, Hex } from 'viem';
import type { Amt } from '../specs.ts';
import type { ClaimM, Model } from '../state.ts';

export function resolveAmount(available: bigint, a: Amt): bigint {
  switch (a.kind) {
    case 'zero':
      return 0n;
    case 'all':
      return available > 0n ? available : 1n;
    case 'over':
      return available + BigInt(a.per);
    case 'part': {
      const v = (available * BigInt(a.per)) / 1000n;
      return v > 0n ? v : 1n;
    }
  }
}

export function at<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length];
}

/** A claim to act on: one with units if any, else any known id. */
export function pickClaim(m: Model, i: number): ClaimM | undefined {
  const live = m.order.filter((id) => m.supply(m.claims.get(id)!) > 0n);
  const id = at(live.length > 0 ? live : m.order, i);
  return id === undefined ? undefined : m.claims.get(id);
}

/** A trade: mostly one still pending, sometimes any (confirmed or rejected ones must be refused). */
export function pickTrade(m: Model, i: number): Hex | undefined {
  const pending = m.tradeOrder.filter((id) => m.trades.get(id)!.status === 'Submitted');
  return at(pending.length > 0 && i % 4 !== 0 ? pending : m.tradeOrder, i);
}

/** A holder of `c` with units (or, when there is none, any member). */
export function pickHolder(m: Model, c: ClaimM, i: number): Address {
  const holders = [...c.holdings.entries()].filter(([, h]) => h.balance > 0n).map(([a]) => a);
  return at(holders.length > 0 ? holders : m.members, i)!;
}
