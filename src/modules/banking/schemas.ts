/** The bank gateway's API shapes (TypeBox): routes, /openapi.json, and as Static types the SDK and the console. */
import { CommandSchema, MinorUnits, Nullable, Type, Uuid, type Static } from '../../api/schemas.ts';

export const AccountBody = Type.Object(
  {
    memberId: Uuid,
    account: Type.String({ minLength: 5, maxLength: 40, pattern: '^[A-Za-z0-9 ]+$', description: 'IBAN (check digits verified) or another account number' }),
    bic: Type.Optional(Type.String({ pattern: '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$', description: 'BIC of the account servicer' })),
    holderName: Type.String({ minLength: 1, maxLength: 140 }),
  },
  { additionalProperties: false },
);
export const BankAccount = Type.Object({ memberId: Uuid, account: Type.String(), bic: Nullable(Type.String()), holderName: Type.String() }, { title: 'BankAccount' });
export const BankAccounts = Type.Object({ items: Type.Array(BankAccount) });

export const NotificationBody = Type.Object(
  { xml: Type.String({ minLength: 1, maxLength: 4_000_000, description: 'an ISO 20022 camt.054 document (001.02 to 001.08 and later), as text' }) },
  { additionalProperties: false },
);
export const Booking = Type.Object(
  {
    entryRef: Type.String(),
    direction: Type.Union([Type.Literal('credit'), Type.Literal('debit')]),
    memberId: Nullable(Uuid),
    amount: MinorUnits,
    endToEndId: Nullable(Type.String()),
    depositReference: Nullable(Type.String({ description: 'credits: the XT deposit reference (camt054/<entry ref>)' })),
    commandId: Nullable(Uuid),
  },
  { title: 'BankBooking' },
);
export const NotificationImport = Type.Object(
  {
    importId: Uuid,
    messageId: Type.String(),
    sha256: Type.String(),
    currency: Type.String(),
    credited: MinorUnits,
    debited: MinorUnits,
    bookings: Type.Array(Booking),
    notBooked: Type.Array(Type.Object({ entryRef: Nullable(Type.String()), status: Type.String() })),
    commands: Type.Array(CommandSchema),
  },
  { title: 'BankNotificationImport' },
);

export const ExportBody = Type.Object(
  { executionDate: Type.Optional(Type.String({ format: 'date', description: 'requested execution date (default today)' })) },
  { additionalProperties: false },
);
export const Payout = Type.Object(
  {
    referenceHash: Type.String(),
    endToEndId: Type.String(),
    memberId: Uuid,
    amount: MinorUnits,
    account: Type.String(),
    status: Type.Union([Type.Literal('exported'), Type.Literal('paid')]),
  },
  { title: 'BankPayout' },
);
export const PaymentInitiation = Type.Object(
  {
    exportId: Nullable(Uuid),
    messageId: Nullable(Type.String()),
    sha256: Nullable(Type.String()),
    xml: Nullable(Type.String({ description: 'the pain.001.001.09 document; null when nothing was to be paid' })),
    currency: Type.String(),
    total: MinorUnits,
    payouts: Type.Array(Payout),
    skipped: Type.Array(Type.Object({ referenceHash: Type.String(), memberId: Nullable(Uuid), amount: MinorUnits, reason: Type.Union([Type.Literal('no_bank_account'), Type.Literal('not_a_member')]) })),
  },
  { title: 'BankPaymentInitiation' },
);

export const BankMessage = Type.Object(
  {
    id: Uuid,
    kind: Type.Union([Type.Literal('camt.054'), Type.Literal('pain.001')]),
    messageId: Type.String(),
    gatewayMemberId: Uuid,
    sha256: Type.String(),
    entries: Type.Integer(),
    credited: MinorUnits,
    debited: MinorUnits,
    at: Type.String({ format: 'date-time' }),
  },
  { title: 'BankMessage' },
);
export const BankMessages = Type.Object({ items: Type.Array(BankMessage) });
export const Payouts = Type.Object({ items: Type.Array(Payout) });
export const MessageParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const BankMessageDetail = Type.Object({ ...BankMessage.properties, document: Nullable(Type.String({ description: 'the pain.001 exported (imports keep only their hash)' })) }, { title: 'BankMessageDetail' });

export type BankAccount = Static<typeof BankAccount>;
export type NotificationImport = Static<typeof NotificationImport>;
export type PaymentInitiation = Static<typeof PaymentInitiation>;
export type BankMessage = Static<typeof BankMessage>;
export type BankMessageDetail = Static<typeof BankMessageDetail>;
export type BankPayout = Static<typeof Payout>;
