/**
 * XT (SettlementToken): the gateway deposits against a bank reference, a member withdraws against one.
 */
import { abi } from '../../setup.ts';
import type { Spec } from '../specs.ts';
import type { Model } from '../state.ts';
import { assertOutcome, type Fail } from './outcome.ts';
import { at, resolveAmount } from './picks.ts';

export async function deposit(m: Model, s: Extract<Spec, { t: 'deposit' }>): Promise<void> {
  const f = m.f;
  const targets = [...m.members, f.outsider.address, f.strangers[0]!];
  const to = at(targets, s.to)!;
  const ref = s.reuseRef ? at(m.depositRefs, s.ref)! : m.fresh('deposit');
  let expected: Fail | null = null;
  if (s.amount === 0n) expected = { error: 'XtAmountZero' };
  else if (m.depositRefs.includes(ref)) expected = { error: 'XtDepositReferenceUsed' };
  else if (!m.canHold(to)) expected = { error: 'XtAccountCannotHold' };
  const r = await f.chain.write(f.gateway, f.addresses.xt, abi.xt, 'deposit', [to, s.amount, ref]);
  assertOutcome(m, 'deposit', r, expected);
  if (expected !== null) return;
  m.depositRefs.push(ref);
  m.xt.set(to, m.xtOf(to) + s.amount);
  m.xtSupply += s.amount;
}

export async function withdraw(m: Model, s: Extract<Spec, { t: 'withdraw' }>): Promise<void> {
  const f = m.f;
  const who = at(m.members, s.who)!;
  const amount = resolveAmount(m.xtOf(who), s.amt);
  const ref = s.reuseRef && m.withdrawRefs.length > 0 ? at(m.withdrawRefs, s.ref)! : m.fresh('withdrawal');
  let expected: Fail | null = null;
  if (amount === 0n) expected = { error: 'XtAmountZero' };
  else if (m.withdrawRefs.includes(ref)) expected = { error: 'XtWithdrawalReferenceUsed' };
  else if (!m.canHold(who)) expected = { error: 'XtAccountCannotHold' };
  else if (m.xtOf(who) < amount) expected = { error: 'ERC20InsufficientBalance' };
  const r = await f.chain.write(m.actorOf(who), f.addresses.xt, abi.xt, 'withdraw', [amount, ref]);
  assertOutcome(m, 'withdraw', r, expected);
  if (expected !== null) return;
  m.withdrawRefs.push(ref);
  m.xt.set(who, m.xtOf(who) - amount);
  m.xtSupply -= amount;
}
