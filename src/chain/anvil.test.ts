import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createPublicClient, createWalletClient, defineChain, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startAnvil, type AnvilInstance } from './anvil.ts';

// anvil's first default dev key (well known, test-only).
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const RECIPIENT = '0x000000000000000000000000000000000000bEEF';

function clientsFor(anvil: AnvilInstance) {
  const chain = defineChain({
    id: anvil.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  });
  const transport = http(anvil.rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, account: privateKeyToAccount(DEV_KEY) }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('startAnvil', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tierchain-anvil-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('persists the chain across a clean restart and stop() ends the process', async () => {
    const stateFile = join(tmp, 'nested', 'dir', 'state.json'); // directory does not exist yet
    const first = await startAnvil({ stateFile });
    let blockNumber: bigint;
    let blockHash: `0x${string}`;
    let balance: bigint;
    let txBlockNumber: bigint;
    let txBlockHash: `0x${string}`;
    try {
      assert.equal(first.chainId, 31337);
      assert.match(first.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(first.port > 0);
      const { publicClient, walletClient } = clientsFor(first);
      assert.equal(await publicClient.getChainId(), 31337);

      const hash = await walletClient.sendTransaction({ to: RECIPIENT, value: parseEther('1.5') });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, 'success');
      txBlockNumber = receipt.blockNumber;
      txBlockHash = receipt.blockHash;

      const block = await publicClient.getBlock();
      blockNumber = block.number;
      blockHash = block.hash;
      balance = await publicClient.getBalance({ address: RECIPIENT });
      assert.ok(blockNumber >= 1n);
      assert.equal(balance, parseEther('1.5'));
    } finally {
      await first.stop();
    }
    assert.equal(isAlive(first.pid), false, 'anvil process is gone after stop()');
    assert.ok(existsSync(stateFile), 'state was dumped on stop');
    await first.stop(); // idempotent

    const second = await startAnvil({ stateFile });
    try {
      const { publicClient } = clientsFor(second);
      const block = await publicClient.getBlock();
      assert.equal(block.number, blockNumber);
      assert.equal(block.hash, blockHash);
      const txBlock = await publicClient.getBlock({ blockNumber: txBlockNumber });
      assert.equal(txBlock.hash, txBlockHash);
      assert.equal(await publicClient.getBalance({ address: RECIPIENT }), balance);
    } finally {
      await second.stop();
    }
    assert.equal(isAlive(second.pid), false);
  });

  test('a second start on the same port fails with a clear error', async () => {
    const first = await startAnvil();
    try {
      await assert.rejects(startAnvil({ port: first.port }), (error: Error) => {
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${first.port} is already in use`));
        return true;
      });
      // the first instance is untouched
      const { publicClient } = clientsFor(first);
      assert.equal(await publicClient.getChainId(), 31337);
    } finally {
      await first.stop();
    }
  });

  test('an anvil that exits early is reported with its stderr', async () => {
    const stateFile = join(tmp, 'corrupt.json');
    writeFileSync(stateFile, 'not json');
    await assert.rejects(startAnvil({ stateFile, chainId: 4242 }), (error: Error) => {
      assert.match(error.message, /anvil exited early/);
      assert.match(error.message, /anvil stderr/);
      assert.match(error.message, /corrupt\.json/);
      return true;
    });
  });
});
