import { idempotencyKey } from '../../../demo/client.ts';
import { defineScenario, type DemoParameters } from '../../../demo/scenario.ts';
import { minor, shortId, table, xt } from '../../../demo/format.ts';
import type { CollateralPositionDetail } from '../schemas.ts';
import type { CreditScores } from '../../credit/schemas.ts';

/**
 * `tierchain demo --scenario collateral`: inventory financing through the HTTP API only. A bonded warehouse tokenises
 * two lots of a distributor's stock; the distributor locks both and draws inventory CTs, which it sells to a bank at
 * a discount on the market. Copper falls: a margin call, cured with XT margin; that line is repaid and its lot
 * released. Steel falls further: a margin call left unanswered, a default, a descending-price auction won by a
 * salvage buyer, the proceeds paid to the bank (penalty first, then principal), the shortfall written off. Harbor also
 * pledges a receivable it holds on Aurora (escrowed, valued at its face) and sells the pledge CTs; at the receivable's
 * due date Aurora pays, the settlement is collected into the position, Harbor repays and takes the proceeds back. At
 * the end it prints where every XT went and checks that XT was conserved.
 */

type RoleName = 'core_enterprise' | 'distributor' | 'funder' | 'verifier' | 'bank_gateway';
interface CastMember {
  key: string;
  name: string;
  roles: RoleName[];
  part: string;
}
const cast: CastMember[] = [
  { key: 'aurora', name: 'Aurora Steel Group', roles: ['core_enterprise'], part: 'core enterprise (steel maker)' },
  { key: 'harbor', name: 'Harbor Metals Distribution', roles: ['distributor'], part: 'distributor, pledgor' },
  { key: 'bonded', name: 'Bonded Warehouse No. 3', roles: ['verifier'], part: 'warehouse, verifier' },
  { key: 'jade', name: 'Jade River Bank', roles: ['funder'], part: 'funder (buys the CTs)' },
  { key: 'keystone', name: 'Keystone Salvage Trading', roles: ['funder'], part: 'auction bidder' },
  { key: 'lumen', name: 'Lumen Settlement Bank', roles: ['bank_gateway'], part: 'bank gateway' },
];
interface Member extends CastMember {
  id: string;
  address: string;
  apiKey: string;
}

export interface CollateralDemoResult {
  members: Array<{ name: string; part: string; address: string; deposited: string; balance: string }>;
  steel: CollateralPositionDetail;
  copper: CollateralPositionDetail;
  pledge: CollateralPositionDetail;
  auction: { startPrice: string; floorPrice: string; price: string; winner: string };
  flows: Array<{ what: string; from: string; to: string; amount: string }>;
  writtenOff: Array<{ holder: string; claim: string; loss: string }>;
  /** XT held by the vault at the end: the floors' residues, and anything not yet redeemed. */
  vault: string;
  deposited: string;
  totalSupply: string;
  sumOfBalances: string;
  /** The members' credit scores afterwards, from on-chain history alone (docs/adr/021-credit-score.md). */
  credit: Array<{ name: string; score: number | null; band: string; defaults: number; liquidations: number; paidOnTime: number; obligations: number }>;
}

const DAY = 86_400;
const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

async function run(p: DemoParameters): Promise<CollateralDemoResult> {
  const { api, progress: step } = p;
  if (!p.advanceTo) throw new Error('the collateral scenario moves the chain’s clock (margin grace, auction, maturity): run it with --embedded');
  const advanceTo = p.advanceTo;
  const m: Record<string, Member> = {};
  const nameOf = (c: CastMember) => (p.tagNames ? `${c.name} [${p.tag}]` : c.name);
  const key = (k: string) => m[k]!.apiKey;
  const flows: CollateralDemoResult['flows'] = [];
  const flow = (what: string, from: string, to: string, amount: string | bigint) => flows.push({ what, from, to, amount: String(amount) });
  // The embedded chain starts at the wall clock; later instants are read back from the chain (deadlines, auction start).
  const wallNow = () => Math.floor(Date.now() / 1000);

  // ------------------------------------------------------------------------------------------ onboarding
  const onboarded = await Promise.all(
    cast.map(async (c) => {
      const r = await api.send<{ member: { id: string; address: string }; apiKey: string }>('/v1/members', {
        body: { name: nameOf(c), registrationNumber: `DEMO-COL-${p.tag}-${c.key.toUpperCase()}`, roles: c.roles, adminUserName: `${c.name} treasury` },
        label: `demo-collateral-${c.key}`,
      });
      m[c.key] = { ...c, id: r.member.id, address: r.member.address, apiKey: r.apiKey };
      return r.commands;
    }),
  );
  await api.settle(onboarded.flat(), 'onboarding');
  for (const c of cast) step('onboard', `${c.name.padEnd(28)} ${c.part}`);
  const { consortiumId } = await api.post<{ consortiumId: string }>('/v1/consortia', { key: key('aurora'), body: { name: p.tagNames ? `Aurora steel channel [${p.tag}]` : 'Aurora steel channel' } });
  for (const k of ['harbor', 'jade', 'keystone']) {
    await api.post(`/v1/consortia/${consortiumId}/invitations`, { key: key('aurora'), body: { memberId: m[k]!.id } });
    await api.post(`/v1/consortia/${consortiumId}/accept`, { key: key(k) });
  }
  step('consortia', `Aurora Steel's channel ${shortId(consortiumId)}: Harbor, Jade River Bank, Keystone Salvage`);
  const deposits: Array<[string, number]> = [['harbor', 100_000], ['jade', 2_000_000], ['keystone', 1_000_000], ['aurora', 400_000]];
  for (const [k, amount] of deposits) {
    await api.post('/v1/xt/deposits', { key: key('lumen'), body: { memberId: m[k]!.id, amount: minor(amount), reference: `DEMO-COL-${p.tag}-${k}` } });
    flow('fiat deposit', 'Lumen Settlement Bank', m[k]!.name, minor(amount));
  }
  const deposited = deposits.reduce((s, [, a]) => s + BigInt(minor(a)), 0n);

  // ------------------------------------------------------------------------------------ class and goods
  await api.post('/v1/collateral/classes', {
    body: {
      classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000,
      curve: 'linear', auctionDurationSeconds: 7200, auctionStepSeconds: 0, marginGraceSeconds: DAY, defaultGraceSeconds: 2 * DAY,
    },
  });
  step('class', 'inventory class 1: LTV 60 %, margin call at 75 %, liquidation at 90 %, penalty 2 %, auction 110 % → 50 % of the last valuation over 2 h (linear)');
  await api.post('/v1/collateral/classes', {
    body: {
      classId: 2, kind: 'pledge', active: true, ltvBps: 5000, marginBps: 7000, liquidationBps: 8500, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000,
      curve: 'linear', auctionDurationSeconds: 7200, auctionStepSeconds: 0, marginGraceSeconds: DAY, defaultGraceSeconds: 2 * DAY,
    },
  });
  step('class', 'pledge class 2 (receivable claims): LTV 50 % of the face, margin call at 70 %, liquidation at 85 %');
  const register = async (receipt: string, description: string, quantity: string, unit: string, value: number) =>
    (await api.post<{ goodsId: string }>('/v1/goods', { key: key('bonded'), body: { ownerMemberId: m.harbor!.id, classId: 1, quantity, unit, description, location: 'Bonded Warehouse No. 3, bay 12', receipt: `${receipt}-${p.tag}`, value: minor(value) } })).goodsId;
  const steelGoods = await register('WR-STEEL', 'hot-rolled steel coil, Q235', '800', 't', 1_000_000);
  const copperGoods = await register('WR-COPPER', 'copper cathode, grade A', '60', 't', 500_000);
  step('goods', `Bonded Warehouse registered steel coil ${shortId(steelGoods)} (${xt(minor(1_000_000))} XT) and copper cathode ${shortId(copperGoods)} (${xt(minor(500_000))} XT) for Harbor`);
  const dup = await api.request('POST', '/v1/goods', { key: key('bonded'), idempotencyKey: idempotencyKey('demo-dup'), body: { ownerMemberId: m.harbor!.id, classId: 1, quantity: '800', unit: 't', description: 'the same coil again', location: 'elsewhere', receipt: `wr-steel-${p.tag}`, value: minor(1_000_000) } });
  step('goods', `a second registration of the same warehouse receipt is refused: ${dup.status} ${(dup.body as { error?: { code?: string } }).error?.code}`);

  // ------------------------------------------------------------------------------------- lock and draw
  const due = isoDate(wallNow() + 90 * DAY);
  const lock = async (goodsId: string, draw: number) =>
    api.post<{ positionId: string; claimId: string; limit: string }>('/v1/collateral/positions', { key: key('harbor'), body: { goodsId, consortiumId, dueDate: due, lateRateBps: 1200, firstDraw: minor(draw) } });
  const steel = await lock(steelGoods, 500_000);
  const copper = await lock(copperGoods, 250_000);
  step('lock', `Harbor locked both lots: steel line ${xt(steel.limit)} XT, drew ${xt(minor(500_000))}; copper line ${xt(copper.limit)} XT, drew ${xt(minor(250_000))} (inventory CTs due ${due})`);
  const again = await api.request('POST', '/v1/collateral/positions', { key: key('harbor'), idempotencyKey: idempotencyKey('demo-again'), body: { goodsId: steelGoods, consortiumId, dueDate: due } });
  step('lock', `pledging the steel again is refused: ${again.status} ${(again.body as { error?: { code?: string } }).error?.code}`);

  // ------------------------------------------------------------------------- a receivable pledged
  await api.post('/v1/credit-lines', { key: key('jade'), body: { obligorMemberId: m.aurora!.id, limit: minor(1_000_000) } });
  const claimDue = isoDate(wallNow() + 30 * DAY);
  const { claimId: receivable } = await api.post<{ claimId: string }>('/v1/payables', {
    key: key('aurora'),
    body: { supplierMemberId: m.harbor!.id, consortiumId, invoiceNumber: `DEMO-COL-${p.tag}-INV-1`, amount: minor(400_000), dueDate: claimDue },
  });
  const pledge = await api.post<{ positionId: string; claimId: string; limit: string }>('/v1/collateral/positions', {
    key: key('harbor'),
    body: { claimId: receivable, classId: 2, consortiumId, dueDate: due, lateRateBps: 1200, firstDraw: minor(150_000) },
  });
  step('pledge', `Aurora owes Harbor ${xt(minor(400_000))} XT on ${claimDue}; Harbor pledged that receivable (escrowed, face ${xt(minor(400_000))}): line ${xt(pledge.limit)} XT, drew ${xt(minor(150_000))} of pledge CTs`);
  const twice = await api.request('POST', '/v1/collateral/positions', {
    key: key('harbor'), idempotencyKey: idempotencyKey('demo-claim-again'), body: { claimId: receivable, classId: 2, consortiumId, dueDate: due },
  });
  step('pledge', `pledging the same receivable again is refused: ${twice.status} ${(twice.body as { error?: { code?: string } }).error?.code}`);

  // --------------------------------------------------------------------------------- sale to the bank
  const expiresAt = new Date((wallNow() + 30 * DAY) * 1000).toISOString();
  const { offerId } = await api.post<{ offerId: string }>('/v1/offers', { key: key('jade'), body: { obligorMemberId: m.harbor!.id, rateBps: 600, limit: minor(900_000), expiresAt } });
  const sales = [['steel', steel.claimId, 500_000], ['copper', copper.claimId, 250_000], ['pledge', pledge.claimId, 150_000]] as const;
  for (const [label, claimId, amount] of sales) {
    const before = BigInt((await api.get<{ balance: string }>(`/v1/xt/balances/${m.harbor!.id}`)).balance);
    await api.post(`/v1/claims/${claimId}/sales`, { key: key('harbor'), body: { offerId, amount: minor(amount) } });
    const price = BigInt((await api.get<{ balance: string }>(`/v1/xt/balances/${m.harbor!.id}`)).balance) - before;
    flow(`sale of the ${label} CTs (6 %/yr discount)`, 'Jade River Bank', m.harbor!.name, price);
    step('finance', `Harbor sold ${xt(minor(amount))} XT of ${label} CTs to Jade River Bank for ${xt(price)} XT`);
  }

  // ----------------------------------------------------------------------- copper: margin call, cured
  await api.post(`/v1/goods/${copperGoods}/valuations`, { key: key('bonded'), body: { value: minor(320_000) } });
  await api.post(`/v1/collateral/positions/${copper.positionId}/margin-calls`, { key: key('jade') });
  step('margin', `copper revalued to ${xt(minor(320_000))} XT: loan-to-value 78.1 % > 75 %; Jade River Bank called margin`);
  await api.post(`/v1/collateral/positions/${copper.positionId}/top-ups`, { key: key('harbor'), body: { amount: minor(20_000) } });
  flow('margin top-up (copper)', m.harbor!.name, 'vault', minor(20_000));
  step('margin', `Harbor added ${xt(minor(20_000))} XT of margin: 250 000 / 340 000 = 73.5 %, the call is cured`);

  // ------------------------------------------------------------ steel: margin call, default, auction
  await api.post(`/v1/goods/${steelGoods}/valuations`, { key: key('bonded'), body: { value: minor(560_000) } });
  await api.post(`/v1/collateral/positions/${steel.positionId}/margin-calls`, { key: key('jade') });
  step('margin', `steel revalued to ${xt(minor(560_000))} XT: loan-to-value 89.3 %; margin called, Harbor does not answer`);
  const called = await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${steel.positionId}`);
  await advanceTo(Math.floor(Date.parse(called.marginCallDeadline!) / 1000) + 60);
  await api.post(`/v1/collateral/positions/${steel.positionId}/default`, { key: key('jade') });
  const auction = await api.get<{ startPrice: string; floorPrice: string; startedAt: string; curvePoints: Array<{ at: string; price: string }> }>(`/v1/auctions/${steel.positionId}`);
  step('default', `the grace day passed: default (penalty 2 %); auction from ${xt(auction.startPrice)} down to ${xt(auction.floorPrice)} XT over 2 h`);
  await advanceTo(Math.floor(Date.parse(auction.startedAt) / 1000) + 3600);
  const low = await api.request('POST', `/v1/auctions/${steel.positionId}/bids`, { key: key('keystone'), idempotencyKey: idempotencyKey('demo-low'), body: { maxPrice: minor(300_000) } });
  step('auction', `an hour in: a bid of ${xt(minor(300_000))} XT is refused (${(low.body as { error?: { code?: string } }).error?.code}); the curve is at about ${xt(auction.curvePoints[10]?.price ?? '0')} XT`);
  await api.post(`/v1/auctions/${steel.positionId}/bids`, { key: key('keystone'), body: { maxPrice: auction.startPrice } });
  const won = await api.get<{ price: string; winner: string; startPrice: string; floorPrice: string }>(`/v1/auctions/${steel.positionId}`);
  flow('auction price (steel coil)', m.keystone!.name, 'vault', won.price);
  step('auction', `Keystone Salvage won the steel coil at ${xt(won.price)} XT; the goods token is now theirs`);
  const steelView = await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${steel.positionId}`);
  const d = steelView.draws[0]!;
  step('waterfall', `penalty ${xt(d.penaltyPaid)}, interest ${xt(d.interestPaid)}, principal ${xt(d.principalPaid)} XT to the CT holders; written off ${xt(d.writtenOff)} XT`);
  await api.post(`/v1/collateral/claims/${steel.claimId}/redemptions`, { key: key('jade'), body: {} });
  const paidSteel = (await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${steel.positionId}`)).draws[0]!.distributed;
  flow('steel CTs redeemed after the liquidation', 'vault', m.jade!.name, paidSteel);

  // ------------------------------------------------------- the pledged receivable: paid, collected, released
  await advanceTo(Math.floor(Date.parse(`${claimDue}T00:00:00Z`) / 1000) + 60);
  await api.post(`/v1/claims/${receivable}/payments`, { key: key('aurora'), body: { amount: minor(400_000) } });
  await api.post(`/v1/collateral/positions/${pledge.positionId}/collections`, { key: key('jade') });
  flow('pledged receivable paid on its due date, collected into the position', m.aurora!.name, 'vault (margin)', minor(400_000));
  step('collect', `on ${claimDue} Aurora paid the receivable; Jade River Bank collected ${xt(minor(400_000))} XT into the pledge position's margin`);
  await api.post(`/v1/collateral/claims/${pledge.claimId}/repayments`, { key: key('harbor'), body: { amount: minor(150_000) } });
  flow('repayment of the pledge CTs', m.harbor!.name, 'vault', minor(150_000));
  await api.post(`/v1/collateral/positions/${pledge.positionId}/release`, { key: key('harbor') });
  flow('the receivable’s proceeds returned at release', 'vault', m.harbor!.name, minor(400_000));
  step('release', 'Harbor repaid the pledge CTs and took the receivable’s proceeds back');

  // ------------------------------------------------------------------- copper: repaid, released, redeemed
  await api.post(`/v1/collateral/claims/${copper.claimId}/repayments`, { key: key('harbor'), body: { amount: minor(250_000) } });
  flow('repayment of the copper CTs', m.harbor!.name, 'vault', minor(250_000));
  await api.post(`/v1/collateral/positions/${copper.positionId}/release`, { key: key('harbor') });
  flow('margin returned at release (copper)', 'vault', m.harbor!.name, minor(20_000));
  step('release', 'Harbor repaid the copper CTs in full and took the copper back with its margin');
  await advanceTo(Math.floor(Date.parse(`${due}T00:00:00Z`) / 1000) + 60);
  await api.post(`/v1/collateral/claims/${copper.claimId}/redemptions`, { key: key('jade'), body: {} });
  flow('copper CTs redeemed at maturity', 'vault', m.jade!.name, minor(250_000));
  await api.post(`/v1/collateral/claims/${pledge.claimId}/redemptions`, { key: key('jade'), body: {} });
  flow('pledge CTs redeemed at maturity', 'vault', m.jade!.name, minor(150_000));
  step('maturity', `at ${due} Jade River Bank redeemed the copper CTs (${xt(minor(250_000))} XT) and the pledge CTs (${xt(minor(150_000))} XT)`);

  // --------------------------------------------------------------------------------------------- totals
  const balances = await api.get<{ items: Array<{ address: string; balance: string; memberId: string | null }>; totalSupply: string }>('/v1/xt/balances');
  const vaultRow = balances.items.find((b) => b.memberId === null && BigInt(b.balance) !== 0n);
  const members = cast.map((c) => ({
    name: c.name, part: c.part, address: m[c.key]!.address,
    deposited: minor(deposits.find(([k]) => k === c.key)?.[1] ?? 0),
    balance: balances.items.find((b) => b.memberId === m[c.key]!.id)?.balance ?? '0',
  }));
  const sum = members.reduce((s, x) => s + BigInt(x.balance), 0n);
  const losses = steelView.draws.map((x) => ({ holder: m.jade!.name, claim: x.claimId, loss: x.writtenOff }));
  const scores = await api.get<CreditScores>('/v1/credit/scores');
  const credit = scores.items
    .filter((c) => c.score !== null)
    .map((c) => ({ name: c.member.name, score: c.score, band: c.band, defaults: c.facts.defaults, liquidations: c.facts.liquidations, paidOnTime: c.facts.paidOnTime, obligations: c.facts.obligations }));
  step('credit', credit.map((c) => `${c.name} ${c.score} (${c.band})`).join(', ') || 'no member has a credit history yet');
  return {
    members,
    steel: await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${steel.positionId}`),
    copper: await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${copper.positionId}`),
    pledge: await api.get<CollateralPositionDetail>(`/v1/collateral/positions/${pledge.positionId}`),
    auction: { startPrice: won.startPrice, floorPrice: won.floorPrice, price: won.price, winner: m.keystone!.name },
    flows,
    writtenOff: losses,
    vault: vaultRow?.balance ?? '0',
    deposited: deposited.toString(),
    totalSupply: balances.totalSupply,
    sumOfBalances: sum.toString(),
    credit,
  };
}

function report(r: CollateralDemoResult): string {
  const lines = [
    '',
    'Where every XT went',
    table(['flow', 'from', 'to', 'XT'], r.flows.map((f) => [f.what, f.from, f.to, xt(f.amount)]), [false, false, false, true]),
    '',
    `Steel coil: auction from ${xt(r.auction.startPrice)} to ${xt(r.auction.floorPrice)} XT, won by ${r.auction.winner} at ${xt(r.auction.price)} XT`,
    ...r.steel.draws.map((d) => `  CT ${shortId(d.claimId)}: face ${xt(d.face)}, paid ${xt(d.paid)} (penalty ${xt(d.penaltyPaid)}, interest ${xt(d.interestPaid)}, principal ${xt(d.principalPaid)}), redeemed ${xt(d.distributed)}, written off ${xt(d.writtenOff)}`),
    `Copper cathode: ${r.copper.status}, CTs repaid ${xt(r.copper.draws[0]?.principalPaid ?? '0')} XT`,
    `Pledged receivable: ${r.pledge.status}, collected ${xt(r.pledge.claim?.collected ?? '0')} XT, pledge CTs repaid ${xt(r.pledge.draws[0]?.principalPaid ?? '0')} XT`,
    '',
    'Final balances',
    table(['member', 'part', 'deposited XT', 'XT now'], r.members.map((x) => [x.name, x.part, xt(x.deposited), xt(x.balance)]), [false, false, true, true]),
    `  Σ members ${xt(r.sumOfBalances)} + vault ${xt(r.vault)} (floors' residue, not yet redeemed) = ${xt(BigInt(r.sumOfBalances) + BigInt(r.vault))}; deposited ${xt(r.deposited)}: ` +
      (BigInt(r.sumOfBalances) + BigInt(r.vault) === BigInt(r.deposited) ? 'conserved' : 'NOT CONSERVED'),
    '',
    'Credit scores afterwards (on-chain history only; docs/adr/021-credit-score.md)',
    table(['member', 'score', 'band', 'on time', 'defaults', 'liquidations'], r.credit.map((c) => [c.name, String(c.score), c.band, `${c.paidOnTime}/${c.obligations}`, String(c.defaults), String(c.liquidations)]), [false, true, false, true, true, true]),
    '',
  ];
  return lines.join('\n');
}

export const collateralDemo = defineScenario({
  summary: 'inventory financing: goods tokenised, locked, CTs sold; a margin call cured; another ignored, defaulted and liquidated by auction; a receivable pledged and collected',
  run,
  report,
});
