/**
 * `tierchain goods|collateral|auctions …` end to end: a platform in this process, the SDK (client.goods,
 * client.collateral, client.auctions) for the set-up, and each command spawned as `node bin/tierchain.mjs` against it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { createTierchainClient, type TierchainClient } from '../../sdk/index.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TIERCHAIN_') || k === 'DATABASE_URL' || k === 'NODE_TEST_CONTEXT') continue;
    env[k] = v;
  }
  return { ...env, TIERCHAIN_DATA_DIR: join(ROOT, '.nonexistent-ops-test-dir') };
}

describe('tierchain goods, collateral and auctions commands', { timeout: 600_000 }, () => {
  let t: TestPlatform;
  let op: TierchainClient;
  const key: Record<string, string> = {};
  const id: Record<string, string> = {};
  let consortiumId: string;

  const cli = (args: string[], k: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--url', t.url!, '--key', k], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  const ok = async (args: string[], k: string) => {
    const r = await cli(args, k);
    assert.equal(r.code, 0, `tierchain ${args.join(' ')} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
    return r;
  };

  before(async () => {
    t = await startTestPlatform();
    op = createTierchainClient({ baseUrl: t.url!, apiKey: t.operator.apiKey! });
    for (const [k, role] of [['core', 'core_enterprise'], ['pledgor', 'distributor'], ['warehouse', 'verifier'], ['buyer', 'funder'], ['bank', 'bank_gateway']] as const) {
      const r = await op.members.create({ name: `CLI ${k}`, registrationNumber: `CLI-COL-${k}`, roles: [role] }, { wait: true });
      key[k] = r.apiKey!;
      id[k] = r.member.id;
    }
    ({ consortiumId } = await op.withApiKey(key.core!).consortia.create({ name: 'CLI steel channel' }, { wait: true }));
    for (const k of ['pledgor', 'buyer']) {
      await op.withApiKey(key.core!).consortia.invite(consortiumId, id[k]!, { wait: true });
      await op.withApiKey(key[k]!).consortia.accept(consortiumId, { wait: true });
    }
    for (const k of ['pledgor', 'buyer']) await op.withApiKey(key.bank!).xt.deposit({ memberId: id[k]!, amount: '200000000', reference: `CLI-COL-${k}` }, { wait: true });
    await op.collateral.setClass(
      { classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 'linear', auctionDurationSeconds: 3600, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86400 },
      { wait: true },
    );
  });

  after(async () => {
    await t?.close();
  });

  test('goods register, value and list; collateral lock, draw, repay, top-up; auctions list and bid', async () => {
    const registered = await ok(['goods', 'register', id.pledgor!, '1,000,000.00', '--class', '1', '--quantity', '800', '--unit', 't', '--description', 'steel coil', '--location', 'bay 12', '--receipt', 'WR-CLI-1'], key.warehouse!);
    const goodsId = /registered goods (0x[0-9a-f]{64})/.exec(registered.stdout)?.[1] ?? '';
    assert.ok(goodsId, registered.stdout);
    const again = await cli(['goods', 'register', id.pledgor!, '1.00', '--class', '1', '--quantity', '1', '--unit', 't', '--description', 'x', '--location', 'y', '--receipt', 'wr-cli-1'], key.warehouse!);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /GoodsReceiptUsed/);
    const listed = await ok(['goods', 'list'], key.pledgor!);
    assert.match(listed.stdout, /steel coil\s+800 t\s+1,000,000\.00/);

    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const locked = await ok(['collateral', 'lock', goodsId, '--consortium', consortiumId, '--due', due, '--draw', '400,000.00'], key.pledgor!);
    const positionId = /position (0x[0-9a-f]{64})/.exec(locked.stdout)?.[1] ?? '';
    const claimId = /drawn CT\s+(0x[0-9a-f]{64})/.exec(locked.stdout)?.[1] ?? '';
    assert.ok(positionId && claimId, locked.stdout);
    assert.match(locked.stdout, /600,000\.00 XT/);
    const over = await cli(['collateral', 'draw', positionId, '200,000.01'], key.pledgor!);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /DrawOverLimit/);
    await ok(['collateral', 'draw', positionId, '100,000.00'], key.pledgor!);
    await ok(['collateral', 'repay', claimId, '50,000.00'], key.pledgor!);
    await ok(['collateral', 'top-up', positionId, '10,000.00'], key.pledgor!);
    const positions = await op.withApiKey(key.pledgor!).collateral.positions();
    assert.deepEqual([positions[0]!.debt, positions[0]!.margin], ['45000000', '1000000']);

    // 450 000 / (480 000 + 10 000) = 91.8 %: past the liquidation threshold; the buyer declares the default.
    await ok(['goods', 'value', goodsId, '480,000.00'], key.warehouse!);
    await op.withApiKey(key.buyer!).collateral.declareDefault(positionId, { wait: true });
    const auctions = await ok(['auctions', 'list'], key.buyer!);
    assert.match(auctions.stdout, /live\s+528,000\.00\s+240,000\.00/);
    const low = await cli(['auctions', 'bid', positionId, '1.00'], key.buyer!);
    assert.equal(low.code, 1);
    assert.match(low.stderr, /BidBelowPrice/);
    await ok(['auctions', 'bid', positionId, '528,000.00'], key.buyer!);
    const won = await op.auctions.get(positionId);
    assert.equal(won.status, 'won');
    assert.equal((await op.goods.get(goodsId)).owner, (await op.withApiKey(key.buyer!).members.get(id.buyer!)).address);
  });

  test('collateral add-goods, lock-claim (a receivable claim pledged), collect and positions', async () => {
    const register = async (receipt: string) => {
      const r = await ok(['goods', 'register', id.pledgor!, '100,000.00', '--class', '1', '--quantity', '10', '--unit', 't', '--description', 'zinc ingot', '--location', 'bay 3', '--receipt', receipt], key.warehouse!);
      return /registered goods (0x[0-9a-f]{64})/.exec(r.stdout)?.[1] ?? '';
    };
    const [g1, g2] = [await register('WR-CLI-ADD-1'), await register('WR-CLI-ADD-2')];
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const locked = await ok(['collateral', 'lock', g1, '--consortium', consortiumId, '--due', due, '--draw', '50,000.00'], key.pledgor!);
    const goodsPosition = /position (0x[0-9a-f]{64})/.exec(locked.stdout)?.[1] ?? '';
    const added = await ok(['collateral', 'add-goods', goodsPosition, g2], key.pledgor!);
    assert.match(added.stdout, /added goods/);
    const twice = await cli(['collateral', 'add-goods', goodsPosition, g2], key.pledgor!);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /GoodsAlreadyPledged/);

    await op.collateral.setClass(
      { classId: 2, kind: 'pledge', active: true, ltvBps: 5000, marginBps: 7000, liquidationBps: 8500, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 'linear', auctionDurationSeconds: 3600, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86400 },
      { wait: true },
    );
    await op.creditLines.set({ obligorMemberId: id.core!, limit: '100000000' }, { wait: true });
    const { claimId } = await op.withApiKey(key.core!).payables.issue(
      { supplierMemberId: id.pledgor!, consortiumId, invoiceNumber: 'CLI-PLEDGE-1', amount: '30000000', dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
      { wait: true },
    );
    const pledged = await ok(['collateral', 'lock-claim', claimId, '--class', '2', '--consortium', consortiumId, '--due', due, '--draw', '100,000.00'], key.pledgor!);
    assert.match(pledged.stdout, /pledged claim/);
    assert.match(pledged.stdout, /150,000\.00 XT/, 'face 300 000.00 × LTV 50 %');
    const claimPosition = /position (0x[0-9a-f]{64})/.exec(pledged.stdout)?.[1] ?? '';
    const early = await cli(['collateral', 'collect', claimPosition], key.buyer!);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /NothingToCollect/);
    const positions = await ok(['collateral', 'positions'], key.pledgor!);
    assert.match(positions.stdout, new RegExp(`${claimPosition.slice(0, 12)}\\s+open\\s+claim ${claimId.slice(0, 10)}`));
    assert.match(positions.stdout, new RegExp(`${goodsPosition.slice(0, 12)}\\s+open\\s+goods ×2`));
  });
});
