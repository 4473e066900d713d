export { leasingModule } from './module.ts';
export { creditFacts, creditScore, creditRecords, type CreditFacts } from './credit.ts';
export { splitRent, proRata } from './rentSplit.ts';
