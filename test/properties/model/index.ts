/**
 * The TypeScript model of the claims suite, the random commands that drive it, and the invariants checked after
 * every command. A command resolves its random picks against the model (which claim, which holder), predicts
 * the outcome from the documented rules (the exact custom error of the first failing check, or success and the
 * new state), sends the transaction to anvil, asserts that the chain did exactly that, and then applies the
 * prediction to the model. `checkInvariants` compares the whole model with the chain and checks the
 * conservation laws from the chain's own state and events, independently of the model.
 *
 * Late interest is modelled from the documented rule (IReceivables, docs/adr/007): after the issued claim's due
 * date its unpaid principal accrues simple interest at the root's late rate and day count, whole days from the due
 * date (a started day counts), accrued at each payment for the days since the last checkpoint, the floor's fraction
 * carried; a payment settles accrued interest first, then principal; at most principal + interest is accepted.
 * Guarantees: the line's manager proposes a certified guarantor, it accepts, claims issued while it is active
 * record it, and it may pay like the obligor.
 *
 * Layout: `state.ts` (the model), `rules.ts` (the contracts' arithmetic), `specs.ts` (what fast-check draws),
 * `commands/` (one file per area of the suite: trades, credit line, claims, market, settlement, currency,
 * identity, time), `invariants.ts` (`checkInvariants`) and `step.ts` (the fast-check command running both).
 */
export { Model, type ClaimM, type GuaranteeM, type HoldingM, type OfferM, type RootM, type Stats, type TradeM } from './state.ts';
export { accrual, childIdOf, claimIdFor, daysBetween, salePrice } from './rules.ts';
export { describeSpec, firstIssueArb, specArb, specArbs, type Amt, type Spec, type SpecKind } from './specs.ts';
export { execute } from './commands/index.ts';
export { checkInvariants } from './invariants.ts';
export { Step } from './step.ts';
