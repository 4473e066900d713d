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

/**
 * Opcodes of runtime code: its instructions up to the first INVALID (0xfe), which the compiler places between the
 * code and the data it appends (constants, the CBOR metadata whose length the last two bytes give).
 */
function opcodes(code: string): Set<number> {
  const bytes = Buffer.from(code.slice(2), 'hex');
  const end = bytes.length >= 2 ? Math.max(0, bytes.length - 2 - bytes.readUInt16BE(bytes.length - 2)) : bytes.length;
  const seen = new Set<number>();
  for (let i = 0; i < end; i++) {
    const op = bytes[i]!;
    if (op === 0xfe) break;
    seen.add(op);
    if (op >= 0x60 && op <= 0x7f) i += op - 0x5f; // PUSH1..PUSH32 carry their data
  }
  return seen;
}

describe('EVM target', () => {
  test('the bindings are built for paris (the default), and the whole suite deploys and runs on a paris chain without PUSH0, MCOPY or transient storage', async () => {
    const { contractSuite } = await import('../platform/modules.ts');
    const { deploySuite } = await import('./deploy.ts');
    for (const d of contractSuite.deployables) assert.ok(d.bytecode.length > 2, `${d.name} has bytecode`);
    const header = readFileSync(join(REPO_ROOT, 'src/modules/claims/generated/TierchainLedger.ts'), 'utf8');
    assert.match(header, /evm paris/);
    const anvil = await startAnvil({ hardfork: 'paris' });
    try {
      const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      const deployed = await deploySuite({
        client: client as never,
        operator: { address: account.address, signTransaction: (tx) => account.signTransaction(tx) },
        chainId: anvil.chainId,
        suite: contractSuite,
        operatorLegalIdHash: `0x${'11'.repeat(32)}`,
      });
      const forbidden = new Map([[0x5f, 'PUSH0'], [0x5e, 'MCOPY'], [0x5c, 'TLOAD'], [0x5d, 'TSTORE']]);
      for (const address of new Set(Object.values(deployed.contracts))) {
        const code = await client.getCode({ address });
        assert.ok(code && code.length > 2, `code at ${address}`);
        const used = [...opcodes(code)].filter((op) => forbidden.has(op)).map((op) => forbidden.get(op));
        assert.deepEqual(used, [], `runtime code at ${address} uses opcodes after Paris`);
      }
    } finally {
      await anvil.stop();
    }
  });
});
