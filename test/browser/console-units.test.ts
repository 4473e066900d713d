/**
 * The console's pure parts, in Node (no browser): money parsing and formatting by string arithmetic, the SHA-256
 * fallback, the split-tree layout, the funder book grid, the regulator's alerts, a guarantor's maturity ladder and
 * menu, and the two dictionaries.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { formatBps, formatMinor, minorToInput, parseMajor, parsePercentToBps } from '../../web/src/format/money.ts';
import { sha256 } from '../../web/src/format/sha256.ts';
import { layoutTrace, pathTo } from '../../web/src/charts/SplitTree/layout.ts';
import { bookGrid } from '../../web/src/charts/bookGrid.ts';
import { exposureShares, obligorShares, overdueAlerts } from '../../web/src/modules/receivables/Oversight/alerts.ts';
import { guaranteeLadder, type GuaranteeItem } from '../../web/src/modules/receivables/Guarantees/guaranteeLadder.ts';
import { navigationFor } from '../../web/src/session/roles.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { fill } from '../../web/src/i18n/fill.ts';
import { errorWords } from '../../web/src/format/errorWords.ts';
import { directoryView } from '../../web/src/modules/identity/Members/directory.ts';
import type { ClaimSummary, Me, MemberRole, PositionHolding, Trace, TraceEdge } from '../../web/src/api/types.ts';

describe('money', () => {
  test('minor units are formatted per locale with 2 decimals and the XT label', () => {
    assert.equal(formatMinor('100000000', 'en'), '1,000,000.00 XT');
    assert.equal(formatMinor('5', 'en'), '0.05 XT');
    assert.equal(formatMinor('0', 'en', { currency: false }), '0.00');
    assert.equal(formatMinor('-12345', 'en'), '-123.45 XT');
    assert.equal(formatMinor('100000000', 'zh-CN'), '1,000,000.00 XT');
    assert.equal(formatMinor('123456789012345678901234567890', 'en', { currency: false }), '1,234,567,890,123,456,789,012,345,678.90');
    assert.equal(formatMinor(100000000n, 'de-DE', { currency: false }), '1.000.000,00');
  });

  test('amounts typed in major units become integer minor units, without floats', () => {
    assert.deepEqual(parseMajor('1,000,000'), { ok: true, minor: '100000000' });
    assert.deepEqual(parseMajor('1000000.5'), { ok: true, minor: '100000050' });
    assert.deepEqual(parseMajor(' 0.07 '), { ok: true, minor: '7' });
    assert.deepEqual(parseMajor('.5'), { ok: true, minor: '50' });
    assert.deepEqual(parseMajor('１２３．４５'), { ok: true, minor: '12345' }, 'full-width IME digits');
    assert.deepEqual(parseMajor('1，000'), { ok: true, minor: '100000' }, 'full-width comma');
    // 0.1 + 0.2 would not survive floats; 9007199254740993.01 is beyond a double's integers.
    assert.deepEqual(parseMajor('9007199254740993.01'), { ok: true, minor: '900719925474099301' });
    assert.deepEqual(parseMajor(''), { ok: false, problem: 'empty' });
    assert.deepEqual(parseMajor('1.234'), { ok: false, problem: 'precision' });
    assert.deepEqual(parseMajor('abc'), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseMajor('1e5'), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseMajor('-5'), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseMajor('0'), { ok: false, problem: 'zero' });
    assert.deepEqual(parseMajor('0', { allowZero: true }), { ok: true, minor: '0' });
    assert.equal(minorToInput('100000050'), '1,000,000.50', 'a prefilled amount keeps its separators');
    for (const minor of ['1', '99', '100', '123456789', '100000000000000000000']) assert.deepEqual(parseMajor(minorToInput(minor)), { ok: true, minor });
  });

  test('rates in percent become basis points', () => {
    assert.equal(parsePercentToBps('8.5'), 850);
    assert.equal(parsePercentToBps('10'), 1000);
    assert.equal(parsePercentToBps('6.25%'), 625);
    assert.equal(parsePercentToBps('6.255'), null);
    assert.equal(parsePercentToBps('x'), null);
    assert.equal(parsePercentToBps('700'), null, 'more than 65535 bps');
    assert.equal(formatBps(850, 'en'), '8.50%');
  });
});

test('the SHA-256 fallback equals Node’s', () => {
  for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]) {
    const data = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
    assert.equal(Buffer.from(sha256(data)).toString('hex'), createHash('sha256').update(data).digest('hex'), `${size} bytes`);
  }
});

const A = { core: '0xc0', s1: '0x51', s2: '0x52', f: '0xf0' };
const party = (address: string | null, name: string | null, hops: number | null = null) => ({ memberId: address ? `m-${address}` : null, name, address, hops });
let log = 0;
const edge = (kind: TraceEdge['kind'], from: ReturnType<typeof party> | null, to: ReturnType<typeof party> | null, amount: string, extra: Partial<TraceEdge> = {}): TraceEdge => ({
  kind, claimId: '0xroot', childId: null, from, to, amount, price: null, discount: null, offerId: null, days: null, txHash: `0xt${log}`, blockNumber: '1', logIndex: log++, at: '2030-01-01T00:00:00Z', ...extra,
});

function trace(p: { hidden?: boolean } = {}): Trace {
  const s2 = p.hidden ? party(null, null, 1) : party(A.s2, 'Tier2', 1);
  const f = p.hidden ? party(null, null, 2) : party(A.f, 'Fund', 2);
  const terms = { parentId: null, rootId: '0xroot', depth: 0, kind: 'receivable', obligor: party(A.core, 'Core'), consortiumId: '0xc', documentsHash: null, dueDate: '2030-04-01', dueAt: '2030-04-01T00:00:00Z', lateRateBps: 0, maxHops: 5, dayCount: 'ACT/360' as const, totalSupply: '0', definedAt: '', definedBlock: '1' };
  return {
    rootId: '0xroot', claimId: '0xroot', asOf: '2030-05-01T00:00:00Z', obligor: party(A.core, 'Core'), trade: null,
    settlement: {
      rootId: '0xroot', face: '1000', paid: '1000', distributed: '1000', principalPaid: '1000', interestPaid: '0', outstanding: '0', lateInterest: '0', owed: '0',
      overdueDays: 0, accrual: { accruedDays: 0, interestDue: '0', carry: '0' }, held: '0', status: 'paid', guarantor: null, asOf: '2030-05-01T00:00:00Z',
    },
    nodes: [
      { id: '0xroot', ...terms, children: ['0xchild'], holders: [{ party: party(A.s1, 'Tier1'), balance: '0', hops: 0, redeemed: '500' }] },
      { id: '0xchild', ...terms, parentId: '0xroot', depth: 1, dueDate: '2030-05-01', children: [], holders: [] },
    ],
    edges: [
      edge('issue', null, party(A.s1, 'Tier1', 0), '1000'),
      edge('transfer', party(A.s1, 'Tier1', 0), s2, '400'),
      edge('transfer', party(A.s1, 'Tier1', 0), s2, '100'),
      edge('sale', s2, f, '200', { price: '190' }),
      edge('modify', party(A.s1, 'Tier1', 0), party(A.s1, 'Tier1', 0), '300', { childId: '0xchild' }),
      edge('redeem', party(A.s1, 'Tier1', 0), null, '200', { price: '200' }),
      edge('redeem', s2, null, '300', { price: '300' }),
      edge('redeem', f, null, '200', { price: '200' }),
    ],
    payments: [{ payer: party(A.core, 'Core'), payerRole: 'obligor', amount: '1000', principal: '1000', interest: '0', paidTotal: '1000', txHash: '0xp', blockNumber: '2', at: '2030-04-02T00:00:00Z' }],
    accruals: [],
    guarantee: null,
    partiesHidden: !!p.hidden,
  };
}

describe('split-tree layout', () => {
  test('issuance → tiers → funder, settlement below; links merged with amounts summed', () => {
    for (const orientation of ['horizontal', 'vertical'] as const) {
      const l = layoutTrace(trace(), { orientation });
      const node = (key: string) => l.byKey.get(key)!;
      assert.equal(node('0xroot|0x51').parent, 'issuance');
      assert.equal(node('0xroot|0x52').parent, '0xroot|0x51');
      assert.equal(node('0xroot|0xf0').parent, '0xroot|0x52');
      assert.equal(node('0xroot|0xf0').role, 'funder', 'bought in a sale');
      assert.equal(node('0xchild|0x51').parent, '0xroot|0x51', 'a modify makes a child id of the same holder');
      assert.equal(node('0xroot|0x52').received, 500n, 'two transfers, one link');
      assert.equal(node('0xroot|0x51').redeemed, 200n);
      const transfer = l.links.find((x) => x.kind === 'transfer')!;
      assert.equal(transfer.amount, 500n);
      assert.equal(transfer.edges.length, 2);
      assert.equal(l.links.find((x) => x.kind === 'sale')!.price, 190n);
      assert.equal(l.links.find((x) => x.kind === 'payment')!.amount, 1000n);
      assert.equal(l.links.filter((x) => x.to === 'settlement').length, 4, 'three payouts and the payment');
      const settlement = node('settlement');
      for (const n of l.nodes.filter((x) => x !== settlement)) {
        assert.ok(n.y + n.height < settlement.y, `${n.key} is above the settlement`);
        assert.ok(n.x >= 0 && n.x + n.width <= l.width && n.y + n.height <= l.height, `${n.key} inside the drawing`);
      }
      for (const a of l.nodes) {
        for (const b of l.nodes) {
          if (a === b) continue;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          assert.ok(!overlap, `${a.key} and ${b.key} overlap (${orientation})`);
        }
      }
      assert.deepEqual([...pathTo(l, '0xroot|0xf0')], ['0xroot|0xf0', '0xroot|0x52', '0xroot|0x51', 'issuance']);
      for (const link of l.links) assert.match(link.path, /^M [\d.]+ [\d.]+ /, `${link.key} has a path`);
    }
  });

  test('hidden parties keep the tree connected by claim and hop count', () => {
    const l = layoutTrace(trace({ hidden: true }));
    const hidden = l.nodes.filter((n) => n.role === 'hidden');
    assert.equal(hidden.length, 2, 'the tier-2 holder and the funder');
    const [tier2, funder] = hidden.sort((a, b) => a.column - b.column);
    assert.equal(tier2!.parent, '0xroot|0x51');
    assert.equal(tier2!.received, 500n);
    assert.equal(funder!.parent, tier2!.key);
  });
});

describe('split-tree layout with pseudonyms (docs/adr/017-disclosure.md)', () => {
  test('two hidden members a tier-1 supplier split to are two boxes, told apart by pseudonym', () => {
    const base = trace({ hidden: true });
    const hiddenAt = (pseudonym: string, hops: number) => ({ memberId: null, name: null, address: null, pseudonym, hops });
    const edges = base.edges
      .filter((e) => e.kind !== 'sale' && !(e.kind === 'redeem' && e.from?.address === null))
      .map((e) => (e.kind === 'transfer' ? { ...e, to: hiddenAt(e.amount === '400' ? 'P-aaaaaaaa' : 'P-bbbbbbbb', 1) } : e));
    const holders = [...base.nodes[0]!.holders, { party: { memberId: null, name: null, address: null, pseudonym: 'P-aaaaaaaa' }, balance: '400', hops: 1, redeemed: '0' }];
    const l = layoutTrace({ ...base, edges, nodes: [{ ...base.nodes[0]!, holders }, base.nodes[1]!] });
    const boxes = l.nodes.filter((n) => n.role === 'hidden').sort((a, b) => (a.key < b.key ? -1 : 1));
    assert.deepEqual(boxes.map((n) => [n.key, n.parent, n.received, n.balance]), [
      ['0xroot|pseudonym:P-aaaaaaaa', '0xroot|0x51', 400n, 400n],
      ['0xroot|pseudonym:P-bbbbbbbb', '0xroot|0x51', 100n, 0n],
    ]);
  });
});

test('the funder book groups holdings by obligor and due date', () => {
  const h = (obligor: string, dueDate: string, balance: string, overdueDays = 0): PositionHolding => ({
    claimId: `0x${obligor}${dueDate}`, rootId: '0x', obligor: { memberId: obligor, name: obligor, address: obligor }, dueDate, dayCount: 'ACT/360', balance, hops: 1, redeemed: '0', redeemable: '0', overdueDays,
  });
  const g = bookGrid([h('A', '2030-02-01', '100'), h('A', '2030-02-01', '50'), h('B', '2030-01-01', '500', 3), h('A', '2030-03-01', '10'), h('C', '2030-01-01', '0')]);
  assert.deepEqual(g.obligors.map((o) => [o.key, o.total]), [['B', 500n], ['A', 160n]]);
  assert.deepEqual(g.dates.map((d) => [d.date, d.total, d.overdue]), [['2030-01-01', 500n, true], ['2030-02-01', 150n, false], ['2030-03-01', 10n, false]]);
  assert.equal(g.cells.get('A|2030-02-01')!.amount, 150n);
  assert.equal(g.total, 660n);
  assert.equal(g.max, 500n);
});

test('the regulator’s alerts: overdue ids, obligor concentration, funder exposure', () => {
  const c = (id: string, obligor: string, unpaid: string, overdueDays: number): ClaimSummary =>
    ({ id, obligor: { memberId: obligor, name: obligor, address: obligor }, dueDate: '2030-01-01', maturity: { asOf: '', daysToMaturity: 0, overdueDays, unpaid, lateInterest: '7' } }) as unknown as ClaimSummary;
  const claims = [c('1', 'A', '600', 2), c('2', 'A', '100', 0), c('3', 'B', '300', 5), c('4', 'B', '0', 9)];
  assert.deepEqual(overdueAlerts(claims).map((a) => [a.claimId, a.overdueDays, a.unpaid]), [['3', 5, 300n], ['1', 2, 600n]]);
  const { total, shares } = obligorShares(claims);
  assert.equal(total, 1000n);
  assert.deepEqual(shares.map((s) => [s.key, s.amount, s.percent]), [['A', 700n, 70], ['B', 300n, 30]]);
  const exposure = exposureShares([{ obligor: { memberId: 'A', name: 'A', address: 'a' }, balance: '1' }, { obligor: { memberId: 'B', name: 'B', address: 'b' }, balance: '2' }] as PositionHolding[]);
  assert.deepEqual(exposure.shares.map((s) => [s.key, s.percent]), [['B', 66], ['A', 33]]);
});

test("a guarantor's claims become maturity-ladder rungs: one per due date, earliest first, amounts summed", () => {
  const item = (rootId: string, dueDate: string, outstanding: string, overdueDays: number, lateInterest: string): GuaranteeItem => ({
    rootId,
    obligor: { memberId: 'core', name: 'Core', address: '0xc' },
    dueDate,
    outstanding,
    lateInterest,
    overdueDays,
    status: 'unpaid',
  });
  assert.deepEqual(guaranteeLadder([]), []);
  const rungs = guaranteeLadder([
    item('0x3', '2030-03-01', '500', 0, '0'),
    item('0x1', '2030-01-31', '100000000000000000000000000001', 12, '7'),
    item('0x2', '2030-01-31', '2', 3, '5'),
  ]);
  assert.deepEqual(rungs, [
    { dueDate: '2030-01-31', claimIds: ['0x1', '0x2'], unpaid: '100000000000000000000000000003', overdueDays: 12, lateInterest: '12' },
    { dueDate: '2030-03-01', claimIds: ['0x3'], unpaid: '500', overdueDays: 0, lateInterest: '0' },
  ]);
});

test('the menu: a guarantor gets its Guarantees page; others do not', () => {
  const me = (roles: MemberRole[], isOperator = false): Me =>
    ({ userId: 'u', userRole: 'admin', isOperator, member: { id: 'm', name: 'M', roles } }) as unknown as Me;
  const paths = (m: Me) => navigationFor(m).map((i) => i.path);
  assert.ok(paths(me(['guarantor'])).includes('/guarantees'));
  assert.ok(paths(me(['funder', 'guarantor'])).includes('/guarantees'));
  for (const m of [me(['core_enterprise']), me(['funder']), me(['regulator']), me([], true)]) assert.ok(!paths(m).includes('/guarantees'), paths(m).join(' '));
});

test('the Chinese dictionary has every key, each with the same placeholders', () => {
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(en) as Array<keyof typeof en>) assert.deepEqual(holes(zhCN[key]), holes(en[key]), key);
});

describe('refusals in the user\'s language, in XT, naming parties (issue 14, item 4)', () => {
  const i18n = (locale: 'en' | 'zh-CN') => {
    const messages = locale === 'en' ? en : zhCN;
    return { locale, messages, t: (k: keyof typeof en, v?: Record<string, string | number>) => fill(messages[k] ?? en[k], v), amount: (m: string | bigint) => formatMinor(m, locale) };
  };
  const names = new Map([['0x00000000000000000000000000000000000000f1', 'Jade River Bank'], ['0x00000000000000000000000000000000000000c0', 'Aurora Motors']]);
  const holding = { code: 'insufficient_holding', status: 422, message: 'your holding of claim 0xab is 1,000,000.05 XT, less than the 2,000,000.00 XT requested', details: { field: 'amount', holding: '100000005', requested: '200000000' } };

  test('an API refusal: amounts in XT, the sentence in the page\'s language', () => {
    assert.deepEqual(errorWords(i18n('en'), names, holding), {
      headline: 'You hold less of this claim than that.',
      detail: 'You hold 1,000,000.05 XT of this claim; you asked for 2,000,000.00 XT.',
    });
    const zh = errorWords(i18n('zh-CN'), names, holding);
    assert.equal(zh.detail, '您持有该债权 1,000,000.05 XT，本次申请 2,000,000.00 XT。');
    assert.doesNotMatch(`${zh.headline}${zh.detail}`, /[A-Za-z]{4,}/, 'no English sentence on the Chinese page');
  });

  test('a chain refusal names the parties by name, not by address', () => {
    const failed = { code: 'CreditLineHeldByOther', message: 'the credit line of 0x…c0 was granted by 0x…f1', args: { obligor: '0x00000000000000000000000000000000000000C0', provider: '0x00000000000000000000000000000000000000f1' } };
    assert.equal(errorWords(i18n('en'), names, failed).detail, 'Jade River Bank granted the credit line of Aurora Motors.');
    assert.equal(errorWords(i18n('zh-CN'), names, failed).detail, 'Aurora Motors 的授信额度由 Jade River Bank 授予。');
  });

  test('without a sentence of its own, the platform\'s detail is shown in English only, addresses named', () => {
    const other = { code: 'member_status_invalid', status: 409, message: 'member 0x00000000000000000000000000000000000000c0 is suspended', details: {} };
    assert.equal(errorWords(i18n('en'), names, other).detail, 'member Aurora Motors is suspended');
    const matured = { code: 'claim_matured', status: 422, message: 'claim 0xab matured on 2030-01-01', details: {} };
    assert.equal(errorWords(i18n('zh-CN'), names, matured).detail, null, 'a Chinese headline, no English sentence');
    assert.equal(errorWords(i18n('en'), names, matured).detail, 'claim 0xab matured on 2030-01-01');
  });
});

test('the member directory: sorted by name in the locale\'s order, by status or newest first; searched by every word', () => {
  const m = (name: string, status: string, createdAt: string, roles: string[], registrationNumber = `R-${name}`) =>
    ({ id: name, name, status, createdAt, roles, requestedRoles: [], registrationNumber, address: `0x${name.length}` }) as unknown as Parameters<typeof directoryView>[0][number];
  const all = [m('delta Castings', 'certified', '2030-01-03', ['supplier']), m('Aurora Motors', 'certified', '2030-01-01', ['core_enterprise']), m('Borealis', 'suspended', '2030-01-02', ['supplier'], 'REG-77')];
  const names = (v: ReturnType<typeof directoryView>) => v.map((x) => x.name);
  assert.deepEqual(names(directoryView(all, { query: '', sort: 'name', locale: 'en' })), ['Aurora Motors', 'Borealis', 'delta Castings'], 'case does not decide the order');
  assert.deepEqual(names(directoryView(all, { query: '', sort: 'since', locale: 'en' })), ['delta Castings', 'Borealis', 'Aurora Motors']);
  assert.deepEqual(names(directoryView(all, { query: '', sort: 'status', locale: 'en' })), ['Aurora Motors', 'delta Castings', 'Borealis']);
  assert.deepEqual(names(directoryView(all, { query: 'supplier cast', sort: 'name', locale: 'en' })), ['delta Castings']);
  assert.deepEqual(names(directoryView(all, { query: 'reg-77', sort: 'name', locale: 'en' })), ['Borealis']);
  assert.deepEqual(names(directoryView(all, { query: '供应商', sort: 'name', locale: 'zh-CN', roleLabel: (r) => (r === 'supplier' ? '供应商' : r) })), ['Borealis', 'delta Castings']);
  assert.equal(all[0]!.name, 'delta Castings', 'the list given is not reordered in place');
});
