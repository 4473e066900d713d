import type { Abi, Address } from 'viem';
import {
  claimMarketAbi,
  claimMarketBytecode,
  receivablesAbi,
  receivablesBytecode,
  settlementTokenAbi,
  settlementTokenBytecode,
  tierchainLedgerAbi,
  tierchainLedgerBytecode,
} from './generated/index.ts';

const ledger = { abi: tierchainLedgerAbi, bytecode: tierchainLedgerBytecode } as const;

/**
 * The platform's contracts by logical name → ABI and creation bytecode. The member registry, the consortium
 * registry and the claim ledger are one deployed contract (TierchainLedger, see docs/adr/005): their three
 * names share its ABI and address, so callers keep naming the concern they mean.
 */
export const suite = {
  MemberRegistry: ledger,
  ConsortiumRegistry: ledger,
  ClaimLedger: ledger,
  SettlementToken: { abi: settlementTokenAbi, bytecode: settlementTokenBytecode },
  Receivables: { abi: receivablesAbi, bytecode: receivablesBytecode },
  ClaimMarket: { abi: claimMarketAbi, bytecode: claimMarketBytecode },
} as const;

export type ContractName = keyof typeof suite;
export const contractNames = Object.keys(suite) as ContractName[];

/** What is deployed, in order, and which logical names each deployment serves. */
export const deployables = [
  { name: 'TierchainLedger', serves: ['MemberRegistry', 'ConsortiumRegistry', 'ClaimLedger'] },
  { name: 'SettlementToken', serves: ['SettlementToken'] },
  { name: 'Receivables', serves: ['Receivables'] },
  { name: 'ClaimMarket', serves: ['ClaimMarket'] },
] as const satisfies ReadonlyArray<{ name: string; serves: readonly ContractName[] }>;
export type DeployableName = (typeof deployables)[number]['name'];

/** Platform contracts that hold XT or move members' claims; registered as system accounts after deployment. */
export const systemContracts = ['Receivables', 'ClaimMarket'] as const satisfies readonly ContractName[];

/** Deployed addresses of the suite on one chain, by logical name. */
export interface Deployment {
  chainId: number;
  startBlock: bigint;
  contracts: Record<ContractName, Address>;
  /** The contracts' build (generated/sources.sha256) when it was recorded; null for older records. */
  build?: string | null;
}

const memberEvents = new Set([
  'MemberRegistered', 'MemberCertified', 'MemberSuspended', 'MemberReinstated', 'MemberRevoked', 'SystemAccountSet',
  'OwnershipTransferred', 'OwnershipTransferStarted',
]);
const consortiumEvents = new Set([
  'ConsortiumCreated', 'MemberInvited', 'InvitationAccepted', 'InvitationDeclined', 'MemberLeft', 'MemberRemoved',
]);

/** The logical contract an event belongs to, given the logical name its address resolved to. */
export function eventContract(name: ContractName, eventName: string): ContractName {
  if (suite[name] !== ledger) return name;
  if (memberEvents.has(eventName)) return 'MemberRegistry';
  if (consortiumEvents.has(eventName)) return 'ConsortiumRegistry';
  return 'ClaimLedger';
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
