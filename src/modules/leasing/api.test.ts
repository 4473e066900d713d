/**
 * Leasing end to end through the API: providers certified, a service recorded and rated once by the party served;
 * the marketplace's ranked matches with credit records; a lease of a registered device proposed, accepted, funded by
 * two investors, three periods of rent (one late), purchase at the salvage value. Each rejection the issue lists is
 * refused at the API (status, code) and, sent straight to the outbox, by the contract (the decoded error). The read
 * models are checked against a replay of the chain's events.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex, type Hex } from 'viem';
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { registerDevices, signed, type TestDevice } from '../../../test/support/devices.ts';
import { dumpReadModels, indexFromScratch } from '../../../test/support/readModels.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { assertRevertsOnChain, chainTime, DAY, depositXt, formConsortium, setChainTime, xtBalance, type Member } from '../../../test/support/receivables.ts';
import { splitRent } from './rentSplit.ts';
import { PLATFORM_FEE_BPS } from './contracts.ts';
import { leasingCreditFacts } from './credit.ts';

const id = (label: string): Hex => keccak256(toHex(label));

/** An off-chain posting of the marketplace: answered 201 with its id. */
async function record(t: TestPlatform, path: string, p: { key: string; body: unknown }) {
  const r = await t.api('POST', path, { key: p.key, body: p.body, idempotencyKey: `leasing-${Math.random().toString(36).slice(2)}` });
  assert.equal(r.status, 201, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

describe('leasing through the API', () => {
  let t: TestPlatform;
  let maker: Member, lessee: Member, inv1: Member, inv2: Member, maintainer: Member, bank: Member, regulator: Member, core: Member;
  let consortiumId: Hex;
  let deviceId: string;
  const leaseId = id('api-lease');
  const serviceId = id('api-service');

  before(async () => {
    t = await startTestPlatform();
    [core, maker, lessee, inv1, inv2, maintainer, bank, regulator] = await Promise.all([
      onboard(t, { name: 'Lease Circle Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Precision Mills Ltd', roles: ['manufacturer'] }),
      onboard(t, { name: 'Small Parts Workshop', roles: ['lessee'] }),
      onboard(t, { name: 'Equipment Fund One', roles: ['funder', 'investor'] }),
      onboard(t, { name: 'Equipment Fund Two', roles: ['funder', 'investor'] }),
      onboard(t, { name: 'Reliable Maintenance', roles: ['service_provider'] }),
      onboard(t, { name: 'Lease Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Lease Regulator', roles: ['regulator'] }),
    ]);
    consortiumId = await formConsortium(t, core, [maker, lessee, inv1, inv2, maintainer]);
    await Promise.all([depositXt(t, bank, lessee, 5_000_000n), depositXt(t, bank, inv1, 5_000_000n), depositXt(t, bank, inv2, 5_000_000n)]);
    const key = privateKeyToAccount(generatePrivateKey());
    const registered = await postConfirmed(t, '/v1/devices', {
      key: maker.apiKey,
      body: { equipmentType: 'cnc-mill', model: 'CM-500', serial: 'API-0001', deviceKey: key.address, salvageValue: '150000' },
    });
    deviceId = registered.body.deviceId;
    await postConfirmed(t, '/v1/leasing/providers', { body: { provider: maintainer.address, kinds: ['maintenance', 'inspection'] } });
  });

  after(async () => {
    await t?.close();
  });

  test('a service is rated once, only by the party served: refused at the API and on-chain', async () => {
    await postConfirmed(t, '/v1/leasing/services', { key: maintainer.apiKey, body: { serviceId, client: lessee.address, kind: 'maintenance', reportHash: id('report') } });
    assertError(await post(t, '/v1/leasing/services', { key: inv1.apiKey, body: { serviceId: id('x'), client: lessee.address, kind: 'maintenance', reportHash: id('r') } }), 403, 'ProviderNotCertified');
    assertError(await post(t, `/v1/leasing/services/${serviceId}/rating`, { key: inv1.apiKey, body: { score: 5 } }), 403, 'NotServedParty');
    await assertRevertsOnChain(t, 'NotServedParty', { signer: inv1.address, contract: 'ServiceProviders', functionName: 'rate', args: [serviceId, 5] });
    await postConfirmed(t, `/v1/leasing/services/${serviceId}/rating`, { key: lessee.apiKey, body: { score: 4 } });
    assertError(await post(t, `/v1/leasing/services/${serviceId}/rating`, { key: lessee.apiKey, body: { score: 5 } }), 409, 'ServiceAlreadyRated');
    await assertRevertsOnChain(t, 'ServiceAlreadyRated', { signer: lessee.address, contract: 'ServiceProviders', functionName: 'rate', args: [serviceId, 5] });
    assertError(await post(t, `/v1/leasing/services/${serviceId}/rating`, { key: lessee.apiKey, body: { score: 6 } }), 400, 'validation_failed', 'body.score');
    const providers = (await t.api('GET', '/v1/leasing/providers', { key: regulator.apiKey })).body.items;
    const p = providers.find((x: { provider: string }) => x.provider === maintainer.address.toLowerCase());
    assert.deepEqual(p.kinds, ['inspection', 'maintenance']);
    assert.deepEqual([p.credit.servicesCompleted, p.credit.ratings, p.credit.averageRating], [1, 1, 4]);
    const services = (await t.api('GET', `/v1/leasing/services?party=${lessee.address}`, { key: lessee.apiKey })).body.items;
    assert.equal(services[0].rating, 4);
  });

  test('matching ranks the device offers for a lease request with each party\'s credit record', async () => {
    const requestId = id('api-request');
    await record(t, '/v1/leasing/requests', { key: lessee.apiKey, body: { requestId, equipmentType: 'CNC-Mill', periods: 3, periodDays: 30, budgetPerPeriod: '120000' } });
    await record(t, '/v1/leasing/offers', { key: maker.apiKey, body: { offerId: id('offer-a'), deviceId, equipmentType: 'cnc-mill', price: '1000000', rentPerPeriod: '100007', periods: 3, periodDays: 30, deposit: '50000' } });
    await record(t, '/v1/leasing/offers', { key: maker.apiKey, body: { offerId: id('offer-b'), deviceId, equipmentType: 'cnc-mill', price: '1000000', rentPerPeriod: '130000', periods: 3, periodDays: 30, deposit: '50000' } });
    await record(t, '/v1/leasing/capital', { key: inv1.apiKey, body: { capitalId: id('cap-1'), amount: '600000', risk: 'medium' } });
    await record(t, '/v1/leasing/capital', { key: inv2.apiKey, body: { capitalId: id('cap-2'), amount: '400000', risk: 'high' } });
    assertError(await post(t, '/v1/leasing/capital', { key: lessee.apiKey, body: { capitalId: id('cap-3'), amount: '1', risk: 'low' } }), 403, 'NotInvestor');
    const m = (await t.api('GET', `/v1/leasing/requests/${requestId}/matches`, { key: lessee.apiKey })).body;
    assert.equal(m.proposals.length, 1, 'the offer over budget is not eligible');
    assert.equal(m.proposals[0].offer.offerId, id('offer-a'));
    assert.equal(m.proposals[0].fullyCovered, true);
    assert.deepEqual(m.proposals[0].capital.map((c: { amount: string }) => c.amount), ['600000', '400000']);
    // Each party comes with its credit record: no history yet, so no score (band none) and no leases.
    assert.deepEqual([m.lesseeCredit.score, m.lesseeCredit.band, m.lesseeCredit.leasesAsLessee], [null, 'none', 0]);
    assert.deepEqual([m.proposals[0].manufacturerCredit.band, m.proposals[0].manufacturerCredit.leasesAsLessor], ['none', 0]);
    assert.equal(m.proposals[0].capital[0].credit.party, inv1.address.toLowerCase());
    assertError(await post(t, `/v1/leasing/requests/${requestId}/accept`, { key: inv1.apiKey, body: { offerId: id('offer-a') } }), 403, 'NotLessee');
    await record(t, `/v1/leasing/requests/${requestId}/accept`, { key: lessee.apiKey, body: { offerId: id('offer-a') } });
    assert.equal((await t.api('GET', `/v1/leasing/requests/${requestId}/matches`, { key: lessee.apiKey })).body.acceptedOfferId, id('offer-a'));
  });

  test('a lease: proposed, accepted, funded, three rents (one late) split to the last unit, purchased; rent from another party refused', async () => {
    const deadline = new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString();
    const proposal = {
      leaseId, deviceId, lessee: lessee.address, consortiumId, price: '1000000', rentPerPeriod: '100007', deposit: '50000', periodDays: 30, periods: 3,
      lateRateBps: 1800, fundingDeadline: deadline, providers: [{ account: maintainer.address, kind: 'maintenance', bps: 250 }],
    };
    await postConfirmed(t, '/v1/leases', { key: maker.apiKey, body: proposal });
    await postConfirmed(t, `/v1/leases/${leaseId}/accept`, { key: lessee.apiKey });
    assertError(await post(t, `/v1/leases/${leaseId}/fund`, { key: lessee.apiKey, body: { amount: '1' } }), 403, 'NotInvestor');
    await postConfirmed(t, `/v1/leases/${leaseId}/fund`, { key: inv1.apiKey, body: { amount: '600000' } });
    assertError(await post(t, `/v1/leases/${leaseId}/fund`, { key: inv2.apiKey, body: { amount: '400001' } }), 422, 'FundingExceedsPrice', 'amount');
    await postConfirmed(t, `/v1/leases/${leaseId}/fund`, { key: inv2.apiKey, body: { amount: '400000' } });
    let lease = (await t.api('GET', `/v1/leases/${leaseId}`, { key: regulator.apiKey })).body;
    assert.equal(lease.status, 'active');
    assert.deepEqual(lease.investors, [{ investor: inv1.address.toLowerCase(), units: '600000' }, { investor: inv2.address.toLowerCase(), units: '400000' }]);

    assertError(await post(t, `/v1/leases/${leaseId}/rent`, { key: inv1.apiKey }), 403, 'NotLessee');
    await assertRevertsOnChain(t, 'NotLessee', { signer: inv1.address, contract: 'LeaseBook', functionName: 'payRent', args: [leaseId] });
    const start = Date.parse(lease.startDay) / 1000;
    await setChainTime(t, start + 30 * DAY + 3600);
    await postConfirmed(t, `/v1/leases/${leaseId}/rent`, { key: lessee.apiKey });
    await setChainTime(t, start + 60 * DAY + 4 * DAY + 3600);
    const overdue = (await t.api('GET', '/v1/leases?overdue=true', { key: regulator.apiKey })).body.items;
    assert.deepEqual(overdue.map((l: { leaseId: string; overdueDays: number }) => [l.leaseId, l.overdueDays]), [[leaseId, 4]], 'the regulator sees the overdue rent');
    await postConfirmed(t, `/v1/leases/${leaseId}/rent`, { key: lessee.apiKey });
    await postConfirmed(t, `/v1/leases/${leaseId}/rent`, { key: lessee.apiKey });
    assertError(await post(t, `/v1/leases/${leaseId}/rent`, { key: lessee.apiKey }), 422, 'RentAllPaid');
    await postConfirmed(t, `/v1/leases/${leaseId}/purchase`, { key: lessee.apiKey });

    const payments = (await t.api('GET', `/v1/leases/${leaseId}/payments`, { key: regulator.apiKey })).body.items;
    assert.deepEqual(payments.map((p: { period: number; lateInterest: string; daysLate: number }) => [p.period, p.lateInterest, p.daysLate]), [[1, '0', 0], [2, '200', 4], [3, '0', 0], [0, '0', 0]]);
    for (const p of payments) {
      const sum = p.shares.reduce((s: bigint, x: { amount: string }) => s + BigInt(x.amount), 0n);
      assert.equal(sum.toString(), p.total, `payment ${p.period}: the parts add up to what was paid`);
    }
    // Period 2: 100,007 + late interest floor(100,007 × 1,800 × 4 / 3,600,000) = 200.
    const want = splitRent({ amount: 100_207n, platformBps: PLATFORM_FEE_BPS, providerBps: [250], shares: [600_000n, 400_000n] });
    assert.deepEqual(payments[1].shares.map((s: { amount: string }) => BigInt(s.amount)), [want.platform, ...want.providers, ...want.investors]);
    lease = (await t.api('GET', `/v1/leases/${leaseId}`, { key: lessee.apiKey })).body;
    assert.equal(lease.status, 'purchased');
    assert.equal(lease.collected, (3n * 100_007n + 200n + 150_000n).toString());
    assert.equal(await xtBalance(t, lessee), 5_000_000n - 3n * 100_007n - 200n - 150_000n);
    const credit = (await t.api('GET', `/v1/leasing/credit/${lessee.address}`, { key: maker.apiKey })).body;
    // The platform's score counts the three rent periods as obligations: two on time, one four days late.
    assert.deepEqual([credit.leasesAsLessee, credit.leasesCompleted, credit.obligations, credit.paidOnTime, credit.daysOverdue], [1, 1, 3, 2, 4]);
    assert.equal(typeof credit.score, 'number');
    const searched = (await t.api('GET', `/v1/leases?party=${inv2.address}&status=purchased`, { key: inv2.apiKey })).body.items;
    assert.deepEqual(searched.map((l: { leaseId: string }) => l.leaseId), [leaseId]);
  });

  test('rent per usage hour through the API: the platform finds the two anchored readings and their proofs; refusals name the field', async () => {
    const [device] = (await registerDevices(t, maker, 1, 'USAGE')) as [TestDevice];
    const usageLease = id('api-usage-lease');
    await postConfirmed(t, '/v1/leases', {
      key: maker.apiKey,
      body: {
        leaseId: usageLease, deviceId: device.deviceId, lessee: lessee.address, consortiumId, price: '500000', rentPerPeriod: '1000', usageRatePerHour: '1234', deposit: '0',
        periodDays: 30, periods: 2, lateRateBps: 1800, fundingDeadline: new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString(),
      },
    });
    await postConfirmed(t, `/v1/leases/${usageLease}/accept`, { key: lessee.apiKey });
    await postConfirmed(t, `/v1/leases/${usageLease}/fund`, { key: inv1.apiKey, body: { amount: '500000' } });
    const start = Date.parse((await t.api('GET', `/v1/leases/${usageLease}`, { key: lessee.apiKey })).body.startDay) / 1000;
    const [due1, due2] = [start + 30 * DAY, start + 60 * DAY];
    const path = `/v1/leases/${usageLease}/usage-rent`;
    assertError(await post(t, path, { key: lessee.apiKey }), 422, 'UsageReadingMissing', 'from');
    assertError(await post(t, `/v1/leases/${leaseId}/usage-rent`, { key: lessee.apiKey }), 422, 'LeaseStatusInvalid', 'leaseId');

    const send = async (seq: number, time: number, usage: bigint) => {
      const r = await t.api('POST', '/v1/telemetry/readings', { key: maker.apiKey, body: await signed(device, seq, { time, usageMilliHours: usage }) });
      assert.equal(r.status, 202, JSON.stringify(r.body));
    };
    const anchored = (seq: number) =>
      waitFor(`reading ${seq} anchored`, async () => (await t.api('GET', `/v1/devices/${device.deviceId}/readings/${seq}/proof`, { key: lessee.apiKey })).body.verifiedOnChain === true, 30_000);
    await send(1, start + 3600, 5_000n);
    await send(2, start + 10 * DAY, 60_000n);
    await send(3, due1 + 600, 125_500n);
    await anchored(3);
    assertError(await post(t, path, { key: inv1.apiKey }), 403, 'NotLessee', 'leaseId');
    assertError(await post(t, path, { key: lessee.apiKey, body: { toSeq: '2' } }), 422, 'UsageReadingInvalid', 'toSeq');
    assertError(await post(t, path, { key: lessee.apiKey, body: { toSeq: '99' } }), 422, 'UsageReadingMissing', 'toSeq');
    assertError(await post(t, path, { key: lessee.apiKey, body: { toSeq: 'x' } }), 400, 'validation_failed', 'body.toSeq');

    await setChainTime(t, due1 + 3600);
    const quote = (await t.api('GET', path, { key: regulator.apiKey })).body;
    // 120,500 milli-hours between readings 1 and 3 × 1,234 per hour = 148,697 exactly.
    assert.deepEqual([quote.period, quote.from.seq, quote.to.seq, quote.usageMilliHours, quote.usageRent, quote.carryAfter, quote.total], [1, '1', '3', '120500', '148697', 0, '149697']);
    const proof3 = (await t.api('GET', `/v1/devices/${device.deviceId}/readings/3/proof`, { key: lessee.apiKey })).body;
    assert.deepEqual([quote.to.batchNumber, quote.to.root, quote.to.proof], [proof3.batchNumber, proof3.root, proof3.proof], 'the devices module\'s proof of reading 3');
    const lesseeBefore = await xtBalance(t, lessee);
    const paid = await postConfirmed(t, path, { key: lessee.apiKey });
    assert.equal(paid.body.usage.usageRent, '148697');

    // Period 2 from where period 1 ended (reading 3); the reading that closes it is not anchored the moment it is stored.
    await send(4, due2 + 60, 200_001n);
    assertError(await post(t, path, { key: lessee.apiKey }), 409, 'ReadingNotAnchored', 'toSeq');
    await anchored(4);
    await setChainTime(t, due2 + 2 * DAY + 3600);
    const late = (await t.api('GET', path, { key: lessee.apiKey })).body;
    // 74,501 × 1,234 / 1,000 = 91,934.234 → 91,934 (.234 carried); late interest floor(92,934 × 1,800 × 2 / 3,600,000) = 92.
    assert.deepEqual([late.period, late.from.seq, late.to.seq, late.usageRent, late.carryAfter, late.daysLate, late.lateInterest], [2, '3', '4', '91934', 234, 2, '92']);
    await postConfirmed(t, path, { key: lessee.apiKey });
    const payments = (await t.api('GET', `/v1/leases/${usageLease}/payments`, { key: regulator.apiKey })).body.items;
    assert.deepEqual(
      payments.map((p: { period: number; rent: string; usageRent: string; lateInterest: string; usageMilliHours: string }) => [p.period, p.rent, p.usageRent, p.lateInterest, p.usageMilliHours]),
      [[1, '1000', '148697', '0', '120500'], [2, '1000', '91934', '92', '74501']],
    );
    for (const p of payments) assert.equal(p.shares.reduce((s: bigint, x: { amount: string }) => s + BigInt(x.amount), 0n).toString(), p.total);
    assert.equal(lesseeBefore - (await xtBalance(t, lessee)), 149_697n + 1_000n + 91_934n + 92n, 'the lessee paid what the quotes said');
    assertError(await post(t, path, { key: lessee.apiKey }), 422, 'RentAllPaid', 'leaseId');
  });

  test('a lessee a whole period behind defaults: its deposit pays what it can of the rent owed, split as rent, through the API', async () => {
    const [device] = (await registerDevices(t, maker, 1, 'DEFAULT')) as [TestDevice];
    const defaulting = id('api-default-lease');
    await postConfirmed(t, '/v1/leases', {
      key: maker.apiKey,
      body: {
        leaseId: defaulting, deviceId: device.deviceId, lessee: lessee.address, consortiumId, price: '1000000', rentPerPeriod: '100007', deposit: '50000', periodDays: 30, periods: 3,
        lateRateBps: 1800, fundingDeadline: new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString(), providers: [{ account: maintainer.address, kind: 'maintenance', bps: 250 }],
      },
    });
    await postConfirmed(t, `/v1/leases/${defaulting}/accept`, { key: lessee.apiKey });
    await postConfirmed(t, `/v1/leases/${defaulting}/fund`, { key: inv1.apiKey, body: { amount: '600000' } });
    await postConfirmed(t, `/v1/leases/${defaulting}/fund`, { key: inv2.apiKey, body: { amount: '400000' } });
    const start = Date.parse((await t.api('GET', `/v1/leases/${defaulting}`, { key: lessee.apiKey })).body.startDay) / 1000;
    assertError(await post(t, `/v1/leases/${defaulting}/default`, { key: inv2.apiKey }), 422, 'LeaseNotInDefault', 'leaseId');
    await setChainTime(t, start + 59 * DAY + 3600);
    assertError(await post(t, `/v1/leases/${defaulting}/default`, { key: inv2.apiKey }), 422, 'LeaseNotInDefault', 'leaseId');
    await assertRevertsOnChain(t, 'LeaseNotInDefault', { signer: inv2.address, contract: 'LeaseBook', functionName: 'declareDefault', args: [defaulting] });

    // Period 1 thirty days late (a whole period), period 2 due today: 200,014 rent + floor(100,007 × 1,800 × 30 / 3,600,000) = 1,500.
    await setChainTime(t, start + 60 * DAY + 3600);
    const lesseeBefore = await xtBalance(t, lessee);
    const investorsBefore = await Promise.all([xtBalance(t, inv1), xtBalance(t, inv2)]);
    await postConfirmed(t, `/v1/leases/${defaulting}/default`, { key: inv2.apiKey });
    const lease = (await t.api('GET', `/v1/leases/${defaulting}`, { key: regulator.apiKey })).body;
    assert.equal(lease.status, 'defaulted');
    const { txHash, ...owed } = lease.default;
    assert.match(txHash, /^0x[0-9a-f]{64}$/);
    assert.deepEqual(owed, { firstPeriod: 1, periodsOwed: 2, rentOwed: '200014', lateInterestOwed: '1500', depositApplied: '50000', depositReturned: '0' });
    assert.equal(lease.collected, '50000');
    assert.equal(await xtBalance(t, lessee), lesseeBefore, 'the deposit, already held, pays: the lessee is not charged more');
    const payments = (await t.api('GET', `/v1/leases/${defaulting}/payments`, { key: regulator.apiKey })).body.items;
    assert.deepEqual(
      payments.map((p: { period: number; fromDeposit: boolean; rent: string; lateInterest: string; total: string; daysLate: number }) => [p.period, p.fromDeposit, p.rent, p.lateInterest, p.total, p.daysLate]),
      [[1, true, '50000', '0', '50000', 30]],
    );
    const want = splitRent({ amount: 50_000n, platformBps: PLATFORM_FEE_BPS, providerBps: [250], shares: [600_000n, 400_000n] });
    assert.deepEqual(payments[0].shares.map((s: { amount: string }) => BigInt(s.amount)), [want.platform, ...want.providers, ...want.investors]);
    assert.deepEqual([(await xtBalance(t, inv1)) - investorsBefore[0]!, (await xtBalance(t, inv2)) - investorsBefore[1]!], want.investors);
    const deviceNow = (await t.api('GET', `/v1/devices/${device.deviceId}`, { key: regulator.apiKey })).body;
    assert.equal(deviceNow.owner, maker.address.toLowerCase(), 'the lessor repossessed the device');
    assertError(await post(t, `/v1/leases/${defaulting}/rent`, { key: lessee.apiKey }), 422, 'LeaseStatusInvalid', 'leaseId');
    assertError(await post(t, `/v1/leases/${defaulting}/default`, { key: inv2.apiKey }), 422, 'LeaseStatusInvalid', 'leaseId');

    // The lessee's credit facts a month later: the two periods owed at the default are unpaid obligations (the deposit
    // did not cover them), period 3 never came due, and the lease counts as a default. With the first lease (three
    // periods, one 4 days late) and the usage lease (two, one 2 days late): 7 obligations, 3 on time.
    await t.indexer.sync();
    const facts = (await leasingCreditFacts(t.db, { members: [lessee.address.toLowerCase()], asOf: new Date((start + 95 * DAY) * 1000) })).get(lessee.address.toLowerCase())!;
    assert.deepEqual([facts.obligations, facts.paidOnTime, facts.defaults, facts.daysOverdue], [7, 3, 1, 4 + 2 + 65 + 35]);
  });

  test('the read models equal an indexing of the chain from scratch', async () => {
    await t.indexer.sync();
    const [backend] = await availableTestDatabases();
    const scratch = await indexFromScratch(backend!, t.client, t.deployment);
    const live = await dumpReadModels(t.db);
    for (const table of ['leasing_providers', 'leasing_services', 'leasing_leases', 'leasing_fundings', 'leasing_rent_payments', 'leasing_rent_shares']) {
      assert.ok(live[table]!.length > 0, `${table} is empty`);
    }
    assert.deepEqual(live, scratch.readModels);
  });
});
