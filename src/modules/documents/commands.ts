/**
 * Documents, command side: a member uploads a document about itself and named parties; it is encrypted at once with
 * a key of its own, that key wrapped for the owner, the parties and every regulator (envelope.ts), and only the
 * ciphertext and the wrapped keys are kept. Its digests and readers go on-chain; the owner grants and revokes access.
 */
import { randomBytes } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../common/errors.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, listMembers, requireActingUser, requireActiveMember, type Principal } from '../identity/index.ts';
import { digests } from '../certificates/index.ts';
import { documentRegistry } from './contracts.ts';
import { encryptDocument, wrapKey, type WrappedKey } from './envelope.ts';
import { DOCUMENT_KINDS } from './schemas.ts';
import { documentOf } from './queries.ts';

/**
 * A member registers its X25519 document key. Not a command (nothing on-chain), so a regulator registers one too:
 * it reads every document, and can open only those wrapped for its key. Viewers cannot.
 */
export async function setDocumentKey(tx: Queryable, by: Principal, p: { publicKeyPem: string }) {
  if (by.userRole === 'viewer') throw new ForbiddenError('viewers have read-only access', { userRole: by.userRole });
  try {
    wrapKey(Buffer.alloc(32), p.publicKeyPem);
  } catch (e) {
    throw new ValidationError('body.publicKeyPem', `not an X25519 public key: ${(e as Error).message}`);
  }
  await tx.query(
    `INSERT INTO document_keys (member_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (member_id) DO UPDATE SET public_key_pem = EXCLUDED.public_key_pem, updated_at = now()`,
    [by.memberId, p.publicKeyPem.trim()],
  );
  return { memberId: by.memberId, publicKeyPem: p.publicKeyPem.trim() };
}

async function documentKeyOf(tx: Queryable, memberId: string, name: string, field: string): Promise<string> {
  const { rows } = await tx.query<{ public_key_pem: string }>('SELECT public_key_pem FROM document_keys WHERE member_id = $1', [memberId]);
  if (!rows[0]) throw new RuleViolationError('DocumentKeyMissing', `${name} has registered no document key (POST /v1/documents/keys), so nothing can be encrypted for it`, { field, memberId });
  return rows[0].public_key_pem;
}

export async function uploadDocument(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { name: string; kind: (typeof DOCUMENT_KINDS)[number]; content: Uint8Array; partyMemberIds: string[] },
) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const owner = await getMember(tx, by.memberId);
  const parties = await Promise.all([...new Set(p.partyMemberIds)].filter((id) => id !== owner.id).map((id) => getMember(tx, id)));
  for (const party of parties) {
    if (party.status !== 'certified') throw new RuleViolationError('GranteeCannotHold', `${party.name} is not an active member`, { field: 'partyMemberIds', memberId: party.id });
  }
  const regulators = (await listMembers(tx, { role: 'regulator', status: 'certified', limit: 50 })).items.filter((r) => r.id !== owner.id);
  const readers = [owner, ...parties, ...regulators.filter((r) => !parties.some((x) => x.id === r.id))];
  const keys = await Promise.all(readers.map((r) => documentKeyOf(tx, r.id, r.id === owner.id ? 'your enterprise' : r.name, r.id === owner.id ? 'memberId' : 'partyMemberIds')));

  const d = digests(p.content);
  const { sealed, documentKey } = encryptDocument(p.content);
  const id = `0x${randomBytes(32).toString('hex')}` as Hex;
  const [commandId] = await enqueueCommands(tx, [
    contractCall({
      kind: 'document.register',
      signer: by.memberAddress as Address,
      target: documentRegistry(ctx),
      functionName: 'registerDocument',
      args: [id, `0x${d.sha256}`, `0x${d.sm3}`, DOCUMENT_KINDS.indexOf(p.kind), parties.map((x) => x.address as Address)],
      requestedBy: by.userId,
    }),
  ]);
  await tx.query(
    `INSERT INTO documents (id, owner_id, kind, name, sha256, sm3, size, ciphertext, iv, tag, command_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, owner.id, p.kind, p.name.trim(), d.sha256, d.sm3, p.content.length, sealed.ciphertext, sealed.iv, sealed.tag, commandId],
  );
  for (const [i, reader] of readers.entries()) {
    await tx.query('INSERT INTO document_wrapped_keys (document_id, member_id, wrapped) VALUES ($1, $2, $3)', [id, reader.id, JSON.stringify(wrapKey(documentKey, keys[i]!))]);
  }
  documentKey.fill(0);
  return { commandIds: [commandId!], body: { document: (await documentOf(tx, id))!, readers: readers.map((r) => r.id) } };
}

async function ownedDocument(tx: Queryable, by: Principal, id: string) {
  const doc = await documentOf(tx, id);
  if (!doc) throw new NotFoundError('document', id);
  if (doc.ownerId !== by.memberId) throw new ForbiddenError('only the owner of a document grants or revokes access to it', {}, 'NotDocumentOwner');
  requireActingUser(by);
  return doc;
}

/**
 * The owner grants `memberId` access: the owner's client unwrapped the document key with its private key and wrapped
 * it for the grantee's document key (the platform never holds a document key), sent here with the grant.
 */
export async function grantAccess(ctx: ModuleContext, tx: Queryable, by: Principal, p: { documentId: string; memberId: string; wrappedKey: WrappedKey }) {
  await ownedDocument(tx, by, p.documentId);
  const grantee = await getMember(tx, p.memberId);
  if (grantee.status !== 'certified') throw new RuleViolationError('GranteeCannotHold', `${grantee.name} is not an active member`, { field: 'memberId' });
  await documentKeyOf(tx, grantee.id, grantee.name, 'memberId');
  const { rowCount } = await tx.query('INSERT INTO document_wrapped_keys (document_id, member_id, wrapped) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    p.documentId,
    grantee.id,
    JSON.stringify(p.wrappedKey),
  ]);
  if (rowCount !== 1) throw new RuleViolationError('AccessAlreadyGranted', `${grantee.name} already has access to this document`, { field: 'memberId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'document.grant', signer: by.memberAddress as Address, target: documentRegistry(ctx), functionName: 'grantAccess', args: [p.documentId as Hex, grantee.address as Address], requestedBy: by.userId }),
  ]);
  return { commandIds, body: { documentId: p.documentId, memberId: grantee.id } };
}

/** The owner revokes `memberId`'s access: on-chain, and its wrapped key is deleted. */
export async function revokeAccess(ctx: ModuleContext, tx: Queryable, by: Principal, p: { documentId: string; memberId: string }) {
  await ownedDocument(tx, by, p.documentId);
  const grantee = await getMember(tx, p.memberId);
  if (grantee.id === by.memberId) throw new RuleViolationError('AccessNotGranted', 'the owner keeps access to its document', { field: 'memberId' });
  const { rows: granted } = await tx.query<{ active: boolean }>('SELECT active FROM document_grants WHERE document_id = $1 AND grantee = $2', [p.documentId.toLowerCase(), grantee.address]);
  if (!granted[0]?.active) {
    throw new RuleViolationError('AccessNotGranted', `${grantee.name} holds no grant on-chain (a regulator reads by its role, not by a grant)`, { field: 'memberId' });
  }
  const { rowCount } = await tx.query('DELETE FROM document_wrapped_keys WHERE document_id = $1 AND member_id = $2', [p.documentId, grantee.id]);
  if (rowCount !== 1) throw new RuleViolationError('AccessNotGranted', `${grantee.name} has no access to this document`, { field: 'memberId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'document.revoke', signer: by.memberAddress as Address, target: documentRegistry(ctx), functionName: 'revokeAccess', args: [p.documentId as Hex, grantee.address as Address], requestedBy: by.userId }),
  ]);
  return { commandIds, body: { documentId: p.documentId, memberId: grantee.id } };
}
