/**
 * Document encryption (ADR 018): each document has its own 256-bit key (AES-256-GCM); that key is wrapped for each
 * member entitled to read it with the member's X25519 document key — an ephemeral X25519 agreement, HKDF-SHA-256
 * and AES-256-GCM (ECIES). The platform stores ciphertext and wrapped keys only: it cannot read a document after
 * upload; a member unwraps with its private key, which stays with it. Node's crypto throughout.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';

export interface SealedDocument {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/** A document key wrapped for one member: base64 fields, as JSON. */
export interface WrappedKey {
  v: 1;
  /** The ephemeral X25519 public key (SPKI DER, base64). */
  epk: string;
  iv: string;
  tag: string;
  key: string;
}

const INFO = Buffer.from('tierchain document key v1');

export function encryptDocument(plaintext: Uint8Array): { sealed: SealedDocument; documentKey: Buffer } {
  const documentKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', documentKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { sealed: { ciphertext, iv, tag: cipher.getAuthTag() }, documentKey };
}

export function decryptDocument(sealed: SealedDocument, documentKey: Uint8Array): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', documentKey, sealed.iv);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

const kek = (shared: Buffer, epk: Buffer) => Buffer.from(hkdfSync('sha256', shared, epk, INFO, 32));

/** Wraps `documentKey` for the holder of the X25519 key `publicKeyPem`. */
export function wrapKey(documentKey: Uint8Array, publicKeyPem: string): WrappedKey {
  const recipient = createPublicKey(publicKeyPem);
  if (recipient.asymmetricKeyType !== 'x25519') throw new Error('a document key is an X25519 public key');
  const ephemeral = generateKeyPairSync('x25519');
  const epk = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), epk), iv);
  const key = Buffer.concat([cipher.update(documentKey), cipher.final()]);
  return { v: 1, epk: epk.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), key: key.toString('base64') };
}

/** Unwraps a document key with the member's X25519 private key. */
export function unwrapKey(wrapped: WrappedKey, privateKeyPem: string): Buffer {
  const epk = Buffer.from(wrapped.epk, 'base64');
  const shared = diffieHellman({ privateKey: createPrivateKey(privateKeyPem), publicKey: createPublicKey({ key: epk, format: 'der', type: 'spki' }) });
  const decipher = createDecipheriv('aes-256-gcm', kek(shared, epk), Buffer.from(wrapped.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(wrapped.key, 'base64')), decipher.final()]);
}

/** A member's document key pair (X25519, PEM): the public half is registered, the private half kept by the member. */
export function newDocumentKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * Opens a document as the API answers it for a reader: unwraps the key with the reader's private key, decrypts, and
 * checks the plaintext's SHA-256 and SM3 against the digests the chain holds (a copy that differs was changed).
 */
export function openSealed(
  sealed: { ciphertext: string; iv: string; tag: string; wrappedKey: WrappedKey; onChain: { sha256: string; sm3: string } },
  privateKeyPem: string,
): Buffer {
  const key = unwrapKey(sealed.wrappedKey, privateKeyPem);
  const plaintext = decryptDocument({ ciphertext: Buffer.from(sealed.ciphertext, 'base64'), iv: Buffer.from(sealed.iv, 'base64'), tag: Buffer.from(sealed.tag, 'base64') }, key);
  key.fill(0);
  const sha256 = createHash('sha256').update(plaintext).digest('hex');
  const sm3 = createHash('sm3').update(plaintext).digest('hex');
  if (sha256 !== sealed.onChain.sha256.toLowerCase() || sm3 !== sealed.onChain.sm3.toLowerCase()) throw new Error('the document does not match the digests on-chain: it was changed');
  return plaintext;
}

/** The owner's re-wrap for a grantee: unwrap with the owner's private key, wrap for the grantee's public key. */
export function rewrapKey(wrapped: WrappedKey, ownerPrivateKeyPem: string, granteePublicKeyPem: string): WrappedKey {
  const key = unwrapKey(wrapped, ownerPrivateKeyPem);
  try {
    return wrapKey(key, granteePublicKeyPem);
  } finally {
    key.fill(0);
  }
}
