import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createPublicClient, createWalletClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startAnvil } from './anvil.ts';
import {
  GENERATED_DIR,
  REPO_ROOT,
  SOURCE_HASH_FILE,
  camelName,
  computeSourceHash,
  readContractSources,
  readRecordedSourceHash,
} from './compile.ts';
import { baselineERC1155Abi, baselineERC1155Bytecode, baselineERC20Abi, baselineERC20Bytecode } from './generated/index.ts';

const generatedDir = join(REPO_ROOT, GENERATED_DIR);

describe('generated contract bindings', () => {
  test('are up to date with contracts/ (hash only, no recompilation)', () => {
    const recorded = readRecordedSourceHash(generatedDir);
    const current = computeSourceHash();
    assert.ok(
      recorded !== undefined && recorded === current,
      `contracts changed: run npm run build:contracts (recorded ${recorded ?? 'none'} in ${GENERATED_DIR}/${SOURCE_HASH_FILE}, current ${current})`,
    );
  });

  test('index.ts re-exports exactly the generated contract modules', () => {
    const modules = readdirSync(generatedDir)
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
      .sort();
    const index = readFileSync(join(generatedDir, 'index.ts'), 'utf8');
    const exported = [...index.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]!).sort();
    assert.deepEqual(exported, modules);
  });

  test('the source hash covers content and file names', () => {
    const sources = readContractSources();
    const base = computeSourceHash(REPO_ROOT, sources);
    const [first] = Object.keys(sources);
    assert.ok(first);
    assert.notEqual(computeSourceHash(REPO_ROOT, { ...sources, [first]: `${sources[first]}\n// edit` }), base);
    assert.notEqual(computeSourceHash(REPO_ROOT, { ...sources, 'contracts/New.sol': '' }), base);
  });

  test('camelName', () => {
    assert.equal(camelName('BaselineERC20'), 'baselineERC20');
    assert.equal(camelName('SettlementToken'), 'settlementToken');
    assert.equal(camelName('ERC20Mock'), 'erc20Mock');
    assert.equal(camelName('USDCToken'), 'usdcToken');
    assert.equal(camelName('X'), 'x');
  });

  test('baseline contracts deploy and work on anvil', async () => {
    const anvil = await startAnvil();
    try {
      const chain = defineChain({
        id: anvil.chainId,
        name: 'anvil',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [anvil.rpcUrl] } },
      });
      const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
      const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl) });
      const walletClient = createWalletClient({ chain, transport: http(anvil.rpcUrl), account });

      const erc20Hash = await walletClient.deployContract({
        abi: baselineERC20Abi,
        bytecode: baselineERC20Bytecode,
        args: ['Baseline', 'BASE', 1_000n],
      });
      const erc20 = (await publicClient.waitForTransactionReceipt({ hash: erc20Hash })).contractAddress;
      assert.ok(erc20);
      const balance = await publicClient.readContract({
        address: erc20,
        abi: baselineERC20Abi,
        functionName: 'balanceOf',
        args: [account.address],
      });
      assert.equal(balance, 1_000n);

      const erc1155Hash = await walletClient.deployContract({
        abi: baselineERC1155Abi,
        bytecode: baselineERC1155Bytecode,
        args: ['https://example.invalid/{id}.json'],
      });
      const erc1155 = (await publicClient.waitForTransactionReceipt({ hash: erc1155Hash })).contractAddress;
      assert.ok(erc1155);
      const mintHash = await walletClient.writeContract({
        address: erc1155,
        abi: baselineERC1155Abi,
        functionName: 'mint',
        args: [account.address, 7n, 42n, '0x'],
      });
      assert.equal((await publicClient.waitForTransactionReceipt({ hash: mintHash })).status, 'success');
      const minted = await publicClient.readContract({
        address: erc1155,
        abi: baselineERC1155Abi,
        functionName: 'balanceOf',
        args: [account.address, 7n],
      });
      assert.equal(minted, 42n);
    } finally {
      await anvil.stop();
    }
  });
});
