/** The day-count bases of contracts/libraries/DayCount.sol: 0 = ACT/360, 1 = ACT/365F. */
export const DayCountBasis = { 0: 360n, 1: 365n } as const;
