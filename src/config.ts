import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment with embedded defaults. */
export interface Config {
  /** Where the embedded chain state, the PGlite database and secrets are kept. */
  dataDir: string;
  /** External EVM JSON-RPC endpoint; when unset, an embedded anvil is started. */
  rpcUrl: string | undefined;
  /** PostgreSQL connection string; when unset, PGlite under `dataDir/db` is used. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Port of the embedded anvil. */
  chainPort: number;
  /** Confirmations the transaction manager waits for before a command is confirmed. */
  confirmations: number;
  /**
   * How long a request's chain reads (pre-checks) and the chain's readiness probe wait for the node before the request
   * answers 503 `chain_unavailable` (a stopped or overloaded node must not hold requests open).
   */
  chainReadTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(env.TIERCHAIN_DATA_DIR ?? '.tierchain'),
    rpcUrl: env.TIERCHAIN_RPC_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.TIERCHAIN_HOST ?? '127.0.0.1',
    port: intFrom(env.TIERCHAIN_PORT, 8080, 'TIERCHAIN_PORT'),
    chainPort: intFrom(env.TIERCHAIN_CHAIN_PORT, 8545, 'TIERCHAIN_CHAIN_PORT'),
    confirmations: intFrom(env.TIERCHAIN_CONFIRMATIONS, 1, 'TIERCHAIN_CONFIRMATIONS'),
    chainReadTimeoutMs: Math.max(1, intFrom(env.TIERCHAIN_CHAIN_READ_TIMEOUT_MS, 1000, 'TIERCHAIN_CHAIN_READ_TIMEOUT_MS')),
  };
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
