import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import type { Address, Hex } from 'viem';
import type { Config } from '../config.ts';
import { CliError } from './errors.ts';

/** Where the database lives, without the password of a connection string. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite in ${join(config.dataDir, 'db')}`;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL at ${url.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/**
 * The contract addresses as `address  names` lines, each starting with `indent`. Logical contracts served by one
 * deployed contract (e.g. the registries and the claim ledger) share a line.
 */
export function contractLines(contracts: Record<string, Address>, indent: string): string[] {
  const byAddress = new Map<string, string[]>();
  for (const [name, deployed] of Object.entries(contracts)) {
    const address = deployed.toLowerCase();
    byAddress.set(address, [...(byAddress.get(address) ?? []), name]);
  }
  return [...byAddress].map(([address, names]) => `${indent}${address}  ${names.join(', ')}`);
}

/** True when the web console has been built (startPlatform serves `web/dist` when it exists). */
export function consoleBuilt(): boolean {
  return existsSync(new URL('../../web/dist', import.meta.url).pathname);
}

/** The address of TIERCHAIN_OPERATOR_KEY, or undefined when unset; a malformed key is refused up front. */
export function operatorKeyAddress(env: NodeJS.ProcessEnv): Address | undefined {
  const key = env.TIERCHAIN_OPERATOR_KEY;
  if (!key) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new CliError('TIERCHAIN_OPERATOR_KEY must be a private key: 0x followed by 64 hex digits');
  }
  return privateKeyToAccount(key as Hex).address.toLowerCase() as Address;
}
