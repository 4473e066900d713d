/**
 * One error hierarchy for the whole platform. The class decides two things:
 * whether a caller may retry, and which HTTP status the API answers with.
 */
export type ErrorDetails = Record<string, unknown>;

export class TierchainError extends Error {
  /** Stable machine-readable code, e.g. `member_not_found`. */
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: ErrorDetails;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/** The request is malformed; `field` names the offending input. */
export class ValidationError extends TierchainError {
  constructor(field: string, message: string, details: ErrorDetails = {}) {
    super('validation_failed', `${field}: ${message}`, { status: 400, details: { field, ...details } });
  }
}

export class UnauthenticatedError extends TierchainError {
  constructor(message = 'a valid API key is required (Authorization: Bearer <key>)') {
    super('unauthenticated', message, { status: 401 });
  }
}

/** The caller may not do this. `code` is `forbidden`, or the contract error the transaction would revert with. */
export class ForbiddenError extends TierchainError {
  constructor(message: string, details: ErrorDetails = {}, code = 'forbidden') {
    super(code, message, { status: 403, details });
  }
}

export class NotFoundError extends TierchainError {
  constructor(resource: string, id: string) {
    super(`${resource}_not_found`, `${resource} ${id} does not exist`, { status: 404, details: { id } });
  }
}

export class ConflictError extends TierchainError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, { status: 409, details });
  }
}

/** The request is well-formed but the business rules (or the contract) refuse it. */
export class RuleViolationError extends TierchainError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, { status: 422, details });
  }
}

/** The caller must wait `retryAfterSeconds` before trying again (sent as the Retry-After header). */
export class TooManyRequestsError extends TierchainError {
  constructor(message: string, retryAfterSeconds: number, details: ErrorDetails = {}) {
    super('too_many_requests', message, { status: 429, retryable: true, details: { ...details, retryAfterSeconds } });
  }
}

/** A dependency (chain node, database) is unavailable; the same call may succeed later. */
export class UnavailableError extends TierchainError {
  constructor(message: string, cause?: unknown, options: { code?: string; details?: ErrorDetails } = {}) {
    super(options.code ?? 'unavailable', message, { status: 503, retryable: true, cause, details: options.details });
  }
}

/**
 * The chain node did not answer, or not in time (`TIERCHAIN_CHAIN_READ_TIMEOUT_MS`): the request did nothing, and the
 * same request may succeed shortly. Code `chain_unavailable`, details `{ dependency: 'chain' }`.
 */
export class ChainUnavailableError extends UnavailableError {
  constructor(message: string, cause?: unknown) {
    super(message, cause, { code: 'chain_unavailable', details: { dependency: 'chain' } });
  }
}
