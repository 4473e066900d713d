/**
 * Documents, read side. Reading a document answers its ciphertext with the caller's wrapped key, only when the chain
 * says the caller may read it (its owner, a grantee, a regulator) and a key was wrapped for it; every attempt, allowed
 * or not, is logged.
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { seesEverything, type Principal } from '../identity/index.ts';
import { documentRegistry } from './contracts.ts';
import type { WrappedKey } from './envelope.ts';
import type { DocumentRead, SealedForReader, StoredDocument } from './schemas.ts';

type Row = { id: string; name: string; kind: StoredDocument['kind']; owner_id: string; sha256: string; sm3: string; size: number; created_at: Date };
const view = (r: Row): StoredDocument => ({ id: r.id, name: r.name, kind: r.kind, ownerId: r.owner_id, sha256: r.sha256, sm3: r.sm3, size: r.size, at: r.created_at.toISOString() });
const COLUMNS = 'id, name, kind, owner_id, sha256, sm3, size, created_at';

export async function documentOf(db: Queryable, id: string): Promise<StoredDocument | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE id = $1`, [id.toLowerCase()]);
  return rows[0] ? view(rows[0]) : null;
}

/** The documents the caller can open (a key is wrapped for it); all, for the operator (metadata only). */
export async function listDocuments(db: Queryable, by: Principal, p: { limit: number }): Promise<StoredDocument[]> {
  const { rows } = await db.query<Row>(
    by.isOperator
      ? `SELECT ${COLUMNS} FROM documents ORDER BY created_at DESC LIMIT $1`
      : `SELECT ${COLUMNS} FROM documents d WHERE EXISTS (SELECT 1 FROM document_wrapped_keys k WHERE k.document_id = d.id AND k.member_id = $2) ORDER BY created_at DESC LIMIT $1`,
    by.isOperator ? [p.limit] : [p.limit, by.memberId],
  );
  return rows.map(view);
}

export async function readDocument(ctx: ModuleContext, by: Principal, id: string): Promise<SealedForReader> {
  const { rows } = await ctx.db.query<Row & { ciphertext: Buffer; iv: Buffer; tag: Buffer }>(`SELECT ${COLUMNS}, ciphertext, iv, tag FROM documents WHERE id = $1`, [id.toLowerCase()]);
  const doc = rows[0];
  if (!doc) throw new NotFoundError('document', id);
  const registry = documentRegistry(ctx);
  const [canRead, onChain] = await Promise.all([
    ctx.client.readContract({ address: registry.address, abi: registry.abi, functionName: 'canRead', args: [doc.id as Hex, by.memberAddress as Address] }),
    ctx.client.readContract({ address: registry.address, abi: registry.abi, functionName: 'digestsOf', args: [doc.id as Hex] }),
  ]);
  const { rows: keys } = await ctx.db.query<{ wrapped: WrappedKey }>('SELECT wrapped FROM document_wrapped_keys WHERE document_id = $1 AND member_id = $2', [doc.id, by.memberId]);
  const allowed = canRead && keys.length === 1;
  await ctx.db.query('INSERT INTO document_reads (document_id, member_id, user_id, allowed) VALUES ($1, $2, $3, $4)', [doc.id, by.memberId, by.userId ?? null, allowed]);
  if (!allowed) throw new ForbiddenError(canRead ? 'no key was wrapped for your enterprise' : 'your enterprise has no access to this document', { documentId: doc.id }, 'DocumentAccessDenied');
  return {
    document: view(doc),
    ciphertext: doc.ciphertext.toString('base64'),
    iv: doc.iv.toString('base64'),
    tag: doc.tag.toString('base64'),
    wrappedKey: keys[0]!.wrapped,
    onChain: { sha256: onChain[0].slice(2), sm3: onChain[1].slice(2) },
  };
}

/** Who read the document, and who tried: its owner, the operator and the regulator see the log. */
export async function listReads(db: Queryable, by: Principal, id: string): Promise<DocumentRead[]> {
  const doc = await documentOf(db, id);
  if (!doc) throw new NotFoundError('document', id);
  if (doc.ownerId !== by.memberId && !seesEverything(by)) throw new ForbiddenError("only the document's owner, the operator and the regulator see who read it");
  const { rows } = await db.query<{ member_id: string; user_id: string | null; allowed: boolean; at: Date }>(
    'SELECT member_id, user_id, allowed, at FROM document_reads WHERE document_id = $1 ORDER BY id',
    [doc.id],
  );
  return rows.map((r) => ({ memberId: r.member_id, userId: r.user_id, allowed: r.allowed, at: r.at.toISOString() }));
}

/** A member's registered document key (public): what a granting owner wraps the document key for. */
export async function documentKeyOfMember(db: Queryable, memberId: string): Promise<{ memberId: string; publicKeyPem: string }> {
  const { rows } = await db.query<{ public_key_pem: string }>('SELECT public_key_pem FROM document_keys WHERE member_id = $1', [memberId]);
  if (!rows[0]) throw new NotFoundError('document_key', memberId);
  return { memberId, publicKeyPem: rows[0].public_key_pem };
}
