import { readFileSync } from 'node:fs';
import { encodeDeployData, encodeFunctionData, type Abi, type Address, type Hex, type PublicClient, type TransactionSerializable } from 'viem';
import type { Queryable } from '../db/database.ts';
import type { Signer } from '../ledger/keyStore.ts';
import type { ContractSuite, Deployment } from './contracts.ts';

export interface DeploySuiteParameters {
  client: PublicClient;
  operator: Signer;
  chainId: number;
  /** The modules' contracts (src/platform/modules.ts). */
  suite: ContractSuite;
  /** Hash of the operator's legal identity, registered as the first member. */
  operatorLegalIdHash: Hex;
  onProgress?: (step: { contract: string; index: number; total: number; address: Address; gasUsed: bigint; description?: string }) => void;
}

export type DeployStep = Parameters<NonNullable<DeploySuiteParameters['onProgress']>>[0];

/** One line of deployment progress, e.g. `[1/6] TierchainLedger at 0x… (3432117 gas)`. */
export function describeDeployStep(s: DeployStep): string {
  const what = s.contract === 'configure' ? (s.description ?? `configured ${s.address}`) : `${s.contract} at ${s.address}`;
  return `[${s.index + 1}/${s.total}] ${what} (${s.gasUsed} gas)`;
}

export interface DeploySuiteResult extends Deployment {
  /** Gas of each deployment, by deployed contract name. */
  gasUsed: Record<string, bigint>;
  /** Gas of the configuration transactions after deployment (registering platform contracts). */
  configureGasUsed: bigint;
  /** Deployment transaction of each logical contract. */
  txHashes: Record<string, Hex>;
}

/**
 * Deploys the whole suite from the operator's key, one contract after the other (each after those whose addresses
 * it takes), waiting for each receipt, then makes the configuration calls. Works against any EVM JSON-RPC endpoint
 * (no node-specific methods).
 */
export async function deploySuite(p: DeploySuiteParameters): Promise<DeploySuiteResult> {
  const deployed: Record<string, Address> = {};
  const gasUsed: Record<string, bigint> = {};
  const txHashes: Record<string, Hex> = {};
  let startBlock: bigint | undefined;
  let nonce = await p.client.getTransactionCount({ address: p.operator.address, blockTag: 'pending' });

  const send = async (data: Hex, to?: Address) => {
    const gas = await p.client.estimateGas({ account: p.operator.address, data, to });
    const fees = await p.client.estimateFeesPerGas().catch(() => null);
    const tx: TransactionSerializable = fees
      ? { type: 'eip1559', chainId: p.chainId, nonce, to, data, gas: (gas * 12n) / 10n, ...fees }
      : { type: 'legacy', chainId: p.chainId, nonce, to, data, gas: (gas * 12n) / 10n, gasPrice: await p.client.getGasPrice() };
    const hash = await p.client.sendRawTransaction({ serializedTransaction: await p.operator.signTransaction(tx) });
    const receipt = await p.client.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 120_000 });
    if (receipt.status !== 'success') throw new Error(`deployment transaction ${hash} reverted`);
    nonce += 1;
    return { hash, receipt };
  };

  const { deployables, configure } = p.suite;
  const total = deployables.length + configure.length;
  for (const [index, d] of deployables.entries()) {
    const data = encodeDeployData({
      abi: d.abi,
      bytecode: d.bytecode,
      args: d.args({ deployed, operator: p.operator.address, operatorLegalIdHash: p.operatorLegalIdHash }) as unknown[],
    });
    const { hash, receipt } = await send(data);
    if (!receipt.contractAddress) throw new Error(`deployment of ${d.name} created no contract (tx ${hash})`);
    const address = receipt.contractAddress.toLowerCase() as Address;
    for (const logical of d.serves) {
      deployed[logical] = address;
      txHashes[logical] = hash;
    }
    gasUsed[d.name] = receipt.gasUsed;
    startBlock ??= receipt.blockNumber;
    p.onProgress?.({ contract: d.name, index, total, address, gasUsed: receipt.gasUsed });
  }
  let configureGasUsed = 0n;
  for (const [i, step] of configure.entries()) {
    const to = deployed[step.contract];
    if (!to) throw new Error(`configuration calls ${step.contract}, which was not deployed`);
    const data = encodeFunctionData({ abi: p.suite.abi(step.contract) as Abi, functionName: step.functionName, args: step.args(deployed) as unknown[] });
    const { receipt } = await send(data, to);
    configureGasUsed += receipt.gasUsed;
    p.onProgress?.({ contract: 'configure', index: deployables.length + i, total, address: to, gasUsed: receipt.gasUsed, description: step.describe(deployed) });
  }
  return { chainId: p.chainId, startBlock: startBlock ?? 0n, contracts: deployed, gasUsed, configureGasUsed, txHashes };
}

/**
 * The build of the contracts this code carries: the source hash recorded with the generated bindings
 * (src/chain/generated/sources.sha256). Stored with each deployment; a suite of another build is not this code's.
 */
export const SUITE_BUILD = readFileSync(new URL('./generated/sources.sha256', import.meta.url), 'utf8').trim();

export async function saveDeployment(db: Queryable, d: DeploySuiteResult): Promise<void> {
  const txOf = (name: string) => d.txHashes[name] ?? null;
  for (const name of Object.keys(d.contracts)) {
    await db.query(
      `INSERT INTO deployments (chain_id, name, address, tx_hash, block_number, build) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id, name) DO UPDATE SET address = EXCLUDED.address, tx_hash = EXCLUDED.tx_hash,
         block_number = EXCLUDED.block_number, build = EXCLUDED.build, deployed_at = now()`,
      [d.chainId, name, d.contracts[name], txOf(name), d.startBlock.toString(), SUITE_BUILD],
    );
  }
}

/**
 * The suite recorded for `chainId`, or null when it was never deployed there, or only partly (some of `names`, the
 * suite's logical contracts, missing).
 */
export async function loadDeployment(db: Queryable, chainId: number, names: readonly string[]): Promise<Deployment | null> {
  const { rows } = await db.query<{ name: string; address: Address; block_number: string; build: string | null }>(
    'SELECT name, address, block_number, build FROM deployments WHERE chain_id = $1',
    [chainId],
  );
  if (rows.length === 0) return null;
  const contracts = Object.fromEntries(rows.map((r) => [r.name, r.address])) as Record<string, Address>;
  if (names.some((n) => !contracts[n])) return null;
  const startBlock = rows.reduce((min, r) => (BigInt(r.block_number) < min ? BigInt(r.block_number) : min), BigInt(rows[0]!.block_number));
  // One build for the whole suite; a row without one (or rows that disagree) is an older or mixed suite.
  const builds = new Set(rows.map((r) => r.build));
  const build = builds.size === 1 ? [...builds][0]! : null;
  return { chainId, startBlock, contracts, build };
}

/** Refuses a recorded suite of another build than this code's, with what to do about it. */
export function requireCurrentBuild(d: Deployment & { build?: string | null }, where: string): void {
  if (d.build === SUITE_BUILD) return;
  const recorded = d.build ? `build ${d.build.slice(0, 12)}` : 'an earlier build (before builds were recorded)';
  throw new Error(
    `the contracts recorded for chain ${d.chainId} in ${where} were deployed from ${recorded}; this version of Tierchain ` +
      `carries build ${SUITE_BUILD.slice(0, 12)}, whose contracts differ (functions, events, rules). Start with a fresh data ` +
      `directory (move the old one away), or deploy this build to a new chain with \`tierchain deploy\` and a new database.`,
  );
}
