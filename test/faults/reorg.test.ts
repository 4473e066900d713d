/**
 * Fault (d): a reorg of depth 5 (anvil_reorg: the same height, other blocks) that removes confirmed XT transfers, with
 * the platform running, on each database backend. The transaction manager notices it (the newest mined command's block
 * hash changed, and the indexer's rollback notice), broadcasts the stored transactions again, and each lands again
 * exactly once; the read models agree with the chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Address, Hex } from 'viem';
import { at, suite } from '../support/contracts.ts';
import { availableTestDatabases } from '../support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { newKey, postConfirmed, waitFor } from '../support/e2e.ts';

for (const backend of await availableTestDatabases()) {
  describe(`a reorg removing confirmed commands (${backend.name})`, () => {
    let t: TestPlatform;
    let db: Awaited<ReturnType<typeof backend.open>> | undefined;
    let bank: Awaited<ReturnType<typeof onboard>>;
    let sender: Awaited<ReturnType<typeof onboard>>;
    let recipient: Awaited<ReturnType<typeof onboard>>;
    const rpc = <T>(method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never }) as Promise<T>;

    before(async () => {
      if (backend.name === 'postgres') db = await backend.open();
      t = await startTestPlatform({ db });
      [bank, sender, recipient] = await Promise.all([
        onboard(t, { name: `Reorg Fault Bank ${backend.name}`, roles: ['bank_gateway'] }),
        onboard(t, { name: `Reorg Fault Sender ${backend.name}`, roles: ['supplier'] }),
        onboard(t, { name: `Reorg Fault Recipient ${backend.name}`, roles: ['supplier'] }),
      ]);
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: sender.id, amount: '1000000', reference: `REORG-FAULT-${backend.name}` } });
    });
    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('each transfer the reorg removed lands again exactly once, and every status and balance matches the chain', async (context) => {
      const amounts = [101n, 102n, 103n, 104n, 105n];
      const accepted = [];
      for (const amount of amounts) {
        const r = await t.api('POST', '/v1/xt/transfers', { key: sender.apiKey, idempotencyKey: newKey('reorg-fault'), body: { toMemberId: recipient.id, amount: amount.toString() } });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        accepted.push(r.body.commands[0]);
      }
      const confirmed = await t.settle(accepted);
      for (const c of confirmed) assert.equal(c.status, 'confirmed', JSON.stringify(c.error));
      const head = await t.client.getBlockNumber();
      const firstBlock = BigInt(confirmed[0].blockNumber);
      const depth = Number(head - firstBlock + 1n);
      assert.ok(depth >= 3, `the transfers span ${depth} blocks`);

      const started = Date.now();
      await rpc('anvil_reorg', [depth, []]);
      assert.equal(await t.client.getBlockNumber(), head, 'the same height, other blocks');
      const landed = async (amount: bigint) =>
        (await t.client.getContractEvents({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, eventName: 'Transfer', args: { from: sender.address as Address }, fromBlock: 0n }))
          .filter((l) => l.args.value === amount).length;
      for (const amount of amounts) assert.equal(await landed(amount), 0, 'the reorg removed the transfers');

      const again = await waitFor('every transfer confirmed in a new block', async () => {
        const now = await Promise.all(confirmed.map(async (c: { id: string }) => (await t.api('GET', `/v1/commands/${c.id}`)).body));
        return now.every((c, i) => c.status === 'confirmed' && c.blockHash !== confirmed[i].blockHash && c.indexed) && now;
      }, 60_000);
      const recoverSeconds = (Date.now() - started) / 1000;
      let duplicated = 0;
      let lost = 0;
      for (const [i, c] of again.entries()) {
        const block = await t.client.getBlock({ blockNumber: BigInt(c.blockNumber) });
        assert.equal(c.blockHash, block.hash, `command ${c.id} is in the chain's block ${c.blockNumber}`);
        assert.ok((block.transactions as Hex[]).includes(c.txHash), `block ${c.blockNumber} holds ${c.txHash}`);
        assert.equal(c.txHash, confirmed[i].txHash, 'the stored transaction, broadcast again');
        const n = await landed(amounts[i]!);
        if (n === 0) lost += 1;
        if (n > 1) duplicated += n - 1;
      }
      await t.indexer.sync();
      for (const m of [sender, recipient]) {
        const api = await t.api('GET', `/v1/xt/balances/${m.id}`, { key: m.apiKey });
        const onChain = await t.client.readContract({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'balanceOf', args: [m.address as Address] });
        assert.equal(BigInt(api.body.balance), onChain, `${m.id}: the read model agrees with the chain`);
      }
      context.diagnostic(`figures ${JSON.stringify({ depth, removedConfirmed: confirmed.length, landedAgain: again.length, lost, duplicated, recoverSeconds })}`);
      assert.equal(lost, 0, 'lost');
      assert.equal(duplicated, 0, 'duplicated');
    });
  });
}
