import { UnavailableError } from '../common/errors.ts';

/**
 * An error reported by PostgreSQL (either backend). `code` is the SQLSTATE, e.g. '23505'.
 * Both drivers' own errors are replaced by this one so callers see one shape and a stack
 * trace that reaches their code (pg's errors are created in the socket reader).
 */
export class DatabaseError extends Error {
  readonly code: string;
  readonly severity: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;

  constructor(code: string, message: string, fields: Partial<Record<ServerField, string>> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseError';
    this.code = code;
    this.severity = fields.severity;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.constraint = fields.constraint;
  }
}

type ServerField = 'severity' | 'detail' | 'hint' | 'schema' | 'table' | 'column' | 'constraint';
const serverFields: ServerField[] = ['severity', 'detail', 'hint', 'schema', 'table', 'column', 'constraint'];

export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

// Errors without a SQLSTATE that mean "the server is not reachable right now".
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/**
 * Server errors become DatabaseError, lost connections UnavailableError (retryable);
 * everything else, including errors thrown by callers' own code, passes through untouched.
 */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseError || !(error instanceof Error)) return error;
  const raw = error as Error & Partial<Record<ServerField | 'code', unknown>>;
  if (typeof raw.code === 'string' && /^[0-9A-Z]{5}$/.test(raw.code) && typeof raw.severity === 'string') {
    const fields: Partial<Record<ServerField, string>> = {};
    for (const name of serverFields) if (typeof raw[name] === 'string') fields[name] = raw[name];
    return new DatabaseError(raw.code, raw.message, fields, error);
  }
  if ((typeof raw.code === 'string' && networkCodes.has(raw.code)) || /^Connection terminated/.test(raw.message)) {
    return new UnavailableError(`database unavailable: ${raw.message}`, error);
  }
  return error;
}
