import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment with embedded defaults. */
export interface Config {
  /** Where the embedded chain state, the PGlite database and secrets are kept. */
  dataDir: string;
  /**
   * External EVM JSON-RPC endpoint, or several nodes of one chain separated by commas (failover:
   * src/chain/chainNodes.ts; `rpcUrlsFrom` splits them); when unset, an embedded anvil is started.
   */
  rpcUrl: string | undefined;
  /** PostgreSQL connection string; when unset, PGlite under `dataDir/db` is used. */
  databaseUrl: string | undefined;
  /** With DATABASE_URL: the schema the platform's tables live in (TIERCHAIN_DATABASE_SCHEMA; default the server's search_path). */
  databaseSchema: string | undefined;
  host: string;
  port: number;
  /** Port of the embedded anvil. */
  chainPort: number;
  /** Confirmations the transaction manager waits for before a command is confirmed. */
  confirmations: number;
  /** Level of the API's JSON log on stderr: fatal, error, warn, info (default: 5xx at error, 4xx at info), debug, trace, silent. */
  logLevel: string;
  /** Reverse proxies whose X-Forwarded-For gives the client's address: addresses/CIDRs, comma-separated, or `true`. */
  trustProxy: boolean | string;
  /**
   * How long a request's chain reads (pre-checks) and the chain's readiness probe wait for the node before the request
   * answers 503 `chain_unavailable` (a stopped or overloaded node must not hold requests open).
   */
  chainReadTimeoutMs: number;
  /**
   * The term of an instance's leases (its signers' transaction-manager work, the indexer): when several instances share
   * one database, a dead instance's work passes to another within about this long.
   */
  leaseTtlMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(env.TIERCHAIN_DATA_DIR ?? '.tierchain'),
    rpcUrl: rpcUrlsFrom(env.TIERCHAIN_RPC_URL).join(',') || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.TIERCHAIN_DATABASE_SCHEMA || undefined,
    host: env.TIERCHAIN_HOST ?? '127.0.0.1',
    port: intFrom(env.TIERCHAIN_PORT, 8080, 'TIERCHAIN_PORT'),
    chainPort: intFrom(env.TIERCHAIN_CHAIN_PORT, 8545, 'TIERCHAIN_CHAIN_PORT'),
    confirmations: intFrom(env.TIERCHAIN_CONFIRMATIONS, 1, 'TIERCHAIN_CONFIRMATIONS'),
    logLevel: logLevelFrom(env.TIERCHAIN_LOG_LEVEL),
    trustProxy: trustProxyFrom(env.TIERCHAIN_TRUST_PROXY),
    chainReadTimeoutMs: Math.max(1, intFrom(env.TIERCHAIN_CHAIN_READ_TIMEOUT_MS, 1000, 'TIERCHAIN_CHAIN_READ_TIMEOUT_MS')),
    leaseTtlMs: Math.max(1000, intFrom(env.TIERCHAIN_LEASE_TTL_MS, 10_000, 'TIERCHAIN_LEASE_TTL_MS')),
  };
}

/** TIERCHAIN_RPC_URL's URLs: one, or several separated by commas (the nodes of one chain, for failover). */
export function rpcUrlsFrom(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const urls = value.split(',').map((u) => u.trim());
  for (const url of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new Error(`TIERCHAIN_RPC_URL must be one http(s) URL, or several separated by commas, got "${url}" in "${value}"`);
    }
  }
  const twice = urls.find((u, i) => urls.indexOf(u) !== i);
  if (twice) throw new Error(`TIERCHAIN_RPC_URL names ${twice} twice`);
  return urls;
}

function logLevelFrom(value: string | undefined): string {
  if (value === undefined || value === '') return 'info';
  if (!LOG_LEVELS.includes(value)) throw new Error(`TIERCHAIN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return value;
}

function trustProxyFrom(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (!/^[0-9A-Za-z.:/_, -]+$/.test(value)) {
    throw new Error(`TIERCHAIN_TRUST_PROXY must be true, false, or the proxies' addresses/CIDRs separated by commas, got "${value}"`);
  }
  return value;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
