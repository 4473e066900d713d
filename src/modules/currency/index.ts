/** The currency module: what other modules may use of it. */
export { currencyModule } from './module.ts';
export { settlementToken } from './contracts.ts';
export { xtBalance } from './chain.ts';
export { balanceOf } from './queries.ts';
