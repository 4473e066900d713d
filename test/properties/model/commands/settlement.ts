/**
 * Settlement (Receivables): the obligor or its guarantor pays, late interest first, and holders redeem their share,
 * one by one or in a batch.
 */
import assert from 'node:assert/strict';
import { decodeEventLog, type Address } from 'viem';
import { abi, lc } from '../../setup.ts';
import { accrual, daysLate } from '../rules.ts';
import type { Spec } from '../specs.ts';
import type { Model } from '../state.ts';
import { assertOutcome, bump, type Fail } from './outcome.ts';
import { at, pickClaim, resolveAmount } from './picks.ts';

export async function pay(m: Model, s: Extract<Spec, { t: 'pay' }>): Promise<void> {
  const f = m.f;
  const rootIds = [...m.roots.keys()];
  const rootId = at(rootIds, s.root);
  if (rootId === undefined) return bump(m, 'pay:skip');
  const root = m.roots.get(rootId)!;
  const children = root.ids.filter((x) => x !== rootId);
  const id = s.as === 'child' && children.length > 0 ? at(children, s.root)! : rootId;
  const caller = s.as === 'supplier' ? f.suppliers[s.root % 4]! : s.as === 'guarantor' ? f.guarantor : f.core;
  const t = f.chain.now + 1n;
  const a = accrual(root, t);
  const owed = a.principal + a.due;
  const amount = resolveAmount(owed, s.amt);
  let expected: Fail | null = null;
  if (id !== rootId) expected = { error: 'NotIssuedClaim' };
  else if (caller.address !== f.core.address && caller.address !== root.guarantor) expected = { error: 'NotObligor' };
  else if (amount === 0n || amount > owed) expected = { error: 'OverPayment' };
  else if (!m.canHold(caller.address)) expected = { error: 'XtAccountCannotHold' };
  else if (m.xtOf(caller.address) < amount) expected = { error: 'ERC20InsufficientBalance' };
  const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'pay', [id, amount]);
  assertOutcome(m, 'pay', r, expected);
  if (expected !== null) return;
  // After the due day: interest first, then principal; the checkpoint moves to today.
  const interestPart = daysLate(root.dueDate, t) > 0n ? (amount < a.due ? amount : a.due) : 0n;
  const principalPart = amount - interestPart;
  root.interestDue = a.due - interestPart;
  root.accruedDays = a.days;
  root.carry = a.carry;
  root.interestPaid += interestPart;
  root.paid += amount;
  m.credit.used -= principalPart;
  m.moveXt(caller.address, f.addresses.receivables, amount);
  if (a.accrued > 0n) bump(m, 'pay:late-interest-accrued');
  if (interestPart > 0n) bump(m, 'pay:interest-paid');
  if (caller.address === root.guarantor) bump(m, 'pay:by-guarantor');
  if (root.paid - root.interestPaid === root.face) bump(m, 'pay:fully-paid');
  // The payment's own events say how it split.
  const paidEvent = r.ok
    ? r.logs
        .filter((l) => lc(l.address) === f.addresses.receivables)
        .map((l) => {
          try {
            return decodeEventLog({ abi: abi.receivables, data: l.data, topics: l.topics });
          } catch {
            return null;
          }
        })
        .find((e) => e?.eventName === 'SettlementPaid')
    : undefined;
  assert.ok(paidEvent, 'pay emitted no SettlementPaid');
  const args = paidEvent.args as { payer: Address; principal: bigint; interest: bigint; amount: bigint };
  assert.deepEqual([lc(args.payer), args.amount, args.principal, args.interest], [caller.address, amount, principalPart, interestPart], 'SettlementPaid split');
}

/** Receivables._redeem: the payout, or the failure; `batch` skips zero payouts instead of reverting. */
function redemption(m: Model, id: bigint, holder: Address, batch: boolean): { fail: Fail | null; payout: bigint; burned: bigint } {
  const c = m.claims.get(id);
  const none = { payout: 0n, burned: 0n };
  if (!c) return { fail: { error: 'NotIssuedClaim' }, ...none };
  const t = m.f.chain.now + 1n;
  if (t < c.dueDate) return { fail: { error: 'NotRedeemableYet' }, ...none };
  const root = m.roots.get(c.root)!;
  const h = c.holdings.get(holder);
  const balance = h?.balance ?? 0n;
  const entitled = (balance * root.paid) / root.face;
  const payout = entitled - (h?.received ?? 0n);
  if (payout === 0n) return { fail: batch ? null : { error: 'NothingToRedeem' }, ...none };
  if (!m.canHold(holder)) return { fail: { error: 'XtAccountCannotHold' }, ...none };
  assert.ok(m.xtOf(m.f.addresses.receivables) >= payout, 'the settlement holds less XT than a payout');
  // Units burn once the principal is paid in full (interest is settled first, so nothing more accrues then).
  return { fail: null, payout, burned: root.paid - root.interestPaid === root.face ? balance : 0n };
}

function applyRedemption(m: Model, id: bigint, holder: Address, payout: bigint, burned: bigint): void {
  if (payout === 0n) return;
  const c = m.claims.get(id)!;
  const root = m.roots.get(c.root)!;
  const h = m.holding(c, holder);
  const fully = root.paid - root.interestPaid === root.face;
  h.received = fully ? 0n : h.received + payout;
  h.paidOut += payout;
  h.balance -= burned;
  h.burned += burned;
  c.burned += burned;
  root.distributed += payout;
  m.moveXt(m.f.addresses.receivables, holder, payout);
  // Property 5: no holding ever receives more XT than its units' exact share of what was paid in (principal and
  // late interest): floor(units held at maturity × paid / face).
  const share = ((h.balance + h.burned) * root.paid) / root.face;
  assert.ok(h.paidOut <= share, `holding of ${holder} in ${id} received ${h.paidOut}, more than its share ${share}`);
  if (root.interestPaid > 0n && payout > 0n) bump(m, 'redeem:with-interest');
}

export async function redeem(m: Model, s: Extract<Spec, { t: 'redeem' }>): Promise<void> {
  const f = m.f;
  const caller = at(m.actors, s.caller)!;
  if (s.unknown) {
    const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'redeem', [BigInt(m.fresh('unknown-claim')), f.core.address]);
    return assertOutcome(m, 'redeem', r, { error: 'NotIssuedClaim' });
  }
  // Mostly a claim that is due and has units; sometimes any (not yet due ones must be refused).
  const due = m.order.filter((id) => m.claims.get(id)!.dueDate <= f.chain.now + 1n && m.supply(m.claims.get(id)!) > 0n);
  const c = due.length > 0 && s.claim % 4 !== 0 ? m.claims.get(at(due, s.claim)!)! : pickClaim(m, s.claim);
  if (!c) return bump(m, 'redeem:skip');
  if (s.batch) {
    // Every holding of the claim's tree (mostly only of its ids that are due), in the model's order.
    const t = f.chain.now + 1n;
    const ids = m.roots.get(c.root)!.ids.filter((id) => s.holder % 3 === 0 || m.claims.get(id)!.dueDate <= t);
    const pairs: Array<[bigint, Address]> = [];
    for (const id of ids) for (const a of m.claims.get(id)!.holdings.keys()) pairs.push([id, a]);
    // A batch skips entries not yet due and holders frozen out of XT (Receivables.redeemBatch).
    const results = pairs.map(([id, a]) => {
      const x = redemption(m, id, a, true);
      return x.fail?.error === 'NotRedeemableYet' || x.fail?.error === 'XtAccountCannotHold' ? { fail: null, payout: 0n, burned: 0n } : x;
    });
    if (results.some((x, i) => x.payout === 0n && redemption(m, pairs[i]![0], pairs[i]![1], true).fail !== null)) bump(m, 'redeemBatch:skipped-entry');
    const firstFail = results.find((x) => x.fail !== null)?.fail ?? null;
    const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'redeemBatch', [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
    assertOutcome(m, 'redeemBatch', r, firstFail);
    if (firstFail === null) {
      pairs.forEach(([id, a], i) => applyRedemption(m, id, a, results[i]!.payout, results[i]!.burned));
      for (const x of results) if (x.payout > 0n) bump(m, x.burned > 0n ? 'redeemBatch:final-payout' : 'redeemBatch:partial-payout');
    }
    return;
  }
  const holders = [...c.holdings.keys()];
  const holder = at(holders.length > 0 ? holders : m.members, s.holder)!;
  const x = redemption(m, c.id, holder, false);
  const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'redeem', [c.id, holder]);
  assertOutcome(m, 'redeem', r, x.fail);
  if (x.fail === null) {
    applyRedemption(m, c.id, holder, x.payout, x.burned);
    bump(m, x.burned > 0n ? 'redeem:final' : 'redeem:partial');
  }
}
