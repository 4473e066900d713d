import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Address, Hex, TransactionSerializable } from 'viem';
import type { Queryable } from '../db/database.ts';
import { NotFoundError } from '../common/errors.ts';

/**
 * What the transaction manager needs from a key: its address and a signature over a transaction.
 * The custodial key store implements it; an external signer or KMS can replace it.
 */
export interface Signer {
  readonly address: Address;
  signTransaction(transaction: TransactionSerializable): Promise<Hex>;
}

export interface KeyStore {
  /** Creates a new key, stores it encrypted, and returns its address. */
  createKey(db?: Queryable): Promise<Address>;
  /** Imports an existing private key (e.g. a pre-funded operator key for an external chain). */
  importKey(privateKey: Hex, db?: Queryable): Promise<Address>;
  signer(address: Address): Promise<Signer>;
}

const ALGORITHM = 'aes-256-gcm';

/**
 * Loads the 32-byte master key that encrypts custodial keys: from TIERCHAIN_MASTER_KEY (64 hex chars) or from
 * `<dataDir>/secrets/master.key`, created with mode 0600 on first use.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.TIERCHAIN_MASTER_KEY;
  if (fromEnv) {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('TIERCHAIN_MASTER_KEY must be 32 bytes in hex');
    return Buffer.from(fromEnv.replace(/^0x/, ''), 'hex');
  }
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return key;
}

export function encryptSecret(masterKey: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, masterKey, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('hex'), cipher.getAuthTag().toString('hex'), body.toString('hex')].join(':');
}

export function decryptSecret(masterKey: Buffer, sealed: string, associatedData: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown key encryption format');
  const decipher = createDecipheriv(ALGORITHM, masterKey, Buffer.from(iv, 'hex'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'hex')), decipher.final()]).toString('utf8');
}

/** Custodial key store: private keys encrypted at rest in `signer_keys`, bound to their address. */
export function createKeyStore(p: { db: Queryable; masterKey: Buffer }): KeyStore {
  const cache = new Map<string, Signer>();

  async function store(privateKey: Hex, db: Queryable): Promise<Address> {
    const account = privateKeyToAccount(privateKey);
    const address = account.address.toLowerCase() as Address;
    await db.query('INSERT INTO signer_keys (address, ciphertext) VALUES ($1, $2) ON CONFLICT (address) DO NOTHING', [
      address,
      encryptSecret(p.masterKey, privateKey, address),
    ]);
    return address;
  }

  return {
    createKey: (db = p.db) => store(generatePrivateKey(), db),
    importKey: (privateKey, db = p.db) => store(privateKey, db),
    async signer(address) {
      const key = address.toLowerCase();
      const cached = cache.get(key);
      if (cached) return cached;
      const { rows } = await p.db.query<{ ciphertext: string }>('SELECT ciphertext FROM signer_keys WHERE address = $1', [key]);
      const row = rows[0];
      if (!row) throw new NotFoundError('signer_key', key);
      const account = privateKeyToAccount(decryptSecret(p.masterKey, row.ciphertext, key) as Hex);
      const signer: Signer = { address: account.address, signTransaction: (tx) => account.signTransaction(tx) };
      cache.set(key, signer);
      return signer;
    },
  };
}
