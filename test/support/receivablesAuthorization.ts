/**
 * The Receivables contract's rows of the on-chain authorization matrix (test/authorization.test.ts): what a fresh
 * outside account meets calling each of its state-changing functions (advances and their orders included).
 */
import type { Address, Hex } from 'viem';
import type { AuthorizationFixture } from './authorization.ts';

type Gate = 'owner' | 'certifier' | 'member role' | 'platform contract' | 'named party' | 'open';
interface ChainRow {
  gate: Gate;
  args: (f: AuthorizationFixture, outsider: Address) => readonly unknown[];
  expect: ((f: AuthorizationFixture, outsider: Address) => [string, Record<string, unknown>?]) | 'succeeds';
}

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;

export function receivablesChainRows(ref: (label: string) => Hex): Record<string, Record<string, ChainRow>> {
  const caller = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { caller: o }] as [string, Record<string, unknown>];
  const core = (f: AuthorizationFixture) => f.by.core_enterprise.address;
  return {
    Receivables: {
      setCreditLine: { gate: 'member role', args: (f) => [core(f), 1n], expect: caller('NotCreditProvider') },
      proposeGuarantee: { gate: 'named party', args: (f, o) => [core(f), o], expect: (f, o) => ['NotLineManager', { obligor: core(f), caller: o }] },
      acceptGuarantee: { gate: 'named party', args: (f) => [core(f)], expect: (f, o) => ['GuaranteeNotProposed', { obligor: core(f), caller: o }] },
      withdrawGuarantee: { gate: 'named party', args: (f) => [core(f)], expect: (f, o) => ['NotGuaranteeParty', { obligor: core(f), caller: o }] },
      submitTrade: {
        gate: 'member role',
        args: (f, o) => [ref('trade'), { ...f.trade.background, supplier: o, invoiceKey: ref('invoice') }],
        expect: caller('SupplierRoleRequired'),
      },
      confirmTrade: { gate: 'named party', args: (f) => [f.trade.id, f.trade.background], expect: (f, o) => ['NotTradeObligor', { tradeId: f.trade.id, caller: o }] },
      rejectTrade: { gate: 'named party', args: (f) => [f.trade.id, f.trade.background, ZERO32], expect: (f, o) => ['NotTradeObligor', { tradeId: f.trade.id, caller: o }] },
      issuePayable: {
        gate: 'named party',
        args: (f) => [ref('payable'), { ...f.trade.background, invoiceKey: ref('payable-invoice') }],
        expect: (_f, o) => ['NotTradeObligor', { tradeId: ref('payable'), caller: o }],
      },
      issueAdvance: {
        gate: 'named party',
        args: (f) => [ref('advance'), { ...f.trade.background, invoiceKey: ref('advance-order') }, 0],
        expect: (_f, o) => ['NotTradeObligor', { tradeId: ref('advance'), caller: o }],
      },
      closeOrder: { gate: 'named party', args: (f) => [BigInt(f.claim), ref('invoice'), ref('delivery')], expect: (f, o) => ['NotObligor', { root: BigInt(f.claim).toString(), caller: o }] },
      pay: { gate: 'named party', args: (f) => [BigInt(f.claim), 1n], expect: (f, o) => ['NotObligor', { root: BigInt(f.claim).toString(), caller: o }] },
      // Anyone may push a holder's payout to the holder (never elsewhere); before the due date there is none.
      redeem: { gate: 'open', args: (f) => [BigInt(f.claim), f.by.supplier.address], expect: (f) => ['NotRedeemableYet', { id: BigInt(f.claim).toString() }] },
      redeemBatch: { gate: 'open', args: (f) => [[BigInt(f.claim)], [f.by.supplier.address]], expect: 'succeeds' },
    },
  };
}
