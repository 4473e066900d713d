import type { Abi, Address } from 'viem';
import {
  claimLedgerAbi,
  claimLedgerBytecode,
  claimMarketAbi,
  claimMarketBytecode,
  receivablesAbi,
  receivablesBytecode,
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
  memberRegistryAbi,
  memberRegistryBytecode,
  settlementTokenAbi,
  settlementTokenBytecode,
} from './generated/index.ts';

/** The platform's contract suite: name → ABI and creation bytecode. */
export const suite = {
  MemberRegistry: { abi: memberRegistryAbi, bytecode: memberRegistryBytecode },
  ConsortiumRegistry: { abi: consortiumRegistryAbi, bytecode: consortiumRegistryBytecode },
  SettlementToken: { abi: settlementTokenAbi, bytecode: settlementTokenBytecode },
  ClaimLedger: { abi: claimLedgerAbi, bytecode: claimLedgerBytecode },
  Receivables: { abi: receivablesAbi, bytecode: receivablesBytecode },
  ClaimMarket: { abi: claimMarketAbi, bytecode: claimMarketBytecode },
} as const;

/** Platform contracts that hold XT or move members' claims; registered as system accounts after deployment. */
export const systemContracts = ['Receivables', 'ClaimMarket'] as const satisfies readonly ContractName[];

export type ContractName = keyof typeof suite;
export const contractNames = Object.keys(suite) as ContractName[];

/** Deployed addresses of the suite on one chain. */
export interface Deployment {
  chainId: number;
  startBlock: bigint;
  contracts: Record<ContractName, Address>;
}

/** Every error of every contract, deduplicated by signature, to decode any revert we may see. */
export const allErrorsAbi: Abi = dedupe(
  Object.values(suite).flatMap(({ abi }) => (abi as Abi).filter((item) => item.type === 'error')),
);

function dedupe(items: Abi): Abi {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
