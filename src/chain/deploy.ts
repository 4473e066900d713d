import { readFileSync } from 'node:fs';
import { encodeDeployData, encodeFunctionData, type Abi, type Address, type Hex, type PublicClient, type TransactionSerializable } from 'viem';
import type { Queryable } from '../db/database.ts';
import type { Signer } from '../ledger/keyStore.ts';
import { contractNames, deployables, suite, systemContracts, type ContractName, type DeployableName, type Deployment } from './contracts.ts';

export interface DeploySuiteParameters {
  client: PublicClient;
  operator: Signer;
  chainId: number;
  /** Hash of the operator's legal identity, registered as the first member. */
  operatorLegalIdHash: Hex;
  onProgress?: (step: { contract: DeployableName | 'configure'; index: number; total: number; address: Address; gasUsed: bigint }) => void;
}

export type DeployStep = Parameters<NonNullable<DeploySuiteParameters['onProgress']>>[0];

/** One line of deployment progress, e.g. `[1/6] TierchainLedger at 0x… (3432117 gas)`. */
export function describeDeployStep(s: DeployStep): string {
  const what = s.contract === 'configure' ? `registered ${s.address} as a platform contract` : `${s.contract} at ${s.address}`;
  return `[${s.index + 1}/${s.total}] ${what} (${s.gasUsed} gas)`;
}

export interface DeploySuiteResult extends Deployment {
  gasUsed: Record<DeployableName, bigint>;
  /** Gas of the configuration transactions after deployment (registering platform contracts). */
  configureGasUsed: bigint;
  txHashes: Record<DeployableName, Hex>;
}

/** Constructor arguments of each deployable, given the addresses deployed before it. */
function constructorArgs(name: DeployableName, operator: Address, legalId: Hex, d: Partial<Record<ContractName, Address>>) {
  switch (name) {
    case 'TierchainLedger':
      return [operator, legalId];
    case 'SettlementToken':
      return [d.MemberRegistry];
    case 'Receivables':
      return [d.ClaimLedger, d.MemberRegistry, d.ConsortiumRegistry, d.SettlementToken];
    case 'ClaimMarket':
      return [d.ClaimLedger, d.MemberRegistry, d.SettlementToken];
  }
}

/**
 * Deploys the whole suite from the operator's key, one contract after the other, waiting for each receipt.
 * Works against any EVM JSON-RPC endpoint (no node-specific methods).
 */
export async function deploySuite(p: DeploySuiteParameters): Promise<DeploySuiteResult> {
  const deployed: Partial<Record<ContractName, Address>> = {};
  const gasUsed = {} as Record<DeployableName, bigint>;
  const txHashes = {} as Record<DeployableName, Hex>;
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

  const total = deployables.length + systemContracts.length;
  for (const [index, { name, serves }] of deployables.entries()) {
    const { abi, bytecode } = suite[serves[0]];
    const data = encodeDeployData({
      abi: abi as Abi,
      bytecode: bytecode as Hex,
      args: constructorArgs(name, p.operator.address, p.operatorLegalIdHash, deployed) as unknown[],
    });
    const { hash, receipt } = await send(data);
    if (!receipt.contractAddress) throw new Error(`deployment of ${name} created no contract (tx ${hash})`);
    const address = receipt.contractAddress.toLowerCase() as Address;
    for (const logical of serves) deployed[logical] = address;
    gasUsed[name] = receipt.gasUsed;
    txHashes[name] = hash;
    startBlock ??= receipt.blockNumber;
    p.onProgress?.({ contract: name, index, total, address, gasUsed: receipt.gasUsed });
  }
  // Settlement and market hold XT and move members' claims: the registry must know them as platform contracts.
  let configureGasUsed = 0n;
  for (const [i, name] of systemContracts.entries()) {
    const data = encodeFunctionData({ abi: suite.MemberRegistry.abi, functionName: 'setSystemAccount', args: [deployed[name]!, true] });
    const { receipt } = await send(data, deployed.MemberRegistry);
    configureGasUsed += receipt.gasUsed;
    p.onProgress?.({ contract: 'configure', index: deployables.length + i, total, address: deployed[name]!, gasUsed: receipt.gasUsed });
  }
  return { chainId: p.chainId, startBlock: startBlock ?? 0n, contracts: deployed as Record<ContractName, Address>, gasUsed, configureGasUsed, txHashes };
}

/**
 * The build of the contracts this code carries: the source hash recorded with the generated bindings
 * (src/chain/generated/sources.sha256). Stored with each deployment; a suite of another build is not this code's.
 */
export const SUITE_BUILD = readFileSync(new URL('./generated/sources.sha256', import.meta.url), 'utf8').trim();

export async function saveDeployment(db: Queryable, d: DeploySuiteResult): Promise<void> {
  const txOf = (name: ContractName) => d.txHashes[deployables.find((x) => (x.serves as readonly ContractName[]).includes(name))!.name];
  for (const name of contractNames) {
    await db.query(
      `INSERT INTO deployments (chain_id, name, address, tx_hash, block_number, build) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id, name) DO UPDATE SET address = EXCLUDED.address, tx_hash = EXCLUDED.tx_hash,
         block_number = EXCLUDED.block_number, build = EXCLUDED.build, deployed_at = now()`,
      [d.chainId, name, d.contracts[name], txOf(name), d.startBlock.toString(), SUITE_BUILD],
    );
  }
}

/** The suite recorded for `chainId`, or null when it was never deployed there (or only partly). */
export async function loadDeployment(db: Queryable, chainId: number): Promise<Deployment | null> {
  const { rows } = await db.query<{ name: ContractName; address: Address; block_number: string; build: string | null }>(
    'SELECT name, address, block_number, build FROM deployments WHERE chain_id = $1',
    [chainId],
  );
  if (rows.length < contractNames.length) return null;
  const contracts = Object.fromEntries(rows.map((r) => [r.name, r.address])) as Record<ContractName, Address>;
  if (contractNames.some((n) => !contracts[n])) return null;
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
