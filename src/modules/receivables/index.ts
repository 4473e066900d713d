/** The receivables module: what other modules may use of it. */
export { receivablesModule } from './module.ts';
export { submitTrade, type NewTradeResult } from './commands/trades.ts';
