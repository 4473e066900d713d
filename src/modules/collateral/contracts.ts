import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { claimPledgesAbi, claimPledgesBytecode, collateralVaultAbi, collateralVaultBytecode, goodsTokenAbi, goodsTokenBytecode } from './generated/index.ts';

/**
 * Goods tokens (contracts/collateral/GoodsToken.sol) and the collateral vault (CollateralVault.sol). The vault issues
 * its CTs on the same claim ledger as Receivables: it is registered as a platform contract (the ledger's issuer
 * role), and the goods token names it, once, as the only account that locks, releases and liquidates goods.
 * ClaimPledges holds the receivable claims pledged to the vault's positions in its escrow (a platform contract too,
 * paid their settlement by Receivables); it names the vault, once, as the only account that locks and releases them.
 */
export const collateralContracts: ContractPart = {
  logical: [
    { name: 'GoodsToken', abi: goodsTokenAbi },
    { name: 'CollateralVault', abi: collateralVaultAbi },
    { name: 'ClaimPledges', abi: claimPledgesAbi },
  ],
  deploy: [
    {
      name: 'GoodsToken',
      abi: goodsTokenAbi,
      bytecode: goodsTokenBytecode,
      serves: ['GoodsToken'],
      needs: ['MemberRegistry'],
      args: ({ deployed }) => [deployed.MemberRegistry],
    },
    {
      name: 'ClaimPledges',
      abi: claimPledgesAbi,
      bytecode: claimPledgesBytecode,
      serves: ['ClaimPledges'],
      needs: ['ClaimLedger', 'Receivables', 'MemberRegistry', 'SettlementToken'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.Receivables, deployed.MemberRegistry, deployed.SettlementToken],
    },
    {
      name: 'CollateralVault',
      abi: collateralVaultAbi,
      bytecode: collateralVaultBytecode,
      serves: ['CollateralVault'],
      needs: ['ClaimLedger', 'MemberRegistry', 'ConsortiumRegistry', 'SettlementToken', 'GoodsToken', 'ClaimPledges'],
      args: ({ deployed }) => [
        deployed.ClaimLedger, deployed.MemberRegistry, deployed.ConsortiumRegistry, deployed.SettlementToken, deployed.GoodsToken, deployed.ClaimPledges,
      ],
    },
  ],
  configure: [
    {
      // The vault issues and burns CTs on the shared ledger and holds XT (margin, repayments, auction proceeds).
      describe: (d) => `registered CollateralVault ${d.CollateralVault} as a platform contract (CT issuer)`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.CollateralVault, true],
    },
    {
      describe: (d) => `named CollateralVault ${d.CollateralVault} as the vault of GoodsToken ${d.GoodsToken}`,
      contract: 'GoodsToken',
      functionName: 'setVault',
      args: (d) => [d.CollateralVault],
    },
    {
      // ClaimPledges escrows pledged claims (a custodian on the ledger) and is paid their settlement in XT.
      describe: (d) => `registered ClaimPledges ${d.ClaimPledges} as a platform contract (claim escrow)`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.ClaimPledges, true],
    },
    {
      describe: (d) => `named CollateralVault ${d.CollateralVault} as the vault of ClaimPledges ${d.ClaimPledges}`,
      contract: 'ClaimPledges',
      functionName: 'setVault',
      args: (d) => [d.CollateralVault],
    },
  ],
};

/** The goods token where this platform deployed it. */
export const goodsToken = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'GoodsToken', address: addressOf(ctx.deployment, 'GoodsToken'), abi: goodsTokenAbi }) as const;

/** The collateral vault where this platform deployed it. */
export const collateralVault = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'CollateralVault', address: addressOf(ctx.deployment, 'CollateralVault'), abi: collateralVaultAbi }) as const;

const s = (v: unknown) => String(v);
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 19).replace('T', ' ');
const statuses = ['none', 'open', 'defaulted', 'liquidated', 'released'];

/** Where the pledged receivable claims are escrowed. */
export const claimPledges = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'ClaimPledges', address: addressOf(ctx.deployment, 'ClaimPledges'), abi: claimPledgesAbi }) as const;

/** The goods token's and the vault's custom errors in words. */
export const collateralExplanations: RevertExplanations = {
  ERC721InvalidOwner: (a) => `${s(a.owner)} cannot own goods tokens`,
  ERC721NonexistentToken: (a) => `goods ${s(a.tokenId)} do not exist`,
  ERC721IncorrectOwner: (a) => `goods ${s(a.tokenId)} belong to ${s(a.owner)}, not ${s(a.sender)}`,
  ERC721InvalidSender: (a) => `${s(a.sender)} cannot send goods tokens`,
  ERC721InvalidReceiver: (a) => `${s(a.receiver)} cannot receive goods tokens`,
  ERC721InsufficientApproval: (a) => `${s(a.operator)} may not move goods ${s(a.tokenId)}`,
  ERC721InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC721InvalidOperator: (a) => `${s(a.operator)} cannot be an operator`,
  GoodsReceiptUsed: (a) => `this warehouse receipt already backs goods ${s(a.id)}: the same goods cannot be registered twice`,
  GoodsLotUsed: (a) => `this serial or lot number is already registered by verifier ${s(a.verifier)} as goods ${s(a.id)}`,
  GoodsIdentityMissing: () => 'goods need a warehouse receipt number or a serial/lot number',
  GoodsTermsInvalid: (a) => `the goods' ${s(a.field)} is not valid`,
  GoodsUnknown: (a) => `goods ${s(a.id)} do not exist`,
  GoodsLocked: (a) => `goods ${s(a.id)} are locked in the collateral vault; they move only when released or liquidated`,
  GoodsNotLocked: (a) => `goods ${s(a.id)} are not locked`,
  GoodsOwnerNotMember: (a) => `${s(a.owner)} is not an active member and cannot own goods`,
  GoodsRecipientNotMember: (a) => `${s(a.recipient)} is not an active member and cannot receive goods ${s(a.id)}`,
  NotVerifier: (a) => `${s(a.caller)} is not a certified verifier`,
  NotVault: (a) => `${s(a.caller)} is not the collateral vault`,
  VaultAlreadySet: (a) => `the goods token's vault is already ${s(a.vault)}`,
  NotRegistryOwner: (a) => `${s(a.caller)} is not the platform operator`,
  NotOperator: (a) => `${s(a.caller)} is not the platform operator`,
  ClassInvalid: (a) => `collateral class ${s(a.classId)}: ${s(a.field)} is not valid`,
  ClassInactive: (a) => `collateral class ${s(a.classId)} is not set up (or not active)`,
  ClassKindMismatch: (a) => `collateral class ${s(a.classId)} is for another kind of collateral (kind ${s(a.kind)})`,
  PositionExists: (a) => `position ${s(a.positionId)} already exists`,
  PositionUnknown: (a) => `position ${s(a.positionId)} does not exist`,
  PositionNotOpen: (a) => `position ${s(a.positionId)} is ${statuses[Number(a.status)] ?? s(a.status)}, not open`,
  NotPledgor: (a) => `${s(a.caller)} is not the pledgor of position ${s(a.positionId)}`,
  NotGoodsOwner: (a) => `goods ${s(a.goodsId)} belong to ${s(a.owner)}; only their owner can lock them`,
  GoodsAlreadyPledged: (a) => `goods ${s(a.goodsId)} are already locked as collateral (position ${s(a.positionId)}); they cannot be pledged twice`,
  GoodsNotValued: (a) => `goods ${s(a.goodsId)} have no valuation`,
  LineTermsInvalid: (a) => `the position's ${s(a.field)} is not valid`,
  DrawOverLimit: (a) => `the line is ${s(a.limit)} with ${s(a.debt)} drawn; ${s(a.requested)} more would exceed it`,
  DrawsExhausted: (a) => `position ${s(a.positionId)} already has ${s(a.draws)} draws, the most a position may have`,
  DrawAfterDueDate: (a) => `the line's due date ${date(a.dueDate)} has passed; nothing more can be drawn`,
  DrawUnderMarginCall: (a) => `the position is under a margin call until ${date(a.deadline)}; top up or repay before drawing more`,
  DrawUnknown: (a) => `${s(a.id)} is not a CT drawn on a collateral position`,
  RepayInvalid: (a) => `what is owed now is ${s(a.principal)} of principal and ${s(a.interest)} of late interest; ${s(a.offered)} cannot be paid (at least 1, at most the sum)`,
  ZeroAmount: () => 'the amount must be greater than zero',
  ReleaseWhileOutstanding: (a) => `position ${s(a.positionId)} still owes ${s(a.debt)} of principal; collateral is released only when everything it backs is repaid`,
  CoverageSufficient: (a) => `the loan-to-value is ${s(a.ratioBps)} bps, within the margin threshold of ${s(a.thresholdBps)} bps`,
  MarginCallOpen: (a) => `a margin call on position ${s(a.positionId)} is already open until ${date(a.deadline)}`,
  NotInDefault: (a) => `position ${s(a.positionId)} is not in default (loan-to-value ${s(a.ratioBps)} bps, due ${date(a.dueDate)})`,
  AuctionNotLive: (a) => `no auction is running for position ${s(a.positionId)}`,
  AuctionEnded: (a) => `the auction round ended unsold at ${date(a.endedAt)}; restart it first`,
  AuctionStillLive: (a) => `the auction round runs until ${date(a.endsAt)}`,
  BidBelowPrice: (a) => `the bid ${s(a.bid)} is below the current price ${s(a.price)}`,
  NotRedeemable: (a) => `the CT cannot be redeemed before its due date ${date(a.dueDate)} unless its position was liquidated`,
  XtTransferFailed: (a) => `moving ${s(a.amount)} XT from ${s(a.from)} to ${s(a.to)} failed`,
  NothingToCollect: (a) => `nothing of the pledged claim's settlement is due to position ${s(a.positionId)} now`,
  GoodsTopUpRefused: (a) =>
    a.reason === 'count' ? `position ${s(a.positionId)} already holds the most goods a position may add` : `only a goods position takes more goods (position ${s(a.positionId)})`,
  ClaimNotPledgeable: (a) =>
    ({
      kind: `${s(a.claimId)} is not a receivable claim`,
      obligor: `claim ${s(a.claimId)} is the pledgor's own obligation: it cannot back the pledgor's debt`,
      dueDate: `claim ${s(a.claimId)} is already due; only a claim before its due date can be pledged`,
      settlement: `claim ${s(a.claimId)} has no receivable settlement behind it`,
    })[String(a.field)] ?? `claim ${s(a.claimId)} cannot be pledged (${s(a.field)})`,
  NotClaimHolder: (a) => `${s(a.caller)} holds none of claim ${s(a.claimId)}`,
  ProceedsTransferFailed: (a) => `paying ${s(a.amount)} XT of a pledged claim's settlement to ${s(a.to)} failed`,
  ClaimAlreadyPledged: (a) => `${s(a.holder)}'s holding of claim ${s(a.claimId)} already backs position ${s(a.positionId)}; it cannot be pledged twice`,
};
