// Reconciliation of the outbox with the chain (docs/adr/010-reconciliation.md), against a real anvil and each real
// database backend: "confirmed" means on the canonical chain, and a transaction the chain lost lands again, once.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEther, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Database } from '../db/database.ts';
import { at, suite, target } from '../../test/support/contracts.ts';
import { contractSuite, decodeRevert } from '../platform/modules.ts';
import { availableTestDatabases } from '../../test/support/databases.ts';
import { startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { until } from '../../test/support/wait.ts';
import { contractCall, enqueueCommands, getCommands, type CommandView } from './commands.ts';
import { rebroadcastOrder } from './reconcile.ts';
import { createTransactionManager, type TransactionManager, type TransactionManagerParameters } from './transactionManager.ts';

const backends = await availableTestDatabases();
const randomAddress = () => privateKeyToAccount(generatePrivateKey()).address.toLowerCase() as Address;

test('rebroadcastOrder: lost transactions in their old block order, then acceptance order, each signer by nonce', () => {
  const row = (signer: string, nonce: number, seq: number, lost: number | null) => ({ signer, nonce: String(nonce), seq: String(seq), lost_block_number: lost === null ? null : String(lost) });
  const ordered = rebroadcastOrder([
    row('b', 7, 4, null),
    row('a', 3, 9, 12), // a's transaction mined in block 12 before the reorg
    row('b', 5, 2, 11), // the top-up b's later command needed, mined in block 11
    row('a', 4, 10, null),
    row('b', 6, 3, null),
    row('c', 1, 1, null),
    row('c', 0, 5, null), // a nonce filler: newest row, lowest nonce of its signer
  ]);
  assert.deepEqual(ordered.map((r) => `${r.signer}${r.nonce}`), ['b5', 'a3', 'c0', 'b6', 'b7', 'c1', 'a4']);
});

for (const backend of backends) {
  describe(`reconciliation with the chain (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let managers: TransactionManager[] = [];
    const logs: string[] = [];
    const rpc = <T = unknown>(method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never }) as Promise<T>;
    const nonceOf = (address: string) => t.client.getTransactionCount({ address: address as Address, blockTag: 'latest' });

    const newManager = (o: Partial<TransactionManagerParameters> = {}) => {
      const m = createTransactionManager({
        db,
        client: t.client,
        keys: t.ctx.keys,
        chainId: t.chainId,
        pollIntervalMs: 20,
        canonicalCheckIntervalMs: 50,
        gasTopUp: { funder: t.operator.address, threshold: parseEther('0.01'), amount: parseEther('0.1') },
        suite: contractSuite,
        decodeRevert,
        log: (message) => logs.push(message),
        ...o,
      });
      managers.push(m);
      return m;
    };
    const systemAccount = (account: Address) =>
      contractCall({ kind: 'test.systemAccount', signer: t.operator.address, target: target(t.deployment, 'MemberRegistry'), functionName: 'setSystemAccount', args: [account, true] });
    const eventsFor = (account: Address) =>
      t.client.getContractEvents({ address: at(t.deployment, 'MemberRegistry'), abi: suite.MemberRegistry.abi, eventName: 'SystemAccountSet', args: { account }, fromBlock: 0n });
    const finished = (ids: string[], what = `commands ${ids.join(', ')} to finish`) =>
      until(what, async () => {
        const commands = await getCommands(db, ids);
        return commands.every((c) => c.status === 'confirmed' || c.status === 'failed') && commands;
      });
    /** Each confirmed command's block is the chain's block at that height, and holds its transaction. */
    const assertOnCanonicalChain = async (commands: CommandView[]) => {
      for (const c of commands) {
        assert.equal(c.status, 'confirmed', `${c.id}: ${JSON.stringify(c.error)}`);
        const block = await t.client.getBlock({ blockNumber: BigInt(c.blockNumber!) });
        assert.equal(c.blockHash, block.hash, `command ${c.id} records block ${c.blockNumber} ${c.blockHash}, the chain has ${block.hash}`);
        assert.ok(block.transactions.includes(c.txHash!), `block ${c.blockNumber} holds ${c.txHash}`);
      }
    };
    /** n commands of the operator confirmed by a running manager; returns them and their accounts. */
    const confirmSome = async (m: TransactionManager, n: number) => {
      const accounts = Array.from({ length: n }, randomAddress);
      const done = await finished(await enqueueCommands(db, accounts.map(systemAccount)));
      await assertOnCanonicalChain(done);
      assert.equal(new Set(done.map((c) => c.blockNumber)).size, n, 'one block each (automine)');
      return { done, accounts };
    };

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      // From here on, only the managers a test creates drive the outbox, and no indexer notice reaches the platform's.
      await t.txManager.stop();
      await t.indexer.stop();
    });

    afterEach(async () => {
      for (const m of managers) await m.stop();
      managers = [];
      logs.length = 0;
      await rpc('evm_setAutomine', [true]);
      const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM commands WHERE status IN ('accepted', 'submitted')`);
      assert.equal(rows[0]!.n, '0', 'a test left open commands behind');
    });

    after(async () => {
      for (const m of managers) await m.stop();
      await t?.close();
      await db?.close();
    });

    test('a new manager finds commands confirmed in blocks that a chain restarted from older state lost, and lands each again once', async () => {
      const snapshot = await rpc<string>('evm_snapshot');
      const first = newManager();
      first.start();
      const { done, accounts } = await confirmSome(first, 3);
      await first.stop();

      // The chain goes back to before those blocks (as an embedded anvil restarted from a state file dumped earlier).
      assert.equal(await rpc('evm_revert', [snapshot]), true);
      assert.ok((await t.client.getBlockNumber()) < BigInt(done[0]!.blockNumber!));
      for (const a of accounts) assert.equal((await eventsFor(a)).length, 0);

      const restarted = newManager();
      const reconciled = await restarted.reconcile();
      assert.deepEqual(reconciled.reopened.map((c) => c.id).sort(), done.map((c) => c.id).sort());
      const byBlock = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0);
      assert.deepEqual(reconciled.reopened.map((c) => c.lostBlock).sort(byBlock), done.map((c) => BigInt(c.blockNumber!)).sort(byBlock));
      assert.ok(logs.some((l) => /3 command\(s\) mined in blocks the chain no longer has/.test(l)), logs.join('\n'));
      restarted.start();
      const again = await finished(done.map((c) => c.id));
      await assertOnCanonicalChain(again);
      assert.deepEqual(again.map((c) => c.txHash), done.map((c) => c.txHash), 'the stored transactions, broadcast again');
      assert.deepEqual(again.map((c) => c.nonce), done.map((c) => c.nonce));
      for (const a of accounts) assert.equal((await eventsFor(a)).length, 1, `${a}: exactly once`);
    });

    test('a chain restarted from a state whose base fee is above the lost transactions\' fee cap: each command is signed again with its nonce and lands once', async () => {
      // The state the chain will go back to has a high base fee (10 gwei); then empty blocks bring it down (12.5 % a
      // block), and the commands are signed and confirmed at the low fees of then.
      await rpc('anvil_setNextBlockBaseFeePerGas', ['0x2540be400']);
      await rpc('evm_mine');
      const snapshot = await rpc<string>('evm_snapshot');
      await rpc('anvil_mine', ['0x50']);
      const first = newManager();
      first.start();
      const { done, accounts } = await confirmSome(first, 3);
      await first.stop();
      const low = (await t.client.getBlock({ blockNumber: BigInt(done[2]!.blockNumber!) })).baseFeePerGas!;

      assert.equal(await rpc('evm_revert', [snapshot]), true);
      const high = (await t.client.getBlock()).baseFeePerGas!;
      assert.ok(high > low * 1000n, `base fee ${high} at the restored head, ${low} when the commands were mined`);

      const restarted = newManager();
      const reconciled = await restarted.reconcile();
      assert.deepEqual(reconciled.reopened.map((c) => c.id).sort(), done.map((c) => c.id).sort());
      restarted.start();
      const again = await finished(done.map((c) => c.id));
      await assertOnCanonicalChain(again);
      assert.deepEqual(again.map((c) => c.nonce), done.map((c) => c.nonce), 'the same nonces');
      for (const [i, c] of again.entries()) assert.notEqual(c.txHash, done[i]!.txHash, `${c.id}: signed again, so another hash`);
      for (const a of accounts) assert.equal((await eventsFor(a)).length, 1, `${a}: exactly once`);
      assert.equal(logs.filter((l) => /is below the chain's base fee .*; signed again with nonce/.test(l)).length, 3, logs.join('\n'));
      const { rows } = await db.query<{ replaced: string[] }>('SELECT replaced_tx_hashes AS replaced FROM commands WHERE id = ANY($1::uuid[]) ORDER BY seq', [done.map((c) => c.id)]);
      assert.deepEqual(rows.map((r) => r.replaced), done.map((c) => [c.txHash]), 'the hashes signed before are kept');
    });

    test('a running manager notices blocks replaced at the same height (anvil_reorg, depth 3) by their hash, with no indexer', async () => {
      const m = newManager();
      m.start();
      const { done, accounts } = await confirmSome(m, 3);
      const head = await t.client.getBlockNumber();
      assert.equal(head, BigInt(done[2]!.blockNumber!));

      await rpc('anvil_reorg', [3, []]);
      assert.equal(await t.client.getBlockNumber(), head, 'same height, other blocks');
      for (const a of accounts) assert.equal((await eventsFor(a)).length, 0, 'the reorg removed the transactions');

      const again = await until('the commands to be confirmed in new blocks', async () => {
        const commands = await getCommands(db, done.map((c) => c.id));
        return commands.every((c, i) => c.status === 'confirmed' && c.blockHash !== done[i]!.blockHash) && commands;
      });
      await assertOnCanonicalChain(again);
      assert.deepEqual(again.map((c) => c.txHash), done.map((c) => c.txHash));
      for (const a of accounts) assert.equal((await eventsFor(a)).length, 1, `${a}: exactly once`);
    });

    test('when the new chain used a command\'s nonce for another transaction, only that command fails (NonceConsumed), and it is logged', async () => {
      const m = newManager();
      m.start();
      const { done, accounts } = await confirmSome(m, 3);
      await m.stop();
      // The replacement blocks carry another transaction of the operator's key with the first command's nonce.
      const signer = await t.ctx.keys.signer(t.operator.address);
      const fees = await t.client.estimateFeesPerGas();
      const outside = await signer.signTransaction({
        type: 'eip1559', chainId: t.chainId, nonce: done[0]!.nonce!, to: randomAddress(), value: 1n, gas: 21_000n, ...fees,
      });
      await rpc('anvil_reorg', [3, [[outside, 0]]]);

      const after = await (async () => {
        const again = newManager();
        await again.reconcile();
        again.start();
        return finished(done.map((c) => c.id));
      })();
      assert.equal(after[0]!.status, 'failed');
      assert.equal(after[0]!.error?.code, 'NonceConsumed', JSON.stringify(after[0]!.error));
      assert.equal((await eventsFor(accounts[0]!)).length, 0, 'nothing of it happened');
      await assertOnCanonicalChain(after.slice(1));
      for (const a of accounts.slice(1)) assert.equal((await eventsFor(a)).length, 1);

      // One structured line per failed command: id, kind and code, nothing else.
      const line = logs.find((l) => l.includes(after[0]!.id));
      assert.ok(line, logs.join('\n'));
      assert.deepEqual(JSON.parse(line), { msg: 'command failed', commandId: after[0]!.id, kind: 'test.systemAccount', code: 'NonceConsumed' });
    });

    test('a recorded next nonce above the chain that no transaction holds is brought back, so new commands are not stuck behind a gap', async () => {
      const signer = t.operator.address.toLowerCase();
      const onChain = await nonceOf(signer);
      await db.query('UPDATE signer_nonces SET next_nonce = $2 WHERE address = $1', [signer, onChain + 5]);
      const m = newManager();
      const reconciled = await m.reconcile();
      assert.deepEqual(reconciled.nonces.find((n) => n.signer === signer), { signer, from: onChain + 5, to: onChain });
      m.start();
      const account = randomAddress();
      const [done] = await finished(await enqueueCommands(db, [systemAccount(account)]));
      assert.equal(done!.status, 'confirmed', JSON.stringify(done!.error));
      assert.equal(done!.nonce, onChain);
      assert.equal((await eventsFor(account)).length, 1);
    });

    test('a nonce that no command holds, below submitted commands, is filled with a no-op transaction and the commands land', async () => {
      await rpc('evm_setAutomine', [false]);
      const accounts = [randomAddress(), randomAddress(), randomAddress()];
      const ids = await enqueueCommands(db, accounts.map(systemAccount));
      const first = newManager();
      await first.tick();
      const sent = await getCommands(db, ids);
      assert.deepEqual(sent.map((c) => c.status), ['submitted', 'submitted', 'submitted']);
      await first.stop();
      // The node loses them, and the row that held the first nonce is gone (e.g. removed by hand).
      await rpc('anvil_dropAllTransactions');
      await db.query('DELETE FROM commands WHERE id = $1', [ids[0]]);
      await rpc('evm_setAutomine', [true]);

      const m = newManager();
      const reconciled = await m.reconcile();
      assert.equal(reconciled.filled.length, 1);
      assert.equal(reconciled.filled[0]!.nonce, sent[0]!.nonce);
      m.start();
      const done = await finished([...ids.slice(1), reconciled.filled[0]!.commandId]);
      await assertOnCanonicalChain(done);
      assert.equal(done[2]!.kind, 'ledger.nonce_fill');
      assert.equal((await eventsFor(accounts[0]!)).length, 0);
      for (const a of accounts.slice(1)) assert.equal((await eventsFor(a)).length, 1);
    });
  });
}
