/**
 * The receivables read models, driven straight through the contracts (commands in the outbox, signed with the
 * members' custodial keys, bypassing the claim API) over a whole life cycle: credit line, trade submitted and
 * confirmed, split to tier 2, modify, tier 2 → tier 3, sales to a funder at an offer, maturity (time travel),
 * partial payment and redemption, full payment and a batch redemption. Then: the read models against the
 * chain, the trace tree, the read API, visibility, and a replay of the events rebuilding identical tables.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeAbiParameters, encodePacked, keccak256, type Address, type Hex } from 'viem';
import type { Database, Queryable } from '../../db/database.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import { discountedPrice, interest, daysLate } from '../../domain/money.ts';
import type { Principal } from '../identity/index.ts';
import { getClaim, getTrace } from './queries/claims.ts';
import { memberPosition } from './queries/positions.ts';
import { assertPositionAsReference } from '../../../test/support/positionReference.ts';
import type { ClaimTrace as TraceView } from './schemas.ts';
import { indexedTrade } from './commands/trades.ts';
import { tradeCommitment } from './chain.ts';
import { readModels } from '../../platform/modules.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { postConfirmed } from '../../../test/support/e2e.ts';
import { at, suite, target, type ContractName } from '../../../test/support/contracts.ts';

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

const DAY = 86_400;
const bytes32 = (): Hex => `0x${randomBytes(32).toString('hex')}`;
const idHex = (id: bigint) => `0x${id.toString(16).padStart(64, '0')}`;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;

/** Every row of every read model, in a canonical order: what a replay must reproduce exactly. */
async function snapshot(db: Queryable): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of readModels.tables) {
    const { rows } = await db.query(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

for (const backend of await availableTestDatabases()) {
  describe(`claim read models over a whole receivable life cycle (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let core: Onboarded;
    let s1: Onboarded;
    let s2: Onboarded;
    let s3: Onboarded;
    let funder: Onboarded;
    let regulator: Onboarded;
    let outsider: Onboarded;
    let bank: Onboarded;
    let consortiumId: Hex;

    const rpc = (method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never });
    const chainTime = async () => Number((await t.client.getBlock({ blockTag: 'latest' })).timestamp);
    const principal = (m: Onboarded, roles: string[], isOperator = false): Principal => ({
      userId: '00000000-0000-4000-8000-000000000000',
      memberId: m.id,
      memberAddress: m.address.toLowerCase(),
      memberRoles: roles,
      userRole: 'admin',
      isOperator,
    });

    /** Every member's position at each instant equals the unbounded reference (test/support/positionReference.ts). */
    const positionsAsReference = async (...instants: Date[]) => {
      const members: Array<[Onboarded, string[]]> = [[core, ['core_enterprise']], [s1, ['supplier']], [s2, ['supplier']], [s3, ['supplier']], [funder, ['funder']], [bank, ['bank_gateway']]];
      for (const asOf of instants) for (const [m, roles] of members) await assertPositionAsReference(t.db, principal(m, roles), m.id, asOf);
    };

    /** Sends one contract call signed by `signer`'s custodial key and waits until it is confirmed and indexed. */
    const call = async (signer: string, contract: ContractName, functionName: string, args: readonly unknown[]) => {
      const [id] = await t.db.transaction((tx) =>
        enqueueCommands(tx, [
          contractCall({ kind: `test.${functionName}`, signer: signer as Address, target: target(t.deployment, contract), functionName, args }),
        ]),
      );
      void t.txManager.tick();
      const [command] = await t.settle([{ id: id! }]);
      assert.equal(command.status, 'confirmed', `${contract}.${functionName}: ${JSON.stringify(command.error)}`);
      return command;
    };
    const read = <T>(contract: 'ClaimLedger' | 'Receivables' | 'ClaimMarket', functionName: string, args: readonly unknown[]) => {
      return t.client.readContract({ address: at(t.deployment, contract), abi: suite[contract].abi, functionName, args } as never) as Promise<T>;
    };
    const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.db.query<T>(sql, params)).rows;

    // The life cycle's ids and figures.
    const FACE = 1_000_000n;
    const tradeId = bytes32();
    const offerId = bytes32();
    let invoiceKey: Hex;
    let root: bigint;
    let child: bigint;
    let rootDue: number;
    let childDue: number;
    let sale1: { price: bigint; days: number };
    let sale2: { price: bigint; days: number };
    let trace: TraceView;

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      [core, s1, s2, s3, funder, regulator, outsider, bank] = await Promise.all([
        onboard(t, { name: 'Core Motors', registrationNumber: 'CL-CORE', roles: ['core_enterprise'] }),
        onboard(t, { name: 'Tier One Gears', registrationNumber: 'CL-S1', roles: ['supplier'] }),
        onboard(t, { name: 'Tier Two Castings', registrationNumber: 'CL-S2', roles: ['supplier'] }),
        onboard(t, { name: 'Tier Three Alloys', registrationNumber: 'CL-S3', roles: ['supplier'] }),
        onboard(t, { name: 'Harbour Factoring', registrationNumber: 'CL-F', roles: ['funder'] }),
        onboard(t, { name: 'Market Regulator', registrationNumber: 'CL-R', roles: ['regulator'] }),
        onboard(t, { name: 'Unrelated Works', registrationNumber: 'CL-O', roles: ['supplier'] }),
        onboard(t, { name: 'Settlement Bank', registrationNumber: 'CL-B', roles: ['bank_gateway'] }),
      ]);
      const created = await postConfirmed(t, '/v1/consortia', { key: core.apiKey, body: { name: 'Core Motors supply chain' } });
      consortiumId = created.body.consortiumId;
      for (const m of [s1, s2, s3, funder, outsider]) {
        await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: m.id } });
        await postConfirmed(t, `/v1/consortia/${consortiumId}/accept`, { key: m.apiKey });
      }
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: funder.id, amount: '5000000', reference: 'CL-FUNDER-1' } });
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: core.id, amount: '5000000', reference: 'CL-CORE-1' } });
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('credit line, trade submitted and confirmed: the claim is issued to tier 1', async () => {
      await call(t.operator.address, 'Receivables', 'setCreditLine', [core.address, 3_000_000n]);
      const now = await chainTime();
      rootDue = now + 90 * DAY;
      invoiceKey = keccak256(encodePacked(['address', 'string'], [s1.address as Address, 'INV-2024-001']));
      const trade = {
        supplier: s1.address,
        obligor: core.address,
        amount: FACE,
        dueDate: rootDue,
        lateRateBps: 1200,
        maxHops: 4,
        dayCount: 0,
        consortiumId,
        invoiceKey,
        documentsHash: bytes32(),
      };
      await call(s1.address, 'Receivables', 'submitTrade', [tradeId, trade]);
      let [tr] = await rows<{ status: string; amount: string; claim_id: string | null }>('SELECT status, amount::text AS amount, claim_id FROM trades WHERE trade_id = $1', [tradeId]);
      assert.deepEqual(tr, { status: 'submitted', amount: '1000000', claim_id: null });
      // Receivables keeps only the trade's status and hash: every field comes from TradeSubmitted, and the read model
      // gives back exactly the trade that was committed to (what confirmTrade must be passed).
      const indexed = await indexedTrade(db, tradeId);
      assert.deepEqual(indexed, { ...trade, supplier: s1.address.toLowerCase(), obligor: core.address.toLowerCase() });
      const record = await t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'trade', args: [tradeId] });
      assert.deepEqual(record, { status: 1, hash: tradeCommitment(indexed!) });

      await call(core.address, 'Receivables', 'confirmTrade', [tradeId, indexed]);
      root = BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [core.address as Address, invoiceKey])));
      [tr] = await rows('SELECT status, amount::text AS amount, claim_id FROM trades WHERE trade_id = $1', [tradeId]);
      assert.deepEqual(tr, { status: 'confirmed', amount: '1000000', claim_id: idHex(root) });

      const [claim] = await rows<Record<string, unknown>>(
        'SELECT parent, root, depth, obligor, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply::text AS total_supply, due_date FROM claims WHERE id = $1',
        [idHex(root)],
      );
      assert.deepEqual(claim, {
        parent: null,
        root: idHex(root),
        depth: 0,
        obligor: core.address,
        late_rate_bps: 1200,
        max_hops: 4,
        day_count: 'ACT/360',
        kind: 'receivable',
        consortium_id: consortiumId,
        total_supply: '1000000',
        due_date: new Date(rootDue * 1000),
      });
      assert.deepEqual(await rows('SELECT credit_limit::text AS l, used::text AS u FROM credit_lines WHERE obligor = $1', [core.address]), [{ l: '3000000', u: '1000000' }]);
      assert.deepEqual(await rows('SELECT face::text AS f, paid::text AS p FROM settlements WHERE root = $1', [idHex(root)]), [{ f: '1000000', p: '0' }]);
      assert.deepEqual(await rows('SELECT holder, balance::text AS b, hops FROM claim_holdings WHERE claim_id = $1', [idHex(root)]), [{ holder: s1.address, b: '1000000', hops: 0 }]);
      const movements = await rows<{ kind: string; to_address: string; leg_log_index: number | null }>('SELECT kind, to_address, leg_log_index FROM claim_movements');
      assert.equal(movements.length, 1);
      assert.equal(movements[0]!.kind, 'issue');
      assert.equal(movements[0]!.to_address, s1.address);
      assert.notEqual(movements[0]!.leg_log_index, null, 'the mint Transfer is paired with ClaimIssued');
    });

    test('split to tier 2, modify, tier 2 → tier 3, and sales to a funder at its offer', async () => {
      // Tier 1 passes 400 000 to tier 2 (an ERC-6909 split-transfer).
      await call(s1.address, 'ClaimLedger', 'transfer', [s2.address, root, 400_000n]);
      // Tier 2 turns 250 000 into a child with a later due date and a lower late rate.
      childDue = rootDue + 30 * DAY;
      const narrower = {
        obligor: core.address, dueDate: childDue, lateRateBps: 1000, maxHops: 4, dayCount: 0, kind: 0, consortiumId,
        parent: 0n, root: 0n, documentsHash: `0x${'0'.repeat(64)}`,
      };
      child = await read<bigint>('ClaimLedger', 'childId', [root, narrower]);
      await call(s2.address, 'ClaimLedger', 'modify', [root, 250_000n, narrower]);
      // Tier 2 passes 150 000 of the child to tier 3.
      await call(s2.address, 'ClaimLedger', 'transfer', [s3.address, child, 150_000n]);
      // The funder's standing offer: 6% a year on claims owed by the core.
      await call(funder.address, 'ClaimMarket', 'postOffer', [offerId, core.address, 600, 500_000n, (await chainTime()) + 200 * DAY, ZERO_ADDRESS]);
      // Tier 3 sells 100 000 of the child; tier 1 sells 100 000 of the root.
      const financed = (c: { result: { events: Array<{ event: string; args: Record<string, string | number> }> } }) => {
        const e = c.result.events.find((x) => x.event === 'ClaimFinanced')!;
        return { price: BigInt(e.args.price!), days: Number(e.args.numDays) };
      };
      sale1 = financed(await call(s3.address, 'ClaimMarket', 'sell', [offerId, child, 100_000n, 0n]));
      sale2 = financed(await call(s1.address, 'ClaimMarket', 'sell', [offerId, root, 100_000n, 0n]));
      // The price is exactly money.ts's discountedPrice at the chain's day count.
      assert.equal(sale1.price, discountedPrice(100_000n, 600n, BigInt(sale1.days), 'ACT/360'));
      assert.equal(sale2.price, discountedPrice(100_000n, 600n, BigInt(sale2.days), 'ACT/360'));
      assert.ok(sale1.days >= 119 && sale1.days <= 121, `child sold ~120 days before maturity (${sale1.days})`);

      // Holdings and hops equal the chain's, for every (id, holder).
      const expected: Array<[bigint, Onboarded, bigint, number]> = [
        [root, s1, 500_000n, 0],
        [root, s2, 150_000n, 1],
        [root, funder, 100_000n, 1],
        [child, s2, 100_000n, 1],
        [child, s3, 50_000n, 2],
        [child, funder, 100_000n, 3],
      ];
      for (const [id, m, balance, hops] of expected) {
        const [h] = await rows<{ balance: string; hops: number }>('SELECT balance::text AS balance, hops FROM claim_holdings WHERE claim_id = $1 AND holder = $2', [idHex(id), m.address]);
        assert.deepEqual(h, { balance: balance.toString(), hops }, `holding of ${m.address} in ${idHex(id)}`);
        assert.equal(await read<bigint>('ClaimLedger', 'balanceOf', [m.address, id]), balance);
        assert.equal(await read<number>('ClaimLedger', 'hopsOf', [m.address, id]), hops);
      }
      for (const id of [root, child]) {
        const [c] = await rows<{ total_supply: string; held: string }>(
          `SELECT c.total_supply::text AS total_supply, (SELECT sum(balance) FROM claim_holdings WHERE claim_id = c.id)::text AS held FROM claims c WHERE id = $1`,
          [idHex(id)],
        );
        assert.equal(c!.total_supply, (await read<bigint>('ClaimLedger', 'totalSupply', [id])).toString());
        assert.equal(c!.held, c!.total_supply, 'Σ balances = supply');
      }
      const [offer] = await rows('SELECT remaining::text AS remaining, status FROM offers WHERE offer_id = $1', [offerId]);
      assert.deepEqual(offer, { remaining: '300000', status: 'open' });
      assert.equal((await rows('SELECT 1 FROM financings')).length, 2);
      // No provisional leg is left: every ledger Transfer is paired with its operation.
      assert.deepEqual(
        (await rows<{ kind: string }>('SELECT kind FROM claim_movements ORDER BY block_number, log_index')).map((m) => m.kind),
        ['issue', 'transfer', 'modify', 'transfer', 'sale', 'sale'],
      );
      assert.equal((await rows('SELECT 1 FROM claim_movements WHERE leg_log_index IS NULL')).length, 0);
    });

    test('before maturity: positions, credit line, offers and claims through the read API', async () => {
      const position = await t.api('GET', `/v1/members/${core.id}/position`, { key: core.apiKey });
      assert.equal(position.status, 200, JSON.stringify(position.body));
      assert.equal(position.body.owes.total, '1000000');
      assert.deepEqual(
        position.body.owes.ladder.map((r: { dueDate: string; unpaid: string }) => [r.dueDate, r.unpaid]),
        [
          [new Date(rootDue * 1000).toISOString().slice(0, 10), '750000'],
          [new Date(childDue * 1000).toISOString().slice(0, 10), '250000'],
        ],
      );
      assert.equal(position.body.creditLine.available, '2000000');

      const sold = await t.api('GET', `/v1/members/${s1.id}/position`, { key: s1.apiKey });
      assert.equal(sold.body.holds.total, '500000');
      assert.equal(sold.body.financed.sold.items.length, 1);
      assert.equal(sold.body.financed.sold.price, sale2.price.toString());
      assert.equal(sold.body.financed.sold.items[0].counterparty.memberId, funder.id);
      const bought = await t.api('GET', `/v1/members/${funder.id}/position`, { key: funder.apiKey });
      assert.equal(bought.body.financed.bought.amount, '200000');
      assert.equal(bought.body.financed.bought.price, (sale1.price + sale2.price).toString());
      assert.equal((await t.api('GET', `/v1/members/${funder.id}/position`, { key: s1.apiKey })).status, 403);
      assert.equal((await t.api('GET', `/v1/members/${funder.id}/position`, { key: regulator.apiKey })).status, 200);

      const line = await t.api('GET', `/v1/credit-lines/${core.id}`, { key: outsider.apiKey });
      assert.deepEqual({ ...line.body, updatedAt: undefined }, {
        obligor: { memberId: core.id, name: 'Core Motors', address: core.address },
        limit: '3000000',
        used: '1000000',
        available: '2000000',
        updatedAt: undefined,
        guarantee: null,
        grantedBy: { memberId: t.operator.memberId, name: 'Tierchain Platform Operator', address: t.operator.address.toLowerCase() },
        grantedByOperator: true,
        youManage: false,
      });
      // A funder position splits its discount: none of the claims it bought has matured yet, so none is earned.
      assert.deepEqual([bought.body.financed.discountEarned, bought.body.financed.discountUnearned], ['0', bought.body.financed.bought.discount]);

      const offers = await t.api('GET', `/v1/offers?obligorMemberId=${core.id}`, { key: s3.apiKey });
      assert.equal(offers.status, 200, JSON.stringify(offers.body));
      assert.deepEqual(offers.body.items.map((o: { offerId: string; remaining: string; status: string }) => [o.offerId, o.remaining, o.status]), [[offerId, '300000', 'open']]);

      // Claims: each member sees what it holds, has held or owes; the outsider sees none; the regulator all.
      const ids = async (key: string, query = '') => {
        const r = await t.api('GET', `/v1/claims${query}`, { key });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return (r.body.items as Array<{ id: string }>).map((c) => c.id).sort();
      };
      const both = [idHex(root), idHex(child)].sort();
      assert.deepEqual(await ids(s1.apiKey), [idHex(root)]);
      assert.deepEqual(await ids(s3.apiKey), [idHex(child)]);
      assert.deepEqual(await ids(core.apiKey), both);
      assert.deepEqual(await ids(regulator.apiKey), both);
      assert.deepEqual(await ids(outsider.apiKey), []);
      assert.deepEqual(await ids(regulator.apiKey, `?holder=${s3.id}`), [idHex(child)]);
      const page = await t.api('GET', '/v1/claims?limit=1', { key: regulator.apiKey });
      assert.equal(page.body.items.length, 1);
      const next = await t.api('GET', `/v1/claims?limit=1&cursor=${page.body.nextCursor}`, { key: regulator.apiKey });
      assert.deepEqual([page.body.items[0].id, next.body.items[0].id].sort(), both);
      assert.equal(next.body.nextCursor, null);

      const claim = await t.api('GET', `/v1/claims/${idHex(child)}`, { key: s3.apiKey });
      assert.equal(claim.status, 200, JSON.stringify(claim.body));
      assert.equal(claim.body.depth, 1);
      assert.equal(claim.body.parentId, idHex(root));
      assert.equal(claim.body.totalSupply, '250000');
      assert.deepEqual(claim.body.yourHolding, { balance: '50000', hops: 2, redeemed: '0' });
      assert.equal(claim.body.partiesHidden, true);
      // Tier 3 sees itself and its direct counterparties named — tier 2, who sent it units, and the funder, who bought
      // from it — and the other holders by pseudonym (with their amounts and depths; docs/adr/017-disclosure.md).
      const named = claim.body.holders.filter((h: { party: { memberId: string | null } }) => h.party.memberId !== null);
      assert.deepEqual(named.map((h: { party: { memberId: string } }) => h.party.memberId).sort(), [s2.id, s3.id, funder.id].sort());
      for (const h of claim.body.holders.filter((x: { party: { memberId: string | null } }) => x.party.memberId === null)) assert.match(h.party.pseudonym, /^P-[0-9a-f]{8}$/);
      assert.equal(claim.body.maturity.overdueDays, 0);
      assert.equal(claim.body.maturity.unpaid, '250000');
      const asCore = await t.api('GET', `/v1/claims/${idHex(child)}`, { key: core.apiKey });
      assert.equal(asCore.body.partiesHidden, false);
      assert.deepEqual(
        asCore.body.holders.map((h: { party: { name: string }; balance: string; hops: number }) => [h.party.name, h.balance, h.hops]),
        [
          ['Tier Two Castings', '100000', 1],
          ['Harbour Factoring', '100000', 3],
          ['Tier Three Alloys', '50000', 2],
        ],
      );

      const trade = await t.api('GET', `/v1/trades/${tradeId}`, { key: s1.apiKey });
      assert.equal(trade.status, 200, JSON.stringify(trade.body));
      assert.equal(trade.body.status, 'confirmed');
      assert.equal(trade.body.claimId, idHex(root));
      assert.equal((await t.api('GET', `/v1/trades/${tradeId}`, { key: s2.apiKey })).status, 403);
      const trades = await t.api('GET', '/v1/trades?status=confirmed', { key: core.apiKey });
      assert.deepEqual(trades.body.items.map((x: { tradeId: string }) => x.tradeId), [tradeId]);

      // The off-chain invoice label joins the trade; a submission not yet indexed is `pending` to its submitter only.
      await t.db.query('INSERT INTO trade_documents (trade_id, invoice_number, issue_date, created_by) VALUES ($1, $2, $3, $4)', [tradeId, 'INV-2024-001', '2024-01-31', s1.id]);
      const labelled = await t.api('GET', `/v1/trades/${tradeId}`, { key: core.apiKey });
      assert.deepEqual([labelled.body.invoiceNumber, labelled.body.issueDate, labelled.body.supplier.memberId], ['INV-2024-001', '2024-01-31', s1.id]);
      const pendingId = bytes32();
      await t.db.query('INSERT INTO trade_documents (trade_id, invoice_number, created_by) VALUES ($1, $2, $3)', [pendingId, 'INV-2024-002', s1.id]);
      const pending = await t.api('GET', `/v1/trades/${pendingId}`, { key: s1.apiKey });
      assert.equal(pending.status, 200, JSON.stringify(pending.body));
      assert.deepEqual([pending.body.status, pending.body.supplier.memberId, pending.body.amount], ['pending', s1.id, null]);
      assert.equal((await t.api('GET', `/v1/trades/${pendingId}`, { key: core.apiKey })).status, 404);
      assert.deepEqual((await t.api('GET', '/v1/trades', { key: s1.apiKey })).body.items.map((x: { tradeId: string }) => x.tradeId), [tradeId]);

      // One offer; all offers including closed ones; a quote answer (an offer for one holder) only to its funder and holder.
      const one = await t.api('GET', `/v1/offers/${offerId}`, { key: s1.apiKey });
      assert.deepEqual([one.status, one.body.funder.name, one.body.rateBps, one.body.limit, one.body.onlyHolder], [200, 'Harbour Factoring', 600, '500000', null]);
      assert.equal((await t.api('GET', `/v1/offers/${bytes32()}`, { key: s1.apiKey })).status, 404);

      // Validation: ids are 0x + 64 hex digits; unknown ones are 404.
      assert.equal((await t.api('GET', '/v1/claims/0x1234', { key: s1.apiKey })).status, 400);
      assert.equal((await t.api('GET', `/v1/claims/${bytes32()}`, { key: s1.apiKey })).status, 404);
      assert.equal((await t.api('GET', `/v1/claims/${bytes32()}/trace`, { key: s1.apiKey })).status, 404);
      // Now, on the root's due day (on time all day), the day after it (the root past due, the child not yet) and past both.
      await positionsAsReference(
        new Date((await chainTime()) * 1000), new Date(rootDue * 1000), new Date((rootDue + DAY - 1) * 1000), new Date((rootDue + DAY + 3600) * 1000),
        new Date((childDue + 40 * DAY) * 1000),
      );
    });

    test('after maturity: overdue days and late interest; partial payment and redemption; full payment and batch redemption', async () => {
      // Past the child's due date (the later one) by 6 days and 1 hour: the root (due 30 days before the child) is
      // 36 days and 1 hour after the start of its due day, so 36 days count (ACT; the due day itself is on time).
      const target = childDue + 6 * DAY + 3600;
      await rpc('evm_increaseTime', [target - (await chainTime())]);
      await rpc('evm_mine');
      await t.indexer.sync();
      const asOf = new Date((target + 60) * 1000);
      const view = await getClaim(t.db, principal(core, ['core_enterprise']), idHex(root), { asOf });
      const overdue = daysLate(BigInt(rootDue), BigInt(target + 60));
      assert.equal(overdue, 36n);
      // Late interest on the whole principal: 1 000 000 × 1200 × 36 / (10 000 × 360) = 12 000 exactly.
      assert.equal(interest(1_000_000n, 1200n, overdue, 'ACT/360'), 12_000n);
      assert.deepEqual(
        [view.settlement!.outstanding, view.settlement!.lateInterest, view.settlement!.owed, view.settlement!.overdueDays],
        ['1000000', '12000', '1012000', 36],
      );
      // The root id's share (750 000 of the 1 000 000 units): 750 000 unpaid, 9 000 of the interest.
      assert.equal(BigInt(view.maturity!.overdueDays), overdue);
      assert.equal(view.maturity!.unpaid, '750000');
      assert.equal(view.maturity!.lateInterest, '9000');
      // The read side equals the chain's Receivables.owed at the same instant (the latest block's time).
      const latest = await t.client.getBlock({ blockTag: 'latest' });
      const atBlock = await getClaim(t.db, principal(core, ['core_enterprise']), idHex(root), { asOf: new Date(Number(latest.timestamp) * 1000) });
      const onChain = (await t.client.readContract({
        address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'owed', args: [root], blockNumber: latest.number,
      })) as readonly [bigint, bigint];
      assert.deepEqual([atBlock.settlement!.outstanding, atBlock.settlement!.lateInterest], [onChain[0].toString(), onChain[1].toString()]);
      const late = await memberPosition(t.db, principal(core, ['core_enterprise']), core.id, { asOf });
      // Past maturity the funder's discount on what it bought is earned, all of it.
      const book = await memberPosition(t.db, principal(funder, ['funder']), funder.id, { asOf });
      assert.deepEqual([book.financed.discountEarned, book.financed.discountUnearned], [book.financed.bought.discount, '0']);
      assert.ok(BigInt(book.financed.discountEarned) > 0n);
      assert.deepEqual([late.owes.total, late.owes.overdue, late.owes.lateInterest], ['1000000', '1000000', '12000']);
      await positionsAsReference(asOf, new Date((rootDue + 2 * DAY) * 1000));

      // The core pays 600 000 on day 36: the 12 000 of interest first, then 588 000 of principal (412 000 left).
      const paid1 = await call(core.address, 'Receivables', 'pay', [root, 600_000n]);
      const paidEvent = paid1.result.events.find((e: { event: string }) => e.event === 'SettlementPaid')!.args;
      assert.deepEqual([paidEvent.principal, paidEvent.interest, paidEvent.paidTotal], ['588000', '12000', '600000']);
      const accrued = paid1.result.events.find((e: { event: string }) => e.event === 'LateInterestAccrued')!.args;
      assert.deepEqual([accrued.daysLate, accrued.principal, accrued.accrued, accrued.interestDue, accrued.carry], [36, '1000000', '12000', '12000', 0]);
      assert.deepEqual(await rows('SELECT used::text AS u FROM credit_lines WHERE obligor = $1', [core.address]), [{ u: '412000' }]);
      // Tier 1 redeems its share of what was paid in: floor(500 000 × 600 000 / 1 000 000) = 300 000 (nothing burned yet).
      await call(s1.address, 'Receivables', 'redeem', [root, s1.address]);
      assert.deepEqual(
        await rows(
          `SELECT paid::text AS p, distributed::text AS d, interest_paid::text AS ip, interest_due::text AS due, accrued_days AS days, interest_carry::text AS carry
             FROM settlements WHERE root = $1`,
          [idHex(root)],
        ),
        [{ p: '600000', d: '300000', ip: '12000', due: '0', days: 36, carry: '0' }],
      );
      assert.deepEqual(await rows('SELECT balance::text AS b, redeemed::text AS r FROM claim_holdings WHERE claim_id = $1 AND holder = $2', [idHex(root), s1.address]), [
        { b: '500000', r: '300000' },
      ]);
      // Partly paid, past due: interest checkpointed on-chain, principal left.
      await positionsAsReference(new Date((await chainTime()) * 1000), new Date((childDue + 90 * DAY) * 1000));
      const redeemable = await memberPosition(t.db, principal(s1, ['supplier']), s1.id, { asOf: new Date((await chainTime()) * 1000) });
      assert.equal(redeemable.holds.items[0]!.redeemable, '0');
      const s2Position = await memberPosition(t.db, principal(s2, ['supplier']), s2.id, { asOf: new Date((await chainTime()) * 1000) });
      for (const item of s2Position.holds.items) {
        const id = BigInt(item.claimId);
        assert.equal(BigInt(item.redeemable), await read<bigint>('Receivables', 'redeemable', [id, s2.address]), `redeemable ${item.claimId}`);
      }

      // The rest, still on day 36: 412 000 of principal, no more interest. Then one batch redeems every holding of
      // both ids (each ClaimRedeemed paired with its burn). Paid in: 1 012 000, so each unit gets 1.012 XT:
      //   root  s1 500 000 → 506 000 (300 000 already), s2 150 000 → 151 800, funder 100 000 → 101 200
      //   child s2 100 000 → 101 200, s3 50 000 → 50 600, funder 100 000 → 101 200   Σ = 1 012 000, no residue.
      const [principalLeft, interestLeft] = await read<readonly [bigint, bigint]>('Receivables', 'owed', [root]);
      assert.deepEqual([principalLeft, interestLeft], [412_000n, 0n]);
      await call(core.address, 'Receivables', 'pay', [root, 412_000n]);
      const holdings: Array<[bigint, Onboarded]> = [
        [root, s1], [root, s2], [root, funder], [child, s2], [child, s3], [child, funder],
      ];
      await call(t.operator.address, 'Receivables', 'redeemBatch', [holdings.map(([id]) => id), holdings.map(([, m]) => m.address)]);

      const settlement = await read<{ face: bigint; paid: bigint; distributed: bigint; interestPaid: bigint }>('Receivables', 'settlement', [root]);
      assert.deepEqual(await rows('SELECT face::text AS f, paid::text AS p, distributed::text AS d, interest_paid::text AS ip FROM settlements WHERE root = $1', [idHex(root)]), [
        { f: settlement.face.toString(), p: settlement.paid.toString(), d: settlement.distributed.toString(), ip: settlement.interestPaid.toString() },
      ]);
      assert.equal(settlement.paid, FACE + 12_000n);
      assert.equal(settlement.distributed, FACE + 12_000n);
      assert.deepEqual(await rows('SELECT used::text AS u FROM credit_lines WHERE obligor = $1', [core.address]), [{ u: '0' }]);
      assert.deepEqual(await rows(`SELECT total_supply::text AS s FROM claims ORDER BY id`), [{ s: '0' }, { s: '0' }]);
      assert.equal((await rows('SELECT 1 FROM claim_holdings WHERE balance <> 0')).length, 0);
      assert.equal((await rows('SELECT 1 FROM claim_movements WHERE kind IN (\'burn\', \'mint\')')).length, 0);
      await positionsAsReference(new Date((await chainTime()) * 1000));
      const redeems = await rows<{ claim_id: string; from_address: string; amount: string; price: string; leg: number | null }>(
        `SELECT claim_id, from_address, amount::text AS amount, price::text AS price, leg_log_index AS leg FROM claim_movements WHERE kind = 'redeem' ORDER BY block_number, log_index`,
      );
      assert.deepEqual(
        redeems.map((r) => [r.claim_id, r.from_address, r.amount, r.price, r.leg !== null]),
        [
          [idHex(root), s1.address, '0', '300000', false], // partial: nothing burned
          [idHex(root), s1.address, '500000', '206000', true],
          [idHex(root), s2.address, '150000', '151800', true],
          [idHex(root), funder.address, '100000', '101200', true],
          [idHex(child), s2.address, '100000', '101200', true],
          [idHex(child), s3.address, '50000', '50600', true],
          [idHex(child), funder.address, '100000', '101200', true],
        ],
      );
      // A quote answer to tier 3 after maturity: visible to tier 3 and the funder, not to tier 1; expired offers drop from the open list.
      const quoteOffer = bytes32();
      await call(funder.address, 'ClaimMarket', 'postOffer', [quoteOffer, core.address, 550, 10_000n, (await chainTime()) + 30 * DAY, s3.address]);
      await call(funder.address, 'ClaimMarket', 'cancelOffer', [quoteOffer]);
      const offerIds = async (key: string, query = '') =>
        ((await t.api('GET', `/v1/offers${query}`, { key })).body.items as Array<{ offerId: string; status: string }>).map((o) => `${o.offerId}:${o.status}`).sort();
      assert.deepEqual(await offerIds(s3.apiKey, '?status=all'), [`${offerId}:open`, `${quoteOffer}:cancelled`].sort());
      assert.deepEqual(await offerIds(s1.apiKey, '?status=all'), [`${offerId}:open`]);
      assert.deepEqual(await offerIds(s3.apiKey), [`${offerId}:open`]);
      assert.equal((await t.api('GET', `/v1/offers/${quoteOffer}`, { key: s1.apiKey })).status, 404);
      assert.equal((await t.api('GET', `/v1/offers/${quoteOffer}`, { key: s3.apiKey })).body.onlyHolder.memberId, s3.id);

      const done = await getClaim(t.db, principal(core, ['core_enterprise']), idHex(root));
      assert.deepEqual([done.settlement!.status, done.settlement!.owed, done.maturity!.overdueDays, done.maturity!.lateInterest], ['paid', '0', 0, '0']);
      // An unrelated member sees the terms but not the payment state (overdue days, late interest).
      const outsiderView = await t.api('GET', `/v1/claims/${idHex(root)}`, { key: outsider.apiKey });
      assert.equal(outsiderView.status, 200, JSON.stringify(outsiderView.body));
      assert.deepEqual([outsiderView.body.settlement, outsiderView.body.maturity], [null, null]);
    });

    test('the trace: the whole tree from the issued claim, with tier depths, parties, amounts, prices and times', async () => {
      const r = await t.api('GET', `/v1/claims/${idHex(child)}/trace`, { key: regulator.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      trace = r.body;
      assert.equal(trace.rootId, idHex(root));
      assert.equal(trace.claimId, idHex(child));
      assert.equal(trace.partiesHidden, false);
      assert.equal(trace.obligor.memberId, core.id);
      assert.equal(trace.trade?.tradeId, tradeId);
      assert.deepEqual({ ...trace.settlement, asOf: null }, {
        rootId: idHex(root), face: '1000000', paid: '1012000', distributed: '1012000', principalPaid: '1000000', interestPaid: '12000',
        outstanding: '0', lateInterest: '0', owed: '0', overdueDays: 0, accrual: { accruedDays: 36, interestDue: '0', carry: '0' },
        held: '0', status: 'paid', guarantor: null, asOf: null,
      });
      assert.deepEqual(
        trace.nodes.map((n) => [n.id, n.parentId, n.depth, n.children, n.lateRateBps, n.dueDate]),
        [
          [idHex(root), null, 0, [idHex(child)], 1200, new Date(rootDue * 1000).toISOString().slice(0, 10)],
          [idHex(child), idHex(root), 1, [], 1000, new Date(childDue * 1000).toISOString().slice(0, 10)],
        ],
      );
      const name = (p: { name: string | null } | null) => p?.name ?? null;
      const edges = trace.edges.map((e) => [e.kind, e.claimId === idHex(root) ? 'root' : 'child', e.childId ? 'child' : null, name(e.from), e.from?.hops ?? null, name(e.to), e.to?.hops ?? null, e.amount, e.price]);
      assert.deepEqual(edges, [
        ['issue', 'root', null, null, null, 'Tier One Gears', 0, '1000000', null],
        ['transfer', 'root', null, 'Tier One Gears', 0, 'Tier Two Castings', 1, '400000', null],
        ['modify', 'root', 'child', 'Tier Two Castings', 1, 'Tier Two Castings', 1, '250000', null],
        ['transfer', 'child', null, 'Tier Two Castings', 1, 'Tier Three Alloys', 2, '150000', null],
        ['sale', 'child', null, 'Tier Three Alloys', 2, 'Harbour Factoring', 3, '100000', sale1.price.toString()],
        ['sale', 'root', null, 'Tier One Gears', 0, 'Harbour Factoring', 1, '100000', sale2.price.toString()],
        ['redeem', 'root', null, 'Tier One Gears', 0, null, null, '0', '300000'],
        ['redeem', 'root', null, 'Tier One Gears', 0, null, null, '500000', '206000'],
        ['redeem', 'root', null, 'Tier Two Castings', 1, null, null, '150000', '151800'],
        ['redeem', 'root', null, 'Harbour Factoring', 1, null, null, '100000', '101200'],
        ['redeem', 'child', null, 'Tier Two Castings', 1, null, null, '100000', '101200'],
        ['redeem', 'child', null, 'Tier Three Alloys', 2, null, null, '50000', '50600'],
        ['redeem', 'child', null, 'Harbour Factoring', 3, null, null, '100000', '101200'],
      ]);
      const sale = trace.edges.find((e) => e.kind === 'sale')!;
      assert.deepEqual([sale.offerId, sale.days, sale.discount], [offerId, sale1.days, (100_000n - sale1.price).toString()]);
      assert.ok(trace.edges.every((e) => /^0x[0-9a-f]{64}$/.test(e.txHash) && !Number.isNaN(Date.parse(e.at))));
      assert.deepEqual(trace.payments.map((p) => [p.payer.memberId, p.payerRole, p.amount, p.interest, p.principal, p.paidTotal]), [
        [core.id, 'obligor', '600000', '12000', '588000', '600000'],
        [core.id, 'obligor', '412000', '0', '412000', '1012000'],
      ]);
      assert.deepEqual(trace.accruals.map((a) => [a.daysLate, a.principal, a.accrued, a.interestDue, a.carry]), [[36, '1000000', '12000', '12000', '0']]);
      assert.equal(trace.guarantee, null);
      // Conservation along the edges: per id, what came in minus what left equals the supply (here 0).
      for (const id of [idHex(root), idHex(child)]) {
        let units = 0n;
        for (const e of trace.edges) {
          if (e.kind === 'issue' && e.claimId === id) units += BigInt(e.amount);
          if (e.kind === 'modify' && e.childId === id) units += BigInt(e.amount);
          if (e.kind === 'modify' && e.claimId === id) units -= BigInt(e.amount);
          if (e.kind === 'redeem' && e.claimId === id) units -= BigInt(e.amount);
        }
        assert.equal(units, 0n, `units of ${id}`);
      }

      // The same through the service for the operator; tier 3 sees the tree with others by pseudonym; an outsider is refused.
      const asOperator = await getTrace(t.db, { ...principal(core, []), memberAddress: t.operator.address.toLowerCase(), isOperator: true }, idHex(root));
      assert.deepEqual(asOperator.edges, trace.edges);
      const tier3 = await t.api('GET', `/v1/claims/${idHex(root)}/trace`, { key: s3.apiKey });
      assert.equal(tier3.status, 200);
      assert.equal(tier3.body.partiesHidden, true);
      assert.equal(tier3.body.edges.length, trace.edges.length);
      const visible = new Set(tier3.body.edges.flatMap((e: TraceView['edges'][number]) => [e.from?.memberId, e.to?.memberId]).filter(Boolean));
      assert.deepEqual([...visible].sort(), [s2.id, s3.id, funder.id].sort(), 'itself and its direct counterparties');
      assert.equal((await t.api('GET', `/v1/claims/${idHex(root)}/trace`, { key: outsider.apiKey })).status, 403);
      assert.equal((await t.api('GET', `/v1/claims/${idHex(root)}/trace`, { key: core.apiKey })).body.partiesHidden, false);
    });

    test('a replay of the events rebuilds identical read models', async () => {
      await t.indexer.sync();
      const before = await snapshot(t.db);
      assert.ok(before.claim_movements!.length >= 13 && before.claims!.length === 2);
      const replayed = await t.db.transaction((tx) => readModels.rebuild(tx));
      assert.ok(replayed > 0);
      const after = await snapshot(t.db);
      assert.deepEqual(after, before);
      const again = await t.api('GET', `/v1/claims/${idHex(root)}/trace`, { key: regulator.apiKey });
      assert.deepEqual(
        { ...again.body, asOf: null, claimId: null, settlement: { ...again.body.settlement, asOf: null } },
        { ...trace, asOf: null, claimId: null, settlement: { ...trace.settlement, asOf: null } },
      );
    });
  });
}
