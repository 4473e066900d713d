/** The documents API's shapes (TypeBox): routes, /openapi.json, and as Static types the SDK and the console. */
import { Bytes32, CommandSchema, Type, Uuid, type Static } from '../../api/schemas.ts';
import { DOCUMENT_KINDS } from './kinds.ts';

export { DOCUMENT_KINDS };
const Kind = Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k)));
const WrappedKey = Type.Object(
  { v: Type.Literal(1), epk: Type.String({ maxLength: 200 }), iv: Type.String({ maxLength: 40 }), tag: Type.String({ maxLength: 40 }), key: Type.String({ maxLength: 100 }) },
  { additionalProperties: false, title: 'WrappedDocumentKey', description: 'the document key wrapped for one member: X25519 (ephemeral epk) + HKDF-SHA-256 + AES-256-GCM, base64' },
);

export const DocumentKeyBody = Type.Object({ publicKeyPem: Type.String({ minLength: 1, maxLength: 1000, description: "your enterprise's X25519 document key (SPKI PEM); keep the private half" }) }, { additionalProperties: false });
export const DocumentKey = Type.Object({ memberId: Uuid, publicKeyPem: Type.String() }, { title: 'DocumentKey' });

export const DocumentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Kind,
    content: Type.String({ minLength: 1, maxLength: 14_000_000, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'the file, base64: encrypted at once, never stored in clear' }),
    partyMemberIds: Type.Array(Uuid, { maxItems: 20, description: 'the other parties it concerns (they can read it); regulators always can' }),
  },
  { additionalProperties: false },
);
export const DocumentParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
export const GrantBody = Type.Object({ memberId: Uuid, wrappedKey: WrappedKey }, { additionalProperties: false });
export const MemberKeyParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const GrantParams = Type.Object({ id: Bytes32, memberId: Uuid }, { additionalProperties: false });

export const StoredDocument = Type.Object(
  { id: Bytes32, name: Type.String(), kind: Kind, ownerId: Uuid, sha256: Type.String(), sm3: Type.String(), size: Type.Integer(), at: Type.String({ format: 'date-time' }) },
  { title: 'StoredDocument' },
);
export const NewDocument = Type.Object({ document: StoredDocument, readers: Type.Array(Uuid), commands: Type.Array(CommandSchema) }, { title: 'NewDocument' });
export const SealedForReader = Type.Object(
  {
    document: StoredDocument,
    ciphertext: Type.String({ description: 'AES-256-GCM ciphertext, base64' }),
    iv: Type.String(),
    tag: Type.String(),
    wrappedKey: WrappedKey,
    onChain: Type.Object({ sha256: Type.String(), sm3: Type.String() }, { description: 'the digests the chain holds: a decrypted copy with other digests was changed' }),
  },
  { title: 'SealedDocument' },
);
export const DocumentRead = Type.Object({ memberId: Uuid, userId: Type.Union([Uuid, Type.Null()]), allowed: Type.Boolean(), at: Type.String({ format: 'date-time' }) }, { title: 'DocumentRead' });
export const DocumentReads = Type.Object({ items: Type.Array(DocumentRead) });
export const Documents = Type.Object({ items: Type.Array(StoredDocument) });
export const GrantAnswer = Type.Object({ documentId: Bytes32, memberId: Uuid, commands: Type.Array(CommandSchema) });

export type StoredDocument = Static<typeof StoredDocument>;
export type NewDocument = Static<typeof NewDocument>;
export type SealedForReader = Static<typeof SealedForReader>;
export type DocumentRead = Static<typeof DocumentRead>;
export type DocumentKey = Static<typeof DocumentKey>;
export type WrappedDocumentKey = Static<typeof WrappedKey>;
