/**
 * The devices pages in chromium: a manufacturer registers a device through the form, the device's signed readings
 * (sent as a gateway would) are charted with their anchors and one is verified on-chain from the page; the manufacturer
 * sets the device's permitted area (a wrong value is refused under its field); the regulator browses the anchors and a
 * batch, and the monitor shows the device outside its area, in English and in Simplified Chinese.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ensureConsole } from '../../web/build.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/e2e.ts';
import { signed, type TestDevice } from '../support/devices.ts';
import type { Member } from '../support/receivables.ts';
import { browserUnavailable, confirmed, ConsoleUser, eventually, launchBrowser } from './support/browser.ts';

const unavailable = browserUnavailable();
const STEP = { timeout: 180_000 };
const SERIAL = 'UI-MILL-0001';

describe('console: devices, telemetry anchors and the monitor', { skip: unavailable ?? false }, () => {
  let t: TestPlatform;
  let browser: Browser;
  let M: Member, R: Member;
  let device: TestDevice;
  let batch: string;

  before(async () => {
    const build = await ensureConsole({ force: false });
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    t = await startTestPlatform({ env: { TIERCHAIN_TELEMETRY_BATCH_SIZE: '4', TIERCHAIN_TELEMETRY_BATCH_MS: '200' } });
    browser = await launchBrowser();
    [M, R] = await Promise.all([
      onboard(t, { name: 'Precision Mills', roles: ['manufacturer'] }),
      onboard(t, { name: 'Equipment Supervision Office', roles: ['regulator'] }),
    ]);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('manufacturer: registers a device, sees its telemetry charted and anchored, verifies a reading on-chain, sets its permitted area', STEP, async () => {
    const m = await ConsoleUser.signIn(browser, t.url!, 'manufacturer', M.apiKey);
    await m.open('Devices');
    const key = privateKeyToAccount(generatePrivateKey());
    const form = m.card('Register a device');
    await form.getByLabel('Equipment type').fill('cnc-mill');
    await form.getByLabel('Model').fill('VMC-850');
    await form.getByLabel('Serial').fill(SERIAL);
    await form.getByLabel('Device key (address)').fill(key.address);
    await form.getByLabel('Salvage value').fill('60,000');
    await form.getByRole('button', { name: 'Register' }).click();
    await confirmed(form, 'registering the device');
    await eventually('the device is listed', async () => (await m.page.getByTestId('devices').getByRole('link', { name: SERIAL }).count()) === 1);
    const listed = (await t.api('GET', `/v1/devices?q=${SERIAL}`, { key: M.apiKey })).body.items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].salvageValue, '6000000');
    device = { deviceId: listed[0].deviceId, key, serial: SERIAL };

    // The device's readings, as a gateway sends them: an hour meter that runs, a warning, then a fault.
    for (let seq = 1; seq <= 8; seq++) {
      const r = await t.api('POST', '/v1/telemetry/readings', { key: M.apiKey, body: await signed(device, seq, { usageMilliHours: BigInt(seq * 1_750), status: seq === 5 ? 1 : seq === 8 ? 2 : 0 }) });
      assert.equal(r.status, 202, JSON.stringify(r.body));
    }
    await waitFor('every reading anchored', async () => (await t.api('GET', `/v1/devices/${device.deviceId}`, { key: M.apiKey })).body.anchoredReadings === 8, 30_000);
    batch = (await t.api('GET', `/v1/devices/${device.deviceId}/readings/1/proof`, { key: M.apiKey })).body.batchNumber;

    await m.page.getByTestId('devices').getByRole('link', { name: SERIAL }).click();
    await m.page.getByRole('heading', { name: `VMC-850 · ${SERIAL}`, level: 1 }).waitFor();
    const chart = m.page.getByTestId('telemetry-chart');
    await chart.waitFor();
    assert.match((await chart.getAttribute('aria-label')) ?? '', /8 readings, with \d+ anchors marked/);
    const readings = m.page.getByTestId('readings');
    assert.equal(await readings.locator('tbody tr').count(), 8);
    assert.match(await readings.locator('tbody tr').first().innerText(), /Fault/, 'the newest reading first, its status in words');
    const row1 = readings.locator('tbody tr').filter({ has: m.page.getByRole('cell', { name: '1', exact: true }) });
    await row1.getByRole('link', { name: `#${batch}` }).waitFor();
    await row1.getByRole('button', { name: 'Verify on-chain' }).click();
    await row1.getByText('✓ anchored (TelemetryAnchor.isAnchored)').waitFor();
    assert.equal(await m.page.getByTestId('permitted-area').innerText(), 'None set: the monitor raises no area alert for this device.');

    const area = m.card('Set the permitted area');
    await area.getByLabel('Southern edge (latitude °)').fill('31.0');
    await area.getByLabel('Northern edge (latitude °)').fill('north');
    await area.getByLabel('Western edge (longitude °)').fill('121.0');
    await area.getByLabel('Eastern edge (longitude °)').fill('121.5');
    await area.getByRole('button', { name: 'Save the area' }).click();
    await area.getByText('Enter degrees, such as 31.23').waitFor();
    // South above north: the API refuses it, naming the field, and the form shows it under that field.
    await area.getByLabel('Northern edge (latitude °)').fill('30.9');
    await area.getByRole('button', { name: 'Save the area' }).click();
    await area.locator('.field-invalid').filter({ hasText: 'Northern edge' }).getByText(/must be at least minLatE6/).waitFor();
    await area.getByLabel('Northern edge (latitude °)').fill('31.1');
    await area.getByLabel('Reference (lease, site)').fill('Workshop site A');
    await area.getByRole('button', { name: 'Save the area' }).click();
    await area.getByText('Saved.').waitFor();
    await eventually('the area is shown', async () => (await m.page.getByTestId('permitted-area').innerText()) === 'latitude 31° to 31.1°, longitude 121° to 121.5° (Workshop site A)');
    await m.screenshot('devices-device-manufacturer');
    assert.deepEqual(m.errors, []);
    await m.close();
  });

  test('regulator: the anchors, a batch and the monitor with the device outside its area; in Simplified Chinese too', STEP, async () => {
    assert.ok(device, 'the first test registered the device');
    const r = await ConsoleUser.signIn(browser, t.url!, 'regulator', R.apiKey);
    await r.open('Telemetry anchors');
    await r.card('Ingestion').getByText('Readings accepted').waitFor();
    const anchors = r.page.getByTestId('anchors');
    await anchors.getByRole('link', { name: `#${batch}` }).click();
    await r.page.getByRole('heading', { name: `Batch #${batch}`, level: 1 }).waitFor();
    const inBatch = (await t.api('GET', `/v1/telemetry/anchors/${batch}`, { key: R.apiKey })).body.readings.map((x: { seq: string }) => x.seq);
    const rows = r.page.getByTestId('anchor-readings').locator('tbody tr');
    await eventually('the batch lists its readings', async () => (await rows.count()) === inBatch.length);
    assert.deepEqual(await rows.locator('td:nth-child(2)').allInnerTexts(), inBatch, 'in tree order');

    await r.open('Device monitor');
    const alert = r.page.locator('main tr').filter({ hasText: SERIAL }).filter({ hasText: 'Outside permitted area' });
    await eventually('the device is outside its area', async () => (await alert.count()) === 1);
    assert.match(await alert.innerText(), /at 31\.230416, 121\.473701, outside the area Workshop site A permits/);
    assert.equal(await r.page.locator('main tr').filter({ hasText: SERIAL }).filter({ hasText: 'Fault' }).count(), 1, 'its last reading reports a fault');
    assert.equal(await r.page.getByRole('button', { name: 'Save the area' }).count(), 0);

    await r.page.getByLabel('Language').selectOption('zh-CN');
    await r.page.getByRole('heading', { name: '设备监控', level: 1 }).waitFor();
    await r.page.locator('main tr').filter({ hasText: SERIAL }).filter({ hasText: '超出允许区域' }).waitFor();
    assert.equal(await r.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await r.screenshot('devices-monitor-regulator-zh');
    const zhMenu = (label: string) => r.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label, exact: true }).click();
    await zhMenu('设备');
    await r.page.getByRole('heading', { name: '设备', level: 1 }).waitFor();
    await r.page.getByTestId('devices').getByRole('link', { name: SERIAL }).click();
    await r.page.getByTestId('telemetry-chart').waitFor();
    await r.page.getByText('允许区域', { exact: true }).waitFor();
    assert.equal(await r.page.getByTestId('permitted-area').innerText(), '纬度 31° 至 31.1°，经度 121° 至 121.5°（Workshop site A）');
    const page = await r.page.locator('main').innerText();
    for (const english of ['Permitted area', 'Telemetry', 'Verify on-chain', 'Usage (h)']) assert.ok(!page.includes(english), `"${english}" is translated`);
    await zhMenu('遥测锚定');
    await r.page.getByRole('heading', { name: '遥测锚定', level: 1 }).waitFor();
    await r.page.getByText('已接收读数').waitFor();
    await r.screenshot('devices-anchors-regulator-zh');
    await r.page.getByLabel('语言').selectOption('en');
    assert.deepEqual(r.errors, []);
    await r.close();
  });
});
