/**
 * The XT API's shapes (TypeBox): what its routes validate and answer, what /openapi.json shows, and — as `Static`
 * types — what the SDK and the console type their data with.
 */
import { MinorUnits, Nullable, PaginationQueryProperties, Type, Uuid, type Static } from '../../api/schemas.ts';
import { Party } from '../identity/schemas.ts';

export const PositiveMinorUnits = Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,76}$', description: 'integer amount in minor units (fen, cents) as a decimal string; at least 1' });
export const Reference = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+( [\\x21-\\x7e]+)*$', description: 'bank reference of the fiat movement; each can be used once' });
export const DepositBody = Type.Object({ memberId: Uuid, amount: PositiveMinorUnits, reference: Reference }, { additionalProperties: false });
export const WithdrawBody = Type.Object({ amount: PositiveMinorUnits, reference: Reference }, { additionalProperties: false });
export const TransferBody = Type.Object({ toMemberId: Uuid, amount: PositiveMinorUnits }, { additionalProperties: false });
export const Balance = Type.Object({ memberId: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), address: Type.String(), balance: MinorUnits }, { title: 'XtBalance' });
export const MemberParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const MovementsQuery = Type.Object({ memberId: Type.Optional(Uuid), limit: PaginationQueryProperties.limit }, { additionalProperties: false });
export const MovementsExportQuery = Type.Object({ memberId: Type.Optional(Uuid) }, { additionalProperties: false });

export const XtBalancesBody = Type.Object({ items: Type.Array(Balance), totalSupply: MinorUnits, paused: Type.Boolean() }, { title: 'XtBalances' });
export const Movement = Type.Object(
  {
    kind: Type.Union([Type.Literal('deposit'), Type.Literal('withdrawal'), Type.Literal('transfer')]),
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    fromMember: Nullable(Party),
    toMember: Nullable(Party),
    amount: MinorUnits,
    reference: Nullable(Type.String({ description: 'the bank reference (deposits and withdrawals made through this platform)' })),
    referenceHash: Nullable(Type.String()),
    txHash: Type.String(),
    blockNumber: Type.String(),
    at: Type.String({ format: 'date-time' }),
  },
  { title: 'XtMovement' },
);
export const Movements = Type.Object({ items: Type.Array(Movement) });

export type XtBalance = Static<typeof Balance>;
export type XtBalances = Static<typeof XtBalancesBody>;
export type XtMovement = Static<typeof Movement>;
