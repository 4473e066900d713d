import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createPublicClient, createWalletClient, defineChain, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { resolveAnvilBinary, startAnvil, type AnvilInstance } from './anvil.ts';
import { findAnvilsOn, readChainPidFile, writeChainPidFile } from './chainOwnership.ts';
import { getFreePort } from './freePort.ts';

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

describe('the embedded chain belongs to the process that started it', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tierchain-anvil-owner-'));
  const started: number[] = [];
  after(async () => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  const rpc = async <T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> => {
    const r = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    return ((await r.json()) as { result: T }).result;
  };
  const head = async (rpcUrl: string) => Number(await rpc<string>(rpcUrl, 'eth_blockNumber'));
  const until = async (what: string, check: () => boolean, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** A process that only sleeps: a stand-in owner or an unrelated process. */
  const sleeper = () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
    started.push(child.pid!);
    return child.pid!;
  };
  /** An anvil on `stateFile` that no platform watches (what a dead platform of an earlier version left running). */
  const bareAnvil = async (stateFile: string) => {
    const port = await getFreePort();
    const child = spawn(resolveAnvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--state', stateFile, '--state-interval', '5', '--silent'], { stdio: 'ignore', detached: true });
    child.unref();
    started.push(child.pid!);
    const rpcUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await head(rpcUrl);
        return { pid: child.pid!, rpcUrl };
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  test('kill -9 of the owner stops its anvil, which saves its whole state first', async () => {
    const stateFile = join(tmp, 'owned', 'state.json');
    const script = `import { startAnvil } from ${JSON.stringify(new URL('./anvil.ts', import.meta.url).pathname)};
      const a = await startAnvil({ stateFile: ${JSON.stringify(stateFile)} });
      process.stdout.write(JSON.stringify({ pid: a.pid, rpcUrl: a.rpcUrl }) + '\\n');
      setInterval(() => {}, 1e6);`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(owner.pid!);
    const line = await new Promise<string>((resolveLine, reject) => {
      let out = '';
      owner.stdout!.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (out.includes('\n')) resolveLine(out.split('\n')[0]!);
      });
      owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) before starting anvil`)));
    });
    const chain = JSON.parse(line) as { pid: number; rpcUrl: string };
    started.push(chain.pid);
    assert.equal(readChainPidFile(stateFile)?.pid, chain.pid, 'the pid file names anvil');
    assert.equal(readChainPidFile(stateFile)?.owner, owner.pid);
    await rpc(chain.rpcUrl, 'anvil_mine', ['0x7']);
    const mined = await head(chain.rpcUrl);

    process.kill(owner.pid!, 'SIGKILL');
    await until(`anvil ${chain.pid} to stop after its owner died`, () => !isAlive(chain.pid));

    // Everything mined up to the kill is in the state file: anvil was stopped with SIGTERM, not killed.
    const again = await startAnvil({ stateFile });
    try {
      assert.equal(await head(again.rpcUrl), mined);
    } finally {
      await again.stop();
    }
    assert.equal(readChainPidFile(stateFile), null, 'a clean stop removes the pid file');
  });

  test('a chain a dead platform left running on the state file is stopped (its state saved) before a new one starts', async () => {
    const stateFile = join(tmp, 'orphan', 'state.json');
    mkdirSync(join(tmp, 'orphan'), { recursive: true });
    const orphan = await bareAnvil(stateFile);
    await rpc(orphan.rpcUrl, 'anvil_mine', ['0x5']);
    const mined = await head(orphan.rpcUrl);
    const deadOwner = sleeper();
    process.kill(deadOwner, 'SIGKILL');
    await until('the owner to be gone', () => !isAlive(deadOwner));
    writeChainPidFile(stateFile, { pid: orphan.pid, owner: deadOwner });

    const notices: string[] = [];
    const next = await startAnvil({ stateFile, onNotice: (m) => notices.push(m) });
    try {
      assert.equal(isAlive(orphan.pid), false, 'the orphan was stopped');
      assert.ok(notices.some((n) => n.includes(`anvil pid ${orphan.pid}`)), notices.join('\n'));
      assert.equal(await head(next.rpcUrl), mined, 'the orphan dumped its state on SIGTERM, and the new chain resumed from it');
      assert.deepEqual(findAnvilsOn(stateFile), [next.pid], 'one chain on the state file');
    } finally {
      await next.stop();
    }
  });

  test('a state file whose chain belongs to a running process, or to no recorded platform, is refused, naming the pid', async () => {
    const stateFile = join(tmp, 'busy', 'state.json');
    mkdirSync(join(tmp, 'busy'), { recursive: true });
    const other = await bareAnvil(stateFile);
    try {
      await assert.rejects(startAnvil({ stateFile }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'anvil_state_in_use');
        assert.match(error.message, new RegExp(`in use by another anvil \\(pid ${other.pid}\\) that no Tierchain platform recorded`));
        return true;
      });
      const liveOwner = sleeper();
      writeChainPidFile(stateFile, { pid: other.pid, owner: liveOwner });
      await assert.rejects(startAnvil({ stateFile }), new RegExp(`in use by anvil \\(pid ${other.pid}\\), started by process ${liveOwner}, which still runs`));
      assert.equal(isAlive(other.pid), true, 'a chain whose owner runs is left alone');
    } finally {
      process.kill(other.pid, 'SIGKILL');
    }
  });

  test('a pid file naming a process that is not an anvil on this state file (a reused pid) is ignored, and that process left alone', async () => {
    const stateFile = join(tmp, 'reused', 'state.json');
    mkdirSync(join(tmp, 'reused'), { recursive: true });
    const unrelated = sleeper();
    writeChainPidFile(stateFile, { pid: unrelated, owner: 999_999_999 });
    const chain = await startAnvil({ stateFile });
    try {
      assert.equal(isAlive(unrelated), true);
      assert.equal(readChainPidFile(stateFile)?.pid, chain.pid);
    } finally {
      await chain.stop();
      process.kill(unrelated, 'SIGKILL');
    }
  });
});
