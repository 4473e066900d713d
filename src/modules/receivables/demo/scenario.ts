import type { ClaimTrace as TraceView } from '../../../sdk/index.ts';
import type { Command } from '../../../demo/client.ts';
import { defineScenario, type DemoParameters } from '../../../demo/scenario.ts';
import { minor, pct, shortId, table, xt } from '../../../demo/format.ts';
import { formatTraceTree } from './traceTree.ts';

/**
 * The demo's story: an N+1+N supply chain around one automaker, driven through the HTTP API only.
 *
 * Upstream (N): tier 1 (a drivetrain assembler and an interiors supplier), tier 2 (castings and electronics),
 * tier 3 (steel and polymers). The core (1): the automaker. Downstream (N): two distributors. Around them: two
 * funders, the bank gateway that turns fiat deposits into XT, and a regulator who oversees it all.
 */

export type RoleName = 'core_enterprise' | 'supplier' | 'distributor' | 'funder' | 'bank_gateway' | 'regulator';

export interface CastMember {
  key: string;
  name: string;
  roles: RoleName[];
  /** What it is in the story, e.g. "tier 2 parts". */
  part: string;
}

export const cast: CastMember[] = [
  { key: 'aurora', name: 'Aurora Motors', roles: ['core_enterprise'], part: 'core enterprise (automaker)' },
  { key: 'borealis', name: 'Borealis Drivetrain Systems', roles: ['supplier'], part: 'tier 1 assembler' },
  { key: 'cirrus', name: 'Cirrus Interiors', roles: ['supplier'], part: 'tier 1 interiors' },
  { key: 'delta', name: 'Delta Precision Castings', roles: ['supplier'], part: 'tier 2 parts' },
  { key: 'estuary', name: 'Estuary Electronics', roles: ['supplier'], part: 'tier 2 parts' },
  { key: 'fjord', name: 'Fjord Steel Works', roles: ['supplier'], part: 'tier 3 raw materials' },
  { key: 'granite', name: 'Granite Polymers', roles: ['supplier'], part: 'tier 3 raw materials' },
  { key: 'harbor', name: 'Harbor Auto Distribution', roles: ['distributor'], part: 'distributor' },
  { key: 'ionian', name: 'Ionian Dealer Group', roles: ['distributor'], part: 'distributor' },
  { key: 'jade', name: 'Jade River Bank', roles: ['funder'], part: 'funder (bank)' },
  { key: 'keystone', name: 'Keystone Trade Capital', roles: ['funder'], part: 'funder (factor)' },
  { key: 'lumen', name: 'Lumen Settlement Bank', roles: ['bank_gateway'], part: 'bank gateway' },
  { key: 'meridian', name: 'Meridian Financial Supervision', roles: ['regulator'], part: 'regulator' },
];

export interface Member extends CastMember {
  id: string;
  address: string;
  apiKey: string;
}

export interface DemoResult {
  members: Member[];
  consortiumId: string;
  claims: { main: string; child: string; payable: string };
  /** Σ XT credited by the bank gateway in this run. */
  deposited: string;
  matured: boolean;
  trace: TraceView;
  payableTrace: TraceView;
  /** This run's members: XT and the face of the claims they hold. */
  balances: Array<{ memberId: string; name: string; part: string; address: string; balance: string; claimsHeld: string | null }>;
  /** XT paid into the two settlements and not yet distributed (paid − distributed). */
  inSettlement: string;
  /** XT supply of the whole platform. */
  totalSupply: string;
}

const DAY = 86_400;
const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

export async function runDemo(p: DemoParameters): Promise<DemoResult> {
  const { api, progress } = p;
  const step = progress;
  const m: Record<string, Member> = {};
  const nameOf = (c: CastMember) => (p.tagNames ? `${c.name} [${p.tag}]` : c.name);
  const settleAll = (commands: Command[], what: string) => api.settle(commands, what);

  // ------------------------------------------------------------------------------------------- onboarding
  step('onboard', `${cast.length} enterprises: an automaker, 3 supplier tiers, 2 distributors, 2 funders, a bank gateway, a regulator`);
  const onboarded = await Promise.all(
    cast.map(async (c) => {
      const r = await api.send<{ member: { id: string; address: string }; apiKey: string }>('/v1/members', {
        body: { name: nameOf(c), registrationNumber: `DEMO-${p.tag}-${c.key.toUpperCase()}`, roles: c.roles, adminUserName: `${c.name} treasury` },
        label: `demo-onboard-${c.key}`,
      });
      m[c.key] = { ...c, id: r.member.id, address: r.member.address, apiKey: r.apiKey };
      return r.commands;
    }),
  );
  await settleAll(onboarded.flat(), 'onboarding');
  for (const c of cast) step('onboard', `${c.name.padEnd(28)} ${c.part.padEnd(28)} certified as ${c.roles.join(', ')}`);
  const key = (k: string) => m[k]!.apiKey;

  // ------------------------------------------------------------------------------------------- consortium
  const { consortiumId, commands: created } = await api.send<{ consortiumId: string }>('/v1/consortia', {
    key: key('aurora'),
    body: { name: p.tagNames ? `Aurora Motors supply chain [${p.tag}]` : 'Aurora Motors supply chain' },
  });
  await settleAll(created, 'create consortium');
  step('consortia', `Aurora Motors created consortium ${shortId(consortiumId)}`);
  const invited = cast.filter((c) => !['aurora', 'lumen', 'meridian'].includes(c.key));
  const invitations = await Promise.all(invited.map((c) => api.send(`/v1/consortia/${consortiumId}/invitations`, { key: key('aurora'), body: { memberId: m[c.key]!.id } })));
  await settleAll(invitations.flatMap((r) => r.commands), 'invitations');
  step('consortia', `invited ${invited.length} members (suppliers, distributors, funders)`);
  const accepted = await Promise.all(invited.map((c) => api.send(`/v1/consortia/${consortiumId}/accept`, { key: key(c.key) })));
  await settleAll(accepted.flatMap((r) => r.commands), 'accept invitations');
  step('consortia', `all ${invited.length} accepted`);

  // --------------------------------------------------------------------------------------------- deposits
  const deposits: Array<[string, number]> = [['harbor', 2_000_000], ['ionian', 1_500_000], ['jade', 3_000_000], ['keystone', 3_000_000], ['aurora', 200_000]];
  const credited = await Promise.all(
    deposits.map(([k, amount], i) =>
      api.send('/v1/xt/deposits', { key: key('lumen'), body: { memberId: m[k]!.id, amount: minor(amount), reference: `DEMO-${p.tag}-WIRE-${i + 1}` } }),
    ),
  );
  await settleAll(credited.flatMap((r) => r.commands), 'deposits');
  const deposited = deposits.reduce((sum, [, amount]) => sum + BigInt(minor(amount)), 0n);
  for (const [k, amount] of deposits) step('xt', `Lumen Settlement Bank credited ${xt(minor(amount))} XT to ${m[k]!.name} (fiat wire)`);

  // ----------------------------------------------------------------------------------------- credit line
  await api.post('/v1/credit-lines', { key: key('jade'), body: { obligorMemberId: m.aurora!.id, limit: minor(5_000_000) } });
  step('credit', `Jade River Bank set Aurora Motors' credit line to ${xt(minor(5_000_000))} XT`);

  // ---------------------------------------------------------------------------------------------- trades
  const today = Math.floor(Date.now() / 1000);
  const dueDate = isoDate(today + 90 * DAY);
  const childDueDate = isoDate(today + 100 * DAY);
  const trade = await api.post<{ tradeId: string; claimId: string }>('/v1/trades', {
    key: key('borealis'),
    body: {
      obligorMemberId: m.aurora!.id, consortiumId, invoiceNumber: `BDS-${p.tag}-0412`, amount: minor(1_200_000), dueDate,
      lateRateBps: 800, maxHops: 4, dayCount: 'ACT/360',
    },
  });
  step('trade', `Borealis submitted invoice BDS-${p.tag}-0412 for ${xt(minor(1_200_000))} XT on Aurora Motors, due ${dueDate}, late ${pct(800)}/yr`);
  const confirmed = await api.post<{ claimId: string }>(`/v1/trades/${trade.tradeId}/confirm`, { key: key('aurora') });
  const main = confirmed.claimId;
  step('trade', `Aurora Motors confirmed it: claim ${shortId(main)} minted to Borealis (tier 1)`);
  const payable = await api.post<{ claimId: string }>('/v1/payables', {
    key: key('aurora'),
    body: { supplierMemberId: m.cirrus!.id, consortiumId, invoiceNumber: `CI-${p.tag}-7781`, amount: minor(400_000), dueDate, lateRateBps: 800, maxHops: 3 },
  });
  step('trade', `Aurora Motors issued a payable of ${xt(minor(400_000))} XT to Cirrus Interiors: claim ${shortId(payable.claimId)}`);

  // ------------------------------------------------------------------------------------- splits by tiers
  const split = async (from: string, to: string, claimId: string, amount: number) => {
    await api.post(`/v1/claims/${claimId}/transfers`, { key: key(from), body: { toMemberId: m[to]!.id, amount: minor(amount) } });
    step('split', `${m[from]!.name} → ${m[to]!.name} (${m[to]!.part}): ${xt(minor(amount))} of ${shortId(claimId)}`);
  };
  await split('borealis', 'delta', main, 500_000);
  await split('borealis', 'estuary', main, 300_000);
  await split('cirrus', 'estuary', payable.claimId, 150_000);
  const modified = await api.post<{ childId: string }>(`/v1/claims/${main}/modifications`, {
    key: key('delta'),
    body: { amount: minor(200_000), dueDate: childDueDate, lateRateBps: 500, maxHops: 3 },
  });
  const child = modified.childId;
  step('modify', `Delta narrowed ${xt(minor(200_000))} into ${shortId(child)}: due ${childDueDate} (later), late ${pct(500)} (lower), at most 3 hops (fewer)`);
  await split('delta', 'fjord', child, 200_000);
  await split('estuary', 'granite', main, 100_000);

  // ------------------------------------------------------------------------------------------- financing
  const offerExpires = new Date((today + 30 * DAY) * 1000).toISOString();
  const offer = await api.post<{ offerId: string }>('/v1/offers', {
    key: key('keystone'),
    body: { obligorMemberId: m.aurora!.id, rateBps: 600, limit: minor(1_000_000), expiresAt: offerExpires },
  });
  step('finance', `Keystone Trade Capital posted a standing offer on Aurora Motors at ${pct(600)}/yr, up to ${xt(minor(1_000_000))}`);
  const price = await api.get<{ price: string; discount: string; days: number }>(`/v1/offers/${offer.offerId}/price?claimId=${child}&amount=${minor(150_000)}`, key('fjord'));
  step('finance', `price for ${xt(minor(150_000))} of ${shortId(child)}: ${xt(price.price)} XT (discount ${xt(price.discount)} for ${price.days} days)`);
  const sale1 = await api.post<{ price: string }>(`/v1/claims/${child}/sales`, { key: key('fjord'), body: { offerId: offer.offerId, amount: minor(150_000), minPrice: price.price } });
  step('finance', `Fjord Steel sold ${xt(minor(150_000))} to Keystone for ${xt(sale1.price)} XT (delivery versus payment, one transaction)`);

  const quoteReq = await api.request<{ quoteId: string }>('POST', '/v1/quotes', {
    key: key('granite'),
    body: { claimId: main, amount: minor(80_000) },
    idempotencyKey: `demo-quote-${p.tag}`,
  });
  if (quoteReq.status !== 201) throw new Error(`POST /v1/quotes: HTTP ${quoteReq.status} ${JSON.stringify(quoteReq.body)}`);
  const quoteId = quoteReq.body.quoteId;
  step('finance', `Granite Polymers asked funders for a quote on ${xt(minor(80_000))} of ${shortId(main)}`);
  const answer = await api.post<{ offerId: string }>(`/v1/quotes/${quoteId}/answers`, {
    key: key('jade'),
    body: { rateBps: 550, expiresAt: new Date((today + 7 * DAY) * 1000).toISOString() },
  });
  step('finance', `Jade River Bank answered at ${pct(550)}/yr (an offer only Granite can take)`);
  const sale2 = await api.post<{ price: string; discount: string }>(`/v1/claims/${main}/sales`, { key: key('granite'), body: { offerId: answer.offerId, amount: minor(80_000) } });
  step('finance', `Granite Polymers sold ${xt(minor(80_000))} to Jade River Bank for ${xt(sale2.price)} XT`);

  // Distributors pay the automaker for vehicles: where its settlement money comes from.
  for (const [k, amount] of [['harbor', 1_000_000], ['ionian', 800_000]] as const) {
    await api.post('/v1/xt/transfers', { key: key(k), body: { toMemberId: m.aurora!.id, amount: minor(amount) } });
    step('sales', `${m[k]!.name} paid Aurora Motors ${xt(minor(amount))} XT for vehicles`);
  }

  // ----------------------------------------------------------------------------------- maturity, payment
  let matured = false;
  if (!p.advanceTo) {
    step('maturity', `stopping before maturity: the claims fall due on ${dueDate} and ${childDueDate}, and this chain's clock cannot be moved`);
    step('maturity', 'run `tierchain demo --embedded` to see payment, distribution and redemption (it time-travels its own anvil)');
  } else {
    // The core pays on time, an hour before the due date: no late interest accrues (after the due date it would,
    // at the claims' late rate, and a payment would settle that interest first).
    await p.advanceTo(midnight(dueDate) - 3600);
    step('maturity', `time travel: the embedded chain's clock is now an hour before ${dueDate}`);
    for (const [claimId, amount] of [[main, 1_200_000], [payable.claimId, 400_000]] as const) {
      await api.post(`/v1/claims/${claimId}/payments`, { key: key('aurora'), body: { amount: minor(amount) } });
      step('payment', `Aurora Motors paid ${xt(minor(amount))} XT into the settlement of ${shortId(claimId)}, on time`);
    }
    await p.advanceTo(midnight(dueDate) + 60);
    step('maturity', `time travel: the embedded chain's clock is now past ${dueDate}`);
    const distribute = async (rootId: string) => {
      const r = await api.post<{ holdings: number; batches: number; total: string; notYetDue: Array<{ claimId: string; dueDate: string }> }>(
        `/v1/settlements/${rootId}/distribute`,
      );
      step('settle', `${shortId(rootId)}: ${xt(r.total)} XT to ${r.holdings} holdings in ${r.batches} redeemBatch transaction(s)` +
        (r.notYetDue.length ? `; not yet due: ${r.notYetDue.map((n) => `${shortId(n.claimId)} (${n.dueDate})`).join(', ')}` : ''));
    };
    await distribute(main);
    await distribute(payable.claimId);
    await p.advanceTo(midnight(childDueDate) + 60);
    step('maturity', `time travel: past ${childDueDate}, the modified claim's due date`);
    await distribute(main);
    matured = true;
  }

  // ------------------------------------------------------------------------------------------ read back
  const members = cast.map((c) => m[c.key]!);
  // The read models follow the chain through the indexer: wait until they show this run's last operation.
  const trace = await until('the trace to show every operation', () => api.get<TraceView>(`/v1/claims/${main}/trace`), (t) =>
    matured ? t.settlement.distributed === t.settlement.face : t.edges.filter((e) => e.kind === 'sale').length === 2,
  );
  const payableTrace = await until('the payable trace', () => api.get<TraceView>(`/v1/claims/${payable.claimId}/trace`), (t) =>
    !matured || t.settlement.distributed === t.settlement.face,
  );
  const all = await until(
    'the XT balances to add up',
    () => api.get<{ items: Array<{ memberId: string | null; name: string | null; address: string; balance: string }>; totalSupply: string }>('/v1/xt/balances'),
    (b) => b.items.reduce((s, i) => s + BigInt(i.balance), 0n) === BigInt(b.totalSupply),
  );
  const positions = await Promise.all(members.map((x) => api.get<{ holds: { total: string } }>(`/v1/members/${x.id}/position`).catch(() => null)));
  const balances = members.map((x, i) => ({
    memberId: x.id,
    name: x.name,
    part: x.part,
    address: x.address,
    balance: all.items.find((row) => row.memberId === x.id)?.balance ?? '0',
    claimsHeld: positions[i]?.holds.total ?? null,
  }));
  const held = (t: TraceView) => BigInt(t.settlement.paid) - BigInt(t.settlement.distributed);
  return {
    members,
    consortiumId,
    claims: { main, child, payable: payable.claimId },
    deposited: deposited.toString(),
    matured,
    trace,
    payableTrace,
    balances,
    inSettlement: (held(trace) + held(payableTrace)).toString(),
    totalSupply: all.totalSupply,
  };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The result as the terminal shows it: both trees, then the final balances and whether XT was conserved. */
export function report(r: DemoResult): string {
  const byAddress = new Map(r.members.map((x) => [x.address.toLowerCase(), x]));
  const label = (p: { name: string | null; address: string | null } | null) => {
    if (!p) return '—';
    const member = p.address ? byAddress.get(p.address.toLowerCase()) : undefined;
    return member ? member.name : (p.name ?? p.address ?? 'hidden');
  };
  const parts = [
    '',
    formatTraceTree(r.trace, { label }),
    formatTraceTree(r.payableTrace, { label }),
    'Final balances' + (r.matured ? '' : ' (before maturity: claims still held)'),
    table(
      ['member', 'part', 'XT', 'claims held (face)'],
      r.balances.map((b) => [b.name, b.part, xt(b.balance), b.claimsHeld === null ? 'n/a' : xt(b.claimsHeld)]),
      [false, false, true, true],
    ),
  ];
  const sum = r.balances.reduce((s, b) => s + BigInt(b.balance), 0n);
  parts.push(
    `  Σ XT of these members ${xt(sum)} + in settlement ${xt(r.inSettlement)} = ${xt(sum + BigInt(r.inSettlement))}; ` +
      `deposited by the bank gateway ${xt(r.deposited)}: ${sum + BigInt(r.inSettlement) === BigInt(r.deposited) ? 'conserved' : 'NOT CONSERVED'}`,
    '',
    "Sign-in keys (each enterprise's admin user; the console's sign-in page takes them)",
    table(['member', 'part', 'API key'], r.members.map((x) => [x.name, x.part, x.apiKey])),
  );
  return parts.join('\n');
}

/**
 * `tierchain demo --scenario receivables`: an N+1+N supply chain through the HTTP API (onboarding, consortium, XT,
 * credit line, trade, splits down three tiers, a narrowing modification, a quote and a standing-offer sale), then,
 * on an embedded chain, payment at maturity and distribution.
 */
export const receivablesDemo = defineScenario({
  summary: 'an N+1+N supply chain: a receivable split down three tiers, financed, paid and distributed',
  run: runDemo,
  report,
});
