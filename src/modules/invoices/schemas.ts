/** The e-invoice API's shapes (TypeBox): routes, /openapi.json, and as Static types the SDK and the console. */
import { Bytes32, CommandSchema, MinorUnits, Nullable, PaginationQueryProperties, Type, Uuid, type Static } from '../../api/schemas.ts';
import { DayCountInput, LateRateBps, MaxHops } from '../claims/schemas.ts';

/** The claim's terms the invoice does not carry (everything else comes from the invoice: no retyping). */
const FinancingTerms = {
  consortiumId: Bytes32,
  lateRateBps: Type.Optional({ ...LateRateBps, description: 'late interest per year after the due date, in basis points (default 0)' }),
  maxHops: Type.Optional({ ...MaxHops, description: 'transfer depth (default 5)' }),
  dayCount: Type.Optional(DayCountInput),
};

export const InvoiceBody = Type.Object(
  { xml: Type.String({ minLength: 1, maxLength: 4_000_000, description: 'a UBL 2.1 Invoice (Peppol BIS Billing 3.0), as text' }), ...FinancingTerms },
  { additionalProperties: false },
);
export const CSV_COLUMNS = ['invoice_number', 'issue_date', 'due_date', 'currency', 'buyer_registration_id', 'net_amount', 'vat_amount', 'total_amount', 'prepaid_amount', 'payable_amount'] as const;
export const BatchBody = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 2_000_000, description: `RFC 4180 CSV with the header ${CSV_COLUMNS.join(',')}; amounts as decimals in major units` }),
    ...FinancingTerms,
  },
  { additionalProperties: false },
);

export const Invoice = Type.Object(
  {
    id: Uuid,
    source: Type.Union([Type.Literal('ubl'), Type.Literal('csv')]),
    batchId: Nullable(Uuid),
    sellerMemberId: Uuid,
    buyerMemberId: Uuid,
    invoiceNumber: Type.String(),
    issueDate: Type.String({ format: 'date' }),
    dueDate: Type.String({ format: 'date' }),
    currency: Type.String(),
    taxExclusive: MinorUnits,
    tax: MinorUnits,
    payable: MinorUnits,
    sha256: Type.String({ description: "hex SHA-256 of the file (or the CSV row): the trade's documents hash on-chain" }),
    sm3: Type.String({ description: 'hex SM3 digest of the same bytes (GB/T 32905)' }),
    tradeId: Bytes32,
    commandId: Uuid,
    at: Type.String({ format: 'date-time' }),
  },
  { title: 'Invoice' },
);
export const SubmittedInvoice = Type.Object({ invoice: Invoice, claimId: Bytes32, invoiceKey: Bytes32, commands: Type.Array(CommandSchema) }, { title: 'SubmittedInvoice' });
export const SubmittedBatch = Type.Object(
  { batchId: Uuid, sha256: Type.String(), sm3: Type.String(), invoices: Type.Array(Invoice), commands: Type.Array(CommandSchema) },
  { title: 'SubmittedInvoiceBatch' },
);
export const InvoiceParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const InvoicesQuery = Type.Object({ limit: PaginationQueryProperties.limit }, { additionalProperties: false });
export const Invoices = Type.Object({ items: Type.Array(Invoice) });
export const InvoiceDetail = Type.Object({ ...Invoice.properties, document: Type.String({ description: 'the UBL file or the CSV row, as uploaded' }) }, { title: 'InvoiceDetail' });

export type Invoice = Static<typeof Invoice>;
export type InvoiceDetail = Static<typeof InvoiceDetail>;
export type SubmittedInvoice = Static<typeof SubmittedInvoice>;
export type SubmittedBatch = Static<typeof SubmittedBatch>;
