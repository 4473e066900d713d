/**
 * The claims module (the conditional-token ledger and its market): what other modules may use of it. A product
 * issues and redeems claims through its own contract (a platform contract the ledger trusts), records those
 * operations in the claim trees with the projection hooks below, and presents claims from the ledger reads below.
 */
export { claimsModule } from './module.ts';

// contracts and what the pre-checks read on-chain
export { claimLedger, claimMarket } from './contracts.ts';
export { claimLedgerAbi } from './generated/index.ts';
export {
  DEFAULT_MAX_HOPS,
  UINT128_MAX,
  ZERO_BYTES32,
  childIdOf,
  claimBalance,
  dayCountName,
  dayCounts,
  formatDate,
  hopsOf,
  idHex,
  idValue,
  parseAmount,
  parseDate,
  parseInstant,
  randomBytes32,
  readTerms,
  requireClaim,
  requireHolding,
  requireJoinableHolding,
  requireNotMatured,
  requireRecipientAllowed,
  requireTransferDepth,
  type ClaimTerms,
  type DayCountName,
} from './chain.ts';

// projection hooks for a product's own events
export { claimKinds, creditRedeemed, holdingHops, recordClaimMovement, type ClaimMovement } from './projections.ts';
export { claimsBatchOf, type ClaimsBatch } from './batch.ts';

// reads of the ledger's read models
export {
  claimTermsView,
  claimTree,
  claimsById,
  currentHolders,
  financingsOf,
  financingTotals,
  findClaim,
  heldBy,
  holdingsTotal,
  heldInTree,
  counterpartiesInTree,
  counterpartiesInTrees,
  holderView,
  holdingsOf,
  listClaimRows,
  movementsOf,
  normalizeId,
  offeredToFunder,
  owedBy,
  traceEdgeView,
  type ClaimRow,
  type FinancingRow,
  type HoldingRow,
  type MovementRow,
} from './queries/ledger.ts';
export { claimTotals, rootsDueBefore, type ClaimTotals } from './queries/totals.ts';
export { owedByDueDate, proRataByDueDate, type RootAmounts } from './queries/ladder.ts';
