/**
 * The core's credit line and its guarantee (Receivables): who may set the line, and propose, accept and withdraw a
 * guarantor for the claims issued under it.
 */
import type { Address } from 'viem';
import { abi, type Actor, type TxResult } from '../../setup.ts';
import type { Spec } from '../specs.ts';
import { ZERO_ADDRESS, type Model } from '../state.ts';
import { assertOutcome, type Fail } from './outcome.ts';

export async function setCredit(m: Model, s: Extract<Spec, { t: 'credit' }>): Promise<void> {
  const f = m.f;
  const used = m.credit.used;
  const limit = s.sel === 'large' ? 10n ** 12n : s.sel === 'aboveUsed' ? used + s.delta : used > s.delta ? used - s.delta - 1n : 0n;
  const caller = s.by === 'operator' ? f.operator : s.by === 'funder' ? f.funders[0]! : f.suppliers[0]!;
  // A funder manages only a line it granted; the operator any line (Receivables.setCreditLine).
  const provider = m.credit.provider;
  const expected: Fail | null =
    s.by === 'supplier'
      ? { error: 'NotCreditProvider' }
      : s.by === 'funder' && provider !== null && provider !== caller.address
        ? { error: 'CreditLineHeldByOther' }
        : null;
  const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'setCreditLine', [f.core.address, limit]);
  assertOutcome(m, 'setCreditLine', r, expected);
  if (expected !== null) return;
  if (s.by === 'funder' || provider === null) m.credit.provider = caller.address;
  m.credit.limit = limit;
  if (limit < used) m.credit.lowered = true;
}

/** Receivables._isLineManager: the operator, or the funder that granted the line while it is a certified funder. */
function managesLine(m: Model, a: Address): boolean {
  return a === m.f.operator.address || (a === m.credit.provider && m.f.funders.some((x) => x.address === a) && m.isActive(a));
}

/** Who sends a guarantee command: for `by` 0–6 the party it is meant for, else one of the others. */
function guaranteeCaller(m: Model, action: 'propose' | 'accept' | 'withdraw', by: number): Actor {
  const f = m.f;
  const order: Record<typeof action, Actor[]> = {
    propose: [f.operator, f.funders[0]!, f.suppliers[0]!, f.guarantor],
    accept: [f.guarantor, f.operator, f.suppliers[0]!, f.funders[0]!],
    withdraw: [by % 2 === 0 ? f.guarantor : f.operator, f.funders[0]!, f.suppliers[0]!, f.funders[1]!],
  };
  return order[action][by < 7 ? 0 : by - 6]!;
}

/** Receivables.proposeGuarantee / acceptGuarantee / withdrawGuarantee, each check in the contract's order. */
export async function guarantee(m: Model, s: Extract<Spec, { t: 'guarantee' }>): Promise<void> {
  const f = m.f;
  const g = m.guarantee;
  // Resolved against the model, like the other commands' picks: mostly the step the guarantee's state calls for
  // (accept what is proposed, propose when nothing is), sometimes the drawn action whatever the state.
  let action = s.action;
  if (action === 'accept' && g.status !== 'Proposed' && s.by % 4 !== 0) action = 'propose';
  else if (action === 'propose' && g.status === 'Proposed' && s.by % 3 !== 0) action = 'accept';
  const caller = guaranteeCaller(m, action, s.by);
  let expected: Fail | null = null;
  let r: TxResult;
  if (action === 'propose') {
    const target = { guarantor: f.guarantor, supplier: f.suppliers[1]!, core: f.core }[s.who];
    if (!managesLine(m, caller.address)) expected = { error: 'NotLineManager' };
    else if (target.address === f.core.address) expected = { error: 'GuarantorIsObligor' };
    else if (!m.isActive(target.address)) expected = { error: 'MemberNotActive' };
    else if (target.address !== f.guarantor.address) expected = { error: 'MemberLacksRole' };
    else if (g.status === 'Active') expected = { error: 'GuaranteeAlreadyActive' };
    r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'proposeGuarantee', [f.core.address, target.address]);
    assertOutcome(m, 'proposeGuarantee', r, expected);
    if (expected === null) m.guarantee = { guarantor: target.address, status: 'Proposed' };
  } else if (action === 'accept') {
    if (g.status !== 'Proposed' || g.guarantor !== caller.address) expected = { error: 'GuaranteeNotProposed' };
    else if (!m.isActive(caller.address)) expected = { error: 'MemberNotActive' };
    r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'acceptGuarantee', [f.core.address]);
    assertOutcome(m, 'acceptGuarantee', r, expected);
    if (expected === null) m.guarantee = { guarantor: caller.address, status: 'Active' };
  } else {
    if (g.status === 'None') expected = { error: 'NoGuarantee' };
    else if (caller.address !== g.guarantor && !managesLine(m, caller.address)) expected = { error: 'NotGuaranteeParty' };
    r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'withdrawGuarantee', [f.core.address]);
    assertOutcome(m, 'withdrawGuarantee', r, expected);
    if (expected === null) m.guarantee = { guarantor: ZERO_ADDRESS, status: 'None' };
  }
}
