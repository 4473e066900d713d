/**
 * Receivable claims as collateral (ClaimPledges behind the vault's pledge positions) and goods added to an open
 * position, on a real anvil: each rejection, the escrow, collection of a due claim into the margin, settlement of a
 * defaulted position from the claim's proceeds, and an auction of a position's goods together.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address, Hex } from 'viem';
import { abi, DAY, id32, START, startCollateralChain, type CollateralChain } from '../../../test/support/collateralChain.ts';
import type { Actor, TxResult } from '../../../test/properties/setup.ts';

const fails = (r: TxResult, name: string): Record<string, unknown> => {
  assert.equal(r.ok, false, `expected ${name}, but the transaction succeeded`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.error.name, name, r.error.message);
  return r.error.args;
};
const ok = (r: TxResult) => {
  if (!r.ok) assert.fail(`reverted: ${r.error.name} ${r.error.message}`);
  return r;
};

describe('collateral: receivable claims pledged, goods added to a position', () => {
  let c: CollateralChain;
  before(async () => {
    c = await startCollateralChain();
  });
  after(async () => {
    await c?.stop();
  });
  beforeEach(async () => {
    await c.reset();
  });

  const PLEDGE_CLASS = 2;
  const terms = (dueDate: bigint) => ({ dueDate: Number(dueDate), lateRateBps: 0, maxHops: 3, dayCount: 0, consortiumId: c.consortiumId });
  const balance = (who: Actor | Address, id: bigint) => c.read<bigint>('ledger', 'balanceOf', [typeof who === 'string' ? who : who.address, id]);
  const status = async (P: Hex) => (await c.read('vault', 'position', [P])).status as number;

  /** A payable of the core enterprise, issued to `holder`; returns its claim id. */
  async function receivable(holder: Actor, amount: bigint, due: bigint, label: string): Promise<bigint> {
    const trade = {
      supplier: holder.address, obligor: c.core.address, amount, dueDate: Number(due), lateRateBps: 0, maxHops: 3, dayCount: 0,
      consortiumId: c.consortiumId, invoiceKey: id32(`invoice:${label}`), documentsHash: id32(`docs:${label}`),
    };
    ok(await c.receivablesCall(c.core, 'issuePayable', [id32(`trade:${label}`), trade]));
    return c.read<bigint>('receivables', 'claimIdFor', [c.core.address, trade.invoiceKey]);
  }
  const corePays = async (claimId: bigint, amount: bigint) => {
    ok(await c.chain.write(c.gateway, c.xt, abi.xt, 'deposit' as never, [c.core.address, amount, id32(`deposit:core:${amount}:${claimId}`)] as never));
    ok(await c.receivablesCall(c.core, 'pay', [claimId, amount]));
  };

  test('a pledged claim is escrowed at its face, refused a second time and for the wrong class, and comes back with the release', async () => {
    const claim = await receivable(c.pledgor, 1_000_000n, START + 60n * DAY, 'A');
    const P = id32('position:claim:A');
    const due = START + 30n * DAY;
    fails(await c.vaultCall(c.pledgor, 'lockClaim', [P, 1, claim, terms(due), 0n]), 'ClassKindMismatch');
    assert.equal(fails(await c.vaultCall(c.pledgor2, 'lockClaim', [P, PLEDGE_CLASS, claim, terms(due), 0n]), 'NotClaimHolder').claimId, String(claim));
    assert.equal(fails(await c.vaultCall(c.core, 'lockClaim', [P, PLEDGE_CLASS, claim, terms(due), 0n]), 'ClaimNotPledgeable').field, 'obligor');

    ok(await c.vaultCall(c.pledgor, 'lockClaim', [P, PLEDGE_CLASS, claim, terms(due), 400_000n]));
    const d0 = await c.read<bigint>('vault', 'drawIdFor', [P, 0]);
    assert.equal((await c.read('ledger', 'terms', [d0])).kind, 2, 'a pledge CT');
    const position = await c.read('vault', 'position', [P]);
    assert.equal(position.limit, 500_000n, 'face 1 000 000 × LTV 50 %');
    assert.equal(position.goodsId, 0n);
    assert.deepEqual(await c.read('vault', 'coverage', [P]), [400_000n, 1_000_000n, 4_000n]);
    assert.equal(await balance(c.pledgor, claim), 0n);
    assert.equal(await balance(c.pledges, claim), 1_000_000n, 'in escrow');
    assert.equal(await c.read('pledges', 'positionOfClaim', [claim, c.pledgor.address]), P);

    const twice = fails(await c.vaultCall(c.pledgor, 'lockClaim', [id32('position:claim:A2'), PLEDGE_CLASS, claim, terms(due), 0n]), 'ClaimAlreadyPledged');
    assert.equal(twice.positionId, P);
    // Escrowed: the pledgor has nothing left to transfer, split or sell.
    fails(await c.ledgerCall(c.pledgor, 'transfer', [c.funders[0]!.address, claim, 1n]), 'ERC6909InsufficientBalance');
    fails(await c.vaultCall(c.pledgor, 'draw', [P, 100_001n]), 'DrawOverLimit');
    fails(await c.vaultCall(c.pledgor, 'release', [P]), 'ReleaseWhileOutstanding');
    fails(await c.vaultCall(c.outsider, 'collectClaim', [P]), 'NothingToCollect');
    ok(await c.vaultCall(c.pledgor, 'repay', [d0, 400_000n]));
    ok(await c.vaultCall(c.pledgor, 'release', [P]));
    assert.equal(await balance(c.pledgor, claim), 1_000_000n, 'a claim not yet due goes back');
    assert.equal(await c.read('pledges', 'positionOfClaim', [claim, c.pledgor.address]), `0x${'0'.repeat(64)}`);
    ok(await c.ledgerCall(c.pledgor, 'transfer', [c.funders[0]!.address, claim, 1n]));
    // A claim already due, or a ledger id that is not a receivable, is refused.
    const draw = fails(await c.vaultCall(c.funders[0]!, 'lockClaim', [id32('position:claim:A3'), PLEDGE_CLASS, d0, terms(due), 0n]), 'ClaimNotPledgeable');
    assert.equal(draw.field, 'kind');
    await c.chain.mineAt(START + 60n * DAY);
    const late = fails(await c.vaultCall(c.funders[0]!, 'lockClaim', [id32('position:claim:A4'), PLEDGE_CLASS, claim, terms(START + 90n * DAY), 0n]), 'ClaimNotPledgeable');
    assert.equal(late.field, 'dueDate');
  });

  test('a defaulted claim position waits for the claim: its settlement is collected and pays the holders, penalty first, the surplus to the pledgor', async () => {
    const claim = await receivable(c.pledgor, 1_000_000n, START + 20n * DAY, 'B');
    const P = id32('position:claim:B');
    ok(await c.vaultCall(c.pledgor, 'lockClaim', [P, PLEDGE_CLASS, claim, terms(START + 10n * DAY), 500_000n]));
    const d0 = await c.read<bigint>('vault', 'drawIdFor', [P, 0]);
    const funder = c.funders[0]!;
    ok(await c.ledgerCall(c.pledgor, 'transfer', [funder.address, d0, 200_000n]));

    await c.chain.mineAt(START + 12n * DAY + 1n); // due date + the class's 2-day grace has passed
    ok(await c.vaultCall(c.outsider, 'declareDefault', [P]));
    assert.equal(await status(P), 2, 'defaulted, waiting for the claim');
    fails(await c.vaultCall(c.bidder, 'bid', [P, 10_000_000n]), 'AuctionNotLive');
    fails(await c.vaultCall(c.outsider, 'collectClaim', [P]), 'NothingToCollect');

    await c.chain.mineAt(START + 20n * DAY);
    await corePays(claim, 400_000n);
    assert.equal(await c.vaultCall(c.outsider, 'collectClaim', [P]).then(ok).then(() => status(P)), 2, 'partly paid: still waiting');
    assert.equal((await c.read('vault', 'position', [P])).margin, 400_000n);
    const pledgorBefore = await c.xtOf(c.pledgor);
    await corePays(claim, 600_000n);
    ok(await c.vaultCall(c.outsider, 'collectClaim', [P]));
    assert.equal(await status(P), 3, 'settled from the claim');
    // 1 000 000 collected: penalty 5 % × 500 000 = 25 000, principal 500 000, surplus 475 000 to the pledgor.
    assert.equal((await c.xtOf(c.pledgor)) - pledgorBefore, 475_000n);
    const pc = await c.read('pledges', 'pledgedClaim', [P]);
    assert.deepEqual([pc.collected, pc.paid], [1_000_000n, true]);
    assert.equal(await balance(c.pledges, claim), 0n, 'the escrowed units were redeemed and burned');
    const funderBefore = await c.xtOf(funder);
    ok(await c.vaultCall(funder, 'redeem', [d0, funder.address]));
    assert.equal((await c.xtOf(funder)) - funderBefore, 210_000n, '200 000 × 525 000 / 500 000');
    fails(await c.vaultCall(c.outsider, 'collectClaim', [P]), 'PositionNotOpen');
  });

  test('a claim due while its position is open is collected into the margin; released, it stays in escrow and later payments go to the pledgor', async () => {
    const claim = await receivable(c.pledgor, 1_000_000n, START + 10n * DAY, 'C');
    const P = id32('position:claim:C');
    ok(await c.vaultCall(c.pledgor, 'lockClaim', [P, PLEDGE_CLASS, claim, terms(START + 30n * DAY), 100_000n]));
    await c.chain.mineAt(START + 10n * DAY);
    await corePays(claim, 300_000n);
    ok(await c.vaultCall(c.outsider, 'collectClaim', [P]));
    assert.deepEqual(await c.read('vault', 'coverage', [P]), [100_000n, 1_000_000n, 1_000n], 'the claim at 700 000 left, 300 000 of margin');
    ok(await c.vaultCall(c.pledgor, 'repay', [await c.read<bigint>('vault', 'drawIdFor', [P, 0]), 100_000n]));
    const before = await c.xtOf(c.pledgor);
    ok(await c.vaultCall(c.pledgor, 'release', [P]));
    assert.equal((await c.xtOf(c.pledgor)) - before, 300_000n, 'the margin collected from the claim');
    assert.equal(await balance(c.pledgor, claim), 0n, 'a due claim stays in escrow');
    await corePays(claim, 700_000n);
    ok(await c.vaultCall(c.outsider, 'collectClaim', [P]));
    assert.equal((await c.xtOf(c.pledgor)) - before, 1_000_000n);
    // Receivables paid the escrow exactly once: nothing is left to redeem there.
    assert.equal(await c.read('receivables', 'redeemable', [claim, c.pledges]), 0n);
  });

  test('goods added to an open goods position raise its coverage and cure a margin call; they are auctioned with the rest', async () => {
    const reg = async (owner: Actor, receipt: string, value: bigint) => {
      ok(await c.goodsCall(c.verifier, 'register', [{
        owner: owner.address, classId: 1, quantity: 10n, unit: 't', description: 'copper cathode', location: 'Ningbo warehouse 2',
        receipt, lot: '', documentsHash: id32(`docs:${receipt}`), value,
      }]));
      return c.read<bigint>('goods', 'goodsIdFor', [c.verifier.address, receipt, '']);
    };
    const g1 = await reg(c.pledgor, 'WR-G1', 1_000_000n);
    const g2 = await reg(c.pledgor, 'WR-G2', 100_000n);
    const other = await reg(c.pledgor2, 'WR-G3', 100_000n);
    const P = id32('position:goods:G');
    ok(await c.vaultCall(c.pledgor, 'lockGoods', [P, g1, terms(START + 30n * DAY), 600_000n]));
    ok(await c.goodsCall(c.verifier, 'revalue', [g1, 750_000n]));
    ok(await c.vaultCall(c.operator, 'marginCall', [P]));

    fails(await c.vaultCall(c.pledgor2, 'addGoods', [P, other]), 'NotPledgor');
    fails(await c.vaultCall(c.pledgor, 'addGoods', [P, other]), 'NotGoodsOwner');
    ok(await c.vaultCall(c.pledgor, 'addGoods', [P, g2]));
    assert.equal((await c.read('vault', 'position', [P])).marginCallDeadline, 0, '600 000 / 850 000 = 7 058 bps: cured');
    assert.deepEqual(await c.read('vault', 'addedGoods', [P]), [g2]);
    assert.equal(await c.read('vault', 'positionOfGoods', [g2]), P);
    fails(await c.goodsCall(c.pledgor, 'transferFrom', [c.pledgor.address, c.pledgor2.address, g2]), 'GoodsLocked');
    fails(await c.vaultCall(c.pledgor, 'addGoods', [P, g2]), 'GoodsAlreadyPledged');
    fails(await c.vaultCall(c.pledgor, 'lockGoods', [id32('position:goods:G2'), g2, terms(START + 30n * DAY), 0n]), 'GoodsAlreadyPledged');
    const X = id32('position:xt:G');
    ok(await c.vaultCall(c.pledgor2, 'lockXt', [X, 3, 100_000n, terms(START + 30n * DAY), 0n]));
    assert.equal(fails(await c.vaultCall(c.pledgor2, 'addGoods', [X, other]), 'GoodsTopUpRefused').reason, 'position');
    for (const r of ['WR-G4', 'WR-G5', 'WR-G6']) ok(await c.vaultCall(c.pledgor, 'addGoods', [P, await reg(c.pledgor, r, 1n)]));
    assert.equal(fails(await c.vaultCall(c.pledgor, 'addGoods', [P, await reg(c.pledgor, 'WR-G7', 1n)]), 'GoodsTopUpRefused').reason, 'count');

    // Both valuations fall: 600 000 / (300 000 + 100 000 + 3) is past the 90 % liquidation threshold.
    ok(await c.goodsCall(c.verifier, 'revalue', [g1, 300_000n]));
    ok(await c.vaultCall(c.operator, 'declareDefault', [P]));
    const a = await c.read('vault', 'auction', [P]);
    assert.equal(a.startPrice, 440_003n, '110 % of every item locked: 400 003');
    ok(await c.vaultCall(c.bidder, 'bid', [P, 440_003n]));
    for (const g of [g1, g2]) assert.equal((await c.read<Address>('goods', 'ownerOf', [g])).toLowerCase(), c.bidder.address);
    assert.equal((await c.read('goods', 'goods', [g2])).locked, false);
    assert.equal(await c.read('vault', 'positionOfGoods', [g2]), `0x${'0'.repeat(64)}`);
  });
});
