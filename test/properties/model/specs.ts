/**
 * The random commands: what fast-check draws. A spec holds picks and relative amounts, not ids or balances, so that
 * a shrunk sequence still means something; each command resolves them against the model when it runs.
 */
import fc from 'fast-check';
import { U16 } from './state.ts';

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
    offset: fc.constantFrom(-2, -1, 0, 1, 3_600, 86_399, 86_400, 86_401),
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
