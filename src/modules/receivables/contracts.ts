import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { receivablesAbi, receivablesBytecode } from './generated/index.ts';
import { formatXt } from '../../domain/money.ts';

/** Receivables (contracts/receivables/Receivables.sol): trades, credit lines, issuance, settlement, guarantees. */
export const receivablesContracts: ContractPart = {
  logical: [{ name: 'Receivables', abi: receivablesAbi }],
  deploy: [
    {
      name: 'Receivables',
      abi: receivablesAbi,
      bytecode: receivablesBytecode,
      serves: ['Receivables'],
      needs: ['ClaimLedger', 'MemberRegistry', 'ConsortiumRegistry', 'SettlementToken'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.MemberRegistry, deployed.ConsortiumRegistry, deployed.SettlementToken],
    },
  ],
  configure: [
    {
      // Settlement holds XT and mints and burns members' claims: the registry must know it as a platform contract.
      describe: (d) => `registered Receivables ${d.Receivables} as a platform contract`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.Receivables, true],
    },
  ],
};

/** The Receivables contract where this platform deployed it. */
export const receivables = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'Receivables', address: addressOf(ctx.deployment, 'Receivables'), abi: receivablesAbi }) as const;

const s = (v: unknown) => String(v);
const xt = (v: unknown) => formatXt(String(v));
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 10);

/** The Receivables contract's custom errors in words. */
export const receivablesExplanations: RevertExplanations = {
  CreditLineHeldByOther: (a) => `the credit line of ${s(a.obligor)} was granted by ${s(a.provider)}; only that funder or the operator can change it`,
  NotTradeSupplier: () => 'only the supplier named in the trade can submit it',
  SupplierRoleRequired: (a) => `${s(a.caller)} is not a certified supplier or distributor`,
  BatchLengthMismatch: (a) => `the batch has ${s(a.ids)} claim ids but ${s(a.holders)} holders`,
  NotCreditProvider: (a) => `${s(a.caller)} is neither the operator nor a funder, so it cannot set credit lines`,
  CreditLineExceeded: (a) => `the credit line of ${s(a.obligor)} is ${xt(a.limit)} with ${xt(a.used)} used; ${xt(a.requested)} more would exceed it`,
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
    `what is owed now is ${xt(a.principal)} of principal and ${xt(a.interest)} of late interest; ${xt(a.offered)} cannot be paid (at least 0.01 XT, at most the sum)`,
  NotLineManager: (a) => `${s(a.caller)} does not manage the credit line of ${s(a.obligor)} (the operator or the funder that granted it does)`,
  GuarantorIsObligor: () => 'a core enterprise cannot guarantee its own credit line',
  GuaranteeAlreadyActive: (a) => `the credit line of ${s(a.obligor)} is already guaranteed by ${s(a.guarantor)}; withdraw that guarantee first`,
  GuaranteeNotProposed: (a) => `no guarantee of the credit line of ${s(a.obligor)} awaits ${s(a.caller)}'s acceptance`,
  NoGuarantee: (a) => `the credit line of ${s(a.obligor)} has no guarantee, proposed or active`,
  NotGuaranteeParty: (a) => `${s(a.caller)} is neither the guarantor nor the manager of the credit line of ${s(a.obligor)}`,
  GuarantorNotActive: (a) =>
    `the guarantor ${s(a.guarantor)} of the credit line of ${s(a.obligor)} is no longer a certified guarantor; the line's manager must withdraw or replace the guarantee before more claims are issued`,
  NotRedeemableYet: (a) => `the claim cannot be redeemed before its due date ${date(a.dueDate)}`,
  NothingToRedeem: () => 'nothing is due to this holder yet',
  NotIssuedClaim: (a) => `${s(a.id)} is not an issued claim`,
  AdvanceRecipientRole: (a) => `${s(a.recipient)} cannot receive this advance: a purchase order's CTs go to a certified supplier (the manufacturer), a channel sale's to a certified distributor (kind ${s(a.kind)})`,
  NotAdvance: (a) => `${s(a.root)} was not issued against an order`,
  OrderAlreadyClosed: (a) => `the order behind ${s(a.root)} was already closed by invoice key ${s(a.invoiceKey)}`,
  OrderCloseInvalid: (a) => `closing the order behind ${s(a.root)} needs its ${s(a.field)}`,
};
