/**
 * Encrypted documents (`client.documents`). Decryption and re-wrapping happen here, in the client, with the member's
 * X25519 private key: the platform never holds a document key.
 */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { DocumentKey, DocumentRead, NewDocument, SealedForReader, StoredDocument } from './schemas.ts';

export type { DocumentKey, DocumentRead, NewDocument, SealedForReader, StoredDocument, WrappedDocumentKey } from './schemas.ts';

export interface UploadDocumentParameters {
  name: string;
  kind: StoredDocument['kind'];
  /** The file, base64. */
  content: string;
  partyMemberIds: string[];
}

export interface DocumentsApi {
  setKey(publicKeyPem: string, o?: CommandOptions): Promise<DocumentKey>;
  /** A member's document key (public). */
  key(memberId: string): Promise<DocumentKey>;
  upload(p: UploadDocumentParameters, o?: CommandOptions): Promise<Accepted<Omit<NewDocument, 'commands'>>>;
  list(): Promise<StoredDocument[]>;
  /** The ciphertext and your wrapped key (decrypt with `openDocument` from the documents module's envelope). */
  read(id: string): Promise<SealedForReader>;
  reads(id: string): Promise<DocumentRead[]>;
  grant(id: string, p: { memberId: string; wrappedKey: SealedForReader['wrappedKey'] }, o?: CommandOptions): Promise<Accepted<{ documentId: string; memberId: string }>>;
  revoke(id: string, memberId: string, o?: CommandOptions): Promise<Accepted<{ documentId: string; memberId: string }>>;
}

export function createDocumentsApi(t: Transport, c: CommandSender): DocumentsApi {
  return {
    setKey: (publicKeyPem, o) => c.record('/v1/documents/keys', { publicKeyPem }, o),
    key: (memberId) => t.request('GET', `/v1/documents/keys/${seg(memberId)}`),
    upload: (p, o) => c.send('/v1/documents', p, o),
    list: async () => (await t.request<{ items: StoredDocument[] }>('GET', '/v1/documents')).items,
    read: (id) => t.request('GET', `/v1/documents/${seg(id)}`),
    reads: async (id) => (await t.request<{ items: DocumentRead[] }>('GET', `/v1/documents/${seg(id)}/reads`)).items,
    grant: (id, p, o) => c.send(`/v1/documents/${seg(id)}/grants`, p, o),
    revoke: (id, memberId, o) => c.send(`/v1/documents/${seg(id)}/grants/${seg(memberId)}/revoke`, {}, o),
  };
}
