/**
 * The platform's logical contracts with their typed ABIs, for tests that call or read the chain directly. (The
 * platform itself composes them from the modules: src/platform/modules.ts.)
 */
import type { Address } from 'viem';
import { addressOf, type Deployment } from '../../src/chain/contracts.ts';
import { claimLedgerAbi, claimMarketAbi } from '../../src/modules/claims/generated/index.ts';
import { settlementTokenAbi } from '../../src/modules/currency/generated/index.ts';
import { consortiumRegistryAbi, memberRegistryAbi } from '../../src/modules/identity/generated/index.ts';
import { receivablesAbi } from '../../src/modules/receivables/generated/index.ts';
import { collateralVaultAbi, goodsTokenAbi } from '../../src/modules/collateral/generated/index.ts';
import { p2PListingsAbi, poolGovernanceAbi, tranchedPoolsAbi } from '../../src/modules/investment/generated/index.ts';
import { leaseBookAbi, serviceProvidersAbi } from '../../src/modules/leasing/generated/index.ts';

export const suite = {
  MemberRegistry: { abi: memberRegistryAbi },
  ConsortiumRegistry: { abi: consortiumRegistryAbi },
  ClaimLedger: { abi: claimLedgerAbi },
  SettlementToken: { abi: settlementTokenAbi },
  Receivables: { abi: receivablesAbi },
  ClaimMarket: { abi: claimMarketAbi },
  GoodsToken: { abi: goodsTokenAbi },
  CollateralVault: { abi: collateralVaultAbi },
  P2PListings: { abi: p2PListingsAbi },
  TranchedPools: { abi: tranchedPoolsAbi },
  PoolGovernance: { abi: poolGovernanceAbi },
  ServiceProviders: { abi: serviceProvidersAbi },
  LeaseBook: { abi: leaseBookAbi },
} as const;

export type ContractName = keyof typeof suite;

/** Where a logical contract is deployed. */
export const at = (d: Pick<Deployment, 'contracts' | 'chainId'>, name: ContractName): Address => addressOf(d, name);

/** A command target (src/ledger/commands.ts contractCall) for a logical contract. */
export const target = (d: Pick<Deployment, 'contracts' | 'chainId'>, name: ContractName) => ({ name, address: at(d, name), abi: suite[name].abi });
