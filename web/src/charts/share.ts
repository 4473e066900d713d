import type { Party } from '../api/types.ts';

/** One party's part of a whole (ShareBars draws them). */
export interface Share {
  key: string;
  party: Party;
  amount: bigint;
  /** Whole percent of the total, rounded down. */
  percent: number;
}
