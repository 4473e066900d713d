import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { settlementTokenAbi, settlementTokenBytecode } from './generated/index.ts';

/** XT, the settlement token (contracts/currency/SettlementToken.sol): only certified members hold it. */
export const currencyContracts: ContractPart = {
  logical: [{ name: 'SettlementToken', abi: settlementTokenAbi }],
  deploy: [
    {
      name: 'SettlementToken',
      abi: settlementTokenAbi,
      bytecode: settlementTokenBytecode,
      serves: ['SettlementToken'],
      needs: ['MemberRegistry'],
      args: ({ deployed }) => [deployed.MemberRegistry],
    },
  ],
};

/** The settlement token where this platform deployed it. */
export const settlementToken = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'SettlementToken', address: addressOf(ctx.deployment, 'SettlementToken'), abi: settlementTokenAbi }) as const;

const s = (v: unknown) => String(v);

/** The settlement token's custom errors in words. */
export const currencyExplanations: RevertExplanations = {
  XtAmountZero: () => 'the amount must be greater than zero',
  XtReferenceInvalid: () => 'a non-zero reference is required',
  XtDepositReferenceUsed: (a) => `deposit reference ${s(a.depositRef)} has already been credited`,
  XtWithdrawalReferenceUsed: (a) => `withdrawal reference ${s(a.withdrawalRef)} has already been used`,
  XtAccountCannotHold: (a) => `${s(a.account)} is not a certified member and cannot send or receive XT`,
  EnforcedPause: () => 'the settlement currency is paused by the operator',
  ExpectedPause: () => 'the settlement currency is not paused',
};
