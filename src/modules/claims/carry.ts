import { trimCarried } from '../../indexer/projections.ts';

/**
 * The rows a claims batch leaves for the next (BatchContext.carry, src/indexer/projections.ts), as the database has
 * them once the batch has flushed: holdings (also those known not to exist), claims' depth and block, and whether an
 * address is a system account. At most MAX_CARRIED of each, the oldest let go first: a batch reads again what is not
 * carried.
 */
export class CarriedRows<Holding, Claim> {
  readonly holdings = new Map<string, Holding>();
  readonly claims = new Map<string, Claim | null>();
  readonly systemAccounts = new Map<string, boolean>();

  /** Lets the oldest entries of each map go (trimCarried). */
  trim(): void {
    for (const map of [this.holdings, this.claims, this.systemAccounts] as Array<Map<unknown, unknown>>) trimCarried(map);
  }
}
