/**
 * The lease book and the provider registry on a real anvil: a device leased from proposal to purchase with three
 * investors, two providers and the platform, each payment's split checked to the last minor unit against the rule
 * (rentSplit.ts), one late payment with its late interest; a lease billed per usage hour from anchored readings; a
 * lease cancelled and refunded; and every rejection the contracts make.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address, Hex } from 'viem';
import { leaseBookAbi, serviceProvidersAbi } from './generated/index.ts';
import { deviceRegistryAbi } from '../devices/generated/index.ts';
import { splitRent } from './rentSplit.ts';
import { PLATFORM_FEE_BPS } from './contracts.ts';
import { abi, ctBalance, xtBalance } from '../../../test/support/investmentChain.ts';
import {
  anchorReadings, DAY, defaultTerms, id32, KIND, leasingEvents, proposeLease, readingHash, registerDevice, startLeasingFixture, type LeaseTerms, type LeasingFixture, type Reading,
} from '../../../test/support/leasingChain.ts';

const PROVIDERS_BPS = [250, 150];

describe('lease book on-chain', () => {
  let f: LeasingFixture;
  before(async () => {
    f = await startLeasingFixture(4);
  });
  after(async () => f?.stop());
  beforeEach(async () => f.chain.resetToSnapshot());

  const lease = (id: Hex) => f.client.readContract({ address: f.leaseBook, abi: leaseBookAbi, functionName: 'lease', args: [id] });
  const ownerOf = (deviceId: bigint) => f.client.readContract({ address: f.devices, abi: deviceRegistryAbi, functionName: 'ownerOf', args: [deviceId] });
  const providerShares = () => [
    { account: f.providers[0]!.address, kind: KIND.maintenance, bps: PROVIDERS_BPS[0]! },
    { account: f.providers[1]!.address, kind: KIND.insurance, bps: PROVIDERS_BPS[1]! },
  ];

  async function proposed(label: string, over: Partial<LeaseTerms> = {}, salvage = 200_000n) {
    const device = await registerDevice(f, `SN-${label}`, salvage);
    const leaseId = id32(`lease:${label}`);
    const terms = defaultTerms(f, device.id, over);
    await proposeLease(f, leaseId, terms, providerShares());
    return { device, leaseId, terms };
  }

  async function funded(label: string, over: Partial<LeaseTerms> = {}, amounts = [500_000n, 300_000n, 200_000n]) {
    const p = await proposed(label, over);
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'accept', [p.leaseId]);
    for (const [i, amount] of amounts.entries()) await f.chain.must(f.investors[i]!, f.leaseBook, leaseBookAbi, 'fund', [p.leaseId, amount]);
    return p;
  }

  /** Pays and checks the split: every recipient got exactly what the rule gives, and the book kept nothing. */
  async function payAndCheck(leaseId: Hex, amounts: bigint[], expectedLate: bigint) {
    const recipients = [f.operator.address, ...f.providers.map((p) => p.address), ...f.investors.slice(0, amounts.length).map((i) => i.address)] as Address[];
    const before = await Promise.all(recipients.map((a) => xtBalance(f, a)));
    const bookBefore = await xtBalance(f, f.leaseBook);
    const lesseeBefore = await xtBalance(f, f.lessee.address);
    const r = await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    const paid = leasingEvents(r.logs).find((e) => e.eventName === 'RentPaid')!.args;
    assert.equal(paid.lateInterest, expectedLate);
    const total = (paid.rent as bigint) + (paid.lateInterest as bigint);
    const want = splitRent({ amount: total, platformBps: PLATFORM_FEE_BPS, providerBps: PROVIDERS_BPS, shares: amounts });
    const after = await Promise.all(recipients.map((a) => xtBalance(f, a)));
    assert.deepEqual(after.map((b, i) => b - before[i]!), [want.platform, ...want.providers, ...want.investors]);
    assert.equal(lesseeBefore - (await xtBalance(f, f.lessee.address)), total, 'the lessee paid rent and late interest');
    assert.equal(await xtBalance(f, f.leaseBook), bookBefore, 'the book keeps nothing of a payment');
    const shared = leasingEvents(r.logs).filter((e) => e.eventName === 'RentShared').reduce((s, e) => s + (e.args.amount as bigint), 0n);
    assert.equal(shared, total, 'Σ RentShared = the payment');
    return { total, want };
  }

  test('a lease from proposal to purchase: the lessor is paid when funded, each rent is split to the last unit, one is late', async () => {
    const device = await registerDevice(f, 'SN-happy', 200_000n);
    const leaseId = id32('lease:happy');
    const terms = defaultTerms(f, device.id);
    const r = await proposeLease(f, leaseId, terms, providerShares());
    assert.ok(leasingEvents(r.logs).some((e) => e.eventName === 'LeaseProposed'));
    assert.equal((await ownerOf(device.id)).toLowerCase(), f.leaseBook, 'the device is in the book\'s custody');
    const lesseeStart = await xtBalance(f, f.lessee.address);
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'accept', [leaseId]);
    assert.equal(await xtBalance(f, f.leaseBook), 50_000n, 'the deposit is held');
    const makerBefore = await xtBalance(f, f.manufacturer.address);
    await f.chain.must(f.investors[0]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 500_000n]);
    await f.chain.must(f.investors[1]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 300_000n]);
    const over = await f.chain.write(f.investors[2]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 200_001n]);
    assert.equal(over.ok ? '' : over.error.name, 'FundingExceedsPrice');
    assert.equal(await xtBalance(f, f.manufacturer.address), makerBefore, 'not paid before the price is reached');
    await f.chain.must(f.investors[2]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 200_000n]);
    assert.equal(await xtBalance(f, f.manufacturer.address), makerBefore + 1_000_000n, 'the manufacturer is paid when the lease is funded');
    const l = await lease(leaseId);
    assert.equal(l.status, 3);
    assert.equal(await ctBalance(f, f.investors[0]!.address, l.investmentId), 500_000n, 'shares are investment claims, one unit per XT');
    const moved = await f.chain.write(f.investors[0]!, f.addresses.ledger, abi.ledger, 'transfer', [f.investors[1]!.address, l.investmentId, 1n]);
    assert.equal(moved.ok ? '' : moved.error.name, 'TransferDepthExhausted', 'shares do not move while the lease runs');

    const due = (k: number) => BigInt(l.startDay) + BigInt(k * terms.periodDays) * DAY;
    // Period 1 on its due day, late in the day: on time.
    await f.chain.mineAt(due(1) + DAY - 10n);
    const p1 = await payAndCheck(leaseId, [500_000n, 300_000n, 200_000n], 0n);
    // Hand-worked: 100,007 → platform 1,000, maintainer 2,500, insurer 1,500 (floors), investors' pool 95,007:
    // 47,503.5 / 28,502.1 / 19,001.4 → floors 47,503 / 28,502 / 19,001 (Σ 95,006), the residue unit to the largest
    // remainder (0.5, the first investor).
    assert.deepEqual([p1.want.platform, ...p1.want.providers, ...p1.want.investors], [1_000n, 2_500n, 1_500n, 47_504n, 28_502n, 19_001n]);
    // Period 2 five whole days after its due day: late interest floor(100,007 × 1,800 × 5 / (10,000 × 360)) = 250.
    await f.chain.mineAt(due(2) + 5n * DAY + 100n);
    const [, , , lateInterest] = await f.client.readContract({ address: f.leaseBook, abi: leaseBookAbi, functionName: 'rentDue', args: [leaseId] });
    assert.equal(lateInterest, 250n);
    await payAndCheck(leaseId, [500_000n, 300_000n, 200_000n], 250n);
    const early = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'purchase', [leaseId]);
    assert.equal(early.ok ? '' : early.error.name, 'RentOutstanding');
    await payAndCheck(leaseId, [500_000n, 300_000n, 200_000n], 0n);
    const again = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    assert.equal(again.ok ? '' : again.error.name, 'RentAllPaid');

    const investorsBefore = await Promise.all(f.investors.slice(0, 3).map((i) => xtBalance(f, i.address)));
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'purchase', [leaseId]);
    const investorsAfter = await Promise.all(f.investors.slice(0, 3).map((i) => xtBalance(f, i.address)));
    assert.deepEqual(investorsAfter.map((b, i) => b - investorsBefore[i]!), [100_000n, 60_000n, 40_000n], 'the salvage value goes to the investors pro rata');
    assert.equal((await ownerOf(device.id)).toLowerCase(), f.lessee.address, 'the lessee owns the device');
    assert.equal(await ctBalance(f, f.investors[0]!.address, l.investmentId), 0n, 'the shares are burned');
    assert.equal(await xtBalance(f, f.leaseBook), 0n, 'the book holds nothing once the lease ends');
    const rent = 3n * 100_007n + 250n;
    assert.equal(lesseeStart - (await xtBalance(f, f.lessee.address)), rent + 200_000n, 'the lessee paid rent, late interest and salvage; its deposit came back');
    assert.equal((await lease(leaseId)).status, 4);
  });

  test('a returned device goes back to the lessor and the deposit to the lessee', async () => {
    const { leaseId, device } = await funded('return', { periods: 1 });
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    const lesseeBefore = await xtBalance(f, f.lessee.address);
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'returnDevice', [leaseId]);
    assert.equal((await ownerOf(device.id)).toLowerCase(), f.manufacturer.address);
    assert.equal(await xtBalance(f, f.lessee.address), lesseeBefore + 50_000n);
    assert.equal((await lease(leaseId)).status, 5);
  });

  test('rent per usage hour is measured between two anchored readings signed by the device', async () => {
    const { leaseId, device } = await funded('metered', { rentPerPeriod: 10_000n, usageRatePerHour: 1_234n, periods: 2 });
    const l = await lease(leaseId);
    const due1 = Number(BigInt(l.startDay) + 30n * DAY);
    const reading = (seq: bigint, time: number, usage: bigint): Reading => ({ deviceId: device.id, seq, time, usageMilliHours: usage, latE6: 31_230_000, lonE6: 121_470_000, status: 0 });
    const [start, end] = await anchorReadings(f, device, [reading(10n, Number(l.startDay) + 3600, 5_000n), reading(55n, due1 + 600, 125_500n)]);
    const fixed = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    assert.equal(fixed.ok ? '' : fixed.error.name, 'MeterRequired');
    await f.chain.mineAt(BigInt(due1) + 700n);
    // A lower meter than the device signed: the signature no longer matches the reading.
    const forged = { ...end!, reading: { ...end!.reading, usageMilliHours: 6_000n } };
    const bad = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payMeteredRent', [leaseId, start!, forged]);
    assert.equal(bad.ok ? '' : bad.error.name, 'ReadingSignatureInvalid', 'a tampered reading is refused');
    // Signed by the device but never anchored: not in the batch.
    const unanchoredReading = reading(56n, due1 + 650, 6_000n);
    const unanchored = { ...end!, reading: unanchoredReading, signature: await device.key.signMessage({ message: { raw: readingHash(unanchoredReading) } }) };
    const notIn = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payMeteredRent', [leaseId, start!, unanchored]);
    assert.equal(notIn.ok ? '' : notIn.error.name, 'ReadingNotAnchored', 'a reading not anchored is refused');
    const r = await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'payMeteredRent', [leaseId, start!, end!]);
    const paid = leasingEvents(r.logs).find((e) => e.eventName === 'RentPaid')!.args;
    // 120,500 milli-hours × 1,234 per hour = 148,697 (.0 exactly); fraction carried: 0.
    assert.equal(paid.usageMilliHours, 120_500n);
    assert.equal(paid.usageRent, 148_697n);
    // Period 2 must start where period 1 ended.
    const due2 = Number(BigInt(l.startDay) + 60n * DAY);
    const [later] = await anchorReadings(f, device, [reading(90n, due2 + 60, 200_001n)]);
    await f.chain.mineAt(BigInt(due2) + 100n);
    const skip = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payMeteredRent', [leaseId, later!, later!]);
    assert.equal(skip.ok ? '' : skip.error.name, 'UsageReadingInvalid');
    const r2 = await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'payMeteredRent', [leaseId, end!, later!]);
    const paid2 = leasingEvents(r2.logs).find((e) => e.eventName === 'RentPaid')!.args;
    // 74,501 × 1,234 / 1,000 = 91,934.234 → 91,934, the .234 carried.
    assert.equal(paid2.usageRent, 91_934n);
    assert.equal((await lease(leaseId)).usageCarry, 234);
  });

  test('a lessee a whole period behind defaults: the deposit pays the rent owed and its late interest, split as rent; the rest goes back, the device to the lessor', async () => {
    const { leaseId, device } = await funded('default', { deposit: 250_000n });
    const l = await lease(leaseId);
    const due = (k: number) => BigInt(l.startDay) + BigInt(k * 30) * DAY;
    await f.chain.mineAt(due(1) + 100n);
    await payAndCheck(leaseId, [500_000n, 300_000n, 200_000n], 0n);
    await f.chain.mineAt(due(2) + 29n * DAY + 100n);
    const early = await f.chain.write(f.providers[0]!, f.leaseBook, leaseBookAbi, 'declareDefault', [leaseId]);
    assert.equal(early.ok ? '' : early.error.name, 'LeaseNotInDefault', '29 days late is not a whole period behind');

    // 31 days after period 2's due day: periods 2 and 3 are due, 31 and 1 days late.
    await f.chain.mineAt(due(2) + 31n * DAY + 100n);
    const recipients = [f.operator.address, ...f.providers.map((p) => p.address), ...f.investors.slice(0, 3).map((i) => i.address)] as Address[];
    const before = await Promise.all(recipients.map((a) => xtBalance(f, a)));
    const lesseeBefore = await xtBalance(f, f.lessee.address);
    // Anyone may declare it: the rule alone decides.
    const r = await f.chain.must(f.investors[3]!, f.leaseBook, leaseBookAbi, 'declareDefault', [leaseId]);
    const events = leasingEvents(r.logs);
    const late = (days: bigint) => (100_007n * 1_800n * days) / 3_600_000n;
    const owed = 2n * 100_007n + late(31n) + late(1n);
    assert.equal(late(31n) + late(1n), 1_600n, 'hand-worked: 1,550 + 50');
    const d = events.find((e) => e.eventName === 'LeaseDefaulted')!.args;
    assert.deepEqual(
      [String(d.lessee).toLowerCase(), d.firstPeriod, d.periodsOwed, d.rentOwed, d.lateInterestOwed, d.depositApplied, d.depositReturned],
      [f.lessee.address, 2, 2, 200_014n, 1_600n, owed, 250_000n - owed],
    );
    const want = splitRent({ amount: owed, platformBps: PLATFORM_FEE_BPS, providerBps: PROVIDERS_BPS, shares: [500_000n, 300_000n, 200_000n] });
    const after = await Promise.all(recipients.map((a) => xtBalance(f, a)));
    assert.deepEqual(after.map((b, i) => b - before[i]!), [want.platform, ...want.providers, ...want.investors], 'the deposit applied is split as rent');
    const shared = events.filter((e) => e.eventName === 'RentShared');
    assert.ok(shared.every((e) => e.args.period === 2));
    assert.equal(shared.reduce((s, e) => s + (e.args.amount as bigint), 0n), owed, 'Σ RentShared = the deposit applied');
    assert.equal((await xtBalance(f, f.lessee.address)) - lesseeBefore, 250_000n - owed, 'the rest of the deposit went back to the lessee');
    assert.equal(await xtBalance(f, f.leaseBook), 0n, 'the book keeps nothing');
    assert.equal((await ownerOf(device.id)).toLowerCase(), f.manufacturer.address, 'the lessor repossessed the device');
    assert.equal(await ctBalance(f, f.investors[0]!.address, l.investmentId), 0n, 'the shares are burned');
    assert.equal((await lease(leaseId)).status, 7);
    const after2 = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    assert.equal(after2.ok ? '' : after2.error.name, 'LeaseStatusInvalid');
    const twice = await f.chain.write(f.investors[3]!, f.leaseBook, leaseBookAbi, 'declareDefault', [leaseId]);
    assert.equal(twice.ok ? '' : twice.error.name, 'LeaseStatusInvalid');
  });

  test('a lease not funded by its deadline is cancelled: device, deposit and every investor\'s XT go back', async () => {
    const { leaseId, device, terms } = await proposed('cancel');
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'accept', [leaseId]);
    const before = await xtBalance(f, f.investors[0]!.address);
    await f.chain.must(f.investors[0]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 400_000n]);
    const early = await f.chain.write(f.investors[1]!, f.leaseBook, leaseBookAbi, 'cancel', [leaseId]);
    assert.equal(early.ok ? '' : early.error.name, 'FundingDeadlineNotReached');
    await f.chain.mineAt(BigInt(terms.fundingDeadline) + 1n);
    const late = await f.chain.write(f.investors[1]!, f.leaseBook, leaseBookAbi, 'fund', [leaseId, 1n]);
    assert.equal(late.ok ? '' : late.error.name, 'FundingDeadlinePassed');
    await f.chain.must(f.investors[1]!, f.leaseBook, leaseBookAbi, 'cancel', [leaseId]);
    await f.chain.must(f.investors[1]!, f.leaseBook, leaseBookAbi, 'refund', [leaseId, f.investors[0]!.address]);
    assert.equal(await xtBalance(f, f.investors[0]!.address), before);
    assert.equal((await ownerOf(device.id)).toLowerCase(), f.manufacturer.address);
    assert.equal(await xtBalance(f, f.leaseBook), 0n);
  });

  test('rejects rent from anyone but the lessee, funding by non-investors, leases of another\'s device, uncertified providers', async () => {
    const { leaseId, device } = await funded('rejections');
    const wrong = await f.chain.write(f.investors[0]!, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    assert.equal(wrong.ok ? '' : wrong.error.name, 'NotLessee');
    const byMaker = await f.chain.write(f.manufacturer, f.leaseBook, leaseBookAbi, 'payRent', [leaseId]);
    assert.equal(byMaker.ok ? '' : byMaker.error.name, 'NotLessee');
    const other = await registerDevice(f, 'SN-other', 1n);
    const notOwner = await f.chain.write(f.lessee, f.leaseBook, leaseBookAbi, 'propose', [id32('lease:x'), defaultTerms(f, other.id, { lessee: f.investors[0]!.address }), []]);
    assert.equal(notOwner.ok ? '' : notOwner.error.name, 'NotLessor');
    const inLease = await f.chain.write(f.manufacturer, f.leaseBook, leaseBookAbi, 'propose', [id32('lease:y'), defaultTerms(f, device.id), []]);
    assert.equal(inLease.ok ? '' : inLease.error.name, 'NotLessor', 'a device in a lease is the book\'s');
    const uncertified = await f.chain.write(f.manufacturer, f.leaseBook, leaseBookAbi, 'propose', [
      id32('lease:z'), defaultTerms(f, other.id), [{ account: f.providers[1]!.address, kind: KIND.maintenance, bps: 100 }],
    ]);
    assert.equal(uncertified.ok ? '' : uncertified.error.name, 'ProviderNotCertifiedFor');
    const p = await proposed('nonfunder');
    await f.chain.must(f.lessee, f.leaseBook, leaseBookAbi, 'accept', [p.leaseId]);
    const nonInvestor = await f.chain.write(f.providers[0]!, f.leaseBook, leaseBookAbi, 'fund', [p.leaseId, 1n]);
    assert.equal(nonInvestor.ok ? '' : nonInvestor.error.name, 'NotInvestor');
  });

  test('a service is rated once, and only by the party served', async () => {
    const [maintainer, insurer] = f.providers as [typeof f.providers[0], typeof f.providers[0]];
    const serviceId = id32('service:overhaul');
    const notCertified = await f.chain.write(insurer, f.serviceProviders, serviceProvidersAbi, 'recordService', [serviceId, f.lessee.address, KIND.maintenance, id32('lease:any'), id32('report')]);
    assert.equal(notCertified.ok ? '' : notCertified.error.name, 'ProviderNotCertified');
    await f.chain.must(maintainer, f.serviceProviders, serviceProvidersAbi, 'recordService', [serviceId, f.lessee.address, KIND.maintenance, id32('lease:any'), id32('report')]);
    const twice = await f.chain.write(maintainer, f.serviceProviders, serviceProvidersAbi, 'recordService', [serviceId, f.lessee.address, KIND.maintenance, id32('lease:any'), id32('report')]);
    assert.equal(twice.ok ? '' : twice.error.name, 'ServiceExists');
    const notServed = await f.chain.write(f.manufacturer, f.serviceProviders, serviceProvidersAbi, 'rate', [serviceId, 5]);
    assert.equal(notServed.ok ? '' : notServed.error.name, 'NotServedParty');
    const byProvider = await f.chain.write(maintainer, f.serviceProviders, serviceProvidersAbi, 'rate', [serviceId, 5]);
    assert.equal(byProvider.ok ? '' : byProvider.error.name, 'NotServedParty', 'a provider does not rate itself');
    const zero = await f.chain.write(f.lessee, f.serviceProviders, serviceProvidersAbi, 'rate', [serviceId, 0]);
    assert.equal(zero.ok ? '' : zero.error.name, 'RatingInvalid');
    await f.chain.must(f.lessee, f.serviceProviders, serviceProvidersAbi, 'rate', [serviceId, 4]);
    const second = await f.chain.write(f.lessee, f.serviceProviders, serviceProvidersAbi, 'rate', [serviceId, 5]);
    assert.equal(second.ok ? '' : second.error.name, 'ServiceAlreadyRated');
    const p = await f.client.readContract({ address: f.serviceProviders, abi: serviceProvidersAbi, functionName: 'provider', args: [maintainer.address] });
    assert.deepEqual([p.services, p.ratings, p.ratingSum], [1, 1, 4]);
    const byOutsider = await f.chain.write(f.manufacturer, f.serviceProviders, serviceProvidersAbi, 'certify', [f.manufacturer.address, KIND.insurance]);
    assert.equal(byOutsider.ok ? '' : byOutsider.error.name, 'NotProvidersOperator');
  });
});
