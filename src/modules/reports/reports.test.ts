/**
 * Regulator reports from chain events alone: a payable issued, part of it sold to a funder at a discount, the rest
 * left past its due date. The outstanding, financing and overdue reports show exactly that; their CSV is the same
 * bytes when rerun, and the same after every module read model is emptied (they are not read). Only the regulator
 * and the operator generate them. The fold itself is checked on hand-made events (collateral positions).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, postConfirmed } from '../../../test/support/e2e.ts';
import { chainTime, DAY, depositXt, formConsortium, isoDate, setChainTime, type Member } from '../../../test/support/receivables.ts';
import { buildReport, toCsv, type EventRow } from './build.ts';

describe('regulator reports (pglite)', () => {
  let t: TestPlatform;
  let core: Member;
  let supplier: Member;
  let funder: Member;
  let regulator: Member;
  let claimId: string;
  let dueDate: string;

  before(async () => {
    t = await startTestPlatform();
    let bank: Member;
    [core, supplier, funder, regulator, bank] = await Promise.all([
      onboard(t, { name: 'Rep Core', registrationNumber: 'REP-CORE', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Rep Supplier', registrationNumber: 'REP-SUP', roles: ['supplier'] }),
      onboard(t, { name: 'Rep Funder', registrationNumber: 'REP-FUND', roles: ['funder'] }),
      onboard(t, { name: 'Rep Regulator', registrationNumber: 'REP-REG', roles: ['regulator'] }),
      onboard(t, { name: 'Rep Bank', registrationNumber: 'REP-BANK', roles: ['bank_gateway'] }),
    ]);
    await depositXt(t, bank, funder, 10_000_000n);
    const consortiumId = await formConsortium(t, core, [supplier, funder], 'Report chain');
    await postConfirmed(t, '/v1/credit-lines', { key: funder.apiKey, body: { obligorMemberId: core.id, limit: '100000000' } });
    dueDate = isoDate((await chainTime(t)) + 30 * DAY);
    const issued = await postConfirmed(t, '/v1/payables', { key: core.apiKey, body: { supplierMemberId: supplier.id, consortiumId, invoiceNumber: 'REP-1', amount: '5000000', dueDate } });
    claimId = issued.body.claimId;
    const offer = await postConfirmed(t, '/v1/offers', { key: funder.apiKey, body: { obligorMemberId: core.id, rateBps: 600, limit: '50000000', expiresAt: new Date((await chainTime(t)) * 1000 + 20 * DAY * 1000).toISOString() } });
    await postConfirmed(t, `/v1/claims/${claimId}/sales`, { key: supplier.apiKey, body: { offerId: offer.body.offerId, amount: '2000000' } });
  });
  after(async () => {
    await t?.close();
  });

  const report = (kind: string, key: string, asOf?: string) => t.api('GET', `/v1/reports/${kind}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, { key });

  test('outstanding claims and the financing, in minor units, from the events', async () => {
    const out = await report('outstanding', regulator.apiKey);
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.equal(out.body.schema, 'tierchain.regulator-report/1');
    const row = out.body.rows.find((r: { claim_id: string }) => r.claim_id === claimId);
    assert.deepEqual([row.kind, row.obligor, row.due_date, row.issued, row.outstanding, row.holders], ['receivable', core.address, dueDate, '5000000', '5000000', '2']);
    assert.ok(out.body.csv.startsWith('claim_id,root_id,kind,obligor,due_date,issued,outstanding,holders,consortium_id,documents_hash\r\n'));

    const fin = await report('financing', regulator.apiKey);
    assert.equal(fin.body.rows.length, 1);
    const sale = fin.body.rows[0];
    assert.deepEqual([sale.claim_id, sale.seller, sale.funder, sale.amount], [claimId, supplier.address, funder.address, '2000000']);
    assert.equal(BigInt(sale.amount) - BigInt(sale.price), BigInt(sale.discount));
    assert.ok(BigInt(sale.discount) > 0n);
  });

  test('after the due date the claim is overdue by the actual days; an earlier asOf reproduces the earlier state', async () => {
    const before = await report('overdue', regulator.apiKey);
    assert.deepEqual(before.body.rows, []);
    const dueSeconds = Date.parse(`${dueDate}T00:00:00Z`) / 1000;
    await setChainTime(t, dueSeconds + 5 * DAY + 3600);
    const asOf = new Date((dueSeconds + 5 * DAY + 7200) * 1000).toISOString();
    const overdue = await report('overdue', regulator.apiKey, asOf);
    assert.deepEqual(overdue.body.rows.map((r: { claim_id: string; days_overdue: string; outstanding: string }) => [r.claim_id, r.days_overdue, r.outstanding]), [[claimId, '5', '5000000']]);
    const dayBefore = new Date((dueSeconds - DAY) * 1000).toISOString();
    assert.deepEqual((await report('overdue', regulator.apiKey, dayBefore)).body.rows, []);
    assert.equal((await report('financing', regulator.apiKey, new Date(Date.UTC(2020, 0, 1)).toISOString())).body.rows.length, 0);
  });

  test('the same events give the same bytes: rerun, and with every read model emptied; regulator and operator only', async () => {
    const asOf = new Date().toISOString();
    const first = await report('outstanding', regulator.apiKey, asOf);
    const operator = await t.api('GET', `/v1/reports/outstanding?asOf=${encodeURIComponent(asOf)}`);
    assert.equal(operator.body.csvSha256, first.body.csvSha256);
    // Foreign keys among them are dropped by TRUNCATE … CASCADE; chain_events stays.
    await t.db.query('TRUNCATE claims, claim_holdings, claim_movements, offers, financings, trades, settlements, xt_balances, xt_movements CASCADE');
    const again = await report('outstanding', regulator.apiKey, asOf);
    assert.equal(again.body.csv, first.body.csv);
    assert.equal(again.body.csvSha256, first.body.csvSha256);
    assertError(await report('outstanding', supplier.apiKey), 403, 'forbidden');
    assertError(await report('financing', funder.apiKey), 403, 'forbidden');
    const { rows } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM report_runs');
    assert.ok(Number(rows[0]!.n) >= 5);
  });
});

test('collateral positions fold from their events: drawn, repaid, debt, margin calls and the final state', () => {
  let n = 0;
  const ev = (eventName: string, args: Record<string, string>): EventRow => ({
    blockNumber: String(++n), logIndex: 0, txHash: `0x${n}`, contract: 'CollateralVault', eventName, args, blockTime: new Date(Date.UTC(2026, 11, 1, 0, n)),
  });
  const p = '0xabc';
  const events = [
    ev('PositionOpened', { positionId: p, pledgor: '0xPLEDGOR', goodsId: '7', collateralValue: '1000000', limit: '700000', margin: '50000', dueDate: String(Date.UTC(2027, 0, 31) / 1000) }),
    ev('Drawn', { positionId: p, id: '1', amount: '400000', debt: '400000' }),
    ev('Drawn', { positionId: p, id: '2', amount: '200000', debt: '600000' }),
    ev('MarginCalled', { positionId: p }),
    ev('Repaid', { positionId: p, id: '1', amount: '150000', debt: '450000' }),
    ev('MarginCallCured', { positionId: p }),
    ev('PositionDefaulted', { positionId: p }),
  ];
  const rows = buildReport('collateral', events, new Date(Date.UTC(2027, 0, 1)));
  assert.deepEqual(rows, [
    { position_id: p, pledgor: '0xpledgor', goods_id: '7', collateral_value: '1000000', credit_limit: '700000', margin: '50000', drawn: '600000', repaid: '150000', debt: '450000', status: 'defaulted', margin_calls: '1', due_date: '2027-01-31' },
  ]);
  // Up to an earlier instant, only what had happened then.
  assert.equal(buildReport('collateral', events, new Date(Date.UTC(2026, 11, 1, 0, 3)))[0]!.drawn, '600000');
  assert.equal(buildReport('collateral', events, new Date(Date.UTC(2026, 11, 1, 0, 2)))[0]!.drawn, '400000');
  assert.equal(toCsv('collateral', rows).split('\r\n')[1], `${p},0xpledgor,7,1000000,700000,50000,600000,150000,450000,defaulted,1,2027-01-31`);
});

test('a pledged claim’s collections (ClaimPledges) add to its position’s margin until the position is released', () => {
  let n = 0;
  const ev = (contract: string, eventName: string, args: Record<string, string>): EventRow => ({
    blockNumber: String(++n), logIndex: 0, txHash: `0x${n}`, contract, eventName, args, blockTime: new Date(Date.UTC(2026, 11, 1, 0, n)),
  });
  const p = '0xdef';
  const events = [
    ev('ClaimPledges', 'ClaimLocked', { positionId: p, claimId: '9', pledgor: '0xPLEDGOR', units: '1000000' }),
    ev('CollateralVault', 'PositionOpened', { positionId: p, pledgor: '0xPLEDGOR', goodsId: '0', collateralValue: '1000000', limit: '500000', margin: '0', dueDate: String(Date.UTC(2027, 0, 31) / 1000) }),
    ev('CollateralVault', 'Drawn', { positionId: p, id: '1', amount: '400000', debt: '400000' }),
    ev('ClaimPledges', 'ClaimCollected', { positionId: p, claimId: '9', to: '0xvault', amount: '300000', collected: '300000', paid: 'false' }),
    ev('CollateralVault', 'Repaid', { positionId: p, id: '1', amount: '400000', debt: '0' }),
    ev('CollateralVault', 'PositionReleased', { positionId: p }),
    ev('ClaimPledges', 'ClaimCollected', { positionId: p, claimId: '9', to: '0xpledgor', amount: '700000', collected: '1000000', paid: 'true' }),
  ];
  const [row] = buildReport('collateral', events, new Date(Date.UTC(2027, 0, 1)));
  assert.deepEqual([row!.margin, row!.status, row!.debt], ['300000', 'released', '0']);
});
