/**
 * Trades and issuance (Receivables): submit, confirm, reject, and issue a payable directly, with the checks for
 * double financing and the credit line.
 */
import assert from 'node:assert/strict';
import { abi, DAY, id32 } from '../../setup.ts';
import { claimIdFor } from '../rules.ts';
import type { Spec } from '../specs.ts';
import { ZERO32, ZERO_ADDRESS, type ClaimM, type Model, type TradeM } from '../state.ts';
import { assertOutcome, bump, readLedger, type Fail } from './outcome.ts';
import { at, pickTrade } from './picks.ts';

/** Checks of Receivables._checkNewTrade, in the contract's order. */
function newTradeFailure(m: Model, tr: TradeM): Fail | null {
  if (tr.amount === 0n) return { error: 'TradeTermsInvalid', field: 'amount' };
  if (tr.dueDate <= m.f.chain.now + 1n) return { error: 'TradeTermsInvalid', field: 'dueDate' };
  if (!m.isMember(tr.supplier)) return { error: 'TradeTermsInvalid', field: 'supplier' };
  if (m.invoiceUsed.get(tr.invoiceKey)) return { error: 'InvoiceAlreadyUsed' };
  if (tr.documentsHash !== ZERO32 && m.docUsed.get(tr.documentsHash)) return { error: 'DocumentAlreadyUsed' };
  return null;
}

/** Checks of Receivables._issue and ClaimLedger.issue, in order. */
function issueFailure(m: Model, tr: TradeM): Fail | null {
  if (m.credit.used + tr.amount > m.credit.limit) return { error: 'CreditLineExceeded' };
  // An active guarantee whose guarantor is no longer a certified guarantor stops issuance.
  if (m.guarantee.status === 'Active' && !m.isActive(m.guarantee.guarantor)) return { error: 'GuarantorNotActive' };
  if (tr.dueDate <= m.f.chain.now + 1n) return { error: 'ClaimTermsInvalid', field: 'dueDate' };
  if (!m.isMember(tr.supplier)) return { error: 'RecipientNotAllowed' };
  return null;
}

function applyIssue(m: Model, tr: TradeM): bigint {
  const f = m.f;
  m.credit.used += tr.amount;
  const id = claimIdFor(f.core.address, tr.invoiceKey);
  assert.ok(!m.claims.has(id), `claim id ${id} issued twice`);
  const c: ClaimM = {
    id,
    root: id,
    parent: 0n,
    obligor: f.core.address,
    dueDate: tr.dueDate,
    lateRateBps: tr.lateRateBps,
    maxHops: tr.maxHops,
    dayCount: tr.dayCount,
    kind: 0,
    consortiumId: f.consortiumId,
    documentsHash: tr.documentsHash,
    holdings: new Map(),
    minted: tr.amount,
    burned: 0n,
  };
  m.holding(c, tr.supplier).balance += tr.amount;
  m.claims.set(id, c);
  m.order.push(id);
  m.roots.set(id, {
    face: tr.amount,
    paid: 0n,
    distributed: 0n,
    ids: [id],
    interestPaid: 0n,
    interestDue: 0n,
    accruedDays: 0n,
    carry: 0n,
    dueDate: tr.dueDate,
    lateRateBps: tr.lateRateBps,
    dayCount: tr.dayCount,
    guarantor: m.guarantee.status === 'Active' ? m.guarantee.guarantor : ZERO_ADDRESS,
  });
  if (m.guarantee.status === 'Active') bump(m, 'issue:guaranteed');
  tr.status = 'Confirmed';
  return id;
}

function markUsed(m: Model, tr: TradeM): void {
  m.invoiceUsed.set(tr.invoiceKey, true);
  if (tr.documentsHash !== ZERO32) m.docUsed.set(tr.documentsHash, true);
}

/**
 * The trade struct as sent to submitTrade / issuePayable, and passed back to confirmTrade / rejectTrade (the contract
 * keeps only its hash). `tamper` changes one field: the contract must then refuse with TradeMismatch.
 */
function tradeArgs(m: Model, tr: TradeM, tamper = false) {
  return {
    supplier: tr.supplier,
    obligor: m.f.core.address,
    amount: tamper ? tr.amount + 1n : tr.amount,
    dueDate: Number(tr.dueDate),
    lateRateBps: tr.lateRateBps,
    maxHops: tr.maxHops,
    dayCount: tr.dayCount,
    consortiumId: m.f.consortiumId,
    invoiceKey: tr.invoiceKey,
    documentsHash: tr.documentsHash,
  } as const;
}

export async function issueOrSubmit(m: Model, s: Extract<Spec, { t: 'submit' | 'issue' }>): Promise<void> {
  const f = m.f;
  const t = f.chain.now + 1n;
  // Suppliers mostly; sometimes the outsider (certified, not in the consortium).
  const supplier = s.sup < 8 ? f.suppliers[s.sup % 4]! : f.outsider;
  const seenInvoices = [...m.invoiceUsed.keys()];
  const invoiceKey = s.inv.reuse && seenInvoices.length > 0 ? at(seenInvoices, s.inv.pick)! : m.fresh('invoice');
  const seenDocs = [...m.docUsed.keys()];
  const documentsHash =
    s.doc.kind === 'none' ? ZERO32 : s.doc.kind === 'reuse' && seenDocs.length > 0 ? at(seenDocs, s.doc.pick)! : m.fresh('document');
  const tr: TradeM = {
    tradeId: m.fresh('trade'),
    supplier: supplier.address,
    amount: s.amount,
    dueDate: t + BigInt(s.days) * DAY + BigInt(s.extra),
    lateRateBps: s.late,
    maxHops: s.hops,
    dayCount: s.dc,
    invoiceKey,
    documentsHash,
    status: 'Submitted',
  };
  const wasInvoiceUsed = m.invoiceUsed.get(invoiceKey) === true;
  const wasDocUsed = documentsHash !== ZERO32 && m.docUsed.get(documentsHash) === true;
  const args = tradeArgs(m, tr);

  if (s.t === 'submit') {
    const expected = newTradeFailure(m, tr);
    const r = await f.chain.write(supplier, f.addresses.receivables, abi.receivables, 'submitTrade', [tr.tradeId, args]);
    assertOutcome(m, 'submitTrade', r, expected);
    // Property 4: a used invoice or document can never back a second trade.
    if (wasInvoiceUsed || wasDocUsed) assert.ok(!r.ok, 'a trade with a used invoice key or document hash was accepted');
    if (expected === null) {
      markUsed(m, tr);
      m.trades.set(tr.tradeId, tr);
      m.tradeOrder.push(tr.tradeId);
    }
    return;
  }

  const caller = s.byOther ? supplier : f.core;
  const expected: Fail | null = s.byOther ? { error: 'NotTradeObligor' } : (newTradeFailure(m, tr) ?? issueFailure(m, tr));
  const usedBefore = m.credit.used;
  const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'issuePayable', [tr.tradeId, args]);
  assertOutcome(m, 'issuePayable', r, expected);
  if (wasInvoiceUsed || wasDocUsed) assert.ok(!r.ok, 'a payable with a used invoice key or document hash was issued');
  // Property 4: no issuance succeeds while used + amount > limit.
  if (r.ok) assert.ok(usedBefore + tr.amount <= m.credit.limit, 'an issuance succeeded beyond the credit line');
  if (expected === null) {
    markUsed(m, tr);
    m.trades.set(tr.tradeId, tr);
    m.tradeOrder.push(tr.tradeId);
    const id = applyIssue(m, tr);
    const issued = r.ok ? r.logs.length : 0;
    assert.ok(issued > 0, 'issuePayable emitted no events');
    assert.equal(await readLedger(m).supply(id), tr.amount, 'the issued claim has a different totalSupply');
  }
}

export async function confirm(m: Model, s: Extract<Spec, { t: 'confirm' }>): Promise<void> {
  const f = m.f;
  const tradeId = pickTrade(m, s.trade);
  if (!tradeId) return bump(m, 'confirm:skip');
  const tr = m.trades.get(tradeId)!;
  const caller = s.byOther ? m.actorOf(tr.supplier) : f.core;
  let expected: Fail | null;
  if (tr.status !== 'Submitted') expected = { error: 'TradeNotPending' };
  else if (s.tamper) expected = { error: 'TradeMismatch' };
  else if (caller.address !== f.core.address) expected = { error: 'NotTradeObligor' };
  else expected = issueFailure(m, tr);
  const usedBefore = m.credit.used;
  const r = await f.chain.write(caller, f.addresses.receivables, abi.receivables, 'confirmTrade', [tradeId, tradeArgs(m, tr, s.tamper)]);
  assertOutcome(m, 'confirmTrade', r, expected);
  if (r.ok) assert.ok(usedBefore + tr.amount <= m.credit.limit, 'a confirmation succeeded beyond the credit line');
  if (expected === null) applyIssue(m, tr);
}

export async function reject(m: Model, s: Extract<Spec, { t: 'reject' }>): Promise<void> {
  const f = m.f;
  const tradeId = pickTrade(m, s.trade);
  if (!tradeId) return bump(m, 'reject:skip');
  const tr = m.trades.get(tradeId)!;
  const expected: Fail | null = tr.status !== 'Submitted' ? { error: 'TradeNotPending' } : s.tamper ? { error: 'TradeMismatch' } : null;
  const r = await f.chain.write(f.core, f.addresses.receivables, abi.receivables, 'rejectTrade', [tradeId, tradeArgs(m, tr, s.tamper), id32('reason')]);
  assertOutcome(m, 'rejectTrade', r, expected);
  if (expected === null) {
    tr.status = 'Rejected';
    m.invoiceUsed.set(tr.invoiceKey, false);
    if (tr.documentsHash !== ZERO32) m.docUsed.set(tr.documentsHash, false);
  }
}
