/** The currency module: what other modules may use of it. */
export { currencyModule } from './module.ts';
export { settlementToken } from './contracts.ts';
export { xtBalance } from './chain.ts';
export { balanceOf, confirmedWithdrawals, type ConfirmedWithdrawal } from './queries.ts';
export { deposit } from './commands.ts';
