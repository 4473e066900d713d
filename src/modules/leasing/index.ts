export { leasingModule } from './module.ts';
export { creditRecords, leasingCreditFacts } from './credit.ts';
export { splitRent, proRata } from './rentSplit.ts';
