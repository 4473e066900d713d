import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../common/errors.ts';
import { IDEMPOTENCY_KEY_PATTERN } from './schemas.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const PATTERN = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/**
 * The `Idempotency-Key` header of a command-creating POST. Throws a 400
 * (`validation_failed`, `details.field` = `Idempotency-Key`) when it is
 * missing or not 1–200 chars of [A-Za-z0-9._:-].
 */
export function idempotencyKey(request: FastifyRequest): string {
  const value = request.headers['idempotency-key'];
  if (value === undefined || value === '') {
    throw new ValidationError(IDEMPOTENCY_HEADER, 'header is required on requests that create a command');
  }
  if (typeof value !== 'string') {
    throw new ValidationError(IDEMPOTENCY_HEADER, 'send the header exactly once');
  }
  if (!PATTERN.test(value)) {
    throw new ValidationError(IDEMPOTENCY_HEADER, 'must be 1–200 characters of A-Z a-z 0-9 . _ : -');
  }
  return value;
}
