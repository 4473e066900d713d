/**
 * An external chain that answers the standard JSON-RPC methods only (eth_, net_, web3_), as a consortium's Besu or
 * geth nodes do when their operators expose nothing else: the platform runs through a proxy that refuses every other
 * method. The receivables life cycle runs there unchanged (the test moves the chain's clock itself, on the anvil
 * behind the proxy), a transaction that passes simulation but reverts in its block is explained without a call trace,
 * and at the end the proxies say which methods the platform asked for: none refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Address } from 'viem';
import { startAnvil, type AnvilInstance } from '../src/chain/anvil.ts';
import { contractCall, enqueueCommands } from '../src/ledger/commands.ts';
import { target } from './support/contracts.ts';
import { postConfirmed } from './support/e2e.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { depositXt, xtBalance, type Member } from './support/receivables.ts';
import { describeReceivablesLifecycle } from './support/receivablesLifecycle.ts';
import { startRpcProxy, type RpcProxy } from './support/rpcProxy.ts';
import { until } from './support/wait.ts';

/** anvil's first dev account: funded on every anvil chain, so it can be the operator of an "external" one. */
const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const standardOnly = (method: string) => /^(eth|net|web3)_/.test(method);
const proxies: Array<{ name: string; proxy: RpcProxy }> = [];

/** The test's own JSON-RPC calls, straight to anvil (never through the proxy). */
async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** An anvil (paris rules, as consortium chains run) behind a standard-methods-only proxy, and a platform on the proxy. */
async function externalChain(name: string) {
  const anvil = await startAnvil({ hardfork: 'paris' });
  const proxy = await startRpcProxy({ target: anvil.rpcUrl, allow: standardOnly });
  proxies.push({ name, proxy });
  const t = await startTestPlatform({ env: { TIERCHAIN_RPC_URL: proxy.url, TIERCHAIN_OPERATOR_KEY: ANVIL_DEV_KEY } });
  return { anvil, proxy, t };
}

let lifecycle: { anvil: AnvilInstance; proxy: RpcProxy } | undefined;
describeReceivablesLifecycle('receivables life cycle on an external chain that answers eth_, net_ and web3_ methods only', {
  async start() {
    const chain = await externalChain('life cycle');
    lifecycle = chain;
    assert.equal(chain.t.anvil, null, 'the platform runs on the proxy, not an anvil of its own');
    return chain.t;
  },
  async setChainTime(t, seconds) {
    await rpc(lifecycle!.anvil.rpcUrl, 'evm_setNextBlockTimestamp', [seconds]);
    await rpc(lifecycle!.anvil.rpcUrl, 'evm_mine');
    await t.indexer.sync();
  },
  async close() {
    await lifecycle?.proxy.close();
    await lifecycle?.anvil.stop();
  },
});

describe('a transaction that reverts in its block, on a chain without debug_ methods', () => {
  let anvil: AnvilInstance;
  let proxy: RpcProxy;
  let t: TestPlatform;
  let bank: Member, payer: Member, x: Member, y: Member;

  before(async () => {
    ({ anvil, proxy, t } = await externalChain('revert'));
    [bank, payer, x, y] = await Promise.all([
      onboard(t, { name: 'Revert Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Revert Payer', roles: ['supplier'] }),
      onboard(t, { name: 'Revert X', roles: ['supplier'] }),
      onboard(t, { name: 'Revert Y', roles: ['supplier'] }),
    ]);
    await depositXt(t, bank, payer, 100n);
    // The payer's first transfer also gets it gas (a top-up from the operator), while blocks are still mined at once.
    await postConfirmed(t, '/v1/xt/transfers', { key: payer.apiKey, body: { toMemberId: x.id, amount: '1' } });
  });
  after(async () => {
    await rpc(anvil.rpcUrl, 'evm_setAutomine', [true]).catch(() => {});
    await t?.close();
    await proxy?.close();
    await anvil?.stop();
  });

  test('both pass simulation, land in one block, the second reverts: it fails with the decoded error, found by replaying it with eth_call', async () => {
    await rpc(anvil.rpcUrl, 'evm_setAutomine', [false]);
    // 60 + 60 of the payer's 99: each alone is fine, so both are simulated, signed and sent.
    const transfer = (to: Member) =>
      contractCall({ kind: 'test.xt.transfer', signer: payer.address as Address, target: target(t.deployment, 'SettlementToken'), functionName: 'transfer', args: [to.address, 60n] });
    const ids = await t.db.transaction((tx) => enqueueCommands(tx, [transfer(x), transfer(y)]));
    await t.txManager.tick();
    await until('both commands to be sent', async () => {
      const rows = await Promise.all(ids.map((id) => t.api('GET', `/v1/commands/${id}`)));
      return rows.every((r) => r.body.status === 'submitted');
    });
    await rpc(anvil.rpcUrl, 'evm_mine');
    const [first, second] = await t.settle(ids.map((id) => ({ id })));
    assert.equal(first.status, 'confirmed', JSON.stringify(first.error));
    assert.equal(second.status, 'failed');
    assert.equal(second.blockNumber, first.blockNumber, 'both in one block');
    assert.equal(second.error.code, 'ERC20InsufficientBalance', JSON.stringify(second.error));
    assert.deepEqual({ ...second.error.args, sender: String(second.error.args.sender).toLowerCase() }, { sender: payer.address, balance: '39', needed: '60' });
    assert.equal(await xtBalance(t, payer), 39n);
    assert.equal(await xtBalance(t, y), 0n);
  });
});

test('the platform asked the chain for eth_, net_ and web3_ methods only: the proxies refused nothing', () => {
  assert.equal(proxies.length, 2);
  for (const { name, proxy } of proxies) {
    const asked = [...proxy.forwarded].sort((a, b) => b[1] - a[1]);
    console.log(`# ${name}: ${asked.reduce((n, [, c]) => n + c, 0)} requests: ${asked.map(([m, c]) => `${m} ${c}`).join(', ')}`);
    assert.deepEqual(Object.fromEntries(proxy.refused), {}, `${name}: refused methods`);
    assert.ok(asked.every(([m]) => standardOnly(m)));
    assert.ok(proxy.forwarded.get('eth_sendRawTransaction'), `${name}: transactions went through the proxy`);
  }
});
