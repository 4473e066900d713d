/**
 * The platform on a real consortium network: three geth v1.13.15 Clique signers (tierchain devnet's launcher), each
 * its own process on 127.0.0.1. The platform's operator runs two of the nodes (TIERCHAIN_RPC_URL names node 1 and
 * node 2); node 3 is another member's signer, which the test also reads the chain from, independently. Commands wait
 * for the confirmation depth documented for 3 Clique signers (3 blocks, docs/operations.md).
 *
 * In order, on one network and one platform: the suite is deployed and the receivables life cycle runs through the API
 * (no time travel on geth: due dates a month or two ahead, everything short of maturity); one signer stops and comes
 * back; the node in use stops under load; two signers stop (the chain halts); a signer is cut off from the others and
 * seals a block of its own, which the network replaces. Then every command is checked against the chain as node 3
 * sees it, and the read models against a replay. Figures are printed (`#` lines), never asserted as times.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPublicClient, http, keccak256, toHex, type Hex, type PublicClient } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { cliqueConfirmations, rpc } from '../src/chain/devnet.ts';
import type { Database } from '../src/db/database.ts';
import type { IndexerNotice } from '../src/indexer/indexer.ts';
import { at, suite } from './support/contracts.ts';
import { availableTestDatabases } from './support/databases.ts';
import { assertError, newKey, post, postConfirmed } from './support/e2e.ts';
import { gethForTests, startTestDevnet } from './support/geth.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { dumpEvents, dumpReadModels, indexFromScratch } from './support/readModels.ts';
import { claimBalance, depositXt, formConsortium, isoDate, midnight, xtBalance, type Member } from './support/receivables.ts';
import { until } from './support/wait.ts';

const g = gethForTests();
const backend = (await availableTestDatabases()).at(-1)!; // PostgreSQL when it answers, as in production
const CONFIRMATIONS = cliqueConfirmations(3);
const DAY = 86_400;
const FACE = 100_000_000n;

describe(`a consortium network: 3 geth Clique signers, the platform on two of them (${backend.name})`, { skip: 'skip' in g ? g.skip : false, timeout: 20 * 60_000 }, () => {
  let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
  let t: TestPlatform;
  let db: Database;
  /** Node 3, read directly: the chain as a member outside the platform sees it. */
  let witness: PublicClient;
  const operatorKey = generatePrivateKey();
  const reorgs: Array<Extract<IndexerNotice, { type: 'reorg' }>> = [];
  const logs: string[] = [];
  let C: Member, S1: Member, S2: Member, S3: Member, F: Member, B: Member;
  let rootId: Hex;

  const node = (i: number) => devnet.nodes[i - 1]!;
  const head = async (i: number) => BigInt(await rpc<string>(node(i).rpcUrl, 'eth_blockNumber'));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** `n` XT deposits from `bank` to `to`, `parallel` requests at a time; resolves with their commands and references. */
  async function deposits(n: number, bank: Member, to: Member, label: string, p: { parallel?: number; afterEach?: (done: number) => void } = {}) {
    const accepted: Array<{ id: string; reference: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const reference = `${label}-${next++}-${Math.random().toString(36).slice(2, 8)}`;
        const r = await t.api('POST', '/v1/xt/deposits', { key: bank.apiKey, idempotencyKey: newKey(label), body: { memberId: to.id, amount: '1', reference } });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        accepted.push({ id: r.body.commands[0].id, reference });
        p.afterEach?.(accepted.length);
      }
    };
    await Promise.all(Array.from({ length: p.parallel ?? 1 }, worker));
    return accepted;
  }

  /** Waits until every command is final; asserts each is confirmed. */
  async function confirmedAll(commands: Array<{ id: string }>) {
    const done = await t.settle(commands);
    const notConfirmed = done.filter((c) => c.status !== 'confirmed');
    assert.deepEqual(notConfirmed.map((c) => `${c.kind} ${c.status} ${JSON.stringify(c.error)}`), []);
    return done;
  }

  before(async () => {
    const started = performance.now();
    devnet = await startTestDevnet({ geth: 'geth' in g ? g.geth : undefined!, fund: [privateKeyToAccount(operatorKey).address] });
    db = await backend.open();
    t = await startTestPlatform({
      db,
      log: (m) => logs.push(m),
      // The 503s the test provokes are logged at error level; the test prints its own figures instead.
      httpLog: { level: 'fatal' },
      env: { TIERCHAIN_RPC_URL: `${node(1).rpcUrl},${node(2).rpcUrl}`, TIERCHAIN_CONFIRMATIONS: String(CONFIRMATIONS), TIERCHAIN_OPERATOR_KEY: operatorKey },
    });
    t.indexer.subscribe((n) => {
      if (n.type === 'reorg') reorgs.push(n);
    });
    witness = createPublicClient({ cacheTime: 0, transport: http(node(3).rpcUrl) }) as PublicClient;
    console.log(`# network of 3 signers and platform (suite deployed) up in ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    await t?.close();
    await db?.close();
    await devnet?.close();
    // The platform's log, each distinct line once with how often it came (gas top-ups by signer, failed passes by cause).
    const seen = new Map<string, number>();
    for (const l of logs) seen.set(l, (seen.get(l) ?? 0) + 1);
    for (const [line, n] of seen) console.log(`# platform: ${line}${n > 1 ? `  (×${n})` : ''}`);
  });

  test('the suite is deployed on the network; the receivables life cycle runs through the API, short of maturity', async () => {
    const started = performance.now();
    assert.equal(t.deployedNow, true);
    assert.equal(t.chainId, devnet.chainId);
    assert.ok(t.chainNodes, 'several nodes: the platform uses one at a time');
    assert.equal(t.chainNodes!.current(), node(1).rpcUrl);
    for (const address of new Set(Object.values(t.deployment.contracts))) assert.notEqual(await witness.getCode({ address }), undefined);

    [C, S1, S2, S3, F, B] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
      onboard(t, { name: 'Tier2 Castings', roles: ['supplier'] }),
      onboard(t, { name: 'Tier3 Foundry Sand', roles: ['supplier'] }),
      onboard(t, { name: 'Factoring Fund', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    const consortiumId = await formConsortium(t, C, [S1, S2, S3, F], 'Core Motors supply chain');
    await Promise.all([depositXt(t, B, C, FACE), depositXt(t, B, F, 50_000_000n)]);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '150000000' } });

    // Due dates a month and two months ahead of the chain's clock: every step before maturity can run.
    const now = Number((await witness.getBlock({ blockTag: 'latest' })).timestamp);
    const rootDue = isoDate(now + 30 * DAY);
    const childDue = isoDate(now + 60 * DAY);
    const submitted = await postConfirmed(t, '/v1/trades', {
      key: S1.apiKey,
      body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-NET-1', amount: FACE.toString(), dueDate: rootDue, lateRateBps: 1200, dayCount: 'ACT/365F', documentsHash: keccak256(toHex('INV-NET-1.pdf')) },
    });
    const confirmed = await postConfirmed(t, `/v1/trades/${submitted.body.tradeId}/confirm`, { key: C.apiKey });
    rootId = confirmed.body.claimId;
    assert.equal(await claimBalance(t, S1, rootId), FACE);

    const modified = await postConfirmed(t, `/v1/claims/${rootId}/modifications`, { key: S1.apiKey, body: { amount: '40000000', dueDate: childDue } });
    const childId: Hex = modified.body.childId;
    await postConfirmed(t, `/v1/claims/${childId}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '40000000' } });
    await postConfirmed(t, `/v1/claims/${childId}/transfers`, { key: S2.apiKey, body: { toMemberId: S3.id, amount: '10000000' } });

    // S3 asks for a quote, F answers, S3 sells at the answered rate; the price follows from the sale block's time.
    const asked = await t.api('POST', '/v1/quotes', { key: S3.apiKey, body: { claimId: childId, amount: '10000000' }, idempotencyKey: newKey('quote') });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const answered = await postConfirmed(t, `/v1/quotes/${asked.body.quoteId}/answers`, { key: F.apiKey, body: { rateBps: 1000, expiresAt: new Date((now + 7 * DAY) * 1000).toISOString() } });
    const sold = await postConfirmed(t, `/v1/claims/${childId}/sales`, { key: S3.apiKey, body: { offerId: answered.body.offerId, amount: '10000000' } });
    const expected = await discountedAt(sold.commands[0], childDue, 10_000_000n, 1000n);
    assert.deepEqual({ price: sold.body.price, days: sold.body.days }, { price: expected.price.toString(), days: expected.days });

    const offer = await postConfirmed(t, '/v1/offers', { key: F.apiKey, body: { obligorMemberId: C.id, rateBps: 600, limit: '50000000', expiresAt: new Date((now + 7 * DAY) * 1000).toISOString() } });
    const sold2 = await postConfirmed(t, `/v1/claims/${rootId}/sales`, { key: S1.apiKey, body: { offerId: offer.body.offerId, amount: '20000000' } });
    const expected2 = await discountedAt(sold2.commands[0], rootDue, 20_000_000n, 600n);
    assert.equal(sold2.body.price, expected2.price.toString());

    // C pays the face before the due date: all principal, nothing late; holders are paid at maturity (not reached here).
    const paid = await postConfirmed(t, `/v1/claims/${rootId}/payments`, { key: C.apiKey, body: { amount: FACE.toString() } });
    assert.deepEqual({ interest: paid.body.interest, principal: paid.body.principal, outstanding: paid.body.outstanding }, { interest: '0', principal: FACE.toString(), outstanding: '0' });
    assertError(await post(t, `/v1/claims/${rootId}/redemptions`, { key: S1.apiKey }), 422, 'not_redeemable_yet');

    const balances = {
      C: await xtBalance(t, C),
      F: await xtBalance(t, F),
      S1: await xtBalance(t, S1),
      S3: await xtBalance(t, S3),
      Receivables: await xtBalance(t, at(t.deployment, 'Receivables')),
    };
    assert.deepEqual(balances, { C: 0n, F: 50_000_000n - expected.price - expected2.price, S1: expected2.price, S3: expected.price, Receivables: FACE });
    const supply = await witness.readContract({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'totalSupply' });
    assert.equal(supply, FACE + 50_000_000n);
    assert.deepEqual(
      [await claimBalance(t, S1, rootId), await claimBalance(t, F, rootId), await claimBalance(t, S2, childId), await claimBalance(t, F, childId)],
      [40_000_000n, 20_000_000n, 30_000_000n, 10_000_000n],
    );
    const trace = await t.api('GET', `/v1/claims/${rootId}/trace`, { key: C.apiKey });
    assert.equal(trace.status, 200);
    console.log(`# life cycle short of maturity: ${(await commandCount())} commands confirmed at depth ${CONFIRMATIONS} in ${Math.round((performance.now() - started) / 1000)} s; reorgs followed so far: ${reorgs.length}`);
  });

  test('one signer of three stopped: blocks and commands keep landing; restarted, it catches up', async () => {
    await node(3).stop();
    const from = await head(1);
    const done = await confirmedAll(await deposits(10, B, S2, 'one-down', { parallel: 2 }));
    const to = await head(1);
    assert.ok(to > from + BigInt(CONFIRMATIONS));
    console.log(`# with node 3 stopped: blocks ${from}→${to} sealed by the other two, ${done.length} commands confirmed`);

    const started = performance.now();
    await node(3).start();
    const there = await witness.getBlock({ blockNumber: to });
    assert.equal(there.hash, (await createPublicClient({ transport: http(node(1).rpcUrl) }).getBlock({ blockNumber: to })).hash);
    console.log(`# node 3 restarted and caught up with block ${to} in ${Math.round(performance.now() - started)} ms`);
    await until('node 3 to seal again', async () => (await head(3)) > to + 3n, 30_000);
  });

  test('the node in use stops under load: the platform moves to the other within seconds; every accepted command is confirmed exactly once', async () => {
    const B2 = await onboard(t, { name: 'Second Gateway Bank', roles: ['bank_gateway'] });
    assert.equal(t.chainNodes!.current(), node(1).rpcUrl);
    const movesBefore = t.chainNodes!.moves();
    let stopped: Promise<void> | undefined;
    let stoppedAt = 0;
    let movedAt = 0;
    const N = 150;
    const onAccepted = (done: number) => {
      if (done === 50 && !stopped) {
        stoppedAt = performance.now();
        stopped = node(1).stop();
        void until('the platform to move', async () => t.chainNodes!.current() === node(2).rpcUrl, 60_000).then(() => (movedAt = performance.now()));
      }
    };
    const [a, b] = await Promise.all([
      deposits(N / 2, B, S1, 'load-b', { parallel: 3, afterEach: onAccepted }),
      deposits(N / 2, B2, S1, 'load-b2', { parallel: 3 }),
    ]);
    await stopped;
    const accepted = [...a, ...b];
    assert.equal(accepted.length, N);
    const done = await confirmedAll(accepted);
    await until('the move to be seen', async () => movedAt > 0);
    assert.equal(t.chainNodes!.current(), node(2).rpcUrl);
    assert.equal(t.chainNodes!.moves(), movesBefore + 1);

    // On the chain, as node 3 sees it: each reference deposited once, each command's transaction in its block, once.
    const refs = new Map(accepted.map((c) => [keccak256(toHex(`deposit:${c.reference}`)), c.reference]));
    const logsOnChain = await witness.getContractEvents({
      address: at(t.deployment, 'SettlementToken'),
      abi: suite.SettlementToken.abi,
      eventName: 'Deposited',
      fromBlock: t.deployment.startBlock,
      toBlock: 'latest',
    });
    const ours = logsOnChain.filter((l) => refs.has(l.args.depositRef as Hex));
    const perRef = new Map<string, number>();
    for (const l of ours) perRef.set(l.args.depositRef as string, (perRef.get(l.args.depositRef as string) ?? 0) + 1);
    assert.equal(perRef.size, N, 'every accepted deposit is on the chain');
    assert.deepEqual([...perRef.values()].filter((n) => n !== 1), [], 'none twice');
    const hashes = new Set(done.map((c) => c.txHash));
    assert.equal(hashes.size, N);
    for (const c of done) {
      const receipt = await witness.getTransactionReceipt({ hash: c.txHash as Hex });
      assert.equal(receipt.status, 'success');
      assert.equal(receipt.blockNumber.toString(), c.blockNumber, `command ${c.id} confirmed in the block the chain has it in`);
    }
    const { rows: sent } = await t.db.query<{ n: string }>('SELECT sum(broadcasts)::text AS n FROM commands WHERE id = ANY($1::uuid[])', [done.map((c) => c.id)]);
    const broadcasts = Number(sent[0]!.n);
    console.log(
      `# node 1 (in use) stopped after 50 of ${N} deposits were accepted: the platform used node 2 ${Math.round(movedAt - stoppedAt)} ms later; ` +
        `${N} accepted, ${done.length} confirmed, ${ours.length} Deposited events on the chain, 0 duplicated, ${broadcasts} broadcasts`,
    );
    await node(1).start();
  });

  test('the node in use hangs (SIGSTOP): the platform leaves it at the second missed heartbeat; commands keep landing', async () => {
    assert.equal(t.chainNodes!.current(), node(2).rpcUrl);
    const pid = node(2).pid()!;
    process.kill(pid, 'SIGSTOP');
    const hungAt = performance.now();
    try {
      const accepted = await deposits(10, B, S2, 'hang', { parallel: 2 });
      await until('the platform to leave the hung node', async () => t.chainNodes!.current() === node(1).rpcUrl, 60_000);
      const movedMs = performance.now() - hungAt;
      await confirmedAll(accepted);
      console.log(`# node 2 (in use) hung: the platform used node 1 ${Math.round(movedMs)} ms later (heartbeat 1 s, probe timeout 2 s); 10 deposits confirmed`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until('node 2 to catch up', async () => (await head(2)) >= (await head(1)) - 1n, 60_000);
  });

  test('two signers stopped: the chain halts, the API answers 503 naming the chain, accepted commands are kept and land once they return', async () => {
    const before = await deposits(5, B, S3, 'halt-before');
    await Promise.all([node(1).stop(), node(2).stop()]);
    const stoppedAt = performance.now();
    const h = await head(3);
    await sleep(4_000);
    const still = await head(3);
    assert.ok(still <= h + 1n, `node 3 alone sealed ${still - h} blocks: a single signer of three may seal at most one`);

    const ready = await t.api('GET', '/ready', { key: '' });
    assert.equal(ready.status, 503, JSON.stringify(ready.body));
    assert.match(ready.body.checks.chain, new RegExp(`no chain node answers \\(${node(1).rpcUrl}: connection refused; ${node(2).rpcUrl}: connection refused\\)|no chain node answers \\(${node(2).rpcUrl}: connection refused; ${node(1).rpcUrl}: connection refused\\)`));
    // A request whose checks read the chain: 503, the chain named. (Deposits are checked in the database alone.) This
    // branch answers `unavailable` ("the chain node did not answer a pre-check"); the chain-read timeout of h/reliability
    // makes it `chain_unavailable` with details.dependency "chain" when it merges: the assertions hold for both.
    const transfer = await t.api('POST', `/v1/claims/${rootId}/transfers`, { key: S1.apiKey, idempotencyKey: newKey('halt'), body: { toMemberId: S2.id, amount: '1' } });
    assert.equal(transfer.status, 503, JSON.stringify(transfer.body));
    assert.match(transfer.body.error.message, /chain/);
    const during = await deposits(5, B, S3, 'halt-during');
    const open = await t.db.query<{ status: string }>('SELECT status FROM commands WHERE id = ANY($1::uuid[])', [[...before, ...during].map((c) => c.id)]);
    assert.ok(open.rows.every((r) => r.status !== 'failed'), 'nothing failed while the chain halted');
    const kept = open.rows.filter((r) => r.status !== 'confirmed').length;

    await Promise.all([node(1).start(), node(2).start()]);
    const back = performance.now();
    await confirmedAll([...before, ...during]);
    assert.equal((await t.api('GET', '/ready', { key: '' })).status, 200);
    console.log(
      `# nodes 1 and 2 stopped for ${Math.round((back - stoppedAt) / 1000)} s: node 3 stayed at block ${still} (from ${h}); /ready 503 "${ready.body.checks.chain}"; ` +
        `transfer 503 ${transfer.body.error.code}; ${kept} of 10 deposits waiting, all confirmed ${Math.round(performance.now() - back)} ms after the signers returned`,
    );
  });

  test('a signer cut off from the others seals a block of its own; when it rejoins the network replaces it: the indexer rolls back, nothing confirmed moves', async () => {
    const inUse = devnet.nodes.findIndex((n) => n.rpcUrl === t.chainNodes!.current()) + 1;
    const others = [1, 2, 3].filter((i) => i !== inUse);
    const enode = async (i: number) => (await rpc<{ enode: string }>(node(i).rpcUrl, 'admin_nodeInfo')).enode;
    const link = async (method: 'admin_addPeer' | 'admin_removePeer') => {
      for (const o of others) {
        await rpc(node(inUse).rpcUrl, method, [await enode(o)]);
        await rpc(node(o).rpcUrl, method, [await enode(inUse)]);
      }
    };
    const settledBefore = await t.db.query<{ id: string; block_number: string }>(`SELECT id, block_number::text FROM commands WHERE status = 'confirmed'`);
    const reorgsBefore = reorgs.length;

    let lone: bigint | undefined;
    let accepted: Array<{ id: string; reference: string }> = [];
    const signerOfHead = async () => {
      const latest = await rpc<{ hash: string }>(node(inUse).rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
      return (await rpc<string>(node(inUse).rpcUrl, 'clique_getSigner', [latest.hash])).toLowerCase();
    };
    let rejoinMs = 0;
    for (let attempt = 1; attempt <= 3 && lone === undefined; attempt++) {
      // Split right after another signer's block: alone, the node in use may then seal the next one (Clique lets no
      // signer seal two blocks in a row).
      await until('a block sealed by another signer', async () => (await signerOfHead()) !== node(inUse).signer.toLowerCase(), 20_000);
      await link('admin_removePeer');
      await until(`node ${inUse} to have no peer`, async () => Number(await rpc<string>(node(inUse).rpcUrl, 'net_peerCount')) === 0, 20_000);
      const split = await head(inUse);
      accepted = [...accepted, ...(await deposits(3, B, S2, `split-${attempt}`))];
      // Alone, the signer seals at most one block (Clique: not two in a row); none when it sealed the last one.
      await sleep(3_000);
      const alone = await head(inUse);
      if (alone > split) {
        const ownHash = (await createPublicClient({ transport: http(node(inUse).rpcUrl) }).getBlock({ blockNumber: alone })).hash;
        await until('the others to pass that height', async () => (await head(others[0]!)) > alone + 1n, 20_000);
        const theirs = (await createPublicClient({ transport: http(node(others[0]!).rpcUrl) }).getBlock({ blockNumber: alone })).hash;
        if (theirs !== ownHash) lone = alone;
      }
      const healing = performance.now();
      await link('admin_addPeer');
      // geth does not dial a node again within 35 s of its last dial to it: rejoining can take that long.
      await until(`node ${inUse} to rejoin`, async () => Number(await rpc<string>(node(inUse).rpcUrl, 'net_peerCount')) === 2, 90_000);
      rejoinMs = performance.now() - healing;
    }
    assert.ok(lone !== undefined, 'the node in use sealed a block of its own in one of three splits');
    const landed = await confirmedAll(accepted);
    await until('the indexer to follow the replacement', async () => reorgs.length > reorgsBefore, 30_000);
    const replaced = reorgs.slice(reorgsBefore);
    assert.ok(replaced.some((r) => r.forkBlock < lone!), JSON.stringify(replaced, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
    const settledAfter = await t.db.query<{ id: string; status: string; block_number: string }>(
      `SELECT id, status, block_number::text FROM commands WHERE id = ANY($1::uuid[])`,
      [settledBefore.rows.map((r) => r.id)],
    );
    const byId = new Map(settledAfter.rows.map((r) => [r.id, r]));
    const moved = settledBefore.rows.filter((r) => byId.get(r.id)?.status !== 'confirmed' || byId.get(r.id)?.block_number !== r.block_number);
    assert.deepEqual(moved, [], 'no confirmed command went back or changed block');
    console.log(
      `# node ${inUse} alone sealed block ${lone}, replaced when it rejoined: reorg notices ${replaced.map((r) => `fork ${r.forkBlock}, ${r.removedEvents} events removed`).join('; ')}; ` +
        `${accepted.length} deposits sent meanwhile all confirmed on the network's chain (blocks ${landed.map((c) => c.blockNumber).join(', ')}); peers again ${Math.round(rejoinMs)} ms after admin_addPeer`,
    );
  });

  test('every command is final, each confirmed one in its block on the chain node 3 has; the read models equal a replay of that chain', async () => {
    const { rows } = await t.db.query<{ id: string; kind: string; status: string; tx_hash: string | null; block_number: string | null }>(
      'SELECT id, kind, status, tx_hash, block_number::text FROM commands ORDER BY seq',
    );
    assert.deepEqual(rows.filter((r) => r.status === 'accepted' || r.status === 'submitted'), []);
    assert.deepEqual(rows.filter((r) => r.status === 'failed').map((r) => r.kind), []);
    assert.equal(new Set(rows.map((r) => r.tx_hash)).size, rows.length, 'one transaction per command');
    for (const r of rows) {
      const receipt = await witness.getTransactionReceipt({ hash: r.tx_hash as Hex });
      assert.equal(receipt.blockNumber.toString(), r.block_number, `${r.kind} ${r.id}`);
      assert.equal(receipt.status, 'success');
    }
    await t.indexer.sync();
    const cursor = await t.indexer.cursor();
    await until('node 3 to reach the indexed block', async () => (await witness.getBlockNumber()) >= cursor);
    const onChain = await indexFromScratch(backend, pinnedTo(witness, cursor), t.deployment);
    assert.deepEqual(await dumpReadModels(t.db), onChain.readModels);
    assert.deepEqual(await dumpEvents(t.db), onChain.events);
    console.log(
      `# ${rows.length} commands, all confirmed once on the canonical chain; ${reorgs.length} reorgs followed by the indexer ` +
        `(${reorgs.map((r) => `fork ${r.forkBlock}: ${r.removedEvents} events`).join(', ')}); the platform moved between nodes ${t.chainNodes!.moves()} times`,
    );
  });

  async function commandCount(): Promise<number> {
    return Number((await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM commands WHERE status = 'confirmed'`)).rows[0]!.n);
  }

  /** Price and days of a sale of `amount` at `rateBps` (ACT/365F), from the time of the block it landed in. */
  async function discountedAt(command: { blockNumber: string }, due: string, amount: bigint, rateBps: bigint) {
    const block = await witness.getBlock({ blockNumber: BigInt(command.blockNumber) });
    const days = Math.ceil((midnight(due) - Number(block.timestamp)) / DAY);
    const discount = (amount * rateBps * BigInt(days)) / (10_000n * 365n);
    return { days, price: amount - discount };
  }
});

/** A client whose head is `block`: the replay reads exactly what the platform had indexed. */
function pinnedTo(client: PublicClient, block: bigint): PublicClient {
  const pinned = Object.create(client) as PublicClient;
  pinned.getBlockNumber = (async () => block) as PublicClient['getBlockNumber'];
  return pinned;
}
