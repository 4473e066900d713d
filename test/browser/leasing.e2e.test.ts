/**
 * The leasing page's commands in chromium: the lessee pays a late period's rent from its lease (the confirmation
 * names the rent and the late interest), follows the command to its confirmation and sees the payment split among
 * the platform, the provider and the investor; an investor and the lessor do not get the lessee's button; once a
 * period is a whole period late, the lessor declares the default, and the deposit's payment is listed. The lease
 * itself (device, proposal, acceptance, funding) is set up through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { keccak256, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ensureConsole } from '../../web/build.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { postConfirmed } from '../support/e2e.ts';
import { chainTime, DAY, depositXt, formConsortium, setChainTime, type Member } from '../support/receivables.ts';
import { browserUnavailable, confirmed, ConsoleUser, eventually, launchBrowser } from './support/browser.ts';

const unavailable = browserUnavailable();
const STEP = { timeout: 180_000 };
const leaseId = keccak256(toHex('console:lease'));
const short = `${leaseId.slice(0, 10)}…`;

describe('console: leasing commands', { skip: unavailable ?? false }, () => {
  let t: TestPlatform;
  let browser: Browser;
  let maker: Member, lessee: Member, fund: Member;
  let start: number;

  before(async () => {
    const build = await ensureConsole({ force: false });
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    t = await startTestPlatform();
    browser = await launchBrowser();
    let core: Member, maintainer: Member, bank: Member;
    [core, maker, lessee, fund, maintainer, bank] = await Promise.all([
      onboard(t, { name: 'Lease Circle Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Precision Mills', roles: ['manufacturer'] }),
      onboard(t, { name: 'Small Parts Workshop', roles: ['lessee'] }),
      onboard(t, { name: 'Equipment Fund', roles: ['funder', 'investor'] }),
      onboard(t, { name: 'Reliable Maintenance', roles: ['service_provider'] }),
      onboard(t, { name: 'Lease Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    const consortiumId = await formConsortium(t, core, [maker, lessee, fund, maintainer]);
    await Promise.all([depositXt(t, bank, lessee, 5_000_000n), depositXt(t, bank, fund, 1_000_000n)]);
    await postConfirmed(t, '/v1/leasing/providers', { body: { provider: maintainer.address, kinds: ['maintenance'] } });
    const device = await postConfirmed(t, '/v1/devices', {
      key: maker.apiKey,
      body: { equipmentType: 'cnc-mill', model: 'CM-500', serial: 'UI-LEASE-1', deviceKey: privateKeyToAccount(generatePrivateKey()).address, salvageValue: '150000' },
    });
    await postConfirmed(t, '/v1/leases', {
      key: maker.apiKey,
      body: {
        leaseId, deviceId: device.body.deviceId, lessee: lessee.address, consortiumId, price: '1000000', rentPerPeriod: '100007', deposit: '50000', periodDays: 30, periods: 3,
        lateRateBps: 1800, fundingDeadline: new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString(), providers: [{ account: maintainer.address, kind: 'maintenance', bps: 250 }],
      },
    });
    await postConfirmed(t, `/v1/leases/${leaseId}/accept`, { key: lessee.apiKey });
    await postConfirmed(t, `/v1/leases/${leaseId}/fund`, { key: fund.apiKey, body: { amount: '1000000' } });
    start = Date.parse((await t.api('GET', `/v1/leases/${leaseId}`, { key: lessee.apiKey })).body.startDay) / 1000;
    // Period 1 four whole days late: 100,007 + floor(100,007 × 1,800 × 4 / 3,600,000) = 100,207.
    await setChainTime(t, start + 34 * DAY + 3600);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens the lease from the user's own leases; returns its card. */
  const openLease = async (u: ConsoleUser) => {
    await u.open('Leasing');
    await u.page.getByTestId('your-leases').getByRole('button', { name: short }).click();
    // Exactly: "Rent payments of lease 0x…" would match the words too.
    const card = u.card(new RegExp(`^Lease ${short}$`));
    await card.getByTestId('lease').waitFor();
    return card;
  };

  test('lessee: pays a late period’s rent after a confirmation with its amounts, and sees the payment and its split', STEP, async () => {
    const l = await ConsoleUser.signIn(browser, t.url!, 'lessee', lessee.apiKey);
    const card = await openLease(l);
    assert.match(await card.getByTestId('lease-due').innerText(), /Due now: 1,002\.07 XT \(1,000\.07 XT rent \+ 2\.00 XT late interest, 4 days late\)/);
    await card.getByRole('button', { name: 'Pay rent' }).click();
    const ask = card.getByTestId('confirm-box');
    assert.match(await ask.innerText(), /Pay 1,002\.07 XT of rent for period 1\?/);
    assert.match(await ask.innerText(), /Fixed rent: 1,000\.07 XT\./);
    assert.match(await ask.innerText(), /Late interest: 2\.00 XT \(4 days after the due day/);
    assert.equal(await l.page.getByTestId('rent-payments').count(), 0, 'nothing is paid before the confirmation');
    await ask.getByTestId('confirm-yes').click();
    assert.match(await confirmed(card, 'paying the rent'), /Paid: the payment and its split are listed below\./);

    const rows = l.page.getByTestId('rent-payments').locator('tbody tr');
    await eventually('the payment is listed', async () => (await rows.count()) === 1);
    assert.match(await rows.first().innerText(), /^1\s+1,002\.07 XT\s+2\.00 XT\s+4\s/);
    const split = (await rows.first().getByTestId('rent-split').locator('svg > title').textContent()) ?? '';
    assert.match(split, /^Period 1: platform .+, provider .+, investor .+ /, 'the split names each recipient');
    const [payment] = (await t.api('GET', `/v1/leases/${leaseId}/payments`, { key: lessee.apiKey })).body.items;
    assert.equal(payment.total, '100207', 'the lessee paid what the confirmation said');
    assert.equal(payment.shares.reduce((s: bigint, x: { amount: string }) => s + BigInt(x.amount), 0n), 100_207n);
    await eventually('the lease moves to period 2', async () => /Next: period 2/.test(await card.getByTestId('lease-due').innerText()));
    await l.screenshot('leasing-lessee-paid');

    await l.page.getByLabel('Language').selectOption('zh-CN');
    await l.page.getByRole('heading', { name: '我的租约', level: 2 }).waitFor();
    await l.page.getByRole('button', { name: '支付租金' }).waitFor();
    await l.page.getByText('贵企业是本租约的承租人。').waitFor();
    await l.page.getByLabel('语言').selectOption('en');
    assert.deepEqual(l.errors, []);
    await l.close();
  });

  test('an investor and the lessor do not get the lessee’s button; the lessor is told when a default may be declared', STEP, async () => {
    const f = await ConsoleUser.signIn(browser, t.url!, 'investor', fund.apiKey);
    await openLease(f);
    assert.equal(await f.page.getByRole('button', { name: 'Pay rent' }).count(), 0);
    assert.equal(await f.page.getByTestId('lease-actions').count(), 0, 'an investor has no command here');
    assert.deepEqual(f.errors, []);
    await f.close();

    const m = await ConsoleUser.signIn(browser, t.url!, 'lessor', maker.apiKey);
    const card = await openLease(m);
    await card.getByText('Your enterprise is the lessor.').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Pay rent' }).count(), 0);
    assert.equal(await card.getByRole('button', { name: 'Declare a default' }).count(), 0, 'period 2 is not late yet');
    await card.getByText(/A default may be declared from .+, once period 2 is a whole period \(30 days\) late\./).waitFor();
    assert.deepEqual(m.errors, []);
    await m.close();
  });

  test('lessor: declares the default once period 2 is a whole period late; the deposit’s payment is listed', STEP, async () => {
    await setChainTime(t, start + 90 * DAY + 3600);
    const m = await ConsoleUser.signIn(browser, t.url!, 'lessor', maker.apiKey);
    const card = await openLease(m);
    await card.getByRole('button', { name: 'Declare a default' }).click();
    const ask = card.getByTestId('confirm-box');
    assert.match(await ask.innerText(), /Period 2 is 30 days late; a default needs 30 \(a whole period\)\./);
    // Periods 2 (30 days late: 1,500 of interest) and 3 (due today: none) are owed; the deposit of 500.00 XT pays all it can.
    assert.match(await ask.innerText(), /Owed: 2 periods of rent, 2,000\.14 XT, and 15\.00 XT of late interest\./);
    assert.match(await ask.innerText(), /The deposit of 500\.00 XT pays 500\.00 XT of it, split as rent; 0\.00 XT goes back to the lessee\./);
    await m.screenshot('leasing-lessor-default-confirm', { narrow: false });
    await ask.getByTestId('confirm-yes').click();
    await confirmed(card, 'declaring the default');
    await eventually('the lease is in default', async () => /^defaulted/.test(await card.getByTestId('lease').innerText()));
    const rows = m.page.getByTestId('rent-payments').locator('tbody tr');
    await eventually('the deposit’s payment is listed', async () => (await rows.count()) === 2);
    assert.match(await rows.nth(1).innerText(), /2 \(paid from the deposit at the default\)\s+500\.00 XT/);
    assert.equal(await card.getByRole('button', { name: 'Declare a default' }).count(), 0);
    assert.deepEqual(m.errors, []);
    await m.close();
  });
});
