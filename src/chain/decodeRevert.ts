import { BaseError, decodeErrorResult, type Hex } from 'viem';
import { allErrorsAbi } from './contracts.ts';
import { bitsToRoles, memberStatuses, membershipStates } from '../domain/roles.ts';

/** A contract revert, decoded into its custom error name, arguments and a sentence a person can read. */
export interface DecodedRevert {
  /** The Solidity error name, e.g. `XtDepositReferenceUsed`; `Reverted` when no reason could be decoded. */
  name: string;
  args: Record<string, unknown>;
  message: string;
}

type Args = Record<string, unknown>;
const s = (v: unknown) => String(v);
const status = (v: unknown) => memberStatuses[Number(v)] ?? s(v);
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 10);
const roles = (v: unknown) => bitsToRoles(BigInt(s(v))).join(', ') || 'none';

const explain: Record<string, (a: Args) => string> = {
  MemberAlreadyRegistered: (a) => `address ${s(a.member)} is already registered`,
  MemberAddressZero: () => 'a member cannot be registered at the zero address',
  MemberNotRegistered: (a) => `address ${s(a.member)} is not a registered member`,
  MemberStatusInvalid: (a) => `member ${s(a.member)} is ${status(a.status)}, which does not allow this`,
  MemberNotActive: (a) => `member ${s(a.member)} is not certified (status: ${status(a.status)})`,
  MemberLacksRole: (a) => `member ${s(a.member)} lacks the role(s) ${roles(a.required)} (holds: ${roles(a.held)})`,
  LegalIdentityTaken: (a) => `this legal identity is already registered to ${s(a.holder)}`,
  LegalIdentityMissing: () => 'a legal identity hash is required',
  RolesInvalid: (a) => `roles ${s(a.roles)} are not a valid set`,
  PrivilegedRolesRequireAdmin: (a) => `only the platform operator may grant ${roles(a.roles)}`,
  NotCertifier: (a) =>
    `${s(a.caller)} is neither the operator nor an active verifier, so it cannot register, certify, suspend, reinstate or revoke members`,
  OwnableUnauthorizedAccount: (a) => `${s(a.account)} is not the platform operator`,
  OwnableInvalidOwner: (a) => `${s(a.owner)} cannot become the registry's owner`,
  ConsortiumIdInvalid: () => 'the consortium id must not be zero',
  ConsortiumExists: (a) => `consortium ${s(a.consortiumId)} already exists`,
  ConsortiumNotFound: (a) => `consortium ${s(a.consortiumId)} does not exist`,
  NotConsortiumCore: (a) => `${s(a.caller)} is not the core enterprise of consortium ${s(a.consortiumId)}`,
  MembershipStateInvalid: (a) =>
    `${s(a.member)} is ${membershipStates[Number(a.state)] ?? s(a.state)} in consortium ${s(a.consortiumId)}, which does not allow this`,
  ConsortiumMembershipRequired: (a) => `${s(a.account)} is not a member of consortium ${s(a.consortiumId)}`,
  CoreCannotLeave: () => 'the core enterprise cannot leave or be removed from its own consortium',
  XtAmountZero: () => 'the amount must be greater than zero',
  XtReferenceInvalid: () => 'a non-zero reference is required',
  XtDepositReferenceUsed: (a) => `deposit reference ${s(a.depositRef)} has already been credited`,
  XtWithdrawalReferenceUsed: (a) => `withdrawal reference ${s(a.withdrawalRef)} has already been used`,
  XtAccountCannotHold: (a) => `${s(a.account)} is not a certified member and cannot send or receive XT`,
  ERC20InsufficientBalance: (a) => `balance ${s(a.balance)} is less than the ${s(a.needed)} required`,
  ERC20InvalidReceiver: (a) => `${s(a.receiver)} cannot receive tokens`,
  ERC20InvalidSender: (a) => `${s(a.sender)} cannot send tokens`,
  ERC20InsufficientAllowance: (a) => `${s(a.spender)} may spend only ${s(a.allowance)} of this account's XT, less than the ${s(a.needed)} requested`,
  ERC20InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC20InvalidSpender: (a) => `${s(a.spender)} cannot be approved`,
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
  CreditLineHeldByOther: (a) => `the credit line of ${s(a.obligor)} was granted by ${s(a.provider)}; only that funder or the operator can change it`,
  NotTradeSupplier: () => 'only the supplier named in the trade can submit it',
  SupplierRoleRequired: (a) => `${s(a.caller)} is not a certified supplier or distributor`,
  BatchLengthMismatch: (a) => `the batch has ${s(a.ids)} claim ids but ${s(a.holders)} holders`,
  SelfTransfer: () => 'a claim cannot be transferred to its own holder',
  AmountTooLarge: (a) => `amount ${s(a.amount)} is too large`,
  AmountZero: () => 'the amount must be greater than zero',
  NotPlatformContract: (a) => `${s(a.caller)} is not a platform contract`,
  ERC6909InsufficientBalance: (a) => `the holding of claim ${s(a.id)} is ${s(a.balance)}, less than the ${s(a.needed)} requested`,
  ERC6909InsufficientAllowance: (a) => `${s(a.spender)} may move only ${s(a.allowance)} of claim ${s(a.id)}, less than the ${s(a.needed)} requested`,
  ERC6909InvalidReceiver: (a) => `${s(a.receiver)} cannot receive claims`,
  ERC6909InvalidSender: (a) => `${s(a.sender)} cannot send claims`,
  ERC6909InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC6909InvalidSpender: (a) => `${s(a.spender)} cannot be approved`,
  NotCreditProvider: (a) => `${s(a.caller)} is neither the operator nor a funder, so it cannot set credit lines`,
  CreditLineExceeded: (a) => `the credit line of ${s(a.obligor)} is ${s(a.limit)} with ${s(a.used)} used; ${s(a.requested)} more would exceed it`,
  InvoiceAlreadyUsed: () => 'this invoice already backs a claim (or a pending trade)',
  DocumentAlreadyUsed: () => 'this document already backs a claim (or a pending trade)',
  TradeExists: (a) => `trade ${s(a.tradeId)} already exists`,
  TradeTermsInvalid: (a) => `the trade's ${s(a.field)} is not valid`,
  TradeNotPending: (a) => `trade ${s(a.tradeId)} is not awaiting confirmation`,
  TradeMismatch: (a) => `the trade passed differs from the one submitted as ${s(a.tradeId)}`,
  NotTradeObligor: () => 'only the obligor (the buyer) of this trade can do that',
  ObligorLacksRole: (a) => `${s(a.obligor)} is not a certified core enterprise`,
  NotObligor: () => 'only the obligor of this claim, or its guarantor, can pay into its settlement',
  OverPayment: (a) =>
    `what is owed now is ${s(a.principal)} of principal and ${s(a.interest)} of late interest; ${s(a.offered)} cannot be paid (at least 1, at most the sum)`,
  NotLineManager: (a) => `${s(a.caller)} does not manage the credit line of ${s(a.obligor)} (the operator or the funder that granted it does)`,
  GuarantorIsObligor: () => 'a core enterprise cannot guarantee its own credit line',
  GuaranteeAlreadyActive: (a) => `the credit line of ${s(a.obligor)} is already guaranteed by ${s(a.guarantor)}; withdraw that guarantee first`,
  GuaranteeNotProposed: (a) => `no guarantee of the credit line of ${s(a.obligor)} awaits ${s(a.caller)}'s acceptance`,
  NoGuarantee: (a) => `the credit line of ${s(a.obligor)} has no guarantee, proposed or active`,
  NotGuaranteeParty: (a) => `${s(a.caller)} is neither the guarantor nor the manager of the credit line of ${s(a.obligor)}`,
  GuarantorNotActive: (a) =>
    `the guarantor ${s(a.guarantor)} of the credit line of ${s(a.obligor)} is no longer a certified guarantor; the line's manager must withdraw or replace the guarantee before more claims are issued`,
  SafeCastOverflowedUintDowncast: (a) => `the value ${s(a.value)} does not fit in ${s(a.bits)} bits`,
  NotRedeemableYet: (a) => `the claim cannot be redeemed before its due date ${date(a.dueDate)}`,
  NothingToRedeem: () => 'nothing is due to this holder yet',
  NotIssuedClaim: (a) => `${s(a.id)} is not an issued claim`,
  OfferExists: (a) => `offer ${s(a.offerId)} already exists`,
  OfferNotFound: (a) => `offer ${s(a.offerId)} does not exist`,
  OfferExpired: (a) => `the offer expired on ${date(a.expiresAt)}`,
  OfferExhausted: (a) => `the offer has ${s(a.remaining)} left, less than the ${s(a.requested)} requested`,
  OfferNotForYou: () => 'this quote was made for another holder',
  OfferObligorMismatch: (a) => `the offer buys claims on ${s(a.offerObligor)}, but this claim is owed by ${s(a.claimObligor)}`,
  NotFunder: (a) => `${s(a.caller)} is not a certified funder`,
  NotOfferFunder: () => 'only the funder who posted this offer can cancel it',
  PriceBelowMinimum: (a) => `the price ${s(a.price)} is below the minimum ${s(a.minPrice)} you accepted`,
  DiscountExceedsFace: (a) => `at this rate and term the discount ${s(a.discount)} would be at least the face ${s(a.amount)}`,
  OfferTermsInvalid: (a) => `the offer's ${s(a.field)} is not valid`,
  DayCountUnknown: (a) => `day-count convention ${s(a.dayCount)} is unknown`,
  ReentrancyGuardReentrantCall: () => 'the contract was called again while it was still handling a call',
  EnforcedPause: () => 'the settlement currency is paused by the operator',
  ExpectedPause: () => 'the settlement currency is not paused',
};

/** Decodes revert data (a custom error, `Error(string)` or `Panic(uint)`) against every contract's errors. */
export function decodeRevertData(data: Hex): DecodedRevert {
  try {
    const decoded = decodeErrorResult({ abi: allErrorsAbi, data });
    const inputs = decoded.abiItem.type === 'error' ? decoded.abiItem.inputs : [];
    const args: Args = {};
    inputs.forEach((input, i) => {
      args[input.name || `arg${i}`] = jsonSafe(decoded.args?.[i]);
    });
    const name = decoded.errorName;
    const message =
      explain[name]?.(args) ??
      (name === 'Error' ? s(args.message ?? args.arg0) : name === 'Panic' ? `panic code ${s(args.arg0)}` : name);
    return { name, args, message };
  } catch {
    return { name: 'Reverted', args: { data }, message: `the transaction reverted with unrecognised data ${data.slice(0, 74)}` };
  }
}

/** Finds revert data anywhere in a viem error chain; returns undefined when the error is not a revert. */
export function revertDataOf(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data) && data.length >= 10) return data as Hex;
    if (data && typeof data === 'object' && typeof (data as { data?: unknown }).data === 'string') {
      return (data as { data: Hex }).data;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the error says execution reverted (with or without data), as opposed to a transport failure. */
export function isExecutionRevert(error: unknown): boolean {
  if (revertDataOf(error)) return true;
  const text = error instanceof BaseError ? error.details + ' ' + error.shortMessage : String(error);
  return /revert/i.test(text);
}

/** Converts bigints (and nested values) into JSON-safe values: bigint → decimal string. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
