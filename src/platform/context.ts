import type { Address, PublicClient } from 'viem';
import type { Database } from '../db/database.ts';
import type { Deployment } from '../chain/contracts.ts';
import type { RevertDecoder } from '../chain/decodeRevert.ts';
import type { KeyStore } from '../ledger/keyStore.ts';
import type { TransactionManager } from '../ledger/transactionManager.ts';
import type { Indexer } from '../indexer/indexer.ts';
import type { CreditFactContribution } from './module.ts';

/** What a module's use cases get from the platform: storage, keys, the deployed suite, and the two engines. */
export interface ModuleContext {
  db: Database;
  keys: KeyStore;
  deployment: Deployment;
  chainId: number;
  /** The platform operator's address: admin of the contracts and signer of operator commands. */
  operator: Address;
  txManager: TransactionManager;
  indexer: Indexer;
  /** Reads chain state (views, logs, block time) for pre-checks; never used to send transactions. */
  client: PublicClient;
  /** Decodes a revert of any of the suite's contracts into its error name, arguments and a sentence. */
  decodeRevert: RevertDecoder;
  /** Every module's credit facts source (the modules' `creditFacts`), which the credit module scores. */
  creditFacts: readonly CreditFactContribution[];
  /** Called after API keys or users change, so cached principals are dropped (the platform's authenticator). */
  credentialsChanged?: () => void;
}
