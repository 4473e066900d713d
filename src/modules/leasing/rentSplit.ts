/**
 * How one rent payment is shared, to the last minor unit: the same rule as contracts/leasing/RentSplit.sol, so the
 * API can show a payment's split before it is made and the tests can check the contract against it.
 *
 * platform = floor(amount × platformBps / 10 000); provider j = floor(amount × bps_j / 10 000); the investors' pool is
 * what is left (the fee floors' fractions stay with the investors); investor k = floor(pool × shares_k / Σ shares),
 * and the pool's residue (fewer minor units than investors) goes one unit each to the largest remainders, ties to the
 * earlier funder. Σ of all parts = amount.
 */
export interface RentSplitParameters {
  amount: bigint;
  platformBps: number;
  providerBps: readonly number[];
  /** Investors' shares in funding order. */
  shares: readonly bigint[];
}

export interface RentSplitResult {
  platform: bigint;
  providers: bigint[];
  /** What the investors share (amount − fees). */
  pool: bigint;
  investors: bigint[];
  /** Units given out by the largest-remainder rule (pool − Σ floors). */
  residue: bigint;
}

export function splitRent(p: RentSplitParameters): RentSplitResult {
  const platform = (p.amount * BigInt(p.platformBps)) / 10_000n;
  const providers = p.providerBps.map((bps) => (p.amount * BigInt(bps)) / 10_000n);
  const pool = providers.reduce((left, part) => left - part, p.amount - platform);
  const investors = proRata(pool, p.shares);
  const sum = total(p.shares);
  const residue = pool - p.shares.reduce((given, s) => given + (pool * s) / sum, 0n);
  return { platform, providers, pool, investors, residue };
}

const total = (shares: readonly bigint[]) => shares.reduce((a, b) => a + b, 0n);

/** `pool` pro rata to `shares` by the largest-remainder rule (ties to the lower index). */
export function proRata(pool: bigint, shares: readonly bigint[]): bigint[] {
  const sum = total(shares);
  if (sum === 0n) throw new RangeError('no shares to split among');
  const parts = shares.map((s) => (pool * s) / sum);
  const remainders = shares.map((s) => (pool * s) % sum);
  let residue = pool - parts.reduce((a, b) => a + b, 0n);
  while (residue > 0n) {
    let best = 0;
    for (let k = 1; k < remainders.length; k++) if (remainders[k]! > remainders[best]!) best = k;
    parts[best]! += 1n;
    remainders[best] = 0n;
    residue -= 1n;
  }
  return parts;
}
