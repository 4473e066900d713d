/**
 * The identity API's shapes (TypeBox): what its routes validate and answer, what /openapi.json shows, and — as
 * `Static` types — what the SDK (src/sdk) and the console type their data with. Described once, here.
 */
import { Bytes32, Nullable, Page, PaginationQueryProperties, Type, Uuid, type Static } from '../../api/schemas.ts';
import { memberRoleNames } from './roles.ts';

export const Role = Type.Union(memberRoleNames.map((r) => Type.Literal(r)), { description: 'member role' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', description });

export const Member = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    registrationNumber: Type.String(),
    address: Type.String({ description: "the enterprise's on-chain address (its public key)" }),
    legalIdHash: Type.String(),
    documentsHash: Type.Union([Type.String(), Type.Null()]),
    requestedRoles: Type.Array(Role),
    status: Type.Union((['pending', 'registered', 'certified', 'suspended', 'revoked'] as const).map((s) => Type.Literal(s)), {
      description: 'on-chain status; pending until the registration is indexed',
    }),
    roles: Type.Array(Role, { description: 'roles certified on-chain' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Member' },
);

export const CreateMemberBody = Type.Object(
  {
    name: Text(200, 'legal name of the enterprise'),
    registrationNumber: Text(64, 'business registration number (e.g. unified social credit code)'),
    roles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
    documentsHash: Type.Optional(Bytes32),
    adminUserName: Type.Optional(Text(200, 'name of the first (admin) user; defaults to "Administrator"')),
    certify: Type.Optional(Type.Boolean({ description: 'certify right away with `roles` (default true)' })),
  },
  { additionalProperties: false },
);

export const MemberParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const MemberStatusBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const MembersQuery = Type.Object(
  {
    limit: PaginationQueryProperties.limit,
    cursor: Type.Optional(Type.String({ ...Uuid, description: 'opaque cursor from the previous page (`nextCursor`)' })),
    role: Type.Optional(Role),
    status: Type.Optional(Type.Union((['pending', 'registered', 'certified', 'suspended', 'revoked'] as const).map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
export const UserBody = Type.Object(
  { name: Text(200, 'user name'), role: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]) },
  { additionalProperties: false },
);

export const ApiKey = Type.Object(
  {
    id: Uuid,
    prefix: Type.String({ description: 'the first characters of the key, to recognise it (the key itself is never shown again)' }),
    userId: Uuid,
    userName: Type.String(),
    userRole: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ApiKey' },
);
export const ApiKeyParams = Type.Object({ id: Uuid, keyId: Uuid }, { additionalProperties: false });
export const UserParams = Type.Object({ id: Uuid, userId: Uuid }, { additionalProperties: false });

export const Consortium = Type.Object(
  {
    id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    core: Type.Union([Type.Object({ memberId: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), address: Type.String() }), Type.Null()]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('active')]),
    memberCount: Type.Integer(),
    members: Type.Array(
      Type.Object({
        memberId: Type.Union([Type.String(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        address: Type.String(),
        state: Type.String({ description: 'invited, member, declined, left or removed' }),
        updatedAt: Type.String(),
      }),
    ),
    createdAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Consortium' },
);
export const ConsortiumParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
export const ConsortiumMemberParams = Type.Object({ id: Bytes32, memberId: Uuid }, { additionalProperties: false });
export const CreateConsortiumBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) }, { additionalProperties: false });
export const InviteBody = Type.Object({ memberId: Uuid }, { additionalProperties: false });


export const Me = Type.Object(
  {
    userId: Uuid,
    userRole: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]),
    isOperator: Type.Boolean(),
    member: Member,
  },
  { title: 'Me', description: 'the calling user and its enterprise' },
);
export const NewUser = Type.Object({ userId: Uuid, apiKey: Type.String() });
export const NewApiKey = Type.Object({ keyId: Uuid, apiKey: Type.String() });
export const MemberPage = Page(Member);

const Pseudonym = Type.Optional(
  Type.String({ description: 'when the party is hidden from you (docs/adr/017-disclosure.md): a stable pseudonym, the same for the same member in every read' }),
);
/** A member as a party of another module's record: named, or (hidden from the caller) by a stable pseudonym only. */
export const Party = Type.Object(
  {
    memberId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    address: Nullable(Type.String({ description: 'null when the party is hidden from you' })),
    pseudonym: Pseudonym,
  },
  { title: 'ClaimParty', description: 'a member; hidden from you, its fields are null and `pseudonym` tells it apart' },
);
/** A party at a point of a movement, with the hop count (tier depth) of its holding. */
export const PartyAt = Type.Object(
  {
    memberId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    address: Nullable(Type.String()),
    pseudonym: Pseudonym,
    hops: Nullable(Type.Integer({ description: 'hop count of the holding (tier depth: 0 = the supplier the claim was issued to)' })),
  },
  { title: 'ClaimPartyAt' },
);

export type Member = Static<typeof Member>;
export type MemberStatus = Member['status'];
export type ApiKey = Static<typeof ApiKey>;
export type Me = Static<typeof Me>;
export type Consortium = Static<typeof Consortium>;
export type ConsortiumMember = Consortium['members'][number];
export type Party = Static<typeof Party>;
export type PartyAt = Static<typeof PartyAt>;
