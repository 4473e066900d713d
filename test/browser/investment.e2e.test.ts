/**
 * The pool pages in chromium: the sponsor opens a pool through the form (limits included) and posts cover, an investor
 * requests a deposit, the sponsor closes the epoch, the investor claims its shares and reads its statement, the
 * sponsor's withdrawal above the unused cover is refused in plain words (in Simplified Chinese too) and a withdrawal
 * within it is made. Only the consortium and the XT are set up through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ensureConsole } from '../../web/build.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { chainTime, depositXt, formConsortium, isoDate, type Member } from '../support/receivables.ts';
import { keccak256, toHex } from 'viem';
import { postConfirmed } from '../support/e2e.ts';
import { browserUnavailable, commandOutcome, confirmed, ConsoleUser, eventually, launchBrowser } from './support/browser.ts';

const unavailable = browserUnavailable();
const STEP = { timeout: 180_000 };

describe('console: pools (sponsor and investor)', { skip: unavailable ?? false }, () => {
  let t: TestPlatform;
  let browser: Browser;
  let SP: Member, I: Member;
  let listingId: string;

  before(async () => {
    const build = await ensureConsole({ force: false });
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    t = await startTestPlatform();
    browser = await launchBrowser();
    let C: Member, B: Member, S: Member;
    [C, SP, I, B, S] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Meridian ABS', roles: ['funder'] }),
      onboard(t, { name: 'Alder Pension', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
    ]);
    const consortiumId = await formConsortium(t, C, [SP, I, S]);
    await depositXt(t, B, SP, 10_000_000n);
    await depositXt(t, B, I, 10_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    const now = await chainTime(t);
    const claim = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S.id, consortiumId, invoiceNumber: 'INV-UI-P2P', amount: '100000', dueDate: isoDate(now + 60 * 86_400) } });
    listingId = keccak256(toHex('ui-listing'));
    await postConfirmed(t, '/v1/listings', {
      key: S.apiKey,
      body: { listingId, claimId: BigInt(claim.body.claimId).toString(), units: '100000', price: '98000', deadline: new Date((now + 10 * 86_400) * 1000).toISOString() },
    });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('sponsor opens a pool and posts cover; investor deposits; close; claim; statement; cover withdrawal', STEP, async () => {
    const sp = await ConsoleUser.signIn(browser, t.url!, 'sponsor', SP.apiKey);
    await sp.open('Investments');
    const form = sp.card('Open a pool (sponsor)');
    await form.getByTestId('pool-maturity').fill(isoDate((await chainTime(t)) + 300 * 86_400));
    await form.getByTestId('pool-minEpochDays').fill('0');
    await form.getByLabel('Limit per obligor (XT)').fill('1,000,000');
    await form.getByLabel('Eligible obligor').selectOption({ label: 'Core Motors' });
    await form.getByRole('button', { name: 'Open the pool' }).click();
    await confirmed(form, 'opening the pool');
    const panel = sp.card('Pool epochs');
    await panel.getByTestId('sponsor-actions').waitFor();
    const poolId = await panel.getByRole('textbox').first().inputValue();
    assert.match(poolId, /^0x[0-9a-f]{64}$/);
    const cover = panel.getByTestId('post-cover');
    await cover.getByLabel('Cover (XT)').fill('2,000');
    await cover.getByRole('button', { name: 'Post cover' }).click();
    await confirmed(cover, 'posting cover');
    assert.deepEqual(sp.errors, []);

    const inv = await ConsoleUser.signIn(browser, t.url!, 'investor', I.apiKey);
    await inv.open('Investments');
    // The open P2P listing, funded in part from the form.
    const fund = inv.page.getByTestId('fund-listing');
    await fund.getByLabel('Fund (XT)').fill('300');
    await fund.getByRole('button', { name: 'Fund the listing' }).click();
    await confirmed(fund, 'funding the listing');
    await eventually('the listing shows what was raised', async () => (await inv.page.getByTestId('listings').getByText('300.00').count()) === 1);
    assert.ok(listingId);
    await inv.page.getByTestId('pools').getByRole('button', { name: 'Open' }).first().click();
    const deposit = inv.page.getByTestId('request-deposit');
    await deposit.getByLabel('Tranche').selectOption('C');
    await deposit.getByLabel('Deposit (XT)').fill('10,000');
    await deposit.getByRole('button', { name: 'Request a deposit' }).click();
    await confirmed(deposit, 'requesting a deposit');

    const close = panel.getByTestId('close-epoch');
    await close.getByRole('button', { name: 'Close the epoch' }).click();
    await confirmed(close, 'closing the epoch');

    const claim = inv.page.getByTestId('claim-order');
    await claim.getByLabel('Tranche').selectOption('C');
    await claim.getByRole('button', { name: 'Claim my executed order' }).click();
    await confirmed(claim, 'claiming the order');
    await inv.page.reload();
    await inv.page.getByTestId('whoami').waitFor();
    await inv.page.getByTestId('pools').getByRole('button', { name: 'Open' }).first().click();
    await eventually('the statement lists the deposit', async () => (await inv.page.getByTestId('pool-statement').getByText('10,000.00').count()) >= 1);
    // The two pictures: NAV per tranche over epochs, and the waterfall of each close against its targets.
    await inv.page.getByRole('img', { name: 'NAV per tranche over epochs' }).waitFor();
    await inv.page.getByTestId('pool-epochs').getByRole('img').first().waitFor();
    // A holder's proposal: the pool holds no claim yet, so a write-off of asset 0 is refused, naming the field.
    const propose = inv.page.getByTestId('propose');
    await propose.getByRole('button', { name: 'Propose' }).click();
    const proposal = await commandOutcome(propose);
    assert.equal(proposal.phase, 'refused', proposal.text);
    await propose.getByText('The pool holds no asset with that number.').first().waitFor();
    await inv.screenshot('pool-investor');
    assert.deepEqual(inv.errors, []);
    await inv.close();

    // 10,000.00 in C; the pool commits 10 % of it: 1,000.00 of the 2,000.00 is free. 1,500.00 is refused.
    await sp.page.reload();
    await sp.page.getByTestId('whoami').waitFor();
    await sp.page.getByTestId('pools').getByRole('button', { name: 'Open' }).first().click();
    const withdraw = sp.page.getByTestId('withdraw-cover');
    await withdraw.getByLabel('Cover (XT)').fill('1,500');
    await withdraw.getByRole('button', { name: 'Withdraw unused cover' }).click();
    const refused = await commandOutcome(withdraw);
    assert.equal(refused.phase, 'refused', refused.text);
    await sp.page.getByLabel('Language').selectOption('zh-CN');
    await sp.page.getByText('当前可取回').first().waitFor();
    await sp.page.getByLabel('语言').selectOption('en');
    await withdraw.getByLabel('Cover (XT)').fill('1,000');
    await withdraw.getByRole('button', { name: 'Withdraw unused cover' }).click();
    await confirmed(withdraw, 'withdrawing cover');
    await sp.screenshot('pool-sponsor');
    assert.deepEqual(sp.errors, []);
    await sp.close();
  });
});
