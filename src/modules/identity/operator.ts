import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import type { Database, Queryable } from '../../db/database.ts';
import type { KeyStore } from '../../ledger/keyStore.ts';
import { legalIdentityHash } from './legalIdentity.ts';
import { createUserWithKey } from './apiKeys.ts';

export interface OperatorIdentity {
  address: Address;
  legalIdHash: Hex;
  memberId: string;
  /** The first API key; known only when it was created in this run or kept in the data directory. */
  apiKey: string | null;
}

/**
 * The platform operator: its key, its member profile and its admin user. Created once, on the first start;
 * its first API key is written to `<dataDir>/operator-api-key` (mode 0600) so later starts can show it.
 */
export async function ensureOperator(p: {
  db: Database;
  keys: KeyStore;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<OperatorIdentity> {
  const env = p.env ?? process.env;
  const keyFile = join(p.dataDir, 'operator-api-key');
  const { rows } = await p.db.query<{ value: { address: Address; memberId: string; legalIdHash: Hex } }>(
    `SELECT value FROM platform_settings WHERE key = 'operator'`,
  );
  if (rows[0]) {
    const v = rows[0].value;
    return { ...v, apiKey: existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null };
  }
  const name = env.TIERCHAIN_OPERATOR_NAME ?? 'Tierchain Platform Operator';
  const registrationNumber = env.TIERCHAIN_OPERATOR_REGISTRATION ?? 'TIERCHAIN-OPERATOR';
  const legalIdHash = legalIdentityHash(registrationNumber, name);
  const memberId = randomUUID();
  const result = await p.db.transaction(async (tx) => {
    const address = env.TIERCHAIN_OPERATOR_KEY
      ? await p.keys.importKey(env.TIERCHAIN_OPERATOR_KEY as Hex, tx)
      : await p.keys.createKey(tx);
    await tx.query(
      `INSERT INTO members (id, name, registration_number, legal_id_hash, address, requested_roles) VALUES ($1, $2, $3, $4, $5, $6)`,
      [memberId, name, registrationNumber, legalIdHash, address, ['operator']],
    );
    const { apiKey } = await createUserWithKey(tx, { memberId, name: 'Operator admin', role: 'admin' });
    await tx.query(`INSERT INTO platform_settings (key, value) VALUES ('operator', $1)`, [
      JSON.stringify({ address, memberId, legalIdHash }),
    ]);
    return { address, apiKey };
  });
  mkdirSync(p.dataDir, { recursive: true });
  writeFileSync(keyFile, result.apiKey + '\n', { mode: 0o600 });
  return { address: result.address, legalIdHash, memberId, apiKey: result.apiKey };
}

/** The platform operator's address (lower case), or null before the first start recorded it. */
export async function operatorAddress(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ address: string }>(`SELECT value->>'address' AS address FROM platform_settings WHERE key = 'operator'`);
  return rows[0]?.address?.toLowerCase() ?? null;
}
