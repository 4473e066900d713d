// The indexer against a real anvil and each real database backend: read models, restarts, and chain reorganisations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createPublicClient, createWalletClient, encodeFunctionData, http, parseEther, type Abi, type Address, type Hex, type PublicClient } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import type { Database } from '../db/database.ts';
import { startAnvil, type AnvilInstance } from '../chain/anvil.ts';
import type { Deployment } from '../chain/contracts.ts';
import { at, suite, type ContractName } from '../../test/support/contracts.ts';
import { contractSuite, readModels } from '../platform/modules.ts';
import { deploySuite } from '../chain/deploy.ts';
import { rolesToBits } from '../modules/identity/roles.ts';
import { availableTestDatabases } from '../../test/support/databases.ts';
import { dumpEvents, dumpReadModels, indexFromScratch } from '../../test/support/readModels.ts';
import { until } from '../../test/support/wait.ts';
import { startRpcProxy } from '../../test/support/rpcProxy.ts';
import { createIndexer, type Indexer, type IndexerNotice } from './indexer.ts';

const backends = await availableTestDatabases();
const randomHash = () => `0x${randomBytes(32).toString('hex')}` as Hex;
const ZERO_HASH = `0x${'0'.repeat(64)}` as Hex;

for (const backend of backends) {
  describe(`indexer (${backend.name})`, () => {
    let anvil: AnvilInstance;
    let client: PublicClient;
    let db: Database;
    let deployment: Deployment;
    let operator: PrivateKeyAccount;
    const indexers: Indexer[] = [];
    const rpc = (method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never });

    const newIndexer = () => {
      const indexer = createIndexer({ db, client, deployment, suite: contractSuite, readModels, pollIntervalMs: 20, batchSize: 7 });
      indexers.push(indexer);
      return indexer;
    };
    const fundedAccount = async () => {
      const account = privateKeyToAccount(generatePrivateKey());
      await rpc('anvil_setBalance', [account.address, `0x${parseEther('10').toString(16)}`]);
      return account;
    };
    /** Sends a call to one of our contracts from `from` and waits for its (successful) receipt. */
    const call = async (from: PrivateKeyAccount, contract: ContractName, functionName: string, args: readonly unknown[]) => {
      const wallet = createWalletClient({ account: from, chain: foundry, transport: http(anvil.rpcUrl) });
      const data = encodeFunctionData({ abi: suite[contract].abi as Abi, functionName, args: args as unknown[] });
      const hash = await wallet.sendTransaction({ to: at(deployment, contract), data });
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      assert.equal(receipt.status, 'success', `${contract}.${functionName} reverted`);
      return receipt;
    };
    const register = async () => {
      const member = await fundedAccount();
      await call(operator, 'MemberRegistry', 'register', [member.address, randomHash(), ZERO_HASH]);
      return member;
    };
    const systemAccount = (account: Address, allowed = true) => call(operator, 'MemberRegistry', 'setSystemAccount', [account, allowed]);
    const memberAddresses = async () => (await db.query<{ address: string }>('SELECT address FROM member_states')).rows.map((r) => r.address);
    const systemAccounts = async () => (await db.query<{ address: string }>('SELECT address FROM system_accounts WHERE allowed')).rows.map((r) => r.address);
    const lower = (a: { address: Address } | Address) => (typeof a === 'string' ? a : a.address).toLowerCase();
    const logsOnChain = async () =>
      (await client.getLogs({ address: [...new Set(Object.values(deployment.contracts))], fromBlock: deployment.startBlock, toBlock: 'latest' })).length;
    const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM chain_events')).rows[0]!.n);

    before(async () => {
      anvil = await startAnvil({ port: 0 });
      client = createPublicClient({ cacheTime: 0, transport: http(anvil.rpcUrl) }) as PublicClient;
      db = await backend.open();
      operator = privateKeyToAccount(generatePrivateKey());
      await rpc('anvil_setBalance', [operator.address, `0x${parseEther('1000').toString(16)}`]);
      deployment = await deploySuite({
        client,
        operator: { address: operator.address, signTransaction: (tx) => operator.signTransaction(tx) },
        chainId: anvil.chainId,
        suite: contractSuite,
        operatorLegalIdHash: randomHash(),
      });
    });

    after(async () => {
      for (const indexer of indexers) await indexer.stop();
      await db?.close();
      await anvil?.stop();
    });

    test('indexes events into the read models', async () => {
      const core = await register();
      const supplier = await register();
      await call(operator, 'MemberRegistry', 'certify', [core.address, BigInt(rolesToBits(['core_enterprise', 'bank_gateway']))]);
      await call(operator, 'MemberRegistry', 'certify', [supplier.address, BigInt(rolesToBits(['supplier']))]);
      const consortiumId = randomHash();
      const nameHash = randomHash();
      await call(core, 'ConsortiumRegistry', 'createConsortium', [consortiumId, nameHash]);
      await call(core, 'ConsortiumRegistry', 'invite', [consortiumId, supplier.address]);
      const ref = randomHash();
      const deposited = await call(core, 'SettlementToken', 'deposit', [supplier.address, 1234n, ref]);
      const flagged = (await fundedAccount()).address;
      await systemAccount(flagged);

      const indexer = newIndexer();
      const cursor = await indexer.sync();
      assert.equal(cursor, await client.getBlockNumber());
      assert.equal(await indexer.cursor(), cursor);

      const { rows: members } = await db.query<{ address: string; status: string; roles: number }>(
        'SELECT address, status, roles FROM member_states WHERE address = ANY($1) ORDER BY roles',
        [[lower(core), lower(supplier)]],
      );
      assert.deepEqual(members, [
        { address: lower(supplier), status: 'certified', roles: rolesToBits(['supplier']) },
        { address: lower(core), status: 'certified', roles: rolesToBits(['core_enterprise', 'bank_gateway']) },
      ]);
      const { rows: consortia } = await db.query('SELECT id, core, name_hash, member_count FROM consortia WHERE id = $1', [consortiumId]);
      assert.deepEqual(consortia, [{ id: consortiumId, core: lower(core), name_hash: nameHash, member_count: 1 }]);
      const { rows: memberships } = await db.query('SELECT member, state, invited_by FROM consortium_memberships WHERE consortium_id = $1 ORDER BY state', [consortiumId]);
      assert.deepEqual(memberships, [
        { member: lower(supplier), state: 'invited', invited_by: lower(core) },
        { member: lower(core), state: 'member', invited_by: null },
      ]);
      const { rows: balances } = await db.query('SELECT address, balance FROM xt_balances');
      assert.deepEqual(balances, [{ address: lower(supplier), balance: '1234' }]);
      const { rows: state } = await db.query('SELECT total_supply, deposited, withdrawn, paused FROM xt_state');
      assert.deepEqual(state, [{ total_supply: '1234', deposited: '1234', withdrawn: '0', paused: false }]);
      const { rows: movements } = await db.query('SELECT kind, from_address, to_address, amount, reference, tx_hash FROM xt_movements');
      assert.deepEqual(movements, [
        { kind: 'deposit', from_address: null, to_address: lower(supplier), amount: '1234', reference: ref, tx_hash: deposited.transactionHash },
      ]);
      assert.ok((await systemAccounts()).includes(lower(flagged)));
      assert.equal(await eventCount(), await logsOnChain(), 'every log of our contracts is one stored event');
    });

    test('resumes from its stored cursor after a restart, without duplicating events', async () => {
      const before = await eventCount();
      const restarted = newIndexer();
      const cursor = await restarted.cursor();
      assert.equal(cursor, await client.getBlockNumber(), 'the new instance starts where the last one stopped');

      const notices: IndexerNotice[] = [];
      restarted.subscribe((n) => notices.push(n));
      const member = await register();
      await systemAccount(member.address);
      const head = await client.getBlockNumber();
      restarted.start();
      await until('the background loop to catch up', async () => (await restarted.cursor()) >= head);
      await restarted.stop();

      assert.equal(await eventCount(), before + 2);
      assert.equal(await eventCount(), await logsOnChain());
      const seen = notices.flatMap((n) => (n.type === 'events' ? n.events : []));
      assert.deepEqual(seen.map((e) => e.eventName), ['MemberRegistered', 'SystemAccountSet']);
      assert.ok(seen.every((e) => e.blockNumber > cursor), 'only blocks after the cursor were indexed');
      assert.ok((await memberAddresses()).includes(lower(member)));
    });

    test('rolls back to the fork point when blocks at indexed heights change hash (evm_snapshot / evm_revert)', async () => {
      const indexer = newIndexer();
      await indexer.sync();
      const fork = await client.getBlockNumber();
      const snapshot = await rpc('evm_snapshot');

      // The branch that will be abandoned: indexed, then reverted.
      const gone = await register();
      const goneAccount = (await fundedAccount()).address;
      await systemAccount(goneAccount);
      await call(operator, 'MemberRegistry', 'certify', [gone.address, BigInt(rolesToBits(['supplier']))]);
      await indexer.sync();
      assert.ok((await memberAddresses()).includes(lower(gone)));
      const oldHead = await client.getBlockNumber();
      const oldHashes = new Set<string>();
      for (let n = fork + 1n; n <= oldHead; n++) oldHashes.add((await client.getBlock({ blockNumber: n })).hash);

      assert.equal(await rpc('evm_revert', [snapshot]), true);
      assert.equal(await client.getBlockNumber(), fork);
      // The new branch: different transactions at the same heights, and one block more.
      const kept = await register();
      const keptAccounts = [(await fundedAccount()).address, (await fundedAccount()).address];
      for (const a of keptAccounts) await systemAccount(a);
      const kept2 = await register();
      assert.ok((await client.getBlockNumber()) > oldHead);
      const newHash = (await client.getBlock({ blockNumber: fork + 1n })).hash;
      assert.ok(!oldHashes.has(newHash), 'the heights were re-mined with other blocks');

      const notices: IndexerNotice[] = [];
      indexer.subscribe((n) => notices.push(n));
      await indexer.sync();
      const reorg = notices.find((n) => n.type === 'reorg');
      assert.deepEqual(reorg, { type: 'reorg', forkBlock: fork, removedEvents: 3 });

      const members = await memberAddresses();
      assert.ok(!members.includes(lower(gone)), 'the abandoned branch is gone from the read models');
      assert.ok(members.includes(lower(kept)) && members.includes(lower(kept2)));
      const accounts = await systemAccounts();
      assert.ok(!accounts.includes(lower(goneAccount)));
      for (const a of keptAccounts) assert.ok(accounts.includes(lower(a)));
      const { rows: stale } = await db.query('SELECT block_number FROM chain_events WHERE block_hash = ANY($1)', [[...oldHashes]]);
      assert.deepEqual(stale, []);
      await assertBlocksMatchChain();
      assert.equal(await eventCount(), await logsOnChain());
      assert.deepEqual(await dumpReadModels(db), (await indexFromScratch(backend, client, deployment)).readModels);
    });

    test('follows an anvil_reorg that replaces the last blocks', async () => {
      const indexer = newIndexer();
      const gone = await register();
      const goneAccount = (await fundedAccount()).address;
      await systemAccount(goneAccount);
      await indexer.sync();
      assert.ok((await memberAddresses()).includes(lower(gone)));
      const head = await client.getBlockNumber();

      // Replace the last two blocks (the operator's registration and setSystemAccount); the new first block carries
      // another transaction of the operator, at the first of the two nonces they used.
      const replacement = (await fundedAccount()).address;
      const nonce = await client.getTransactionCount({ address: operator.address, blockTag: 'latest' });
      const fees = await client.estimateFeesPerGas();
      const raw = await operator.signTransaction({
        type: 'eip1559', chainId: anvil.chainId, nonce: nonce - 2, gas: 200_000n, ...fees,
        to: at(deployment, 'MemberRegistry'),
        data: encodeFunctionData({ abi: suite.MemberRegistry.abi as Abi, functionName: 'setSystemAccount', args: [replacement, true] }),
      });
      await rpc('anvil_reorg', [2, [[raw, 0]]]);
      assert.equal(await client.getBlockNumber(), head, 'same height, other blocks');

      const notices: IndexerNotice[] = [];
      indexer.subscribe((n) => notices.push(n));
      await indexer.sync();
      assert.deepEqual(notices.find((n) => n.type === 'reorg'), { type: 'reorg', forkBlock: head - 2n, removedEvents: 2 });
      assert.ok(!(await memberAddresses()).includes(lower(gone)));
      const accounts = await systemAccounts();
      assert.ok(!accounts.includes(lower(goneAccount)));
      assert.ok(accounts.includes(lower(replacement)));
      await assertBlocksMatchChain();
      const scratch = await indexFromScratch(backend, client, deployment);
      assert.deepEqual(await dumpReadModels(db), scratch.readModels);
      assert.deepEqual(await dumpEvents(db), scratch.events);
    });

    test('rolls back when the chain got shorter than the indexed tip', async () => {
      const indexer = newIndexer();
      await indexer.sync();
      const fork = await client.getBlockNumber();
      const snapshot = await rpc('evm_snapshot');
      const gone = await register();
      await register();
      await indexer.sync();
      assert.ok((await memberAddresses()).includes(lower(gone)));

      await rpc('evm_revert', [snapshot]);
      const notices: IndexerNotice[] = [];
      indexer.subscribe((n) => notices.push(n));
      assert.equal(await indexer.sync(), fork);
      assert.deepEqual(notices, [{ type: 'reorg', forkBlock: fork, removedEvents: 2 }]);
      assert.equal(await indexer.cursor(), fork);
      assert.ok(!(await memberAddresses()).includes(lower(gone)));
      await assertBlocksMatchChain();
    });

    test('a node that fails to answer while the indexed tip is checked is no reorg: the pass fails and nothing is rolled back', async () => {
      const indexer = newIndexer();
      await register();
      await indexer.sync();
      const events = await dumpEvents(db);
      // Block reads fail at the HTTP level (a node stopping, a proxy in front of it answering 502).
      const failing = await startRpcProxy({ target: anvil.rpcUrl, intercept: (r) => (r.method === 'eth_getBlockByNumber' ? { httpStatus: 502 } : undefined) });
      try {
        const blind = createIndexer({
          db, deployment, suite: contractSuite, readModels,
          client: createPublicClient({ cacheTime: 0, transport: http(failing.url, { retryCount: 0 }) }) as PublicClient,
        });
        const notices: IndexerNotice[] = [];
        blind.subscribe((n) => notices.push(n));
        await assert.rejects(blind.sync(), /HTTP request failed/);
        assert.deepEqual(notices, []);
        assert.deepEqual(await dumpEvents(db), events);
      } finally {
        await failing.close();
      }
      assert.equal(await indexer.sync(), await client.getBlockNumber());
      await assertBlocksMatchChain();
    });

    /**
     * A node that refuses eth_getLogs over more than 2 blocks as geth does past its cap: a JSON-RPC error (-32005, which
     * viem's transports retry), not an HTTP one. Each refused range is counted in `refused` (by its hex bounds).
     */
    const refusingWideLogs = (refused = new Map<string, number>()) =>
      startRpcProxy({
        target: anvil.rpcUrl,
        intercept: (r) => {
          if (r.method !== 'eth_getLogs') return undefined;
          const range = (r.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
          const blocks = Number(BigInt(range.toBlock ?? '0x0') - BigInt(range.fromBlock ?? '0x0')) + 1;
          if (blocks <= 2) return undefined;
          const key = `${range.fromBlock}-${range.toBlock}`;
          refused.set(key, (refused.get(key) ?? 0) + 1);
          return { error: { code: -32005, message: 'query returned more than 10000 results' } };
        },
      });

    test('a node that refuses eth_getLogs answers over a few blocks (full blocks): the indexer reads fewer blocks at a time and misses nothing', async () => {
      const indexer = newIndexer();
      await indexer.sync();
      for (let i = 0; i < 9; i++) await register();
      const capped = await refusingWideLogs();
      const messages: string[] = [];
      try {
        const narrow = createIndexer({
          db, deployment, suite: contractSuite, readModels, batchSize: 7, log: (m) => messages.push(m),
          client: createPublicClient({ cacheTime: 0, transport: http(capped.url, { retryCount: 0 }) }) as PublicClient,
        });
        assert.equal(await narrow.sync(), await client.getBlockNumber());
        assert.equal(await eventCount(), await logsOnChain());
        assert.ok(messages.some((m) => /too many for one answer; reading 3 block\(s\) at a time/.test(m)), messages.join('\n'));
        assert.ok(messages.some((m) => /reading 1 block\(s\) at a time/.test(m)), messages.join('\n'));
      } finally {
        await capped.close();
      }
      await assertBlocksMatchChain();
    });

    test('an answer too large is not asked for again as it is (the transport would retry it): each refused range is requested once', async () => {
      const indexer = newIndexer();
      await indexer.sync();
      for (let i = 0; i < 9; i++) await register();
      const refused = new Map<string, number>();
      const capped = await refusingWideLogs(refused);
      try {
        const narrow = createIndexer({
          db, deployment, suite: contractSuite, readModels, batchSize: 7,
          // Retries as the platform's transport has them (chainNodes: 2).
          client: createPublicClient({ cacheTime: 0, transport: http(capped.url, { retryCount: 2, retryDelay: 1 }) }) as PublicClient,
        });
        assert.equal(await narrow.sync(), await client.getBlockNumber());
        assert.equal(await eventCount(), await logsOnChain());
        assert.ok(refused.size > 0, 'the proxy refused no range: the test proves nothing');
        assert.deepEqual([...refused].filter(([, n]) => n > 1), [], 'a refused range was asked for again');
      } finally {
        await capped.close();
      }
      await assertBlocksMatchChain();
    });

    test('sync() called while a pass is under way indexes everything mined before the call', async () => {
      let headRead!: () => void;
      const headWasRead = new Promise<void>((r) => (headRead = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      // A node that answers the first head query, then stalls, so that pass is overtaken by a new block.
      const slow = {
        ...client,
        getBlockNumber: async (args?: { cacheTime?: number }) => {
          const head = await client.getBlockNumber(args);
          headRead();
          await released;
          return head;
        },
      } as PublicClient;
      const indexer = createIndexer({ db, client: slow, deployment, suite: contractSuite, readModels });
      indexers.push(indexer);
      const first = indexer.sync();
      await headWasRead;
      const member = await register();
      const second = indexer.sync();
      release();
      await first;
      const minedIn = await client.getBlockNumber();
      assert.ok((await second) >= minedIn, 'the second sync covered the block mined after the first began');
      assert.ok((await memberAddresses()).includes(lower(member)));
    });

    /** Every block the indexer keeps is the chain's block at that height. */
    async function assertBlocksMatchChain() {
      const { rows } = await db.query<{ number: string; hash: string }>('SELECT number, hash FROM indexer_blocks ORDER BY number');
      assert.ok(rows.length > 0);
      for (const row of rows) assert.equal(row.hash, (await client.getBlock({ blockNumber: BigInt(row.number) })).hash, `block ${row.number}`);
    }
  });
}
