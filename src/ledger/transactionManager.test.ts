// The durable-command guarantees of the transaction manager, against a real anvil and each real database backend.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { encodeFunctionData, HttpRequestError, keccak256, parseEther, type Address, type Hex, type PublicClient } from 'viem';
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts';
import type { Database } from '../db/database.ts';
import { contractSuite, decodeRevert } from '../platform/modules.ts';
import { availableTestDatabases } from '../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { until } from '../../test/support/wait.ts';
import { contractCall, enqueueCommands, getCommand, getCommands } from './commands.ts';
import { createSignerLeases } from './signerLeases.ts';
import { createTransactionManager, type TransactionManager, type TransactionManagerParameters } from './transactionManager.ts';
import { at, suite, target } from '../../test/support/contracts.ts';

const backends = await availableTestDatabases();
const memberRegistryAbi = suite.MemberRegistry.abi;
const settlementTokenAbi = suite.SettlementToken.abi;
const randomAddress = () => privateKeyToAccount(generatePrivateKey()).address.toLowerCase() as Address;
const randomRef = () => `0x${randomBytes(32).toString('hex')}` as Hex;

for (const backend of backends) {
  describe(`transaction manager (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let bank: Awaited<ReturnType<typeof onboard>>;
    let managers: TransactionManager[] = [];
    const logs: string[] = [];
    const rpc = (method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never });
    const nonceOf = (address: string) => t.client.getTransactionCount({ address: address as Address, blockTag: 'latest' });

    const newManager = (o: Partial<TransactionManagerParameters> = {}) => {
      const m = createTransactionManager({
        db,
        client: t.client,
        keys: t.ctx.keys,
        chainId: t.chainId,
        pollIntervalMs: 20,
        gasTopUp: { funder: t.operator.address, threshold: parseEther('0.01'), amount: parseEther('0.1') },
        suite: contractSuite,
        decodeRevert,
        log: (message) => logs.push(message),
        ...o,
      });
      managers.push(m);
      return m;
    };
    /** An operator command whose one event (SystemAccountSet for `account`) is easy to find on-chain. */
    const systemAccount = (account: Address, dependsOn?: string[]) =>
      contractCall({ kind: 'test.systemAccount', signer: t.operator.address, target: target(t.deployment, 'MemberRegistry'), functionName: 'setSystemAccount', args: [account, true], dependsOn });
    const deposit = (ref: Hex, dependsOn?: string[]) =>
      contractCall({ kind: 'xt.deposit', signer: bank.address as Address, target: target(t.deployment, 'SettlementToken'), functionName: 'deposit', args: [bank.address, 1n, ref], dependsOn });
    const systemAccountEvents = (account: Address) =>
      t.client.getContractEvents({ address: at(t.deployment, 'MemberRegistry'), abi: memberRegistryAbi, eventName: 'SystemAccountSet', args: { account }, fromBlock: 0n });
    const finished = (ids: string[]) =>
      until(`commands ${ids.join(', ')} to finish`, async () => {
        const commands = await getCommands(db, ids);
        return commands.every((c) => c.status === 'confirmed' || c.status === 'failed') && commands;
      });
    /** Signs and sends a transaction with the operator's key behind the manager's back; returns its hash. */
    const sendOutside = async (tx: { nonce: number; to?: Address; data?: Hex; tip?: bigint }) => {
      const fees = await t.client.estimateFeesPerGas();
      const signer = await t.ctx.keys.signer(t.operator.address);
      const raw = await signer.signTransaction({
        type: 'eip1559', chainId: t.chainId, nonce: tx.nonce, to: tx.to ?? randomAddress(), data: tx.data, value: tx.data ? 0n : 1n, gas: 100_000n,
        maxFeePerGas: fees.maxFeePerGas * (tx.tip ?? 1n), maxPriorityFeePerGas: fees.maxPriorityFeePerGas * (tx.tip ?? 1n),
      });
      return t.client.sendRawTransaction({ serializedTransaction: raw });
    };
    const openCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM commands WHERE status IN ('accepted', 'submitted')`)).rows[0]!.n);

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      bank = await onboard(t, { name: `TmBank-${backend.name}`, roles: ['bank_gateway'] });
      // From here on, only the managers a test creates drive the outbox.
      await t.txManager.stop();
    });

    afterEach(async () => {
      for (const m of managers) await m.stop();
      managers = [];
      await rpc('evm_setAutomine', [true]);
      assert.equal(await openCount(), 0, 'a test left open commands behind');
    });

    after(async () => {
      for (const m of managers) await m.stop();
      await t?.close();
      await db?.close();
    });

    test('a command goes accepted → submitted → confirmed, with tx hash, block, gas used and decoded events', async () => {
      const account = randomAddress();
      await rpc('evm_setAutomine', [false]);
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      assert.equal((await getCommand(db, id!)).status, 'accepted');

      const m = newManager();
      await m.tick();
      const submitted = await getCommand(db, id!);
      assert.equal(submitted.status, 'submitted');
      assert.match(submitted.txHash ?? '', /^0x[0-9a-f]{64}$/);
      assert.equal(typeof submitted.nonce, 'number');
      assert.equal(submitted.blockNumber, null);
      assert.ok(submitted.submittedAt);

      await rpc('evm_mine');
      await m.tick();
      const confirmed = await getCommand(db, id!);
      const receipt = await t.client.getTransactionReceipt({ hash: confirmed.txHash! });
      assert.equal(confirmed.status, 'confirmed');
      assert.equal(confirmed.txHash, submitted.txHash);
      assert.equal(confirmed.blockNumber, receipt.blockNumber.toString());
      assert.equal(confirmed.gasUsed, receipt.gasUsed.toString());
      assert.ok(confirmed.finishedAt);
      assert.equal(confirmed.error, null);
      const { events } = confirmed.result as { events: Array<{ contract: string; event: string; address: string; args: Record<string, unknown> }> };
      assert.deepEqual(
        events.map((e) => [e.contract, e.event, e.address, String(e.args.account).toLowerCase(), e.args.allowed]),
        [['MemberRegistry', 'SystemAccountSet', at(t.deployment, 'MemberRegistry').toLowerCase(), account, true]],
      );
    });

    test('a command whose simulation reverts fails with the decoded custom error and consumes no nonce', async () => {
      const ref = randomRef();
      const m = newManager();
      m.start();
      const [first] = await enqueueCommands(db, [deposit(ref)]);
      const [credited] = await finished([first!]);
      assert.equal(credited!.status, 'confirmed');

      const chainNonce = await nonceOf(bank.address);
      const [again] = await enqueueCommands(db, [deposit(ref)]); // the API would refuse this; the outbox takes it
      const [failed] = await finished([again!]);
      assert.equal(failed!.status, 'failed');
      assert.deepEqual([failed!.error?.code, failed!.error?.name, failed!.error?.args.depositRef], ['XtDepositReferenceUsed', 'XtDepositReferenceUsed', ref]);
      assert.match(failed!.error?.message ?? '', /deposit reference 0x[0-9a-f]{64} has already been credited/);
      assert.deepEqual([failed!.nonce, failed!.txHash], [null, null]);
      assert.equal(await nonceOf(bank.address), chainNonce, 'nothing was sent');

      // The next command of that signer takes the very next nonce: no gap was left.
      const [next] = await enqueueCommands(db, [deposit(randomRef())]);
      const [ok] = await finished([next!]);
      assert.equal(ok!.status, 'confirmed');
      assert.equal(ok!.nonce, credited!.nonce! + 1);
    });

    test('a command accepted while no manager runs is confirmed once by a new manager instance', async () => {
      const account = randomAddress();
      const chainNonce = await nonceOf(t.operator.address);
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      assert.equal((await getCommand(db, id!)).status, 'accepted');

      const m = newManager();
      m.start();
      const [done] = await finished([id!]);
      assert.equal(done!.status, 'confirmed');
      await m.stop();
      // Yet another instance finds nothing to do.
      const m2 = newManager();
      await m2.tick();
      await m2.tick();
      assert.equal(await nonceOf(t.operator.address), chainNonce + 1);
      assert.equal((await systemAccountEvents(account)).length, 1);
    });

    test('a transaction signed and stored but never broadcast (crash) is sent by the next manager with the same hash, exactly once', async () => {
      const account = randomAddress();
      const chainNonce = await nonceOf(t.operator.address);
      let attempts = 0;
      // A node connection that dies on broadcast: the process "crashes" between storing and sending.
      const broken = {
        ...t.client,
        sendRawTransaction: async () => {
          attempts++;
          throw new HttpRequestError({ url: t.rpcUrl, details: 'connect ECONNREFUSED' });
        },
      } as PublicClient;
      const crashed = newManager({ client: broken });
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      await crashed.tick();
      await crashed.stop();
      assert.ok(attempts >= 1);
      const { rows } = await db.query<{ status: string; tx_hash: string; raw_tx: string; broadcasts: number }>(
        'SELECT status, tx_hash, raw_tx, broadcasts FROM commands WHERE id = $1',
        [id],
      );
      assert.equal(rows[0]!.status, 'submitted');
      assert.ok(rows[0]!.raw_tx, 'the signed transaction is stored');
      assert.equal(rows[0]!.broadcasts, 0);
      assert.equal(await nonceOf(t.operator.address), chainNonce, 'nothing reached the chain');

      const restarted = newManager();
      restarted.start();
      const [done] = await finished([id!]);
      assert.equal(done!.status, 'confirmed');
      assert.equal(done!.txHash, rows[0]!.tx_hash, 'the stored transaction was rebroadcast, not signed again');
      assert.equal((await t.client.getTransactionReceipt({ hash: done!.txHash! })).status, 'success');
      assert.equal(await nonceOf(t.operator.address), chainNonce + 1, 'the signer nonce advanced by exactly one');
      assert.equal((await systemAccountEvents(account)).length, 1, 'the event is on-chain exactly once');
    });

    test('commands another instance signed after this pass read them, before it took their signer, are not signed again', async () => {
      const accounts = [randomAddress(), randomAddress(), randomAddress()];
      const chainNonce = await nonceOf(t.operator.address);
      const ids = await enqueueCommands(db, accounts.map((a) => systemAccount(a)));
      // Instance Y holds the signer first: it signs, sends and confirms all three, then hands the signer over.
      const y = newManager({ leases: createSignerLeases({ holder: `y-${randomUUID()}`, ttlMs: 60_000 }) });
      const xLeases = createSignerLeases({ holder: `x-${randomUUID()}`, ttlMs: 60_000 });
      let raced = false;
      const x = newManager({
        leases: {
          ...xLeases,
          // X has read the commands as accepted; before it takes the lease, Y does all of the work.
          async acquire(q, signers) {
            if (!raced && signers.length) {
              raced = true;
              await y.tick();
              await y.stop();
            }
            return xLeases.acquire(q, signers);
          },
        },
      });
      await x.tick();
      assert.ok(raced, 'the race was staged');
      const done = await finished(ids);
      assert.deepEqual(done.map((c) => c.status), ['confirmed', 'confirmed', 'confirmed']);
      await x.tick();
      assert.equal(await nonceOf(t.operator.address), chainNonce + 3, 'three transactions, not six');
      for (const a of accounts) assert.equal((await systemAccountEvents(a)).length, 1, 'each command landed once');
      assert.ok(logs.some((l) => l.includes('changed while this pass signed them')), 'the stale batch was noticed');
    });

    test('rebroadcasts a transaction the node lost, after resubmitAfterMs, with the same hash', async () => {
      const account = randomAddress();
      const resubmitAfterMs = 1_000;
      await rpc('evm_setAutomine', [false]);
      const m = newManager({ resubmitAfterMs });
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      await m.tick();
      const sent = await getCommand(db, id!);
      assert.equal(sent.status, 'submitted');
      assert.ok(await t.client.getTransaction({ hash: sent.txHash! }), 'in the node pool');

      await rpc('anvil_dropAllTransactions');
      await rpc('evm_mine');
      await assert.rejects(t.client.getTransactionReceipt({ hash: sent.txHash! }), 'the node lost it');
      await rpc('evm_setAutomine', [true]);

      await m.tick(); // too early to resend
      const waiting = await db.query<{ status: string; broadcasts: number }>('SELECT status, broadcasts FROM commands WHERE id = $1', [id]);
      assert.deepEqual(waiting.rows[0], { status: 'submitted', broadcasts: 1 });

      const done = await until('the lost transaction to be rebroadcast and confirmed', async () => {
        await m.tick();
        const c = await getCommand(db, id!);
        return c.status !== 'submitted' && c;
      });
      assert.equal(done.status, 'confirmed');
      assert.equal(done.txHash, sent.txHash);
      const { rows } = await db.query<{ broadcasts: number; gap: string }>(
        `SELECT broadcasts, (extract(epoch FROM last_broadcast_at - submitted_at) * 1000)::text AS gap FROM commands WHERE id = $1`,
        [id],
      );
      assert.equal(rows[0]!.broadcasts, 2);
      assert.ok(Number(rows[0]!.gap) >= resubmitAfterMs - 50, `rebroadcast ${rows[0]!.gap} ms after the first send`);
      assert.equal((await systemAccountEvents(account)).length, 1);
    });

    test('a transaction the node says it knows but never mines holds up its signer no longer than two rebroadcasts: it and the ones behind it are signed again with higher fees', async () => {
      const accounts = [randomAddress(), randomAddress(), randomAddress()];
      const chainNonce = await nonceOf(t.operator.address);
      // A node that keeps the signer's first transaction to itself yet answers as if it had taken it (anvil does this
      // under load, with the chain's nonce equal to the parked transaction's): every broadcast of it is
      // "accepted", none is mined. The two behind it wait in the node's queue for the nonce.
      let parked: Hex | null = null;
      let swallowed = 0;
      const holding = {
        ...t.client,
        sendRawTransaction: async (a: { serializedTransaction: Hex }) => {
          const hash = keccak256(a.serializedTransaction);
          if (parked === null) parked = hash;
          if (hash === parked) {
            swallowed++;
            return hash;
          }
          return t.client.sendRawTransaction(a);
        },
      } as PublicClient;
      const m = newManager({ client: holding, resubmitAfterMs: 300 });
      const ids = await enqueueCommands(db, accounts.map((a) => systemAccount(a)));
      m.start();
      const done = await finished(ids);
      assert.deepEqual(done.map((c) => c.status), ['confirmed', 'confirmed', 'confirmed']);
      assert.ok(swallowed >= 2, `the parked transaction was broadcast ${swallowed} times before it was replaced`);
      const first = done[0]!;
      assert.notEqual(first.txHash, parked, 'the command landed as its replacement');
      const { rows } = await db.query<{ replaced_tx_hashes: string[] }>('SELECT replaced_tx_hashes FROM commands WHERE id = $1', [first.id]);
      assert.deepEqual(rows[0]!.replaced_tx_hashes, [parked]);
      assert.equal(await nonceOf(t.operator.address), chainNonce + 3, 'three transactions, one per nonce');
      for (const a of accounts) assert.equal((await systemAccountEvents(a)).length, 1, 'each command landed once');
      assert.ok(logs.some((l) => l.includes('does not mine it')), 'the replacement was logged');
    });

    test('20 commands of one signer confirm with consecutive nonces, in acceptance order', async () => {
      const accounts = Array.from({ length: 20 }, randomAddress);
      const ids = await enqueueCommands(db, accounts.map((a) => systemAccount(a)));
      const m = newManager();
      m.start();
      const done = await finished(ids);
      assert.deepEqual(done.map((c) => c.id), ids, 'getCommands returns acceptance order');
      assert.ok(done.every((c) => c.status === 'confirmed'), JSON.stringify(done.map((c) => c.error)));
      const first = done[0]!.nonce!;
      assert.deepEqual(done.map((c) => c.nonce), ids.map((_, i) => first + i));
      for (const c of done) {
        const tx = await t.client.getTransaction({ hash: c.txHash! });
        assert.equal(tx.nonce, c.nonce);
      }
      const blocks = done.map((c) => BigInt(c.blockNumber!));
      assert.ok(blocks.every((b, i) => i === 0 || b >= blocks[i - 1]!), 'mined in acceptance order');
    });

    test('commands of two signers proceed independently, each in its own nonce order', async () => {
      await rpc('evm_setAutomine', [false]);
      const requests = Array.from({ length: 12 }, (_, i) => (i % 2 ? deposit(randomRef()) : systemAccount(randomAddress())));
      const ids = await enqueueCommands(db, requests);
      const m = newManager();
      await m.tick();
      // One pass signed every command of both signers: neither waited for the other's confirmations.
      const signed = await getCommands(db, ids);
      assert.deepEqual(signed.map((c) => c.status), ids.map(() => 'submitted'));
      await rpc('evm_mine');
      await m.tick();
      const done = await getCommands(db, ids);
      assert.ok(done.every((c) => c.status === 'confirmed'), JSON.stringify(done.map((c) => [c.status, c.error])));
      for (const signer of [t.operator.address.toLowerCase(), bank.address]) {
        const mine = done.filter((c) => c.signer === signer);
        assert.equal(mine.length, 6);
        assert.deepEqual(mine.map((c) => c.nonce), mine.map((_, i) => mine[0]!.nonce! + i), `nonces of ${signer}`);
      }
      assert.equal(new Set(done.map((c) => c.blockNumber)).size, 1, 'all in the one block mined');
    });

    test('a command depending on a failed command fails with DependencyFailed', async () => {
      const ref = randomRef();
      const m = newManager();
      m.start();
      const [used] = await enqueueCommands(db, [deposit(ref)]);
      await finished([used!]);
      const account = randomAddress();
      const failing = deposit(ref); // reverts: the reference is used
      failing.id = crypto.randomUUID();
      const ids = await enqueueCommands(db, [failing, systemAccount(account, [failing.id])]);
      const [parent, child] = await finished(ids);
      assert.equal(parent!.status, 'failed');
      assert.equal(child!.status, 'failed');
      assert.equal(child!.error?.code, 'DependencyFailed');
      assert.equal(child!.error?.args.commandId, parent!.id);
      assert.match(child!.error?.message ?? '', /depends on, failed/);
      assert.equal(child!.nonce, null);
      assert.equal((await systemAccountEvents(account)).length, 0);
    });

    test('a command depending on a pending command waits until it is confirmed', async () => {
      await rpc('evm_setAutomine', [false]);
      const m = newManager();
      const parent = deposit(randomRef());
      parent.id = crypto.randomUUID();
      const ids = await enqueueCommands(db, [parent, systemAccount(randomAddress(), [parent.id])]);
      await m.tick();
      await m.tick();
      let [p, c] = await getCommands(db, ids);
      assert.equal(p!.status, 'submitted');
      assert.equal(c!.status, 'accepted', 'waits while its dependency is not mined');
      assert.equal(c!.nonce, null);

      await rpc('evm_mine');
      await m.tick(); // confirms the parent, then signs the child
      [p, c] = await getCommands(db, ids);
      assert.equal(p!.status, 'confirmed');
      assert.equal(c!.status, 'submitted');
      await rpc('evm_mine');
      await m.tick();
      [p, c] = await getCommands(db, ids);
      assert.equal(c!.status, 'confirmed');
      assert.ok(BigInt(c!.blockNumber!) > BigInt(p!.blockNumber!));
    });

    test('a fresh key with no balance gets a gas.topup from the operator before its command', async () => {
      const fresh = await t.ctx.keys.createKey();
      assert.equal(await t.client.getBalance({ address: fresh }), 0n);
      // The operator registers and certifies it (a core enterprise); then it creates a consortium, its first transaction.
      const registry = { target: target(t.deployment, 'MemberRegistry') };
      const certifyId = randomUUID();
      const consortiumId = randomRef();
      const [, , id] = await enqueueCommands(db, [
        contractCall({ kind: 'member.register', signer: t.operator.address, ...registry, functionName: 'register', args: [fresh, randomRef(), `0x${'0'.repeat(64)}`] }),
        contractCall({ kind: 'member.certify', signer: t.operator.address, ...registry, functionName: 'certify', args: [fresh, 1n], id: certifyId }),
        contractCall({
          kind: 'consortium.create', signer: fresh, target: target(t.deployment, 'ConsortiumRegistry'),
          functionName: 'createConsortium', args: [consortiumId, randomRef()], dependsOn: [certifyId],
        }),
      ]);
      const m = newManager();
      m.start();
      const [created] = await finished([id!]);
      assert.equal(created!.status, 'confirmed', JSON.stringify(created!.error));

      const { rows: topUps } = await db.query<{ id: string; signer: string; value: string; status: string; block_number: string }>(
        `SELECT id, signer, value::text AS value, status, block_number FROM commands WHERE kind = 'gas.topup' AND to_address = $1`,
        [fresh],
      );
      assert.equal(topUps.length, 1);
      assert.equal(topUps[0]!.signer, t.operator.address.toLowerCase());
      assert.equal(topUps[0]!.value, parseEther('0.1').toString());
      assert.equal(topUps[0]!.status, 'confirmed');
      assert.ok(created!.dependsOn.includes(topUps[0]!.id), 'the command waited for its top-up');
      assert.ok(BigInt(topUps[0]!.block_number) < BigInt(created!.blockNumber!));
      const balance = await t.client.getBalance({ address: fresh });
      assert.ok(balance > 0n && balance < parseEther('0.1'), `paid its own gas: ${balance}`);
      const consortium = await t.client.readContract({ address: at(t.deployment, 'ConsortiumRegistry'), abi: suite.ConsortiumRegistry.abi, functionName: 'consortium', args: [consortiumId] });
      assert.equal(consortium.core.toLowerCase(), fresh.toLowerCase());
    });

    for (const traceReverts of [true, false]) test(`a transaction that passes simulation but reverts in its block fails with the decoded reason (${traceReverts ? "the node's call trace" : 'replayed with eth_call'})`, async () => {
      await rpc('evm_setAutomine', [false]);
      const m = newManager({ traceReverts });
      const [id] = await enqueueCommands(db, [deposit(randomRef())]);
      await m.tick();
      const sent = await getCommand(db, id!);
      assert.equal(sent.status, 'submitted', 'the simulation passed');
      // Another transaction gets into the same block first (a higher tip) and pauses XT.
      const pauseHash = await sendOutside({
        nonce: await t.client.getTransactionCount({ address: t.operator.address, blockTag: 'pending' }),
        to: at(t.deployment, 'SettlementToken'), data: encodeFunctionData({ abi: settlementTokenAbi, functionName: 'pause' }), tip: 10n,
      });
      await rpc('evm_mine');
      await m.tick();
      const lost = await getCommand(db, id!);
      const pausedIn = (await t.client.getTransactionReceipt({ hash: pauseHash })).blockNumber;
      assert.equal(lost.status, 'failed');
      assert.equal(lost.blockNumber, pausedIn.toString(), 'both were in one block');
      assert.equal(lost.error?.code, 'EnforcedPause', JSON.stringify(lost.error));
      assert.match(lost.error?.message ?? '', /paused/);
      assert.equal(lost.nonce, sent.nonce, 'a reverted transaction does use its nonce');
      assert.ok(lost.gasUsed);

      await rpc('evm_setAutomine', [true]);
      const unpause = contractCall({ kind: 'xt.unpause', signer: t.operator.address, target: target(t.deployment, 'SettlementToken'), functionName: 'unpause', args: [] });
      m.start();
      const [resumed] = await finished(await enqueueCommands(db, [unpause]));
      assert.equal(resumed!.status, 'confirmed', JSON.stringify(resumed!.error));
    });

    test('a signer key used outside the manager does not leave its commands stuck', async () => {
      // Warm the manager's nonce record for the operator, then spend the next nonce behind its back.
      const m = newManager();
      m.start();
      await finished(await enqueueCommands(db, [systemAccount(randomAddress())]));
      const hash = await sendOutside({ nonce: await nonceOf(t.operator.address) });
      await t.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });

      const account = randomAddress();
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      const [done] = await finished([id!]);
      assert.equal(done!.status, 'confirmed', JSON.stringify(done!.error));
      assert.equal((await systemAccountEvents(account)).length, 1);
    });

    test('a submitted transaction whose nonce another transaction took fails as NonceConsumed', async () => {
      await rpc('evm_setAutomine', [false]);
      const m = newManager({ resubmitAfterMs: 100 });
      const account = randomAddress();
      const [id] = await enqueueCommands(db, [systemAccount(account)]);
      await m.tick();
      const sent = await getCommand(db, id!);
      assert.equal(sent.status, 'submitted');
      // The node loses it, and the same nonce is spent by another transaction of that key.
      await rpc('anvil_dropAllTransactions');
      await sendOutside({ nonce: sent.nonce! });
      await rpc('evm_mine');
      await rpc('evm_setAutomine', [true]);

      const failed = await until('the command to fail', async () => {
        await m.tick();
        const c = await getCommand(db, id!);
        return c.status !== 'submitted' && c;
      });
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.code, 'NonceConsumed', JSON.stringify(failed.error));
      assert.equal((await systemAccountEvents(account)).length, 0);
      // The signer carries on with the next nonce.
      const [next] = await enqueueCommands(db, [systemAccount(randomAddress())]);
      m.start();
      const [ok] = await finished([next!]);
      assert.equal(ok!.status, 'confirmed', JSON.stringify(ok!.error));
    });
  });
}
