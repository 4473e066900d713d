/**
 * End-to-end: a command confirmed in a block that a reorg removes is not left "confirmed". The indexer notices the
 * reorg, the transaction manager follows the command again, broadcasts its stored transaction on the new chain,
 * and confirms it there: it happens exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { postConfirmed, waitFor } from './support/e2e.ts';

describe('commands across a reorg', () => {
  let t: TestPlatform;
  let bank: { id: string; apiKey: string };
  let member: { id: string; apiKey: string; address: string };
  const rpc = <T>(method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never }) as Promise<T>;
  const balanceOf = async () => (await t.api('GET', `/v1/xt/balances/${member.id}`, { key: member.apiKey })).body.balance as string;

  before(async () => {
    t = await startTestPlatform();
    [bank, member] = await Promise.all([
      onboard(t, { name: 'Reorg Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Reorg Supplier', roles: ['supplier'] }),
    ]);
  });
  after(() => t?.close());

  test('a deposit confirmed in a removed block is sent again and confirmed once on the new chain', async () => {
    const snapshot = await rpc<string>('evm_snapshot');
    const deposit = await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: member.id, amount: '5000', reference: 'REORG-DEP-1' } });
    const [first] = deposit.commands;
    assert.equal(first.status, 'confirmed');
    assert.equal(await balanceOf(), '5000');

    // The block with the deposit disappears; the new chain is longer, with other blocks at the indexed heights.
    assert.equal(await rpc('evm_revert', [snapshot]), true);
    await rpc('anvil_mine', ['0x3']);

    const again = await waitFor('the command confirmed on the new chain', async () => {
      const c = (await t.api('GET', `/v1/commands/${first.id}?waitMs=2000`)).body;
      return c.status === 'confirmed' && c.blockNumber !== first.blockNumber && c.indexed ? c : undefined;
    }, 30_000);
    assert.equal(again.txHash, first.txHash, 'the same signed transaction, broadcast again');
    assert.ok(BigInt(again.blockNumber) > BigInt(first.blockNumber));
    assert.equal(await balanceOf(), '5000', 'credited once');
  });
});
