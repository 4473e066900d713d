/**
 * The claim ledger (ClaimLedger): transfer and modify, with the recipient, maturity and depth rules every movement
 * of a claim obeys (the market's sale moves claims through the same rules).
 */
import assert from 'node:assert/strict';
import type { Address } from 'viem';
import { abi, id32 } from '../../setup.ts';
import { childIdOf } from '../rules.ts';
import type { Spec } from '../specs.ts';
import { U16, U8, ZERO32, type ClaimM, type Model } from '../state.ts';
import { assertOutcome, bump, readLedger, type Fail } from './outcome.ts';
import { at, pickClaim, pickHolder, resolveAmount } from './picks.ts';

/** Checks of ClaimLedger._update for a transfer, in order. */
export function transferFailure(m: Model, c: ClaimM, from: Address, to: Address, amount: bigint, viaMarket = false): Fail | null {
  const h = c.holdings.get(from);
  const t = m.f.chain.now + 1n;
  if ((h?.balance ?? 0n) < amount) return { error: 'ERC6909InsufficientBalance' };
  if (t >= c.dueDate) return { error: 'ClaimMatured' };
  if ((h?.hops ?? 0) >= c.maxHops) return { error: 'TransferDepthExhausted' };
  if (!m.canHold(from)) return { error: 'HolderNotActive' };
  if (!m.isMember(to)) return { error: 'RecipientNotAllowed' };
  if (from === to) return { error: 'SelfTransfer' };
  const r = c.holdings.get(to);
  if (!viaMarket && r && r.balance > 0n && (h?.hops ?? 0) + 1 > r.hops) return { error: 'HoldingDepthMismatch' };
  return null;
}

export function applyTransfer(m: Model, c: ClaimM, from: Address, to: Address, amount: bigint, viaMarket = false): void {
  const h = m.holding(c, from);
  const hops = h.hops + 1;
  h.balance -= amount;
  const r = m.holding(c, to);
  if (r.balance === 0n || (viaMarket && hops > r.hops)) r.hops = hops;
  r.balance += amount;
  // Property 7: a unit received by transfer never has more hops than the id allows.
  assert.ok(r.hops <= c.maxHops || r.carried, `holding of ${to} in ${c.id} has ${r.hops} hops > maxHops ${c.maxHops}`);
}

export async function transfer(m: Model, s: Extract<Spec, { t: 'transfer' }>): Promise<void> {
  const f = m.f;
  const c = pickClaim(m, s.claim);
  if (!c) return bump(m, 'transfer:skip');
  const from = pickHolder(m, c, s.holder);
  const to = s.toMember ? at(m.members, s.to)! : at(m.nonMembers, s.to)!;
  const amount = resolveAmount(c.holdings.get(from)?.balance ?? 0n, s.amt);
  const expected = transferFailure(m, c, from, to, amount);
  const r = await f.chain.write(m.actorOf(from), f.addresses.ledger, abi.ledger, 'transfer', [to, c.id, amount]);
  assertOutcome(m, 'transfer', r, expected);
  // Property 7, stated directly: a recipient outside the consortium, or suspended, never receives.
  if (!m.isMember(to)) assert.ok(!r.ok, `a transfer to ${m.suspended.has(to) ? 'a suspended member' : 'a non-member'} succeeded`);
  if (m.f.chain.now >= c.dueDate) assert.ok(!r.ok, 'a transfer after the due date succeeded');
  if (expected === null) applyTransfer(m, c, from, to, amount);
}

export async function modify(m: Model, s: Extract<Spec, { t: 'modify' }>): Promise<void> {
  const f = m.f;
  const p = pickClaim(m, s.claim);
  if (!p) return bump(m, 'modify:skip');
  const holder = pickHolder(m, p, s.holder);
  const ph = p.holdings.get(holder);
  const amount = resolveAmount(ph?.balance ?? 0n, s.amt);
  const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);
  const n = {
    obligor: s.other === 'obligor' ? f.suppliers[0]!.address : p.obligor,
    dueDate: clamp(p.dueDate + BigInt(s.dDue), 1n, (1n << 40n) - 1n),
    lateRateBps: Number(clamp(BigInt(p.lateRateBps + s.dLate), 0n, BigInt(U16))),
    maxHops: Number(clamp(BigInt(p.maxHops + s.dHops), 0n, BigInt(U8))),
    dayCount: s.other === 'dayCount' ? 1 - p.dayCount : p.dayCount,
    kind: s.other === 'kind' ? 2 : p.kind,
    consortiumId: s.other === 'consortiumId' ? id32('consortium:elsewhere') : p.consortiumId,
  };
  // Which term is wider, in the order the contract checks them.
  const wider: string[] = [];
  if (n.obligor !== p.obligor) wider.push('obligor');
  if (n.kind !== p.kind) wider.push('kind');
  if (n.consortiumId !== p.consortiumId) wider.push('consortiumId');
  if (n.dayCount !== p.dayCount) wider.push('dayCount');
  if (n.dueDate < p.dueDate) wider.push('dueDate');
  if (n.lateRateBps > p.lateRateBps) wider.push('lateRateBps');
  if (n.maxHops > p.maxHops) wider.push('maxHops');

  const t = f.chain.now + 1n;
  let expected: Fail | null = null;
  if (t >= p.dueDate) expected = { error: 'ClaimMatured' };
  else if (!m.isActive(holder)) expected = { error: 'HolderNotActive' };
  else if (wider.length > 0) expected = { error: 'ModifyWidensTerms', field: wider[0]! };
  else if (amount === 0n) expected = { error: 'AmountZero' };
  else if ((ph?.balance ?? 0n) < amount) expected = { error: 'ERC6909InsufficientBalance' };

  const child = childIdOf(p.id, n.dueDate, n.lateRateBps, n.maxHops);
  const read = readLedger(m);
  const [parentBefore, childBefore] = await Promise.all([read.supply(p.id), read.supply(child)]);
  const r = await f.chain.write(m.actorOf(holder), f.addresses.ledger, abi.ledger, 'modify', [
    p.id,
    amount,
    { ...n, dueDate: Number(n.dueDate), parent: 0n, root: 0n, documentsHash: ZERO32 },
  ]);
  assertOutcome(m, 'modify', r, expected);
  const [parentAfter, childAfter] = await Promise.all([read.supply(p.id), read.supply(child)]);
  // Property 3: a wider term always reverts; otherwise value only moves from the parent to the child.
  if (wider.length > 0) assert.ok(!r.ok, `modify widened ${wider.join(', ')} and succeeded`);
  if (r.ok) {
    assert.equal(childAfter - childBefore, amount, 'child totalSupply did not grow by exactly the amount');
    assert.equal(parentBefore - parentAfter, amount, 'parent totalSupply did not shrink by exactly the amount');
  } else {
    assert.equal(parentAfter, parentBefore, 'a failed modify changed the parent supply');
    assert.equal(childAfter, childBefore, 'a failed modify changed the child supply');
  }
  if (expected !== null) return;

  let c = m.claims.get(child);
  if (!c) {
    c = {
      id: child,
      root: p.root,
      parent: p.id,
      obligor: n.obligor,
      dueDate: n.dueDate,
      lateRateBps: n.lateRateBps,
      maxHops: n.maxHops,
      dayCount: n.dayCount,
      kind: n.kind,
      consortiumId: n.consortiumId,
      documentsHash: p.documentsHash,
      holdings: new Map(),
      minted: 0n,
      burned: 0n,
    };
    m.claims.set(child, c);
    m.order.push(child);
    m.roots.get(p.root)!.ids.push(child);
  }
  const from = m.holding(p, holder);
  from.balance -= amount;
  p.burned += amount;
  const to = m.holding(c, holder);
  to.balance += amount;
  c.minted += amount;
  if (to.hops < from.hops) {
    to.hops = from.hops;
    if (to.hops > c.maxHops) {
      to.carried = true;
      bump(m, 'finding:modify-carried-hops-above-maxHops');
    }
  }
}
