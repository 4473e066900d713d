import { keccak256, toHex } from 'viem';
import { defineScenario, type DemoParameters } from '../../../demo/scenario.ts';
import { minor, pct, shortId, table, xt } from '../../../demo/format.ts';
import type { ListingView, PoolEpochsView, PoolStatementView, PoolView } from '../schemas.ts';

/**
 * `tierchain demo --scenario pools`: a P2P listing and a three-tranche pool through several epochs with one default,
 * driven through the HTTP API only, printing where every XT went.
 */
const cast = [
  { key: 'aurora', name: 'Aurora Motors', roles: ['core_enterprise'] },
  { key: 'borealis', name: 'Borealis Drivetrain Systems', roles: ['supplier'] },
  { key: 'cirrus', name: 'Cirrus Interiors', roles: ['supplier'] },
  { key: 'sponsor', name: 'Meridian ABS Partners', roles: ['funder'] },
  { key: 'alice', name: 'Alder Pension Fund', roles: ['funder'] },
  { key: 'bram', name: 'Birch Insurance', roles: ['funder'] },
  { key: 'cleo', name: 'Cedar Credit Opportunities', roles: ['funder'] },
  { key: 'lumen', name: 'Lumen Settlement Bank', roles: ['bank_gateway'] },
] as const;
type Key = (typeof cast)[number]['key'];

export interface PoolsDemoResult {
  listing: ListingView;
  pool: PoolView;
  epochs: PoolEpochsView;
  /** XT of each member and of the platform contracts at the end, against what it was credited. */
  balances: Array<{ name: string; deposited: string; balance: string }>;
  flows: Array<{ what: string; from: string; to: string; amount: string }>;
  /** What each investor's pool position earned to date (its statement), and what it is worth. */
  statements: Array<{ name: string; earned: string; deposited: string; redemptionPaid: string; value: string }>;
  matured: boolean;
}

const DAY = 86_400;
const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

async function run(p: DemoParameters): Promise<PoolsDemoResult> {
  const { api, progress: step } = p;
  const m = {} as Record<Key, { id: string; address: string; apiKey: string; name: string }>;
  const flows: PoolsDemoResult['flows'] = [];
  const flow = (what: string, from: string, to: string, amount: string | bigint) => flows.push({ what, from, to, amount: amount.toString() });
  const balanceOf = async (k: Key) => BigInt((await api.get<{ balance: string }>(`/v1/xt/balances/${m[k].id}`)).balance);
  /** Runs `action` and records what `k` received by it (or paid, with `paid`). */
  const received = async (k: Key, what: string, from: string, action: () => Promise<unknown>, paid = false) => {
    const before = await balanceOf(k);
    await action();
    const delta = (await balanceOf(k)) - before;
    if (paid) flow(what, m[k].name, from, -delta);
    else flow(what, from, m[k].name, delta);
  };
  const onboarded = await Promise.all(
    cast.map(async (c) => {
      const name = p.tagNames ? `${c.name} [${p.tag}]` : c.name;
      const r = await api.send<{ member: { id: string; address: string }; apiKey: string }>('/v1/members', {
        body: { name, registrationNumber: `POOLS-${p.tag}-${c.key.toUpperCase()}`, roles: c.roles, adminUserName: `${c.name} treasury` },
        label: `pools-onboard-${c.key}`,
      });
      m[c.key] = { id: r.member.id, address: r.member.address, apiKey: r.apiKey, name };
      return r.commands;
    }),
  );
  await api.settle(onboarded.flat(), 'onboarding');
  step('onboard', `${cast.length} members: an automaker, two suppliers, a pool sponsor, three investors, a bank gateway`);
  const key = (k: Key) => m[k].apiKey;
  const { consortiumId, commands } = await api.send<{ consortiumId: string }>('/v1/consortia', { key: key('aurora'), body: { name: `Aurora investment circle [${p.tag}]` } });
  await api.settle(commands, 'consortium');
  const joiners: Key[] = ['borealis', 'cirrus', 'sponsor', 'alice', 'bram', 'cleo'];
  await api.settle((await Promise.all(joiners.map((k) => api.send(`/v1/consortia/${consortiumId}/invitations`, { key: key('aurora'), body: { memberId: m[k].id } })))).flatMap((r) => r.commands), 'invitations');
  await api.settle((await Promise.all(joiners.map((k) => api.send(`/v1/consortia/${consortiumId}/accept`, { key: key(k) })))).flatMap((r) => r.commands), 'accept');
  const credits: Array<[Key, number]> = [['aurora', 2_000_000], ['sponsor', 100_000], ['alice', 1_500_000], ['bram', 1_000_000], ['cleo', 500_000]];
  await api.settle(
    (await Promise.all(credits.map(([k, amount], i) => api.send('/v1/xt/deposits', { key: key('lumen'), body: { memberId: m[k].id, amount: minor(amount), reference: `POOLS-${p.tag}-WIRE-${i}` } })))).flatMap((r) => r.commands),
    'deposits',
  );
  for (const [k, amount] of credits) flow('fiat deposit', 'Lumen Settlement Bank', m[k].name, minor(amount));
  step('xt', credits.map(([k, a]) => `${m[k].name} ${xt(minor(a))}`).join(', '));
  await api.post('/v1/credit-lines', { body: { obligorMemberId: m.aurora.id, limit: minor(10_000_000) } });

  const now = Math.floor(Date.now() / 1000);
  const payable = async (k: Key, invoice: string, amount: number, dueDate: string) =>
    (await api.post<{ claimId: string }>('/v1/payables', { key: key('aurora'), body: { supplierMemberId: m[k].id, consortiumId, invoiceNumber: `${invoice}-${p.tag}`, amount: minor(amount), dueDate } })).claimId;

  // ------------------------------------------------------------------------------------------- P2P listing
  const listingDue = isoDate(now + 75 * DAY);
  const listedClaim = await payable('borealis', 'BDS-P2P', 500_000, listingDue);
  const listingId = keccak256(toHex(`pools-demo-listing:${p.tag}`));
  await api.post('/v1/listings', {
    key: key('borealis'),
    body: { listingId, claimId: BigInt(listedClaim).toString(), units: minor(500_000), price: minor(485_000), deadline: new Date((now + 10 * DAY) * 1000).toISOString() },
  });
  step('p2p', `Borealis listed its ${xt(minor(500_000))} claim on Aurora (due ${listingDue}) for ${xt(minor(485_000))} XT`);
  await api.post(`/v1/listings/${listingId}/fund`, { key: key('alice'), body: { amount: minor(300_000) } });
  await api.post(`/v1/listings/${listingId}/fund`, { key: key('bram'), body: { amount: minor(185_000) } });
  flow('P2P funding', m.alice.name, 'P2P listing', minor(300_000));
  flow('P2P funding', m.bram.name, 'P2P listing', minor(185_000));
  flow('P2P price paid to the holder', 'P2P listing', m.borealis.name, minor(485_000));
  step('p2p', `Alder funded ${xt(minor(300_000))}, Birch ${xt(minor(185_000))}: target reached, Borealis paid ${xt(minor(485_000))} XT at once`);

  // ------------------------------------------------------------------------------------------------- pool
  const poolId = keccak256(toHex(`pools-demo-pool:${p.tag}`));
  await api.post('/v1/pools', {
    key: key('sponsor'),
    body: {
      poolId, consortiumId, maturity: new Date((now + 400 * DAY) * 1000).toISOString(), minEpochDays: 7, targetYieldBps: [500, 1000, 2000],
      quorumBps: 5000, thresholdBps: 5000, votingDays: 3, minSubordinationBps: 1500, minCoverBps: 500,
      policy: { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: minor(2_000_000) },
      eligibleObligorIds: [m.aurora.id],
    },
  });
  await api.post(`/v1/pools/${poolId}/cover`, { key: key('sponsor'), body: { amount: minor(50_000) } });
  flow('first-loss cover', m.sponsor.name, 'pool', minor(50_000));
  step('pool', `Meridian opened a pool: A ${pct(500)}, B ${pct(1000)}, C ${pct(2000)} target yields; cover ${xt(minor(50_000))} XT`);
  const deposits: Array<[Key, 'A' | 'B' | 'C', number]> = [['alice', 'A', 600_000], ['bram', 'B', 300_000], ['cleo', 'C', 100_000]];
  for (const [k, tranche, amount] of deposits) {
    await api.post(`/v1/pools/${poolId}/deposits`, { key: key(k), body: { tranche, amount: minor(amount) } });
    flow(`deposit into tranche ${tranche}`, m[k].name, 'pool', minor(amount));
  }
  const close = async (label: string) => {
    await api.post(`/v1/pools/${poolId}/epochs`, { key: key('sponsor') });
    const pool = await api.get<PoolView>(`/v1/pools/${poolId}`);
    step('epoch', `${label}: NAV ${xt(pool.nav ?? '0')}; ${pool.tranches.map((t) => `${t.tranche} ${xt(t.value)}${t.realisedYieldBps === null ? '' : ` (${pct(t.realisedYieldBps)}/yr)`}`).join(', ')}`);
    return pool;
  };
  await close('epoch 1 closed (deposits executed 1:1)');
  for (const [k, tranche] of deposits) await api.post(`/v1/pools/${poolId}/claims`, { key: key(k), body: { tranche } });

  const dueX = isoDate(now + 40 * DAY);
  const dueY = isoDate(now + 60 * DAY);
  const x = await payable('cirrus', 'CI-X', 400_000, dueX);
  const y = await payable('cirrus', 'CI-Y', 300_000, dueY);
  for (const [id, face] of [[x, 400_000], [y, 300_000]] as const) {
    await received('cirrus', `pool buys a ${xt(minor(face))} claim (price)`, 'pool', () =>
      api.post(`/v1/pools/${poolId}/purchases`, { key: key('cirrus'), body: { claimId: BigInt(id).toString(), face: minor(face) } }),
    );
  }
  step('pool', `Cirrus sold two claims on Aurora to the pool: ${xt(minor(400_000))} due ${dueX} and ${xt(minor(300_000))} due ${dueY}`);

  let matured = false;
  if (p.advanceTo) {
    matured = true;
    await api.post(`/v1/pools/${poolId}/redemptions`, { key: key('alice'), body: { tranche: 'A', shares: minor(100_000) } });
    await p.advanceTo(now + 30 * DAY);
    await close('epoch 2 (30 days; Alder redeems 100,000.00 A shares)');
    await received('alice', 'redemption of 100,000 A shares', 'pool', () => api.post(`/v1/pools/${poolId}/claims`, { key: key('alice'), body: { tranche: 'A' } }));
    await p.advanceTo(midnight(dueX) + 3600);
    await received('aurora', 'obligor pays the claim the pool holds', 'settlement → pool (at the next close)', () => api.post(`/v1/claims/${x}/payments`, { key: key('aurora'), body: { amount: minor(400_000) } }), true);
    step('payment', `Aurora paid the ${xt(minor(400_000))} claim on time; Aurora does NOT pay the ${xt(minor(300_000))} one (the default)`);
    await close('epoch 3 (the paid claim collected)');
    await p.advanceTo(midnight(dueY) + 95 * DAY);
    await close('epoch 4 (95 days past due: written down to 0, the cover then C absorb the loss)');
    // Holders formally write the defaulted claim off (asset 1).
    const proposal = await api.post<{ proposalId: string }>(`/v1/pools/${poolId}/proposals`, { key: key('alice'), body: { action: 'write_off', assetIndex: 1 } });
    for (const k of ['alice', 'bram'] as const) await api.post(`/v1/proposals/${proposal.proposalId}/votes`, { key: key(k), body: { support: k === 'alice' } });
    // Cedar's C shares were worth nothing at the snapshot (C was wiped out): its vote weighs nothing and is refused.
    const refused = await api.request('POST', `/v1/proposals/${proposal.proposalId}/votes`, { key: key('cleo'), body: { support: true }, idempotencyKey: `pools-demo-vote-${p.tag}` });
    step('governance', `Alder proposed writing the defaulted claim off; Alder for, Birch against; Cedar's vote refused (${refused.status} ${(refused.body as { error?: { code?: string } })?.error?.code ?? ''})`);
    await p.advanceTo(midnight(dueY) + 99 * DAY);
    await api.post(`/v1/proposals/${proposal.proposalId}/execute`, { key: key('bram') });
    step('governance', `proposal ${proposal.proposalId} passed (quorum and threshold 50 % of the weight at the snapshot) and was executed on-chain`);
    await close('epoch 5');
    // The P2P claim: Aurora pays it at maturity; the listing collects and its investors are paid pro rata.
    await received('aurora', 'obligor pays the listed claim', 'settlement → P2P listing', () => api.post(`/v1/claims/${listedClaim}/payments`, { key: key('aurora'), body: { amount: minor(500_000) } }), true);
    await api.post(`/v1/listings/${listingId}/collect`, { key: key('alice') });
    for (const k of ['alice', 'bram'] as const) await received(k, 'P2P payout (pro rata), investment claims burned', 'P2P listing', () => api.post(`/v1/listings/${listingId}/claim`, { key: key(k) }));
    step('p2p', 'Aurora paid the listed claim (late); the listing collected it and paid Alder and Birch pro rata, burning their investment claims');
  } else {
    step('maturity', 'stopping before the epochs: run with --embedded to time-travel the chain through them');
  }

  const listing = await api.get<ListingView>(`/v1/listings/${listingId}`);
  const pool = await api.get<PoolView>(`/v1/pools/${poolId}`);
  const epochs = await api.get<PoolEpochsView>(`/v1/pools/${poolId}/epochs`);
  const balances = await Promise.all(
    cast.filter((c) => c.key !== 'lumen').map(async (c) => {
      const b = await api.get<{ balance: string }>(`/v1/xt/balances/${m[c.key].id}`);
      const deposited = credits.find(([k]) => k === c.key)?.[1];
      return { name: m[c.key].name, deposited: deposited === undefined ? '0' : minor(deposited), balance: b.balance };
    }),
  );
  const statements = await Promise.all(
    (['alice', 'bram', 'cleo'] as const).map(async (k) => {
      const s = await api.get<PoolStatementView>(`/v1/pools/${poolId}/statement?investor=${m[k].address}`);
      return { name: m[k].name, ...s.toDate };
    }),
  );
  return { listing, pool, epochs, balances, flows, statements, matured };
}

function report(r: PoolsDemoResult): string {
  const lines: string[] = [];
  lines.push('Where every XT went', '');
  lines.push(
    table(
      ['member', 'credited', 'XT now', 'change'],
      r.balances.map((b) => [b.name, xt(b.deposited), xt(b.balance), xt((BigInt(b.balance) - BigInt(b.deposited)).toString())]),
      [false, true, true, true],
    ),
  );
  lines.push('', `P2P listing ${shortId(r.listing.listingId)}: ${r.listing.status}; price ${xt(r.listing.price)} paid to the holder; collected ${xt(r.listing.collected)}, paid out ${xt(r.listing.distributed)} (residue ${xt((BigInt(r.listing.collected) - BigInt(r.listing.distributed)).toString())})`);
  lines.push(`Pool ${shortId(r.pool.poolId)}: ${r.pool.epochs} epochs, sponsor's cover not drawn ${xt(r.pool.cover)}, NAV ${xt(r.pool.nav ?? '0')}`);
  lines.push(`  still invested: ${r.pool.tranches.map((t) => `${t.tranche} ${xt(t.value)} for ${xt(t.shares)} shares`).join('; ')} (the pool holds it as cash)`);
  lines.push(
    table(
      ['epoch', 'tranche', 'previous', 'target', 'after waterfall', 'after requests', 'shares'],
      r.epochs.items.map((e) => [String(e.epoch), e.tranche, xt(e.previous), xt(e.target), xt(e.value), xt(e.valueAfter), xt(e.supplyAfter)]),
      [false, false, true, true, true, true, true],
    ),
  );
  lines.push('', "Investors' statements (what each pool position earned to date, GET /v1/pools/{poolId}/statement):");
  lines.push(
    table(
      ['investor', 'deposited', 'earned', 'redemptions paid', 'value now'],
      r.statements.map((s) => [s.name, xt(s.deposited), xt(s.earned), xt(s.redemptionPaid), xt(s.value)]),
      [false, true, true, true, true],
    ),
  );
  lines.push(`Subordination after the last close: ${r.pool.subordinationBps === null ? '—' : pct(r.pool.subordinationBps)} (minimum ${pct(r.pool.minSubordinationBps)}); cover posted ${xt(r.pool.coverPosted)}, withdrawn ${xt(r.pool.coverWithdrawn)}`);
  lines.push('', 'Flows recorded by the scenario:');
  lines.push(table(['what', 'from', 'to', 'XT'], r.flows.map((f) => [f.what, f.from, f.to, xt(f.amount)]), [false, false, false, true]));
  if (!r.matured) lines.push('', 'The chain clock could not be moved: epochs 2–5, the default and the repayment were not run.');
  return lines.join('\n') + '\n';
}

export const poolsDemo = defineScenario<PoolsDemoResult>({ summary: 'a P2P listing and a three-tranche pool through five epochs with one default', run, report });
