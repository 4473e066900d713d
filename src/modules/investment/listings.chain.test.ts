/**
 * P2P listings (Algorithm 4) on a real anvil: a holder lists a receivable, investors fund parts of it, the holder is
 * paid when the target is reached, the obligor's payments are shared pro rata among the investment claims, which
 * burn at the end; a listing that misses its deadline gives everyone back what they put in. Every rejection the
 * contract makes is tried.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { p2PListingsAbi } from './generated/index.ts';
import { abi, ctBalance, DAY, id32, investmentEvents, issueClaim, startInvestmentFixture, xtBalance, type InvestmentFixture } from '../../../test/support/investmentChain.ts';

const FACE = 1_000_000n;
const PRICE = 970_000n;

describe('P2P listings on-chain', () => {
  let f: InvestmentFixture;
  before(async () => {
    f = await startInvestmentFixture(3);
  });
  after(async () => f?.stop());
  beforeEach(async () => f.chain.resetToSnapshot());

  const listing = (id: `0x${string}`) => f.client.readContract({ address: f.listings, abi: p2PListingsAbi, functionName: 'listing', args: [id] });

  async function listed(label: string, deadlineIn = 10n * DAY, dueIn = 100n * DAY) {
    const holder = f.suppliers[0]!;
    const claimId = await issueClaim(f, holder, FACE, f.chain.now + dueIn, label);
    const listingId = id32(`listing:${label}`);
    const r = await f.chain.must(holder, f.listings, p2PListingsAbi, 'list', [listingId, claimId, FACE, PRICE, Number(f.chain.now + deadlineIn)]);
    return { holder, claimId, listingId, logs: r.logs, dueDate: f.chain.now - 1n + dueIn };
  }

  test('lists, is funded in parts, pays the holder, shares repayments pro rata and burns at the end', async () => {
    const { holder, claimId, listingId, logs } = await listed('happy');
    const defined = investmentEvents(logs).find((e) => e.eventName === 'InvestmentDefined');
    assert.ok(defined, 'the investment claim is announced with its conditions');
    const l0 = await listing(listingId);
    assert.equal(l0.status, 1);
    assert.equal(await ctBalance(f, f.listings, claimId), FACE, 'the listed claim is escrowed');
    assert.equal(await ctBalance(f, holder.address, claimId), 0n);
    // target yield: (1,000,000 − 970,000) × 10,000 × 360 / (970,000 × 90 days) = 1237 bps (floor)
    assert.equal(l0.targetYieldBps, 1237);

    const [a, b, c] = f.investors as [typeof f.investors[0], typeof f.investors[0], typeof f.investors[0]];
    const holderXt = await xtBalance(f, holder.address);
    await f.chain.must(a, f.listings, p2PListingsAbi, 'fund', [listingId, 500_000n]);
    await f.chain.must(b, f.listings, p2PListingsAbi, 'fund', [listingId, 300_000n]);
    const over = await f.chain.write(c, f.listings, p2PListingsAbi, 'fund', [listingId, 170_001n]);
    assert.equal(over.ok ? '' : over.error.name, 'FundingExceedsTarget');
    await f.chain.must(c, f.listings, p2PListingsAbi, 'fund', [listingId, 170_000n]);
    assert.equal((await listing(listingId)).status, 2, 'funded');
    assert.equal(await xtBalance(f, holder.address), holderXt + PRICE, 'the holder is paid the price at once');
    const closed = await f.chain.write(c, f.listings, p2PListingsAbi, 'fund', [listingId, 1n]);
    assert.equal(closed.ok ? '' : closed.error.name, 'ListingNotOpen', 'funding a closed listing is refused');

    const inv = l0.investmentId;
    assert.equal(await ctBalance(f, a.address, inv), 500_000n);
    // transferable between certified investors, not to anyone else
    await f.chain.must(a, f.addresses.ledger, abi.ledger, 'transfer', [b.address, inv, 100_000n]);
    const toSupplier = await f.chain.write(b, f.addresses.ledger, abi.ledger, 'transfer', [f.suppliers[1]!.address, inv, 1n]);
    assert.equal(toSupplier.ok ? '' : toSupplier.error.name, 'InvestorRequired');

    // before the due date nothing is collected
    const early = await f.chain.write(a, f.listings, p2PListingsAbi, 'collect', [listingId]);
    assert.equal(early.ok ? '' : early.error.name, 'NothingToPay');

    // the obligor pays 400,000 after the due date, then the rest
    await f.chain.mineAt(f.chain.now + 100n * DAY);
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [claimId, 400_000n]);
    await f.chain.must(a, f.listings, p2PListingsAbi, 'collect', [listingId]);
    // holdings a 400,000 / b 400,000 / c 170,000 of 970,000 units: floor(b × 400,000 / 970,000)
    const aXt = await xtBalance(f, a.address);
    await f.chain.must(a, f.listings, p2PListingsAbi, 'claim', [listingId, a.address]);
    assert.equal(await xtBalance(f, a.address), aXt + 164_948n);
    const again = await f.chain.write(a, f.listings, p2PListingsAbi, 'claim', [listingId, a.address]);
    assert.equal(again.ok ? '' : again.error.name, 'NothingToPay');

    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [claimId, 600_000n]);
    await f.chain.must(b, f.listings, p2PListingsAbi, 'collect', [listingId]);
    assert.equal((await listing(listingId)).status, 4, 'settled once the claim is paid in full');
    for (const [who, units] of [[a, 400_000n], [b, 400_000n], [c, 170_000n]] as const) {
      const before = await xtBalance(f, who.address);
      await f.chain.must(who, f.listings, p2PListingsAbi, 'claim', [listingId, who.address]);
      const paid = (await xtBalance(f, who.address)) - before;
      const expected = (units * FACE) / PRICE - (who === a ? 164_948n : 0n);
      assert.equal(paid, expected, `${who.name} receives floor(units × 1,000,000 / 970,000) in all`);
      assert.equal(await ctBalance(f, who.address, inv), 0n, 'the investment claim is burned at the end');
    }
    const l = await listing(listingId);
    assert.equal(l.collected, FACE);
    assert.ok(l.collected - l.distributed <= 3n, 'only the floors\' residue stays');
    assert.equal(await xtBalance(f, f.listings), l.collected - l.distributed, 'XT in = XT out + residue');
  });

  test('a listing that misses its deadline refunds its investors and returns the claim', async () => {
    const { holder, claimId, listingId } = await listed('fails');
    const [a] = f.investors;
    const before = await xtBalance(f, a!.address);
    await f.chain.must(a!, f.listings, p2PListingsAbi, 'fund', [listingId, 200_000n]);
    const tooEarly = await f.chain.write(a!, f.listings, p2PListingsAbi, 'refund', [listingId, a!.address]);
    assert.equal(tooEarly.ok ? '' : tooEarly.error.name, 'ListingDeadlineNotReached');
    await f.chain.mineAt(f.chain.now + 11n * DAY);
    const late = await f.chain.write(a!, f.listings, p2PListingsAbi, 'fund', [listingId, 1n]);
    assert.equal(late.ok ? '' : late.error.name, 'ListingDeadlinePassed');
    await f.chain.must(f.investors[1]!, f.listings, p2PListingsAbi, 'refund', [listingId, a!.address]);
    assert.equal(await xtBalance(f, a!.address), before, 'the investor has its XT back');
    assert.equal(await ctBalance(f, holder.address, claimId), FACE, 'the holder has its claim back');
    assert.equal((await listing(listingId)).status, 3);
    const collect = await f.chain.write(a!, f.listings, p2PListingsAbi, 'collect', [listingId]);
    assert.equal(collect.ok ? '' : collect.error.name, 'ListingNotFunded');
  });

  test('refuses bad listings and non-investors', async () => {
    const holder = f.suppliers[0]!;
    const claimId = await issueClaim(f, holder, FACE, f.chain.now + 30n * DAY, 'bad');
    const deadline = Number(f.chain.now + DAY);
    const cases: Array<[string, Parameters<typeof f.chain.write>[4], string]> = [
      ['price above face', [id32('l1'), claimId, FACE, FACE + 1n, deadline], 'ListingTermsInvalid'],
      ['deadline after the due date', [id32('l2'), claimId, FACE, PRICE, Number(f.chain.now + 40n * DAY)], 'ListingTermsInvalid'],
      ['more than held', [id32('l3'), claimId, FACE + 1n, PRICE, deadline], 'ERC6909InsufficientBalance'],
    ];
    for (const [name, args, error] of cases) {
      const r = await f.chain.write(holder, f.listings, p2PListingsAbi, 'list', args as never);
      assert.equal(r.ok ? '' : r.error.name, error, name);
    }
    await f.chain.must(holder, f.listings, p2PListingsAbi, 'list', [id32('ok'), claimId, 500_000n, 490_000n, deadline]);
    const twice = await f.chain.write(holder, f.listings, p2PListingsAbi, 'list', [id32('ok2'), claimId, 500_000n, 490_000n, deadline]);
    assert.equal(twice.ok ? '' : twice.error.name, 'ClaimAlreadyListed');
    const supplierFunds = await f.chain.write(f.suppliers[1]!, f.listings, p2PListingsAbi, 'fund', [id32('ok'), 1n]);
    assert.equal(supplierFunds.ok ? '' : supplierFunds.error.name, 'NotInvestor');
    const unknown = await f.chain.write(f.investors[0]!, f.listings, p2PListingsAbi, 'fund', [id32('nope'), 1n]);
    assert.equal(unknown.ok ? '' : unknown.error.name, 'ListingNotFound');
  });
});
