import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { formatXt } from '../../domain/money.ts';
import { claimLedgerAbi, claimMarketAbi, claimMarketBytecode, tierchainLedgerAbi, tierchainLedgerBytecode } from './generated/index.ts';

/**
 * The conditional-token ledger and its market. TierchainLedger (contracts/claims/TierchainLedger.sol) is the claim
 * ledger with identity's registries built in, deployed once and serving all three logical names: a transfer checks
 * membership in its own storage (docs/adr/005-one-ledger-contract.md). ClaimMarket sells claims for XT, atomically.
 */
export const claimsContracts: ContractPart = {
  logical: [
    { name: 'ClaimLedger', abi: claimLedgerAbi },
    { name: 'ClaimMarket', abi: claimMarketAbi },
  ],
  deploy: [
    {
      name: 'TierchainLedger',
      abi: tierchainLedgerAbi,
      bytecode: tierchainLedgerBytecode,
      serves: ['MemberRegistry', 'ConsortiumRegistry', 'ClaimLedger'],
      args: ({ operator, operatorLegalIdHash }) => [operator, operatorLegalIdHash],
    },
    {
      name: 'ClaimMarket',
      abi: claimMarketAbi,
      bytecode: claimMarketBytecode,
      serves: ['ClaimMarket'],
      needs: ['ClaimLedger', 'MemberRegistry', 'SettlementToken'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.MemberRegistry, deployed.SettlementToken],
    },
  ],
  configure: [
    {
      // The market moves members' claims and XT: the registry must know it as a platform contract.
      describe: (d) => `registered ClaimMarket ${d.ClaimMarket} as a platform contract`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.ClaimMarket, true],
    },
  ],
};

/** The claim ledger where this platform deployed it. */
export const claimLedger = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'ClaimLedger', address: addressOf(ctx.deployment, 'ClaimLedger'), abi: claimLedgerAbi }) as const;

/** The claim market where this platform deployed it. */
export const claimMarket = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'ClaimMarket', address: addressOf(ctx.deployment, 'ClaimMarket'), abi: claimMarketAbi }) as const;

const s = (v: unknown) => String(v);
const xt = (v: unknown) => formatXt(String(v));
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 10);

/** The ledger's and the market's custom errors in words. */
export const claimsExplanations: RevertExplanations = {
  NotClaimVenue: (a) => `${s(a.caller)} did not issue investment claim ${s(a.id)}`,
  InvestorRequired: (a) => `${s(a.recipient)} is not a certified investor; investment claim ${s(a.id)} moves only between investors`,
  HistoryNotFinal: (a) => `block ${s(a.blockNumber)} is not final yet (current ${s(a.current)})`,
  ERC6909InsufficientBalance: (a) => `the holding of claim ${s(a.id)} is ${xt(a.balance)}, less than the ${xt(a.needed)} requested`,
  ERC6909InsufficientAllowance: (a) => `${s(a.spender)} may move only ${xt(a.allowance)} of claim ${s(a.id)}, less than the ${xt(a.needed)} requested`,
  ERC6909InvalidReceiver: (a) => `${s(a.receiver)} cannot receive claims`,
  ERC6909InvalidSender: (a) => `${s(a.sender)} cannot send claims`,
  ERC6909InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC6909InvalidSpender: (a) => `${s(a.spender)} cannot be approved`,
  ClaimUnknown: (a) => `claim ${s(a.id)} does not exist`,
  ClaimExists: (a) => `claim ${s(a.id)} already exists`,
  ClaimMatured: (a) => `the claim matured on ${date(a.dueDate)}; it can no longer be transferred or modified, only redeemed`,
  ClaimTermsInvalid: (a) => `the claim's ${s(a.field)} is not valid`,
  ModifyWidensTerms: (a) => `the new ${s(a.field)} would widen the claim's terms; a modification may only narrow them`,
  RecipientNotAllowed: (a) => `${s(a.recipient)} is not an active member of the consortium this claim may circulate in`,
  HolderNotActive: (a) => `${s(a.holder)} is not an active member (suspended or revoked members are frozen)`,
  TransferDepthExhausted: (a) => `this claim may be passed on at most ${s(a.maxHops)} time(s) and that depth is used up`,
  HoldingDepthMismatch: (a) =>
    `the recipient already holds this claim at tier depth ${s(a.heldHops)}; units from depth ${s(a.incomingHops)} cannot join that holding (narrow the terms first: a modified claim is held separately)`,
  SelfTransfer: () => 'a claim cannot be transferred to its own holder',
  AmountTooLarge: (a) => `amount ${s(a.amount)} is too large`,
  NotPlatformContract: (a) => `${s(a.caller)} is not a platform contract`,
  OfferExists: (a) => `offer ${s(a.offerId)} already exists`,
  OfferNotFound: (a) => `offer ${s(a.offerId)} does not exist`,
  OfferExpired: (a) => `the offer expired on ${date(a.expiresAt)}`,
  OfferExhausted: (a) => `the offer has ${xt(a.remaining)} left, less than the ${xt(a.requested)} requested`,
  OfferNotForYou: () => 'this quote was made for another holder',
  OfferObligorMismatch: (a) => `the offer buys claims on ${s(a.offerObligor)}, but this claim is owed by ${s(a.claimObligor)}`,
  NotFunder: (a) => `${s(a.caller)} is not a certified funder`,
  NotOfferFunder: () => 'only the funder who posted this offer can cancel it',
  PriceBelowMinimum: (a) => `the price ${s(a.price)} is below the minimum ${s(a.minPrice)} you accepted`,
  DiscountExceedsFace: (a) => `at this rate and term the discount ${s(a.discount)} would be at least the face ${s(a.amount)}`,
  OfferTermsInvalid: (a) => `the offer's ${s(a.field)} is not valid`,
  DayCountUnknown: (a) => `day-count convention ${s(a.dayCount)} is unknown`,
};
