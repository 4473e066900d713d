/**
 * The indexer applies runs of claim events in batches (batch.ts): rows read once, changed in memory, written back
 * together. Its read models must be exactly those of applying every event one at a time: checked here on a chain
 * with transfers that create holdings, join existing ones, empty one and refill it at another depth, across three
 * tiers (the whole receivables life cycle is checked the same way: test/support/receivablesLifecycle.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { storedEvents } from '../../indexer/projections.ts';
import { claimsBatched } from './batch.ts';
import { readModels } from '../../platform/modules.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { postConfirmed } from '../../../test/support/e2e.ts';
import { chainTime, DAY, formConsortium, isoDate, type Member } from '../../../test/support/receivables.ts';
import { dumpReadModels } from '../../../test/support/readModels.ts';

describe('indexer: batched claim events give the read models of one-by-one application', () => {
  let t: TestPlatform;
  let C: Member, S1: Member, S2: Member, S3: Member, S4: Member;
  let claim: Hex;

  before(async () => {
    t = await startTestPlatform();
    [C, S1, S2, S3, S4] = await Promise.all([
      onboard(t, { name: 'Batch Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Batch Tier1', roles: ['supplier'] }),
      onboard(t, { name: 'Batch Tier2', roles: ['supplier'] }),
      onboard(t, { name: 'Batch Tier3', roles: ['supplier'] }),
      onboard(t, { name: 'Batch Tier3b', roles: ['supplier'] }),
    ]);
    const consortiumId = await formConsortium(t, C, [S1, S2, S3, S4], 'Batch chain');
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    const issued = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'BATCH-1', amount: '1000000', dueDate: isoDate((await chainTime(t)) + 90 * DAY), maxHops: 5 },
    });
    claim = issued.body.claimId;
  });
  after(() => t?.close());

  test('the same rows either way, and runs of plain transfers do occur', async () => {
    const transfer = async (from: Member, to: Member, amount: string) => {
      const r = await t.api('POST', `/v1/claims/${claim}/transfers`, { key: from.apiKey, body: { toMemberId: to.id, amount }, idempotencyKey: `batch-${Math.random().toString(36).slice(2)}` });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return r;
    };
    // Sent without waiting in between, so several land in one indexer pass (anvil mines one block each).
    const settleAll = async (rs: Array<{ body: any }>) => t.settle(rs.flatMap((r) => r.body.commands));
    await settleAll(await Promise.all([transfer(S1, S2, '300000'), transfer(S1, S3, '100000'), transfer(S1, S2, '50000')]));
    // S3 empties its holding (depth 1) into S4, which S2 also fills (depth 2).
    await settleAll(await Promise.all([transfer(S2, S4, '150000'), transfer(S3, S4, '100000')]));
    // S3's empty holding is refilled from depth 1 (it becomes depth 2); S1's units join S4's depth-2 holding.
    await settleAll(await Promise.all([transfer(S2, S3, '20000'), transfer(S1, S4, '10000')]));
    await t.indexer.sync();

    const live = await dumpReadModels(t.db);
    const events = await storedEvents(t.db);
    let longestRun = 0;
    let runStart = 0;
    for (let i = 0, run = 0; i < events.length; i++) {
      run = events[i]!.contract === 'ClaimLedger' && events[i]!.eventName === 'Transfer' ? run + 1 : 0;
      if (run > longestRun) [longestRun, runStart] = [run, i - run + 1];
    }
    assert.ok(longestRun >= 2, `expected consecutive transfers in the event stream, longest run ${longestRun}`);

    const replay = async (apply: (tx: Queryable) => Promise<void>) =>
      t.db.transaction(async (tx) => {
        await tx.query(`TRUNCATE ${readModels.tables.join(', ')}`);
        await apply(tx);
        return dumpReadModels(tx);
      });
    const oneByOne = await replay(async (tx) => {
      for (const e of events) await readModels.applyEvent(tx, e);
    });
    const batched = await replay((tx) => readModels.applyEvents(tx, events));
    assert.deepEqual(batched, oneByOne);
    // The indexer sends its event log when the batches' bulk reads are done (readsDone): called once, after every read
    // of the first run (here the events from the longest run of transfers on) and before anything is written, and the
    // rows are the same.
    const statements: string[] = [];
    let signals = 0;
    const signalled = await replay(async (tx) => {
      await readModels.applyEvents(tx, events.slice(0, runStart));
      await readModels.applyEvents(
        { query: (sql: string, params?: unknown[]) => (statements.push(sql.trim().split(/\s+/)[0]!.toUpperCase()), tx.query(sql, params)) } as Queryable,
        events.slice(runStart),
        { readsDone: () => (signals++, statements.push('<readsDone>')) },
      );
    });
    assert.deepEqual(signalled, oneByOne);
    assert.equal(signals, 1);
    // The indexer's way: whole transactions in parts on one database transaction with a carry, each call opening the
    // next part's batches (ApplyOptions.next: their reads sent while it applies its own events) and leaving its last
    // flush running.
    const transactions: (typeof events)[] = [];
    for (const e of events) {
      if (transactions.at(-1)?.[0]!.txHash === e.txHash) transactions.at(-1)!.push(e);
      else transactions.push([e]);
    }
    for (const size of [1, 2, 3, 5]) {
      const parts: (typeof events)[] = [];
      for (let i = 0; i < transactions.length; i += size) parts.push(transactions.slice(i, i + size).flat());
      const inParts = await replay(async (tx) => {
        const carry = new Map<unknown, unknown>();
        const sent: Array<Promise<void>> = [];
        for (let j = 0; j < parts.length; j++) {
          const next = parts[j + 1];
          await readModels.applyEvents(tx, parts[j]!, { wholeTransactions: true, carry, ...(next ? { next, written: (answered) => void sent.push(answered) } : {}) });
        }
        await Promise.all(sent);
      });
      assert.deepEqual(inParts, oneByOne, `in parts of ${size} transaction(s)`);
    }
    const at = statements.indexOf('<readsDone>');
    assert.ok(statements.slice(0, at).length > 0 && statements.slice(0, at).every((s) => s === 'SELECT'), statements.join(' '));
    assert.ok(statements.slice(at + 1).some((s) => s !== 'SELECT'), statements.join(' '));
    assert.deepEqual(live, oneByOne);
    // Each holding keeps the block its claim was defined in (a holder's claims are listed newest first from it), also
    // the holdings made in later blocks than the claim.
    const { rows: holdingBlocks } = await t.db.query<{ claim_block: string | null; defined_block: string; updated_block: string }>(
      `SELECT h.claim_block::text AS claim_block, c.defined_block::text AS defined_block, h.updated_block::text AS updated_block
         FROM claim_holdings h JOIN claims c ON c.id = h.claim_id`,
    );
    assert.ok(holdingBlocks.some((h) => h.updated_block !== h.defined_block), 'a holding made after its claim was defined');
    assert.deepEqual(holdingBlocks.filter((h) => h.claim_block !== h.defined_block), []);
    // And the figures are the chain's: S3 emptied, then refilled at its new depth.
    const holdings = JSON.parse(`[${oneByOne.claim_holdings!.join(',')}]`) as Array<{ holder: string; balance: string; hops: number }>;
    const s3 = holdings.find((h) => h.holder === S3.address)!;
    assert.deepEqual({ balance: String(s3.balance), hops: s3.hops }, { balance: '20000', hops: 2 });
  });

  test('a batch whose bulk read answers after the batch before it set a row keeps that row (BatchContext.carry)', async () => {
    // The next run's batch sends its reads while the run before is still applied (ApplyOptions.next). Forced here in
    // the worst order: the read of the claim and its first holder leaves before the batch that defines the claim and
    // mints it to that holder has even opened, and answers (the claim unknown, no such holding) only after that batch
    // has applied its events. The answer must not replace the rows the first batch set meanwhile.
    const events = (await storedEvents(t.db)).filter((e) => claimsBatched.handles(e));
    const byTx: (typeof events)[] = [];
    for (const e of events) {
      if (byTx.at(-1)?.[0]!.txHash === e.txHash) byTx.at(-1)!.push(e);
      else byTx.push([e]);
    }
    const issue = byTx.findIndex((tx) => tx.some((e) => e.eventName === 'ClaimDefined' && e.args.id === BigInt(claim).toString()));
    assert.ok(issue >= 0 && byTx[issue + 1]!.some((e) => e.eventName === 'Transfer' && e.args.sender === S1.address.toLowerCase()), 'the issue, then a transfer by its first holder');
    const [earlier, first, second, later] = [byTx.slice(0, issue).flat(), byTx[issue]!, byTx[issue + 1]!, byTx.slice(issue + 2).flat()];
    const claimTables = ['claims', 'claim_holdings', 'claim_movements'];
    const replay = async (apply: (tx: Queryable) => Promise<void>) =>
      t.db.transaction(async (tx) => {
        await tx.query(`TRUNCATE ${readModels.tables.join(', ')}`);
        for (const e of earlier) await readModels.applyEvent(tx, e);
        await apply(tx);
        for (const e of later) await readModels.applyEvent(tx, e);
        const dump = await dumpReadModels(tx);
        return Object.fromEntries(claimTables.map((k) => [k, dump[k]]));
      });
    const oneByOne = await replay(async (tx) => {
      for (const e of [...first, ...second]) await readModels.applyEvent(tx, e);
    });
    const raced = await replay(async (tx) => {
      const carry = new Map<unknown, unknown>();
      const context = { carry, freshTransaction: () => true };
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      // Statements are sent at once, in order; their answers wait for the gate.
      const held: Queryable = { ordered: true, query: (sql, params) => tx.query(sql, params).then(async (r) => (await gate, r)) } as Queryable;
      const opening = claimsBatched.begin(held, second, [], context);
      await new Promise((resolve) => setImmediate(resolve));
      const before = await claimsBatched.begin(tx, first, [], context);
      for (const e of first) await before.apply(e);
      open();
      const after = await opening;
      await before.flush();
      for (const e of second) await after.apply(e);
      await after.flush();
    });
    assert.deepEqual(raced, oneByOne);
    assert.ok(raced.claims!.some((r) => r.includes(claim.toLowerCase())), 'the claim defined while the read was out is kept');
  });
});
