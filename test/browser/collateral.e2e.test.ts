/**
 * The collateral pages in chromium: the verifier registers goods through the form, the pledgor sees its position with
 * the loan-to-value picture, the funder bids at the auction (its price curve drawn), the regulator reads the alerts, and
 * the page reads in Simplified Chinese; the pledgor pledges a receivable through the form and adds goods to an open
 * position. The set-up before the browser (classes, locks, a default, a payable) goes through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ensureConsole } from '../../web/build.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { chainTime, depositXt, formConsortium, isoDate, type Member } from '../support/receivables.ts';
import { postConfirmed } from '../support/e2e.ts';
import { browserUnavailable, confirmed, ConsoleUser, eventually, launchBrowser } from './support/browser.ts';

const unavailable = browserUnavailable();
const STEP = { timeout: 120_000 };

describe('console: collateral and auctions', { skip: unavailable ?? false }, () => {
  let t: TestPlatform;
  let browser: Browser;
  let C: Member, D: Member, F: Member, V: Member, B: Member, R: Member;
  let positionId: string;
  let consortiumId: string;
  let receivable: string;

  before(async () => {
    const build = await ensureConsole({ force: false });
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    t = await startTestPlatform();
    browser = await launchBrowser();
    [C, D, F, V, B, R] = await Promise.all([
      onboard(t, { name: 'Core Steel', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Harbor Metals', roles: ['distributor'] }),
      onboard(t, { name: 'Salvage Fund', roles: ['funder'] }),
      onboard(t, { name: 'Bonded Warehouse', roles: ['verifier'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Market Regulator', roles: ['regulator'] }),
    ]);
    consortiumId = await formConsortium(t, C, [D, F]);
    await depositXt(t, B, F, 5_000_000n);
    await postConfirmed(t, '/v1/collateral/classes', {
      body: { classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 'stepwise', auctionDurationSeconds: 7200, auctionStepSeconds: 600, marginGraceSeconds: 3600, defaultGraceSeconds: 86400 },
    });
    const goodsId = (await postConfirmed(t, '/v1/goods', { key: V.apiKey, body: { ownerMemberId: D.id, classId: 1, quantity: '800', unit: 't', description: 'Steel coil Q235', location: 'Bay 12', receipt: 'WR-UI-1', value: '1000000' } })).body.goodsId;
    positionId = (await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body: { goodsId, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400), firstDraw: '550000' } })).body.positionId;
    await postConfirmed(t, `/v1/goods/${goodsId}/valuations`, { key: V.apiKey, body: { value: '600000' } });
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/default`, { key: F.apiKey });
    // For the pledgor's forms: a pledge class, a payable Core Steel owes Harbor, an open goods position and free goods.
    await postConfirmed(t, '/v1/collateral/classes', {
      body: { classId: 2, kind: 'pledge', active: true, ltvBps: 5000, marginBps: 7000, liquidationBps: 8500, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 'linear', auctionDurationSeconds: 7200, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86400 },
    });
    await postConfirmed(t, '/v1/credit-lines', { key: F.apiKey, body: { obligorMemberId: C.id, limit: '10000000' } });
    receivable = (await postConfirmed(t, '/v1/payables', {
      key: C.apiKey, body: { supplierMemberId: D.id, consortiumId, invoiceNumber: 'INV-UI-1', amount: '400000', dueDate: isoDate((await chainTime(t)) + 20 * 86_400) },
    })).body.claimId;
    const register = async (receipt: string, description: string) =>
      (await postConfirmed(t, '/v1/goods', { key: V.apiKey, body: { ownerMemberId: D.id, classId: 1, quantity: '10', unit: 't', description, location: 'Bay 3', receipt, value: '200000' } })).body.goodsId;
    const lead = await register('WR-UI-LEAD', 'Lead ingot');
    await register('WR-UI-ZINC', 'Zinc ingot');
    await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body: { goodsId: lead, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400) } });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('verifier: registers goods through the form', STEP, async () => {
    const v = await ConsoleUser.signIn(browser, t.url!, 'verifier', V.apiKey);
    await v.open('Collateral');
    const card = v.card('Register goods');
    await card.getByLabel('Owner').selectOption({ label: 'Harbor Metals' });
    await card.getByLabel('Description').fill('Copper cathode');
    await card.getByLabel('Location').fill('Bay 7');
    await card.getByLabel('Quantity').fill('60');
    await card.getByLabel('Warehouse receipt').fill('WR-UI-2');
    await card.getByLabel('Value (XT)').fill('500,000');
    await card.getByRole('button', { name: 'Register' }).click();
    await confirmed(card, 'registering goods');
    await eventually('the new goods are listed', async () => (await v.page.getByTestId('goods').getByText('Copper cathode').count()) === 1);
    assert.deepEqual(v.errors, []);
    await v.close();
  });

  test('pledgor: its position with the loan-to-value picture; regulator: the alerts; in Simplified Chinese too', STEP, async () => {
    const d = await ConsoleUser.signIn(browser, t.url!, 'pledgor', D.apiKey);
    await d.open('Collateral');
    await d.page.getByTestId('position').first().waitFor();
    await d.page.getByTestId('coverage-chart').first().waitFor();
    assert.deepEqual(d.errors, []);
    await d.close();
    const r = await ConsoleUser.signIn(browser, t.url!, 'regulator', R.apiKey);
    await r.open('Collateral');
    await eventually('the default is an alert', async () => (await r.page.getByTestId('collateral-alerts').getByText('Default').count()) >= 1);
    await r.page.getByLabel('Language').selectOption('zh-CN');
    await r.page.getByRole('heading', { name: '押品', level: 1 }).waitFor();
    await r.page.getByText('预警').first().waitFor();
    await r.screenshot('collateral-regulator-zh');
    assert.deepEqual(r.errors, []);
    await r.close();
  });

  test('pledgor: pledges a receivable through the form, and adds goods to its open position', STEP, async () => {
    const d = await ConsoleUser.signIn(browser, t.url!, 'pledgor', D.apiKey);
    await d.open('Collateral');
    const card = d.card('Pledge a receivable claim');
    await card.getByLabel('Claim id').fill(receivable);
    await card.getByLabel('Collateral class').selectOption({ label: '2 · 50.00%' });
    await card.getByLabel('Consortium id').fill(consortiumId);
    await card.getByLabel('Due date').fill(isoDate((await chainTime(t)) + 30 * 86_400));
    await card.getByLabel('Draw now (XT)').fill('1,000');
    await card.getByRole('button', { name: 'Pledge' }).click();
    await confirmed(card, 'pledging the receivable');
    await eventually('the pledged claim is shown on its position', async () => (await d.page.getByTestId('pledged-claim').count()) === 1);
    assert.match(await d.page.getByTestId('pledged-claim').innerText(), /face 4,000\.00/);

    const position = d.page.getByTestId('position').filter({ has: d.page.getByLabel('Add goods') });
    await position.getByLabel('Add goods').selectOption({ label: 'Zinc ingot (WR-UI-ZINC)' });
    await position.getByRole('button', { name: 'Add goods' }).click();
    await confirmed(position, 'adding goods');
    await eventually('the position counts the added goods', async () => (await d.page.getByText('1 more goods items added after the lock').count()) === 1);
    await d.screenshot('collateral-pledgor-claim-and-goods');
    assert.deepEqual(d.errors, []);
    await d.close();
  });

  test('funder: the auction’s price curve, and a bid at the current price', STEP, async () => {
    const f = await ConsoleUser.signIn(browser, t.url!, 'funder', F.apiKey);
    await f.open('Auctions');
    await f.page.getByTestId('auction-curve').first().waitFor();
    await f.screenshot('auction-funder');
    await f.page.getByLabel('Your maximum (XT)').fill('660,000');
    await f.page.getByRole('button', { name: 'Bid' }).click();
    await eventually('the auction is sold', async () => (await f.page.getByText(/Sold at/).count()) === 1);
    assert.deepEqual(f.errors, []);
    await f.close();
  });
});
