/**
 * The TypeScript model of the claims suite, the random commands that drive it, and the invariants checked after
 * every command. A command resolves its random picks against the model (which claim, which holder), predicts
 * the outcome from the documented rules (the exact custom error of the first failing check, or success and the
 * new state), sends the transaction to anvil, asserts that the chain did exactly that, and then applies the
 * prediction to the model. `checkInvariants` compares the whole model with the chain and checks the
 * conservation laws from the chain's own state and events, independently of the model.
 *
 * Late interest is modelled from the documented rule (IReceivables, docs/adr/007): after the issued claim's due
 * date its unpaid principal accrues simple interest at the root's late rate and day count, whole days from the due
 * date (a started day counts), accrued at each payment for the days since the last checkpoint, the floor's fraction
 * carried; a payment settles accrued interest first, then principal; at most principal + interest is accepted.
 * Guarantees: the line's manager proposes a certified guarantor, it accepts, claims issued while it is active
 * record it, and it may pay like the obligor.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEventLog, encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { abi, DAY, id32, lc, type Actor, type Fixture, type TxResult, suiteEvents } from './setup.ts';

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const ZERO_ADDRESS = `0x${'0'.repeat(40)}` as Address;
const U16 = 65_535;
const U8 = 255;

// ───────────────────────────── model ─────────────────────────────

export interface HoldingM {
  balance: bigint;
  hops: number;
  /** Receivables.received: XT received on the current units (reset when they are burned at full payment). */
  received: bigint;
  /** Every payout ever made to this holding. */
  paidOut: bigint;
  /** Units burned at redemption. */
  burned: bigint;
  /** True once modify carried the parent holding's hop count into this (child) holding. */
  carried: boolean;
}

export interface ClaimM {
  id: bigint;
  root: bigint;
  parent: bigint;
  obligor: Address;
  dueDate: bigint;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  kind: number;
  consortiumId: Hex;
  documentsHash: Hex;
  holdings: Map<Address, HoldingM>;
  minted: bigint;
  burned: bigint;
}

export interface RootM {
  face: bigint;
  /** Every XT paid in: principal and late interest. */
  paid: bigint;
  distributed: bigint;
  ids: bigint[];
  /** The late-interest part of `paid`. */
  interestPaid: bigint;
  /** Accrued and unpaid at the last checkpoint, the checkpoint's day after the due date, the floor's carry. */
  interestDue: bigint;
  accruedDays: bigint;
  carry: bigint;
  /** The root's terms that govern late interest. */
  dueDate: bigint;
  lateRateBps: number;
  dayCount: number;
  guarantor: Address;
}

export interface GuaranteeM {
  guarantor: Address;
  status: 'None' | 'Proposed' | 'Active';
}

export interface TradeM {
  tradeId: Hex;
  supplier: Address;
  amount: bigint;
  dueDate: bigint;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  invoiceKey: Hex;
  documentsHash: Hex;
  status: 'Submitted' | 'Confirmed' | 'Rejected';
}

export interface OfferM {
  offerId: Hex;
  funder: Address;
  rateBps: number;
  remaining: bigint;
  expiresAt: bigint;
  onlyHolder: Address;
}

/** Outcome counts over all runs of a test, e.g. `modify:ModifyWidensTerms` → 7. */
export type Stats = Map<string, number>;

export class Model {
  claims = new Map<bigint, ClaimM>();
  order: bigint[] = [];
  roots = new Map<bigint, RootM>();
  trades = new Map<Hex, TradeM>();
  tradeOrder: Hex[] = [];
  offers: OfferM[] = [];
  xt = new Map<Address, bigint>();
  xtSupply = 0n;
  depositRefs: Hex[] = [];
  withdrawRefs: Hex[] = [];
  invoiceUsed = new Map<Hex, boolean>();
  docUsed = new Map<Hex, boolean>();
  credit: { limit: bigint; used: bigint; lowered: boolean; provider: Address | null } = { limit: 0n, used: 0n, lowered: false, provider: null };
  guarantee: GuaranteeM = { guarantor: ZERO_ADDRESS, status: 'None' };
  suspended = new Set<Address>();
  counter = 0;

  constructor(
    readonly f: Fixture,
    readonly stats: Stats,
  ) {}

  fresh(label: string): Hex {
    this.counter += 1;
    return id32(`${label}:${this.counter}`);
  }

  xtOf(a: Address): bigint {
    return this.xt.get(a) ?? 0n;
  }

  moveXt(from: Address, to: Address, amount: bigint): void {
    this.xt.set(from, this.xtOf(from) - amount);
    this.xt.set(to, this.xtOf(to) + amount);
  }

  holding(c: ClaimM, a: Address): HoldingM {
    let h = c.holdings.get(a);
    if (!h) {
      h = { balance: 0n, hops: 0, received: 0n, paidOut: 0n, burned: 0n, carried: false };
      c.holdings.set(a, h);
    }
    return h;
  }

  supply(c: ClaimM): bigint {
    return c.minted - c.burned;
  }

  // Identity: who is what. Only suppliers are ever suspended.
  get members(): Address[] {
    const f = this.f;
    return [f.core.address, ...f.suppliers.map((s) => s.address), ...f.funders.map((x) => x.address)];
  }

  get nonMembers(): Address[] {
    const f = this.f;
    return [f.outsider.address, f.gateway.address, f.operator.address, ...f.strangers];
  }

  get actors(): Actor[] {
    const f = this.f;
    return [f.core, ...f.suppliers, ...f.funders, f.gateway, f.outsider, f.operator, f.guarantor];
  }

  actorOf(a: Address): Actor {
    const found = this.actors.find((x) => x.address === a);
    if (!found) throw new Error(`no key for ${a}`);
    return found;
  }

  isSystem(a: Address): boolean {
    return a === this.f.addresses.receivables || a === this.f.addresses.market;
  }

  /** Certified (registered, certified, not suspended). */
  isActive(a: Address): boolean {
    return this.actors.some((x) => x.address === a) && !this.suspended.has(a);
  }

  canHold(a: Address): boolean {
    return this.isActive(a) || this.isSystem(a);
  }

  isMember(a: Address): boolean {
    return this.members.includes(a) && !this.suspended.has(a);
  }

  /** Every address whose XT balance the invariants compare. */
  get xtAddresses(): Address[] {
    const f = this.f;
    return [...this.actors.map((a) => a.address), ...f.strangers, f.addresses.receivables, f.addresses.market, f.addresses.ledger];
  }

  static async initial(f: Fixture, stats: Stats): Promise<Model> {
    const m = new Model(f, stats);
    // The fixture's XT and credit line, read once (the fixture itself is checked by the invariants).
    for (const a of m.xtAddresses) {
      const b = await f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] });
      if (b !== 0n) m.xt.set(a, b);
    }
    m.xtSupply = await f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'totalSupply' });
    const line = await f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] });
    m.credit = { limit: line.limit, used: line.used, lowered: false, provider: f.operator.address };
    m.depositRefs = [...f.depositRefs];
    return m;
  }
}

// ───────────────────────────── pure rules ─────────────────────────────

export function childIdOf(parent: bigint, dueDate: bigint, lateRateBps: number, maxHops: number): bigint {
  return BigInt(
    keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint40' }, { type: 'uint16' }, { type: 'uint8' }], [parent, Number(dueDate), lateRateBps, maxHops])),
  );
}

export function claimIdFor(obligor: Address, invoiceKey: Hex): bigint {
  return BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [obligor, invoiceKey])));
}

/** Whole days from `from` to `to`, a started day counting as a day (0 when `to` is not later). */
export function daysBetween(from: bigint, to: bigint): bigint {
  return to <= from ? 0n : (to - from + DAY - 1n) / DAY;
}

/**
 * Late interest owed on `r` at time `t` (Receivables._accrual): the checkpoint's interest plus, for the whole days
 * since it, principal × rate × days added to the carried numerator and floored. Unchanged before the due date, at
 * a zero rate, once the principal is paid, or within the checkpoint's day.
 */
export function accrual(r: RootM, t: bigint): { principal: bigint; due: bigint; days: bigint; carry: bigint; accrued: bigint } {
  const principal = r.face - (r.paid - r.interestPaid);
  const same = { principal, due: r.interestDue, days: r.accruedDays, carry: r.carry, accrued: 0n };
  if (t <= r.dueDate || r.lateRateBps === 0 || principal === 0n) return same;
  const d = daysBetween(r.dueDate, t);
  if (d <= r.accruedDays) return same;
  const denominator = 10_000n * (r.dayCount === 0 ? 360n : 365n);
  const numerator = principal * BigInt(r.lateRateBps) * (d - r.accruedDays) + r.carry;
  const accrued = numerator / denominator;
  return { principal, due: r.interestDue + accrued, days: d, carry: numerator % denominator, accrued };
}

/** Sale price: amount − floor(amount × rate × days / (10 000 × basis)); negative when the discount exceeds the face. */
export function salePrice(amount: bigint, rateBps: number, days: bigint, dayCount: number): bigint {
  const basis = dayCount === 0 ? 360n : 365n;
  return amount - (amount * BigInt(rateBps) * days) / (10_000n * basis);
}

// ───────────────────────────── commands ─────────────────────────────

/** An amount relative to what is available: a per-mille part of it, all of it, or more than it. */
export type Amt = { kind: 'part' | 'all' | 'over' | 'zero'; per: number };
type InvSel = { reuse: boolean; pick: number };
type DocSel = { kind: 'none' | 'fresh' | 'reuse'; pick: number };
type IssueTerms = { sup: number; amount: bigint; days: number; extra: number; late: number; hops: number; dc: number; inv: InvSel; doc: DocSel };

export type Spec =
  | ({ t: 'submit' } & IssueTerms)
  | ({ t: 'issue'; byOther: boolean } & IssueTerms)
  | { t: 'confirm'; trade: number; byOther: boolean; tamper: boolean }
  | { t: 'reject'; trade: number; tamper: boolean }
  | { t: 'transfer'; claim: number; holder: number; toMember: boolean; to: number; amt: Amt }
  | { t: 'modify'; claim: number; holder: number; amt: Amt; dDue: number; dLate: number; dHops: number; other: 'none' | 'obligor' | 'kind' | 'consortiumId' | 'dayCount' }
  | {
      t: 'sell';
      claim: number;
      holder: number;
      amt: Amt;
      reuse: boolean;
      offer: number;
      funder: number;
      rate: number;
      limit: 'under' | 'cover' | 'zero';
      expires: number;
      only: 'none' | 'seller' | 'other';
      minPrice: 'zero' | 'exact' | 'above';
    }
  | { t: 'suspend'; sup: number }
  | { t: 'guarantee'; action: 'propose' | 'accept' | 'withdraw'; by: number; who: 'guarantor' | 'supplier' | 'core' }
  | { t: 'time'; target: 'due' | 'all' | 'expiry' | 'random'; pick: number; offset: number; secs: number }
  | { t: 'pay'; root: number; amt: Amt; as: 'core' | 'supplier' | 'child' | 'guarantor' }
  | { t: 'redeem'; claim: number; holder: number; caller: number; batch: boolean; unknown: boolean }
  | { t: 'credit'; sel: 'belowUsed' | 'aboveUsed' | 'large'; delta: bigint; by: 'operator' | 'funder' | 'supplier' }
  | { t: 'deposit'; to: number; amount: bigint; reuseRef: boolean; ref: number }
  | { t: 'withdraw'; who: number; amt: Amt; reuseRef: boolean; ref: number };

export type SpecKind = Spec['t'];

const amtArb: fc.Arbitrary<Amt> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('part' as const), per: fc.integer({ min: 1, max: 999 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('all' as const), per: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('over' as const), per: fc.integer({ min: 1, max: 1000 }) }) },
);
const amtWithZeroArb: fc.Arbitrary<Amt> = fc.oneof(
  { weight: 9, arbitrary: amtArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('zero' as const), per: fc.constant(0) }) },
);
const pick = fc.nat({ max: 10_000 });
const faceArb = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(1n, 1_000n) },
  { weight: 5, arbitrary: fc.bigInt(1_000n, 8_000_000n) },
  { weight: 2, arbitrary: fc.constantFrom(1_000_000n, 333_333n, 100_000_000n) },
);
const issueTermsArb = fc.record({
  sup: fc.nat({ max: 9 }),
  amount: faceArb,
  days: fc.integer({ min: 1, max: 120 }),
  extra: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_399 })),
  late: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000 })),
  hops: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }),
  dc: fc.integer({ min: 0, max: 1 }),
  inv: fc.record({ reuse: fc.constant(false), pick }),
  doc: fc.record({ kind: fc.constantFrom('none' as const, 'fresh' as const, 'fresh' as const, 'reuse' as const), pick }),
});

export const specArbs: Record<SpecKind, fc.Arbitrary<Spec>> = {
  submit: issueTermsArb.map((x) => ({ t: 'submit' as const, ...x, inv: { ...x.inv, reuse: x.inv.pick % 4 === 0 } })),
  issue: fc
    .tuple(issueTermsArb, fc.nat({ max: 19 }))
    .map(([x, o]) => ({ t: 'issue' as const, byOther: o === 0, ...x, inv: { ...x.inv, reuse: x.inv.pick % 5 === 0 } })),
  // tamper: the trade passed back differs from the one submitted (the contract keeps only its hash).
  confirm: fc.record({ t: fc.constant('confirm' as const), trade: pick, byOther: fc.nat({ max: 9 }).map((n) => n === 0), tamper: fc.nat({ max: 9 }).map((n) => n === 0) }),
  reject: fc.record({ t: fc.constant('reject' as const), trade: pick, tamper: fc.nat({ max: 9 }).map((n) => n === 0) }),
  transfer: fc.record({ t: fc.constant('transfer' as const), claim: pick, holder: pick, toMember: fc.nat({ max: 3 }).map((n) => n !== 0), to: pick, amt: amtArb }),
  modify: fc.record({
    t: fc.constant('modify' as const),
    claim: pick,
    holder: pick,
    amt: amtWithZeroArb,
    dDue: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 20 * 86_400 }) }, { weight: 2, arbitrary: fc.integer({ min: -5 * 86_400, max: -1 }) }),
    dLate: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: -2_000, max: -1 }) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 500 }) }),
    dHops: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: -3, max: -1 }) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    other: fc.oneof(
      { weight: 12, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom('obligor' as const, 'kind' as const, 'consortiumId' as const, 'dayCount' as const) },
    ),
  }),
  sell: fc.record({
    t: fc.constant('sell' as const),
    claim: pick,
    holder: pick,
    amt: amtArb,
    reuse: fc.nat({ max: 3 }).map((n) => n === 0),
    offer: pick,
    funder: fc.nat({ max: 1 }),
    rate: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 3_000 }) }, { weight: 1, arbitrary: fc.constant(U16) }),
    limit: fc.oneof({ weight: 6, arbitrary: fc.constant('cover' as const) }, { weight: 2, arbitrary: fc.constant('under' as const) }, { weight: 1, arbitrary: fc.constant('zero' as const) }),
    expires: fc.integer({ min: 3_600, max: 60 * 86_400 }),
    only: fc.oneof({ weight: 6, arbitrary: fc.constant('none' as const) }, { weight: 2, arbitrary: fc.constant('seller' as const) }, { weight: 1, arbitrary: fc.constant('other' as const) }),
    minPrice: fc.oneof({ weight: 5, arbitrary: fc.constant('zero' as const) }, { weight: 3, arbitrary: fc.constant('exact' as const) }, { weight: 1, arbitrary: fc.constant('above' as const) }),
  }),
  // 0–3 a supplier, 4 the guarantor.
  suspend: fc.record({ t: fc.constant('suspend' as const), sup: fc.nat({ max: 4 }) }),
  guarantee: fc.record({
    t: fc.constant('guarantee' as const),
    action: fc.oneof({ weight: 4, arbitrary: fc.constant('propose' as const) }, { weight: 4, arbitrary: fc.constant('accept' as const) }, { weight: 2, arbitrary: fc.constant('withdraw' as const) }),
    // Mostly the party the action is for (see `guaranteeCaller`), sometimes anyone else.
    by: fc.nat({ max: 9 }),
    who: fc.oneof({ weight: 8, arbitrary: fc.constant('guarantor' as const) }, { weight: 1, arbitrary: fc.constantFrom('supplier' as const, 'core' as const) }),
  }),
  time: fc.record({
    t: fc.constant('time' as const),
    target: fc.oneof(
      { weight: 5, arbitrary: fc.constant('due' as const) },
      { weight: 2, arbitrary: fc.constant('all' as const) },
      { weight: 1, arbitrary: fc.constant('expiry' as const) },
      { weight: 2, arbitrary: fc.constant('random' as const) },
    ),
    pick,
    offset: fc.constantFrom(-2, -1, 0, 1, 3_600),
    secs: fc.integer({ min: 1, max: 40 * 86_400 }),
  }),
  pay: fc.record({
    t: fc.constant('pay' as const),
    root: pick,
    amt: amtWithZeroArb,
    as: fc.oneof(
      { weight: 8, arbitrary: fc.constant('core' as const) },
      { weight: 3, arbitrary: fc.constant('guarantor' as const) },
      { weight: 1, arbitrary: fc.constantFrom('supplier' as const, 'child' as const) },
    ),
  }),
  redeem: fc.record({
    t: fc.constant('redeem' as const),
    claim: pick,
    holder: pick,
    caller: pick,
    batch: fc.nat({ max: 3 }).map((n) => n === 0),
    unknown: fc.nat({ max: 19 }).map((n) => n === 0),
  }),
  credit: fc.record({
    t: fc.constant('credit' as const),
    sel: fc.constantFrom('belowUsed' as const, 'aboveUsed' as const, 'large' as const),
    delta: fc.bigInt(0n, 10_000_000n),
    by: fc.oneof({ weight: 4, arbitrary: fc.constant('operator' as const) }, { weight: 2, arbitrary: fc.constant('funder' as const) }, { weight: 1, arbitrary: fc.constant('supplier' as const) }),
  }),
  deposit: fc.record({
    t: fc.constant('deposit' as const),
    to: pick,
    amount: fc.oneof({ weight: 9, arbitrary: fc.bigInt(1n, 20_000_000n) }, { weight: 1, arbitrary: fc.constant(0n) }),
    reuseRef: fc.nat({ max: 5 }).map((n) => n === 0),
    ref: pick,
  }),
  withdraw: fc.record({ t: fc.constant('withdraw' as const), who: pick, amt: amtWithZeroArb, reuseRef: fc.nat({ max: 5 }).map((n) => n === 0), ref: pick }),
};

/** A well-formed first command: every run starts with one claim to work on. */
export const firstIssueArb: fc.Arbitrary<Spec> = fc
  .record({
    sup: fc.nat({ max: 3 }),
    amount: fc.oneof(fc.bigInt(1_000n, 8_000_000n), fc.constantFrom(1_000_000n, 333_333n)),
    days: fc.integer({ min: 10, max: 90 }),
    extra: fc.integer({ min: 0, max: 86_399 }),
    late: fc.integer({ min: 0, max: 3_000 }),
    hops: fc.integer({ min: 1, max: 4 }),
    dc: fc.integer({ min: 0, max: 1 }),
  })
  .map((x) => ({ t: 'issue' as const, byOther: false, ...x, inv: { reuse: false, pick: 0 }, doc: { kind: 'fresh' as const, pick: 0 } }));

export function specArb(weights: Partial<Record<SpecKind, number>>): fc.Arbitrary<Spec> {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as Array<[SpecKind, number]>;
  return fc.oneof(...entries.map(([k, w]) => ({ weight: w, arbitrary: specArbs[k] })));
}

export function describeSpec(s: Spec): string {
  return JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

// ───────────────────────────── execution ─────────────────────────────

/** A predicted failure: the custom error name and, where it tells which check failed, its `field`. */
type Fail = { error: string; field?: string };

function bump(m: Model, key: string): void {
  m.stats.set(key, (m.stats.get(key) ?? 0) + 1);
}

function assertOutcome(m: Model, what: string, r: TxResult, expected: Fail | null): void {
  const actual = r.ok ? 'ok' : `${r.error.name}${r.error.args.field !== undefined ? `(${String(r.error.args.field)})` : ''}`;
  const wanted = expected === null ? 'ok' : `${expected.error}${expected.field !== undefined ? `(${expected.field})` : ''}`;
  bump(m, `${what}:${actual}`);
  assert.equal(actual, wanted, `${what}: expected ${wanted}, chain said ${actual}${r.ok ? '' : ` — ${r.error.message}`} (tx ${r.hash})`);
}

function resolveAmount(available: bigint, a: Amt): bigint {
  switch (a.kind) {
    case 'zero':
      return 0n;
    case 'all':
      return available > 0n ? available : 1n;
    case 'over':
      return available + BigInt(a.per);
    case 'part': {
      const v = (available * BigInt(a.per)) / 1000n;
      return v > 0n ? v : 1n;
    }
  }
}

function at<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length];
}

/** A claim to act on: one with units if any, else any known id. */
function pickClaim(m: Model, i: number): ClaimM | undefined {
  const live = m.order.filter((id) => m.supply(m.claims.get(id)!) > 0n);
  const id = at(live.length > 0 ? live : m.order, i);
  return id === undefined ? undefined : m.claims.get(id);
}

/** A trade: mostly one still pending, sometimes any (confirmed or rejected ones must be refused). */
function pickTrade(m: Model, i: number): Hex | undefined {
  const pending = m.tradeOrder.filter((id) => m.trades.get(id)!.status === 'Submitted');
  return at(pending.length > 0 && i % 4 !== 0 ? pending : m.tradeOrder, i);
}

/** A holder of `c` with units (or, when there is none, any member). */
function pickHolder(m: Model, c: ClaimM, i: number): Address {
  const holders = [...c.holdings.entries()].filter(([, h]) => h.balance > 0n).map(([a]) => a);
  return at(holders.length > 0 ? holders : m.members, i)!;
}

function readLedger(m: Model) {
  const { client, addresses } = m.f;
  return {
    balance: (holder: Address, id: bigint) => client.readContract({ address: addresses.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [holder, id] }),
    supply: (id: bigint) => client.readContract({ address: addresses.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [id] }),
    xt: (a: Address) => client.readContract({ address: addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] }),
  };
}

export async function execute(m: Model, s: Spec): Promise<void> {
  switch (s.t) {
    case 'submit':
    case 'issue':
      return issueOrSubmit(m, s);
    case 'confirm':
      return confirm(m, s);
    case 'reject':
      return reject(m, s);
    case 'transfer':
      return transfer(m, s);
    case 'modify':
      return modify(m, s);
    case 'sell':
      return sell(m, s);
    case 'suspend':
      return suspend(m, s);
    case 'guarantee':
      return guarantee(m, s);
    case 'time':
      return advance(m, s);
    case 'pay':
      return pay(m, s);
    case 'redeem':
      return redeem(m, s);
    case 'credit':
      return setCredit(m, s);
    case 'deposit':
      return deposit(m, s);
    case 'withdraw':
      return withdraw(m, s);
  }
}

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

async function issueOrSubmit(m: Model, s: Extract<Spec, { t: 'submit' | 'issue' }>): Promise<void> {
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

async function confirm(m: Model, s: Extract<Spec, { t: 'confirm' }>): Promise<void> {
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

async function reject(m: Model, s: Extract<Spec, { t: 'reject' }>): Promise<void> {
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

/** Checks of ClaimLedger._update for a transfer, in order. */
function transferFailure(m: Model, c: ClaimM, from: Address, to: Address, amount: bigint, viaMarket = false): Fail | null {
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

function applyTransfer(m: Model, c: ClaimM, from: Address, to: Address, amount: bigint, viaMarket = false): void {
  const h = m.holding(c, from);
  const hops = h.hops + 1;
  h.balance -= amount;
  const r = m.holding(c, to);
  if (r.balance === 0n || (viaMarket && hops > r.hops)) r.hops = hops;
  r.balance += amount;
  // Property 7: a unit received by transfer never has more hops than the id allows.
  assert.ok(r.hops <= c.maxHops || r.carried, `holding of ${to} in ${c.id} has ${r.hops} hops > maxHops ${c.maxHops}`);
}

async function transfer(m: Model, s: Extract<Spec, { t: 'transfer' }>): Promise<void> {
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

async function modify(m: Model, s: Extract<Spec, { t: 'modify' }>): Promise<void> {
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

async function sell(m: Model, s: Extract<Spec, { t: 'sell' }>): Promise<void> {
  const f = m.f;
  const c = pickClaim(m, s.claim);
  if (!c) return bump(m, 'sell:skip');
  const seller = pickHolder(m, c, s.holder);
  const amount = resolveAmount(c.holdings.get(seller)?.balance ?? 0n, s.amt);

  let o: OfferM | undefined = s.reuse ? at(m.offers, s.offer) : undefined;
  let offerId: Hex;
  if (o) {
    offerId = o.offerId;
  } else {
    const funder = f.funders[s.funder]!;
    const limit = s.limit === 'zero' ? 0n : s.limit === 'under' ? (amount > 1n ? amount - 1n : 0n) : amount + BigInt(s.expires % 1000);
    const others = m.members.filter((a) => a !== seller);
    const onlyHolder = s.only === 'none' ? ZERO_ADDRESS : s.only === 'seller' ? seller : at(others, s.offer)!;
    const expiresAt = f.chain.now + 1n + BigInt(s.expires);
    offerId = m.fresh('offer');
    const expected: Fail | null =
      limit === 0n
        ? { error: 'OfferTermsInvalid', field: 'limit' }
        : s.rate > 10_000
          ? { error: 'OfferTermsInvalid', field: 'rateBps' }
          : null;
    const r = await f.chain.write(funder, f.addresses.market, abi.market, 'postOffer', [offerId, f.core.address, s.rate, limit, Number(expiresAt), onlyHolder]);
    assertOutcome(m, 'postOffer', r, expected);
    if (expected === null) {
      o = { offerId, funder: funder.address, rateBps: s.rate, remaining: limit, expiresAt, onlyHolder };
      m.offers.push(o);
    }
  }

  const t = f.chain.now + 1n;
  const days = daysBetween(t, c.dueDate);
  const price = o ? salePrice(amount, o.rateBps, days, c.dayCount) : 0n;
  const minPrice = s.minPrice === 'zero' || price < 0n ? 0n : s.minPrice === 'exact' ? price : price + 1n;
  let expected: Fail | null = null;
  if (!o) expected = { error: 'OfferNotFound' };
  else if (t >= o.expiresAt) expected = { error: 'OfferExpired' };
  else if (o.onlyHolder !== ZERO_ADDRESS && o.onlyHolder !== seller) expected = { error: 'OfferNotForYou' };
  else if (amount > o.remaining) expected = { error: 'OfferExhausted' };
  else if (price <= 0n) expected = { error: 'DiscountExceedsFace' }; // the discount is at least the face
  else if (price < minPrice) expected = { error: 'PriceBelowMinimum' };
  else expected = transferFailure(m, c, seller, o.funder, amount, true) ?? (m.xtOf(o.funder) < price ? { error: 'ERC20InsufficientBalance' } : null);

  const funder = o?.funder ?? f.funders[s.funder]!.address;
  const read = readLedger(m);
  const snapshot = () => Promise.all([read.balance(seller, c.id), read.balance(funder, c.id), read.xt(seller), read.xt(funder)]);
  const before = await snapshot();
  const r = await f.chain.write(m.actorOf(seller), f.addresses.market, abi.market, 'sell', [offerId, c.id, amount, minPrice]);
  assertOutcome(m, 'sell', r, expected);
  const after = await snapshot();
  // Property 6, DvP: both legs (claim `amount` one way, XT `price` the other) or neither.
  if (r.ok) {
    const same = seller === funder;
    assert.deepEqual(
      after.map((v, i) => v - before[i]!),
      same ? [0n, 0n, 0n, 0n] : [-amount, amount, price, -price],
      `sale of ${amount} at ${o!.rateBps} bps, ${days} days: expected price ${price}`,
    );
  } else {
    assert.deepEqual(after, before, 'a failed sale moved the claim or XT');
  }
  if (expected === null && o) {
    o.remaining -= amount;
    applyTransfer(m, c, seller, o.funder, amount, true);
    m.moveXt(o.funder, seller, price);
    bump(m, price < amount ? 'sell:discounted' : 'sell:at-face');
  }
}

async function suspend(m: Model, s: Extract<Spec, { t: 'suspend' }>): Promise<void> {
  const f = m.f;
  const sup = s.sup < 4 ? f.suppliers[s.sup]! : f.guarantor;
  if (m.suspended.has(sup.address)) {
    const r = await f.chain.write(f.operator, f.addresses.registry, abi.registry, 'reinstate', [sup.address]);
    assertOutcome(m, 'reinstate', r, null);
    m.suspended.delete(sup.address);
  } else {
    const r = await f.chain.write(f.operator, f.addresses.registry, abi.registry, 'suspend', [sup.address, id32('reason')]);
    assertOutcome(m, 'suspend', r, null);
    m.suspended.add(sup.address);
  }
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
async function guarantee(m: Model, s: Extract<Spec, { t: 'guarantee' }>): Promise<void> {
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

async function advance(m: Model, s: Extract<Spec, { t: 'time' }>): Promise<void> {
  const chain = m.f.chain;
  let target: bigint;
  if (s.target === 'random' || (s.target === 'expiry' && m.offers.length === 0) || m.order.length === 0) {
    target = chain.now + BigInt(s.secs);
  } else {
    const edge =
      s.target === 'due'
        ? m.claims.get(at(m.order, s.pick)!)!.dueDate
        : s.target === 'all'
          ? m.order.reduce((latest, id) => (m.claims.get(id)!.dueDate > latest ? m.claims.get(id)!.dueDate : latest), 0n)
          : at(m.offers, s.pick)!.expiresAt;
    // The next transaction then runs at edge + offset (the block mined here is one second earlier).
    target = edge + BigInt(s.offset) - 1n;
  }
  await chain.mineAt(target);
  bump(m, 'time:advanced');
}

async function pay(m: Model, s: Extract<Spec, { t: 'pay' }>): Promise<void> {
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
  // After the due date: interest first, then principal; the checkpoint moves to today.
  const interestPart = t > root.dueDate ? (amount < a.due ? amount : a.due) : 0n;
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

async function redeem(m: Model, s: Extract<Spec, { t: 'redeem' }>): Promise<void> {
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

async function setCredit(m: Model, s: Extract<Spec, { t: 'credit' }>): Promise<void> {
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

async function deposit(m: Model, s: Extract<Spec, { t: 'deposit' }>): Promise<void> {
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

async function withdraw(m: Model, s: Extract<Spec, { t: 'withdraw' }>): Promise<void> {
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

// ───────────────────────────── invariants ─────────────────────────────

const sum = (xs: Iterable<bigint>) => {
  let total = 0n;
  for (const x of xs) total += x;
  return total;
};

/**
 * Compares the chain with the model and checks the conservation laws (properties 1, 2, 4, 5) from the chain's
 * state and events alone. Run after every command.
 */
export async function checkInvariants(m: Model): Promise<void> {
  const f = m.f;
  const { client, addresses: A } = f;
  const events = await suiteEvents(f, 0n);
  const ofKind = (address: Address, name: string) => events.filter((e) => e.address === address && e.eventName === name).map((e) => e.args);

  // Holders of each id, as the chain's Transfer events tell them, with their net balance from the events.
  const transfers = ofKind(A.ledger, 'Transfer') as Array<{ sender: Address; receiver: Address; id: bigint; amount: bigint }>;
  const fromEvents = new Map<bigint, Map<Address, bigint>>();
  const eventMinted = new Map<bigint, bigint>();
  const eventBurned = new Map<bigint, bigint>();
  for (const e of transfers) {
    const holders = fromEvents.get(e.id) ?? new Map<Address, bigint>();
    fromEvents.set(e.id, holders);
    const from = lc(e.sender);
    const to = lc(e.receiver);
    if (from === ZERO_ADDRESS) eventMinted.set(e.id, (eventMinted.get(e.id) ?? 0n) + e.amount);
    else holders.set(from, (holders.get(from) ?? 0n) - e.amount);
    if (to === ZERO_ADDRESS) eventBurned.set(e.id, (eventBurned.get(e.id) ?? 0n) + e.amount);
    else holders.set(to, (holders.get(to) ?? 0n) + e.amount);
  }
  const defined = ofKind(A.ledger, 'ClaimDefined') as Array<{ id: bigint; root: bigint }>;
  assert.deepEqual(new Set(defined.map((d) => d.id)), new Set(m.order), 'the ids defined on chain differ from the model');

  // Reads, all at once (batched into one JSON-RPC request).
  type Read = { key: string; p: Promise<unknown> };
  const reads: Read[] = [];
  const read = (key: string, p: Promise<unknown>) => reads.push({ key, p });
  for (const id of m.order) {
    const c = m.claims.get(id)!;
    read(`supply:${id}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [id] }));
    read(`terms:${id}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'terms', args: [id] }));
    const holders = new Set<Address>([...c.holdings.keys(), ...(fromEvents.get(id)?.keys() ?? [])]);
    for (const h of holders) {
      read(`bal:${id}:${h}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [h, id] }));
      read(`hops:${id}:${h}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'hopsOf', args: [h, id] }));
      read(`recv:${id}:${h}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'received', args: [id, h] }));
    }
  }
  for (const root of m.roots.keys()) {
    read(`settlement:${root}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'settlement', args: [root] }));
  }
  for (const a of m.xtAddresses) read(`xt:${a}`, client.readContract({ address: A.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] }));
  read('xtSupply', client.readContract({ address: A.xt, abi: abi.xt, functionName: 'totalSupply' }));
  read('credit', client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] }));
  read('guarantee', client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'guarantee', args: [f.core.address] }));
  read('guarantorMember', client.readContract({ address: A.registry, abi: abi.registry, functionName: 'memberOf', args: [f.guarantor.address] }));
  // At the latest block itself, whose timestamp is the model's clock (f.chain.now).
  const latestBlock = await client.getBlockNumber({ cacheTime: 0 });
  for (const root of m.roots.keys()) {
    read(`owed:${root}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'owed', args: [root], blockNumber: latestBlock }));
  }
  for (const k of m.invoiceUsed.keys()) read(`inv:${k}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'invoiceUsed', args: [k] }));
  for (const d of m.docUsed.keys()) read(`doc:${d}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'documentUsed', args: [d] }));
  for (const o of m.offers) read(`offer:${o.offerId}`, client.readContract({ address: A.market, abi: abi.market, functionName: 'offer', args: [o.offerId] }));
  for (const s of f.suppliers) read(`member:${s.address}`, client.readContract({ address: A.registry, abi: abi.registry, functionName: 'memberOf', args: [s.address] }));
  const values = await Promise.all(reads.map((r) => r.p));
  const chain = new Map<string, unknown>(reads.map((r, i) => [r.key, values[i]]));
  const get = <T>(key: string) => chain.get(key) as T;

  // Property 1 — value conservation per id: Σ balanceOf over every holder the events name = totalSupply =
  // minted − burned; and every balance, hop count and `received` equals the model's.
  for (const id of m.order) {
    const c = m.claims.get(id)!;
    const supply = get<bigint>(`supply:${id}`);
    const holders = new Set<Address>([...c.holdings.keys(), ...(fromEvents.get(id)?.keys() ?? [])]);
    const balances = [...holders].map((h) => get<bigint>(`bal:${id}:${h}`));
    assert.equal(sum(balances), supply, `id ${id}: Σ balanceOf ≠ totalSupply`);
    assert.equal(supply, (eventMinted.get(id) ?? 0n) - (eventBurned.get(id) ?? 0n), `id ${id}: totalSupply ≠ minted − burned (events)`);
    assert.equal(supply, m.supply(c), `id ${id}: totalSupply ≠ minted − burned (model)`);
    for (const h of holders) {
      const mh = c.holdings.get(h);
      assert.equal(get<bigint>(`bal:${id}:${h}`), mh?.balance ?? 0n, `id ${id}: balance of ${h}`);
      assert.equal(get<bigint>(`bal:${id}:${h}`), fromEvents.get(id)?.get(h) ?? 0n, `id ${id}: balance of ${h} ≠ its Transfer events`);
      const hops = get<number>(`hops:${id}:${h}`);
      assert.equal(hops, mh?.hops ?? 0, `id ${id}: hops of ${h}`);
      // Property 7: hops never exceed maxHops (except a count carried over by modify, see the report).
      assert.ok(hops <= c.maxHops || mh?.carried === true, `id ${id}: ${h} has ${hops} hops > maxHops ${c.maxHops}`);
      assert.equal(get<bigint>(`recv:${id}:${h}`), mh?.received ?? 0n, `id ${id}: received of ${h}`);
    }
    const terms = get<{ dueDate: number; maxHops: number; lateRateBps: number; root: bigint; parent: bigint; obligor: Address; dayCount: number; consortiumId: Hex }>(`terms:${id}`);
    assert.deepEqual(
      [BigInt(terms.dueDate), terms.maxHops, terms.lateRateBps, terms.root, terms.parent, lc(terms.obligor), terms.dayCount, terms.consortiumId],
      [c.dueDate, c.maxHops, c.lateRateBps, c.root, c.parent, c.obligor, c.dayCount, c.consortiumId],
      `id ${id}: terms`,
    );
  }

  // Property 2 — tree conservation: Σ totalSupply over a root's tree = face − units burned at redemption.
  const redeemed = ofKind(A.receivables, 'ClaimRedeemed') as Array<{ id: bigint; root: bigint; holder: Address; payout: bigint; burned: bigint }>;
  const paidEvents = ofKind(A.receivables, 'SettlementPaid') as Array<{ root: bigint; payer: Address; amount: bigint; paidTotal: bigint; principal: bigint; interest: bigint }>;
  const accruedEvents = ofKind(A.receivables, 'LateInterestAccrued') as Array<{ root: bigint; daysLate: number; accrued: bigint; interestDue: bigint; carry: number }>;
  const guaranteed = ofKind(A.receivables, 'ClaimGuaranteed') as Array<{ id: bigint; guarantor: Address }>;
  type SettlementOnChain = {
    face: bigint; paid: bigint; distributed: bigint; interestPaid: bigint; interestDue: bigint; accruedDays: number; interestCarry: number; guarantor: Address;
  };
  for (const [rootId, root] of m.roots) {
    const treeIds = defined.filter((d) => d.root === rootId).map((d) => d.id);
    assert.deepEqual(new Set(treeIds), new Set(root.ids), `root ${rootId}: tree ids`);
    const treeSupply = sum(treeIds.map((id) => get<bigint>(`supply:${id}`)));
    const burnedAtRedemption = sum(redeemed.filter((e) => e.root === rootId).map((e) => e.burned));
    const s = get<SettlementOnChain>(`settlement:${rootId}`);
    assert.equal(treeSupply, s.face - burnedAtRedemption, `root ${rootId}: Σ tree supply ≠ face − burned at redemption`);
    assert.deepEqual(
      [s.face, s.paid, s.distributed, s.interestPaid, s.interestDue, BigInt(s.accruedDays), BigInt(s.interestCarry), lc(s.guarantor)],
      [root.face, root.paid, root.distributed, root.interestPaid, root.interestDue, root.accruedDays, root.carry, root.guarantor],
      `root ${rootId}: settlement`,
    );
    // What is owed now (the view a payment is checked against) equals the model's rule at the next block's time.
    const t = f.chain.now;
    const a = accrual(root, t);
    assert.deepEqual(get<readonly [bigint, bigint]>(`owed:${rootId}`), [a.principal, a.due], `root ${rootId}: owed at ${t}`);
    // A claim issued under an active guarantee says so in an event, and only then.
    const named = guaranteed.filter((e) => e.id === rootId).map((e) => lc(e.guarantor));
    assert.deepEqual(named, root.guarantor === ZERO_ADDRESS ? [] : [root.guarantor], `root ${rootId}: ClaimGuaranteed`);

    // Property 5 — settlement: paid = Σ SettlementPaid (interest part + principal part), distributed = Σ payouts ≤
    // paid; principal paid ≤ face; interest paid + due = Σ LateInterestAccrued.accrued (interest comes only from
    // accrual: no value created); a payment's interest part never exceeds what was accrued and unpaid.
    const mine = paidEvents.filter((e) => e.root === rootId);
    assert.equal(sum(mine.map((e) => e.amount)), s.paid, `root ${rootId}: Σ SettlementPaid ≠ paid`);
    assert.equal(sum(mine.map((e) => e.interest)), s.interestPaid, `root ${rootId}: Σ SettlementPaid.interest ≠ interestPaid`);
    for (const e of mine) assert.equal(e.principal + e.interest, e.amount, `root ${rootId}: a payment's parts ≠ its amount`);
    assert.equal(sum(accruedEvents.filter((e) => e.root === rootId).map((e) => e.accrued)), s.interestPaid + s.interestDue, `root ${rootId}: interest ≠ Σ accrued`);
    assert.equal(sum(redeemed.filter((e) => e.root === rootId).map((e) => e.payout)), s.distributed, `root ${rootId}: Σ payouts ≠ distributed`);
    const principalPaid = s.paid - s.interestPaid;
    assert.ok(s.distributed <= s.paid && principalPaid <= s.face, `root ${rootId}: distributed ${s.distributed} ≤ paid ${s.paid}, principal paid ${principalPaid} ≤ face ${s.face}`);
    // Fully settled and every unit redeemed (burned): paid-out + residue = paid-in, with 0 ≤ residue < the number of
    // holdings burned (each payout is floored once); no residue at all when no interest was paid (each unit is 1 XT).
    if (principalPaid === s.face && treeSupply === 0n) {
      const residue = s.paid - s.distributed;
      const holdings = redeemed.filter((e) => e.root === rootId && e.burned > 0n).length;
      assert.ok(residue >= 0n && residue < BigInt(Math.max(holdings, 1)), `root ${rootId}: fully paid and redeemed, residue ${residue} with ${holdings} holdings`);
      if (s.interestPaid === 0n) assert.equal(residue, 0n, `root ${rootId}: fully paid without interest but residue ${residue}`);
    }
  }
  // No holding ever received more than its units' exact share of what was paid in: floor((units now + units
  // burned) × paid / face) — units cannot move after the due date, so that is what it held at maturity.
  const payoutsBy = new Map<string, { paid: bigint; burned: bigint; root: bigint }>();
  for (const e of redeemed) {
    const key = `${e.id}:${lc(e.holder)}`;
    const x = payoutsBy.get(key) ?? { paid: 0n, burned: 0n, root: e.root };
    payoutsBy.set(key, { paid: x.paid + e.payout, burned: x.burned + e.burned, root: e.root });
  }
  for (const [key, x] of payoutsBy) {
    const [id, h] = key.split(':') as [string, Address];
    const held = get<bigint>(`bal:${id}:${h}`) + x.burned;
    const s = get<SettlementOnChain>(`settlement:${x.root}`);
    assert.ok(x.paid <= (held * s.paid) / s.face, `holding ${key} received ${x.paid} XT for ${held} units of ${s.face} with ${s.paid} paid in`);
  }

  // Property 5 — XT: totalSupply = Σ Deposited − Σ Withdrawn; Receivables holds exactly paid − distributed.
  const deposited = sum((ofKind(A.xt, 'Deposited') as Array<{ amount: bigint }>).map((e) => e.amount));
  const withdrawn = sum((ofKind(A.xt, 'Withdrawn') as Array<{ amount: bigint }>).map((e) => e.amount));
  const xtSupply = get<bigint>('xtSupply');
  assert.equal(xtSupply, deposited - withdrawn, 'XT totalSupply ≠ Σ Deposited − Σ Withdrawn');
  assert.equal(xtSupply, m.xtSupply, 'XT totalSupply ≠ model');
  const settlementXt = get<bigint>(`xt:${A.receivables}`);
  assert.equal(settlementXt, sum(paidEvents.map((e) => e.amount)) - sum(redeemed.map((e) => e.payout)), 'Receivables XT ≠ Σ SettlementPaid − Σ payouts');
  for (const a of m.xtAddresses) assert.equal(get<bigint>(`xt:${a}`), m.xtOf(a), `XT balance of ${a}`);
  assert.equal(sum(m.xtAddresses.map((a) => get<bigint>(`xt:${a}`))), xtSupply, 'Σ XT balances ≠ totalSupply');

  // Property 4 — credit line: used = Σ face − Σ principal paid (late interest never draws on it nor frees it);
  // used ≤ limit unless the limit was lowered below it.
  const line = get<{ limit: bigint; used: bigint }>('credit');
  assert.deepEqual([line.limit, line.used], [m.credit.limit, m.credit.used], 'credit line');
  assert.equal(line.used, sum([...m.roots.values()].map((r) => r.face - (r.paid - r.interestPaid))), 'credit used ≠ Σ principal outstanding');
  const g = get<{ guarantor: Address; status: number }>('guarantee');
  assert.deepEqual([lc(g.guarantor), ['None', 'Proposed', 'Active'][g.status]], [m.guarantee.guarantor, m.guarantee.status], 'guarantee of the credit line');
  assert.equal(get<{ status: number }>('guarantorMember').status, m.suspended.has(f.guarantor.address) ? 3 : 2, 'status of the guarantor');
  if (!m.credit.lowered) assert.ok(line.used <= line.limit, `credit used ${line.used} > limit ${line.limit}`);
  for (const [k, v] of m.invoiceUsed) assert.equal(get<boolean>(`inv:${k}`), v, `invoiceUsed ${k}`);
  for (const [d, v] of m.docUsed) assert.equal(get<boolean>(`doc:${d}`), v, `documentUsed ${d}`);

  for (const o of m.offers) assert.equal(get<{ remaining: bigint }>(`offer:${o.offerId}`).remaining, o.remaining, `offer ${o.offerId} remaining`);
  for (const s of f.suppliers) {
    assert.equal(get<{ status: number }>(`member:${s.address}`).status, m.suspended.has(s.address) ? 3 : 2, `status of ${s.name}`);
  }
}

// ───────────────────────────── fast-check glue ─────────────────────────────

export class Step implements fc.AsyncCommand<Model, Fixture> {
  constructor(readonly spec: Spec) {}
  check(): boolean {
    return true;
  }
  async run(m: Model): Promise<void> {
    await execute(m, this.spec);
    await checkInvariants(m);
  }
  toString(): string {
    return describeSpec(this.spec);
  }
}
