/**
 * The collateral pages in chromium: the verifier registers goods through the form, the pledgor sees its position with
 * the loan-to-value picture, the funder bids at the auction (its price curve drawn), the regulator reads the alerts, and
 * the page reads in Simplified Chinese. The set-up before the browser (class, a lock, a default) goes through the API.
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
    const consortiumId = await formConsortium(t, C, [D, F]);
    await depositXt(t, B, F, 5_000_000n);
    await postConfirmed(t, '/v1/collateral/classes', {
      body: { classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 'stepwise', auctionDurationSeconds: 7200, auctionStepSeconds: 600, marginGraceSeconds: 3600, defaultGraceSeconds: 86400 },
    });
    const goodsId = (await postConfirmed(t, '/v1/goods', { key: V.apiKey, body: { ownerMemberId: D.id, classId: 1, quantity: '800', unit: 't', description: 'Steel coil Q235', location: 'Bay 12', receipt: 'WR-UI-1', value: '1000000' } })).body.goodsId;
    positionId = (await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body: { goodsId, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400), firstDraw: '550000' } })).body.positionId;
    await postConfirmed(t, `/v1/goods/${goodsId}/valuations`, { key: V.apiKey, body: { value: '600000' } });
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/default`, { key: F.apiKey });
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
