/**
 * Maps anything thrown while serving a request to a status and the uniform
 * error body `{ error: { code, message, details } }`. Client mistakes are 4xx;
 * only genuine server faults are 5xx (and only those are logged as errors).
 */
import { TierchainError } from '../common/errors.ts';
import type { ErrorBody } from './schemas.ts';

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** True for server faults: log the original error (with its stack) at error level. */
  serverFault: boolean;
  headers?: Record<string, string>;
}

const MAX_PROBLEMS = 20;

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}

export function mapError(error: unknown, requestId: string): MappedError {
  if (error instanceof TierchainError) {
    const serverFault = error.status >= 500;
    const headers: Record<string, string> = {};
    if (error.status === 401) headers['www-authenticate'] = 'Bearer';
    if (error.retryable && error.status === 503) headers['retry-after'] = '1';
    if (error.status === 429 && typeof error.details.retryAfterSeconds === 'number') headers['retry-after'] = String(error.details.retryAfterSeconds);
    const details = serverFault ? { ...error.details, requestId } : error.details;
    return { status: error.status, body: errorBody(error.code, error.message, details), serverFault, headers };
  }

  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    statusCode?: unknown;
    validation?: unknown;
    validationContext?: unknown;
    message?: unknown;
  };

  if (Array.isArray(e.validation)) {
    return validationFailure(e.validation as AjvError[], typeof e.validationContext === 'string' ? e.validationContext : 'body');
  }

  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return clientError(400, 'invalid_json', 'the request body is not valid JSON', { field: 'body' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return clientError(400, 'invalid_json', 'the request body is empty but Content-Type is application/json', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return clientError(415, 'unsupported_media_type', 'unsupported Content-Type; send application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return clientError(413, 'payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return clientError(400, 'bad_request', 'the request body size does not match Content-Length');
    case 'FST_ERR_BAD_URL':
      return clientError(400, 'bad_url', 'the URL is not valid (bad percent-encoding)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return clientError(414, 'uri_too_long', 'a path parameter is too long');
  }

  // Other framework errors that are explicitly the client's fault.
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message = typeof e.message === 'string' && e.message.length <= 300 ? e.message : 'bad request';
    return clientError(status, status === 404 ? 'not_found' : 'bad_request', message);
  }

  return {
    status: 500,
    body: errorBody('internal_error', 'internal server error', { requestId }),
    serverFault: true,
  };
}

function clientError(status: number, code: string, message: string, details: Record<string, unknown> = {}): MappedError {
  return { status, body: errorBody(code, message, details), serverFault: false };
}

// ---------------------------------------------------------------------------
// Ajv validation errors → readable problems with field names

interface AjvError {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

export interface Problem {
  field: string;
  message: string;
}

function validationFailure(errors: AjvError[], context: string): MappedError {
  const problems = describeProblems(errors, context);
  const shown = problems.slice(0, MAX_PROBLEMS);
  const first = shown[0] ?? { field: rootName(context), message: 'is invalid' };
  let message = shown.map((p) => `${p.field}: ${p.message}`).join('; ');
  if (problems.length > shown.length) message += `; and ${problems.length - shown.length} more`;
  return clientError(400, 'validation_failed', message, { field: first.field, problems: shown });
}

function rootName(context: string): string {
  if (context === 'querystring') return 'query';
  return context;
}

/** Field name as the client knows it: body.amount, query.limit, params.id, items[0].x, or a header name. */
export function fieldName(context: string, segments: string[]): string {
  if (context === 'headers') {
    const header = segments[0];
    return header === undefined ? 'headers' : canonicalHeader(header);
  }
  let name = rootName(context);
  for (const segment of segments) {
    if (/^[0-9]+$/.test(segment)) name += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment) && segment.length <= 64) name += `.${segment}`;
    else name += `[${JSON.stringify(truncate(segment, 64))}]`;
  }
  return name;
}

function canonicalHeader(name: string): string {
  return truncate(name, 64)
    .split('-')
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function pointerSegments(pointer: string | undefined): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describeProblems(errors: AjvError[], context: string): Problem[] {
  // For anyOf/oneOf failures, the per-branch errors are noise: keep the summary.
  const unionPaths = errors
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.schemaPath)
    .map((e) => `${e.schemaPath}/`);
  const relevant = errors.filter((e) => !unionPaths.some((p) => e.schemaPath?.startsWith(p)));

  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of relevant) {
    const segments = pointerSegments(error.instancePath);
    const params = error.params ?? {};
    let message: string;
    switch (error.keyword) {
      case 'required':
        segments.push(String(params.missingProperty));
        message = 'is required';
        break;
      case 'additionalProperties':
        segments.push(String(params.additionalProperty));
        message = 'is not an allowed property';
        break;
      case 'type':
        message = `must be ${describeType(params.type)}, got ${jsonType(error.data)}`;
        break;
      case 'pattern':
      case 'format': {
        const description = error.parentSchema?.description;
        message = typeof description === 'string' ? `must be ${description}` : (error.message ?? 'is invalid');
        if (error.keyword === 'pattern') message += ` (pattern ${String(params.pattern)})`;
        break;
      }
      case 'enum':
        message = `must be one of ${formatValues(params.allowedValues)}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'anyOf':
      case 'oneOf': {
        const branches = error.parentSchema?.[error.keyword];
        const constants = Array.isArray(branches) ? branches.map((b) => (b as { const?: unknown }).const) : [];
        message =
          constants.length > 0 && constants.every((c) => c !== undefined)
            ? `must be one of ${formatValues(constants)}`
            : 'does not match any of the allowed forms';
        break;
      }
      default:
        message = error.message ?? 'is invalid';
    }
    const field = fieldName(context, segments);
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field, message });
  }
  return problems;
}

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  const named = types.map((t) => (t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`));
  return named.join(' or ').replace('a null', 'null');
}

function formatValues(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}
