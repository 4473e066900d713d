/**
 * Shared JSON Schemas (TypeBox) for the HTTP API. Route modules build their
 * request/response schemas from these so that the wire format is the same
 * everywhere and shows up identically in the OpenAPI document.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export { Type, type Static, type TSchema };

/** Money on the wire: integer minor units as a decimal string, never a JSON number. */
export const MinorUnits = Type.String({
  pattern: '^(0|[1-9][0-9]{0,76})$',
  description: 'integer amount in minor units, as a decimal string',
  examples: ['125000'],
});

/** EVM address, 0x + 40 hex digits (checksummed or not). */
export const Address = Type.String({
  pattern: '^0x[0-9a-fA-F]{40}$',
  description: 'EVM address: 0x followed by 40 hex digits',
});

/** 32-byte value (hash, id on chain), 0x + 64 hex digits. */
export const Bytes32 = Type.String({
  pattern: '^0x[0-9a-fA-F]{64}$',
  description: '32 bytes: 0x followed by 64 hex digits',
});

export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'UUID',
});

/** `Idempotency-Key` header value: 1–200 chars of [A-Za-z0-9._:-]. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,200}$';
export const IdempotencyKey = Type.String({
  pattern: IDEMPOTENCY_KEY_PATTERN,
  description: 'client-chosen key, 1–200 chars of [A-Za-z0-9._:-]; repeating a request with the same key does not repeat its effect',
});

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/**
 * Query parameters arrive as strings and the API does not coerce types
 * (see README), so `limit` is a string restricted to '1'..'500'.
 * Spread `PaginationQueryProperties` into a larger query schema, or use
 * `PaginationQuery` as is.
 */
export const PaginationQueryProperties = {
  limit: Type.Optional(
    Type.String({
      pattern: '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$',
      default: String(DEFAULT_PAGE_LIMIT),
      description: `page size, 1..${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: 'opaque cursor from the previous page (`nextCursor`)' }),
  ),
};
export const PaginationQuery = Type.Object(PaginationQueryProperties, { additionalProperties: false });
export type PaginationQuery = Static<typeof PaginationQuery>;

export interface Pagination {
  limit: number;
  cursor?: string;
}

/** Turns a validated pagination query into numbers. */
export function parsePagination(query: { limit?: string | undefined; cursor?: string | undefined }): Pagination {
  const raw = query.limit;
  let limit = DEFAULT_PAGE_LIMIT;
  if (raw !== undefined) {
    const n = Number(raw);
    // The schema already restricts it; this is a second line of defence.
    if (Number.isInteger(n) && n >= 1) limit = Math.min(n, MAX_PAGE_LIMIT);
  }
  return query.cursor === undefined ? { limit } : { limit, cursor: query.cursor };
}

/** A page of items: `{ items, nextCursor }`, `nextCursor` null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` to get the next page; null on the last page' }),
  });
}

/** The body of every error response (registered as shared schema `Error`; reference it with `ErrorRef`). */
export const ERROR_SCHEMA_ID = 'Error';
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, e.g. validation_failed' }),
      message: Type.String(),
      details: Type.Object({}, { additionalProperties: true }),
    }),
  },
  { description: 'Error: `{ error: { code, message, details } }`' },
);
export type ErrorBody = Static<typeof ErrorBody>;
/** `{ $ref: 'Error#' }`, usable in any route's response schema. */
export const ErrorRef = Type.Unsafe<ErrorBody>({ $ref: `${ERROR_SCHEMA_ID}#` });

/** `null`, or the schema. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** An instant on the wire: ISO 8601 date-time. */
export const Instant = Type.String({ format: 'date-time' });
/** A block number as a decimal string. */
export const BlockNumber = Type.String({ pattern: '^[0-9]+$', description: 'block number, decimal string' });

// ---- commands: what every command-creating request answers

export const CommandSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({ description: 'what the command does, e.g. xt.deposit' }),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('submitted'), Type.Literal('confirmed'), Type.Literal('failed')]),
    signer: Type.String(),
    contract: Type.Union([Type.String(), Type.Null()]),
    functionName: Type.Union([Type.String(), Type.Null()]),
    args: Type.Array(Type.Unknown()),
    dependsOn: Type.Array(Type.String()),
    txHash: Type.Union([Type.String(), Type.Null()]),
    nonce: Type.Union([Type.Integer(), Type.Null()]),
    blockNumber: Type.Union([Type.String(), Type.Null()]),
    blockHash: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the block the transaction was mined in (reconciled with the chain: see docs/operations.md)' })),
    gasUsed: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([
      Type.Object(
        {
          code: Type.String({ description: 'the contract error name, e.g. XtDepositReferenceUsed' }),
          name: Type.String(),
          message: Type.String({ description: 'what went wrong, in plain words' }),
          args: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: true },
      ),
      Type.Null(),
    ]),
    result: Type.Unknown({ description: 'decoded events of the confirmed transaction' }),
    createdAt: Type.String({ format: 'date-time' }),
    submittedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    indexed: Type.Optional(Type.Boolean({ description: 'the read models already include this command\'s block (GET /v1/commands/{id} only)' })),
  },
  { title: 'Command', additionalProperties: true },
);

/**
 * Body of a command POST that takes no input: none, or `{}`. Declared so that anything else is a 400
 * (an unvalidated body would otherwise be hashed for idempotency as is, however large or deep).
 */
export const NoBody = Type.Object({}, { additionalProperties: false, description: 'no input: send no body, or {}' });

export type Command = Static<typeof CommandSchema>;
export type CommandStatus = Command['status'];

/** A 202 response: the commands created, plus `extra` fields. */
export function Accepted(extra: Record<string, TSchema> = {}) {
  return Type.Object({ ...extra, commands: Type.Array(CommandSchema) }, { additionalProperties: true });
}
