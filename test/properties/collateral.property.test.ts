/**
 * Property tests of the collateral contracts over random sequences (fast-check) on a real anvil, every run from the
 * same snapshot (test/support/collateralChain.ts). A sequence mixes register (sometimes the same receipt again),
 * lock (goods, sometimes someone else's or already locked; or XT), draw (sometimes over the line), split (CT
 * transfers between the pledgor and funders), revalue, repay, top up, margin call, time passing, default, bid
 * (sometimes below the price), restart, redeem and release; goods added to a position (sometimes locked ones or
 * someone else's); receivable claims issued by the core enterprise to the pledgors, pledged (sometimes a second time,
 * by a non-holder or by the obligor), paid by the core enterprise and collected. After EVERY command:
 *
 *  1. one item never backs two live positions: per goods, at most one open or defaulted position names it (as its
 *     locked item or an added one), the vault's `positionOfGoods` is that position, and the token is locked exactly
 *     when there is one; per receivable claim and holder, at most one live position's unpaid pledge names it,
 *     ClaimPledges' `positionOfClaim` is that position, and the escrow holds at least its units;
 *  2. XT in equals XT out: the vault holds exactly the XT margin of its live positions plus, per draw, what was paid
 *     in and not yet paid out (`paid − distributed`); XT is only moved, never made (the actors', the vault's, the
 *     escrow's and Receivables' balances add up to the deposits); no draw ever paid out more than was paid in;
 *  3. CT supply per id (draws and receivable claims) = minted − burned (from the ledger's Transfer events of every
 *     transaction of the run) = Σ balances of every account that could hold it (the escrow included);
 *  4. a position's principal outstanding never exceeds the line fixed at its lock.
 *
 * Every run opens with two goods registered and locked with draws, and a margin position on XT, then draws its
 * random commands. Reverts are expected (the sequences are random); only a broken invariant fails. Replay with FC_SEED / FC_PATH.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEventLog, type Hex } from 'viem';
import { abi, DAY, HOUR, id32, startCollateralChain, type CollateralChain } from '../support/collateralChain.ts';
import type { Actor, TxResult } from './setup.ts';

const ZERO = '0x0000000000000000000000000000000000000000';
const TOTAL_XT = 10_000_000n + 10_000_000n + 50_000_000n + 10_000_000n;

type Spec =
  | { t: 'register'; owner: number; value: number; cls: number; reuse: boolean }
  | { t: 'lock'; goods: number; by: number; draw: number }
  | { t: 'lockXt'; by: number; amount: number; draw: number }
  | { t: 'draw'; pos: number; frac: number }
  | { t: 'split'; draw: number; from: number; to: number; frac: number }
  | { t: 'revalue'; goods: number; bps: number }
  | { t: 'repay'; draw: number; frac: number }
  | { t: 'topUp'; pos: number; amount: number }
  | { t: 'marginCall'; pos: number }
  | { t: 'time'; seconds: number }
  | { t: 'default'; pos: number }
  | { t: 'bid'; pos: number; below: boolean }
  | { t: 'restart'; pos: number }
  | { t: 'redeem'; draw: number; holder: number }
  | { t: 'release'; pos: number }
  | { t: 'addGoods'; pos: number; goods: number; by: number }
  | { t: 'issueClaim'; to: number; amount: number; days: number }
  | { t: 'lockClaim'; claim: number; by: number; draw: number }
  | { t: 'payClaim'; claim: number; frac: number }
  | { t: 'splitClaim'; claim: number; from: number; to: number; frac: number }
  | { t: 'collect'; pos: number };

const i = fc.nat({ max: 7 });
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('register' as const), owner: fc.nat({ max: 1 }), value: fc.integer({ min: 100_000, max: 3_000_000 }), cls: fc.integer({ min: 1, max: 2 }), reuse: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('lock' as const), goods: i, by: fc.nat({ max: 2 }), draw: fc.integer({ min: 0, max: 10_000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('lockXt' as const), by: fc.nat({ max: 1 }), amount: fc.integer({ min: 1, max: 2_000_000 }), draw: fc.integer({ min: 0, max: 10_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('draw' as const), pos: i, frac: fc.integer({ min: 1, max: 12_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('split' as const), draw: i, from: fc.nat({ max: 3 }), to: fc.nat({ max: 3 }), frac: fc.integer({ min: 1, max: 10_000 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('revalue' as const), goods: i, bps: fc.integer({ min: 2_000, max: 12_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('repay' as const), draw: i, frac: fc.integer({ min: 1, max: 11_000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('topUp' as const), pos: i, amount: fc.integer({ min: 1, max: 500_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('marginCall' as const), pos: i }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('time' as const), seconds: fc.constantFrom(Number(HOUR), Number(DAY), 2 * Number(DAY), 20 * Number(DAY), 40 * Number(DAY)) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('default' as const), pos: i }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('bid' as const), pos: i, below: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), pos: i }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('redeem' as const), draw: i, holder: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('release' as const), pos: i }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('addGoods' as const), pos: i, goods: i, by: fc.nat({ max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('issueClaim' as const), to: fc.nat({ max: 1 }), amount: fc.integer({ min: 1, max: 2_000_000 }), days: fc.integer({ min: 1, max: 45 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('lockClaim' as const), claim: i, by: fc.nat({ max: 2 }), draw: fc.integer({ min: 0, max: 10_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('payClaim' as const), claim: i, frac: fc.integer({ min: 1, max: 10_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('collect' as const), pos: i }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('splitClaim' as const), claim: i, from: fc.nat({ max: 1 }), to: fc.nat({ max: 1 }), frac: fc.integer({ min: 1, max: 10_000 }) }) },
);

describe('collateral contracts: properties over random sequences', () => {
  let c: CollateralChain;
  before(async () => {
    c = await startCollateralChain();
  });
  after(async () => {
    await c?.stop();
  });

  test('one item never backs two live positions; XT in equals XT out; CT supply per id = minted − burned', async (t) => {
    const outcomes = new Map<string, number>();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(specArb, { minLength: 8, maxLength: 20 }), async (specs) => {
        runs += 1;
        await c.reset();
        const pledgors = [c.pledgor, c.pledgor2];
        const holders: Actor[] = [c.pledgor, c.pledgor2, c.funders[0]!, c.funders[1]!];
        const everyone = [c.pledgor, c.pledgor2, c.funders[0]!, c.funders[1]!, c.bidder];
        const goods: bigint[] = [];
        const receipts: string[] = [];
        const positions: Hex[] = [];
        const draws: bigint[] = [];
        const claims: bigint[] = [];
        const minted = new Map<bigint, bigint>();
        let deposited = 0n;
        let n = 0;
        const track = (r: TxResult) => {
          if (!r.ok) return;
          for (const log of r.logs) {
            if (log.address.toLowerCase() !== c.ledger) continue;
            try {
              const e = decodeEventLog({ abi: abi.ledger, data: log.data, topics: log.topics });
              if (e.eventName !== 'Transfer') continue;
              const a = e.args as { sender: string; receiver: string; id: bigint; amount: bigint };
              if (a.sender === ZERO) minted.set(a.id, (minted.get(a.id) ?? 0n) + a.amount);
              if (a.receiver === ZERO) minted.set(a.id, (minted.get(a.id) ?? 0n) - a.amount);
              if (a.sender === ZERO && !draws.includes(a.id) && !claims.includes(a.id)) draws.push(a.id);
            } catch {
              // another event of the ledger
            }
          }
        };
        const pick = <T,>(list: T[], k: number): T | undefined => (list.length ? list[k % list.length] : undefined);
        const opening: Spec[] = [
          { t: 'register', owner: 0, value: 1_000_000, cls: 1, reuse: false },
          { t: 'register', owner: 1, value: 2_000_000, cls: 2, reuse: false },
          { t: 'lock', goods: 0, by: 0, draw: 8_000 },
          { t: 'lock', goods: 1, by: 1, draw: 5_000 },
          { t: 'lockXt', by: 0, amount: 500_000, draw: 9_000 },
          // The first goods fall to half their value: past the liquidation threshold, so defaults and bids happen.
          { t: 'revalue', goods: 0, bps: 5_000 },
          { t: 'split', draw: 0, from: 0, to: 2, frac: 5_000 },
          { t: 'issueClaim', to: 1, amount: 1_000_000, days: 10 },
          { t: 'lockClaim', claim: 0, by: 1, draw: 8_000 },
          // Free goods of the first pledgor, added to its position (still past the liquidation threshold); a pledged claim that falls due and
          // is partly paid, so that top-ups in goods and collections happen in every run.
          { t: 'register', owner: 0, value: 20_000, cls: 1, reuse: false },
          { t: 'addGoods', pos: 0, goods: 2, by: 0 },
          { t: 'issueClaim', to: 0, amount: 400_000, days: 1 },
          { t: 'lockClaim', claim: 1, by: 0, draw: 5_000 },
          { t: 'time', seconds: 2 * Number(DAY) },
          { t: 'payClaim', claim: 1, frac: 6_000 },
          // A holder whose pledged holding grows again (units from another holder) must not pledge the claim twice.
          { t: 'issueClaim', to: 0, amount: 300_000, days: 20 },
          { t: 'splitClaim', claim: 2, from: 0, to: 1, frac: 5_000 },
          { t: 'lockClaim', claim: 2, by: 0, draw: 5_000 },
          { t: 'splitClaim', claim: 2, from: 1, to: 0, frac: 10_000 },
          { t: 'lockClaim', claim: 2, by: 0, draw: 5_000 },
        ];
        for (const s of [...opening, ...specs]) {
          let r: TxResult | null = null;
          switch (s.t) {
            case 'register': {
              const receipt = s.reuse && receipts.length ? receipts[0]! : `WR-${n++}`;
              const owner = pledgors[s.owner]!;
              r = await c.goodsCall(c.verifier, 'register', [{ owner: owner.address, classId: s.cls, quantity: 1n, unit: 't', description: 'd', location: 'l', receipt, lot: '', documentsHash: id32(receipt), value: BigInt(s.value) }]);
              if (r.ok) {
                receipts.push(receipt);
                goods.push(await c.read<bigint>('goods', 'goodsIdFor', [c.verifier.address, receipt, '']));
              }
              break;
            }
            case 'lock': {
              const g = pick(goods, s.goods);
              if (g === undefined) break;
              const by = [c.pledgor, c.pledgor2, c.funders[0]!][s.by]!;
              const value = (await c.read('goods', 'goods', [g])).value as bigint;
              const pid = id32(`position-${n++}`);
              r = await c.vaultCall(by, 'lockGoods', [pid, g, { dueDate: Number(c.chain.now + 30n * DAY), lateRateBps: 1000, maxHops: 3, dayCount: 0, consortiumId: c.consortiumId }, (value * 6000n * BigInt(s.draw)) / 100_000_000n]);
              if (r.ok) positions.push(pid);
              break;
            }
            case 'lockXt': {
              const pid = id32(`position-${n++}`);
              r = await c.vaultCall(pledgors[s.by]!, 'lockXt', [pid, 3, BigInt(s.amount), { dueDate: Number(c.chain.now + 30n * DAY), lateRateBps: 500, maxHops: 3, dayCount: 1, consortiumId: c.consortiumId }, (BigInt(s.amount) * 9000n * BigInt(s.draw)) / 100_000_000n]);
              if (r.ok) positions.push(pid);
              break;
            }
            case 'draw': {
              const pid = pick(positions, s.pos);
              if (!pid) break;
              const p = await c.read('vault', 'position', [pid]);
              const amount = (BigInt(p.limit) * BigInt(s.frac)) / 10_000n;
              const owner = [c.pledgor, c.pledgor2].find((a) => a.address === String(p.pledgor).toLowerCase()) ?? c.pledgor;
              r = await c.vaultCall(owner, 'draw', [pid, amount]);
              break;
            }
            case 'split': {
              const id = pick(draws, s.draw);
              if (id === undefined || s.from === s.to) break;
              const from = holders[s.from]!;
              const bal = await c.read<bigint>('ledger', 'balanceOf', [from.address, id]);
              const amount = (bal * BigInt(s.frac)) / 10_000n;
              if (amount === 0n) break;
              r = await c.ledgerCall(from, 'transfer', [holders[s.to]!.address, id, amount]);
              break;
            }
            case 'revalue': {
              const g = pick(goods, s.goods);
              if (g === undefined) break;
              const value = (await c.read('goods', 'goods', [g])).value as bigint;
              r = await c.goodsCall(c.verifier, 'revalue', [g, (value * BigInt(s.bps)) / 10_000n || 1n]);
              break;
            }
            case 'repay': {
              const id = pick(draws, s.draw);
              if (id === undefined) break;
              const d = await c.read('vault', 'drawOf', [id]);
              const p = await c.read('vault', 'position', [d.positionId]);
              const owner = [c.pledgor, c.pledgor2].find((a) => a.address === String(p.pledgor).toLowerCase()) ?? c.pledgor;
              const [principal, interest] = await c.read<[bigint, bigint]>('vault', 'owed', [id]);
              r = await c.vaultCall(owner, 'repay', [id, ((principal + interest) * BigInt(s.frac)) / 10_000n]);
              break;
            }
            case 'topUp': {
              const pid = pick(positions, s.pos);
              if (!pid) break;
              const p = await c.read('vault', 'position', [pid]);
              const owner = [c.pledgor, c.pledgor2].find((a) => a.address === String(p.pledgor).toLowerCase()) ?? c.pledgor;
              r = await c.vaultCall(owner, 'topUp', [pid, BigInt(s.amount)]);
              break;
            }
            case 'marginCall':
            case 'default':
            case 'restart':
            case 'release': {
              const pid = pick(positions, s.pos);
              if (!pid) break;
              const fn = { marginCall: 'marginCall', default: 'declareDefault', restart: 'restartAuction', release: 'release' }[s.t];
              const p = await c.read('vault', 'position', [pid]);
              const by = s.t === 'release' ? ([c.pledgor, c.pledgor2].find((a) => a.address === String(p.pledgor).toLowerCase()) ?? c.pledgor) : c.operator;
              r = await c.vaultCall(by, fn, [pid]);
              break;
            }
            case 'time':
              await c.chain.mineAt(c.chain.now + BigInt(s.seconds));
              break;
            case 'addGoods': {
              // Mostly the pledgor's own free goods (so that top-ups happen); otherwise any goods, by the other pledgor.
              const pid = pick(positions, s.pos);
              if (!pid) break;
              const pledgor = String((await c.read('vault', 'position', [pid])).pledgor).toLowerCase();
              const own: bigint[] = [];
              for (const g of goods) {
                const x = await c.read('goods', 'goods', [g]);
                if (!x.locked && String(await c.read('goods', 'ownerOf', [g])).toLowerCase() === pledgor) own.push(g);
              }
              const valid = s.by === 0 && own.length > 0;
              const g = valid ? pick(own, s.goods) : pick(goods, s.goods);
              if (g === undefined) break;
              const by = valid ? (pledgors.find((a) => a.address === pledgor) ?? c.pledgor) : pledgors[s.goods % 2]!;
              r = await c.vaultCall(by, 'addGoods', [pid, g]);
              break;
            }
            case 'issueClaim': {
              const invoiceKey = id32(`invoice-${n++}`);
              const id = await c.read<bigint>('receivables', 'claimIdFor', [c.core.address, invoiceKey]);
              claims.push(id);
              const trade = {
                supplier: pledgors[s.to]!.address, obligor: c.core.address, amount: BigInt(s.amount), dueDate: Number(c.chain.now + BigInt(s.days) * DAY), lateRateBps: 0,
                maxHops: 3, dayCount: 0, consortiumId: c.consortiumId, invoiceKey, documentsHash: invoiceKey,
              };
              r = await c.receivablesCall(c.core, 'issuePayable', [invoiceKey, trade]);
              if (!r.ok) claims.pop();
              break;
            }
            case 'lockClaim': {
              const id = pick(claims, s.claim);
              if (id === undefined) break;
              const by = [c.pledgor, c.pledgor2, c.core][s.by]!;
              const units = await c.read<bigint>('ledger', 'balanceOf', [by.address, id]);
              const pid = id32(`position-${n++}`);
              r = await c.vaultCall(by, 'lockClaim', [pid, 2, id, { dueDate: Number(c.chain.now + 20n * DAY), lateRateBps: 800, maxHops: 3, dayCount: 0, consortiumId: c.consortiumId }, (units * 5000n * BigInt(s.draw)) / 100_000_000n]);
              if (r.ok) positions.push(pid);
              break;
            }
            case 'payClaim': {
              const id = pick(claims, s.claim);
              if (id === undefined) break;
              const [principal, interest] = await c.read<[bigint, bigint]>('receivables', 'owed', [id]);
              const amount = ((principal + interest) * BigInt(s.frac)) / 10_000n;
              if (amount === 0n) break;
              const deposit = await c.chain.write(c.gateway, c.xt, abi.xt, 'deposit' as never, [c.core.address, amount, id32(`deposit-${n++}`)] as never);
              if (deposit.ok) deposited += amount;
              r = await c.receivablesCall(c.core, 'pay', [id, amount]);
              break;
            }
            case 'splitClaim': {
              const id = pick(claims, s.claim);
              if (id === undefined || s.from === s.to) break;
              const from = pledgors[s.from]!;
              const amount = ((await c.read<bigint>('ledger', 'balanceOf', [from.address, id])) * BigInt(s.frac)) / 10_000n;
              if (amount === 0n) break;
              r = await c.ledgerCall(from, 'transfer', [pledgors[s.to]!.address, id, amount]);
              break;
            }
            case 'collect': {
              // Mostly a position with a pledged claim.
              const withClaim: Hex[] = [];
              for (const q of positions) if (BigInt((await c.read('pledges', 'pledgedClaim', [q])).claimId) !== 0n) withClaim.push(q);
              const pid = pick(withClaim.length ? withClaim : positions, s.pos);
              if (!pid) break;
              r = await c.vaultCall(c.outsider, 'collectClaim', [pid]);
              break;
            }
            case 'bid': {
              // Mostly a defaulted position (a live auction), so that bids are exercised.
              const defaulted: Hex[] = [];
              for (const q of positions) if ((await c.read('vault', 'position', [q])).status === 2) defaulted.push(q);
              const pid = pick(defaulted.length ? defaulted : positions, s.pos);
              if (!pid) break;
              const price = await c.read<bigint>('vault', 'auctionPrice', [pid]);
              r = await c.vaultCall(c.bidder, 'bid', [pid, s.below && price > 1n ? price / 2n : price + 10_000n]);
              if (s.below && price > 1n) assert.equal(r.ok, false, 'a bid below the current price was accepted');
              break;
            }
            case 'redeem': {
              // Mostly a draw that can be redeemed (settled by a liquidation, or past its due date).
              const ready: bigint[] = [];
              for (const d of draws) {
                const x = await c.read('vault', 'drawOf', [d]);
                if (x.closed || c.chain.now >= BigInt((await c.read('vault', 'position', [x.positionId])).dueDate)) ready.push(d);
              }
              const id = pick(ready.length ? ready : draws, s.draw);
              if (id === undefined) break;
              r = await c.vaultCall(c.operator, 'redeem', [id, holders[s.holder]!.address]);
              break;
            }
          }
          if (r) {
            track(r);
            const key = `${s.t}:${r.ok ? 'ok' : r.error.name}`;
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          }
          await checkInvariants();
        }

        async function checkInvariants() {
          // Every read of a step at once (one JSON-RPC batch), the assertions after.
          const zero = `0x${'0'.repeat(64)}`;
          const all = <T,>(xs: Array<Promise<T>>) => Promise.all(xs);
          // 1. one item, at most one live position
          const [ps, pcs, added] = await Promise.all([
            all(positions.map((pid) => c.read('vault', 'position', [pid]))),
            all(positions.map((pid) => c.read('pledges', 'pledgedClaim', [pid]))),
            all(positions.map((pid) => c.read<bigint[]>('vault', 'addedGoods', [pid]))),
          ]);
          const live = new Map<bigint, Hex[]>();
          const pledged = new Map<string, { pids: Hex[]; units: bigint }>();
          let marginHeld = 0n;
          for (const [k, pid] of positions.entries()) {
            const p = ps[k]!;
            const isLive = p.status === 1 || p.status === 2;
            if (isLive) marginHeld += BigInt(p.margin);
            const items = BigInt(p.goodsId) === 0n ? [] : [BigInt(p.goodsId), ...added[k]!];
            if (isLive) for (const g of items) live.set(g, [...(live.get(g) ?? []), pid]);
            const pc = pcs[k]!;
            if (isLive && BigInt(pc.claimId) !== 0n && !pc.paid) {
              const key = `${BigInt(pc.claimId)}:${String(pc.pledgor).toLowerCase()}`;
              const e = pledged.get(key) ?? { pids: [], units: 0n };
              pledged.set(key, { pids: [...e.pids, pid], units: e.units + BigInt(pc.units) });
            }
            // 4. the line bounds the principal outstanding
            assert.ok(BigInt(p.debt) <= BigInt(p.limit), `position ${pid}: debt ${p.debt} over its line ${p.limit}`);
          }
          const ids = [...draws, ...claims];
          const [goodsPositions, goodsTokens, claimPositions, escrowedOnChain, drawRows, xtBalances, supplies, balances] = await Promise.all([
            all(goods.map((g) => c.read<Hex>('vault', 'positionOfGoods', [g]))),
            all(goods.map((g) => c.read('goods', 'goods', [g]))),
            all(claims.flatMap((id) => pledgors.map((holder) => c.read<Hex>('pledges', 'positionOfClaim', [id, holder.address])))),
            all(claims.map((id) => c.read<bigint>('ledger', 'balanceOf', [c.pledges, id]))),
            all(draws.map((id) => c.read('vault', 'drawOf', [id]))),
            all([c.vault, c.pledges, c.receivables, c.core, ...everyone].map((a) => c.xtOf(a))),
            all(ids.map((id) => c.read<bigint>('ledger', 'totalSupply', [id]))),
            all(ids.map((id) => all([c.pledges, ...holders.map((h) => h.address)].map((a) => c.read<bigint>('ledger', 'balanceOf', [a, id]))))),
          ]);
          for (const [k, g] of goods.entries()) {
            const backs = live.get(g) ?? [];
            assert.ok(backs.length <= 1, `goods ${g} back ${backs.length} live positions`);
            assert.equal(goodsPositions[k], backs[0] ?? zero);
            assert.equal(goodsTokens[k].locked, backs.length === 1);
          }
          for (const [k, id] of claims.entries()) {
            let escrowed = 0n;
            for (const [j, holder] of pledgors.entries()) {
              const backs = pledged.get(`${id}:${holder.address}`) ?? { pids: [], units: 0n };
              assert.ok(backs.pids.length <= 1, `claim ${id} of ${holder.name} backs ${backs.pids.length} live positions`);
              assert.equal(claimPositions[k * pledgors.length + j], backs.pids[0] ?? zero);
              escrowed += backs.units;
            }
            assert.ok(escrowedOnChain[k]! >= escrowed, `the escrow holds less of claim ${id} than its live pledges`);
          }
          // 2. XT in equals XT out
          let owedToHolders = 0n;
          for (const [k, id] of draws.entries()) {
            const d = drawRows[k]!;
            assert.ok(BigInt(d.distributed) <= BigInt(d.paid), `draw ${id} paid out more than was paid in`);
            owedToHolders += BigInt(d.paid) - BigInt(d.distributed);
          }
          assert.equal(xtBalances[0], marginHeld + owedToHolders, 'the vault holds exactly the live margin and what holders have not redeemed');
          assert.equal(xtBalances.reduce((a, b) => a + b, 0n), TOTAL_XT + deposited, 'XT is moved, never made or lost');
          // 3. CT supply per id = minted − burned = Σ balances
          for (const [k, id] of ids.entries()) {
            const supply = supplies[k]!;
            assert.equal(supply, minted.get(id) ?? 0n, `supply of ${id} is not minted − burned`);
            assert.equal(balances[k]!.reduce((a, b) => a + b, 0n), supply, `Σ balances of ${id} differ from its supply`);
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? '25'), seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED), path: process.env.FC_PATH },
    );
    t.diagnostic(`${runs} runs; outcomes: ${[...outcomes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  });
});
