/**
 * The API's structured log: Fastify's own pino logger, one JSON line per event, with the request id under
 * `requestId` (the id a 500 answers with). Server faults (5xx) are logged at `error` with the route and the
 * error; rejected requests (4xx) at `info`; a summary of every request at `debug`.
 *
 * Secrets never reach it: the Authorization and X-Api-Key headers are redacted wherever they appear, API keys
 * (`tck_…`) and Bearer tokens are cut out of every message, error and stack, and properties named like a secret
 * (apiKey, password, privateKey, …) are replaced, at any depth of a logged error (its details, its cause, a
 * response body it carries).
 */
import type { FastifyServerOptions } from 'fastify';

export interface ApiLogParams {
  /** fatal, error, warn, info, debug, trace or silent (default info). */
  level?: string;
  /** Where the JSON lines go (default process.stderr). */
  stream?: { write(line: string): unknown };
}

export const REDACTED = '[REDACTED]';

const SECRET_NAME = /^(api[-_]?keys?|authorization|x-api-key|cookie|set-cookie|password|passphrase|secret|private[-_]?key|master[-_]?key|token|access[-_]?token)$/i;
const API_KEY = /tck_[A-Za-z0-9_-]+/g;
const BEARER = /\b(Bearer)\s+[^\s"',;()]+/gi;
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;
const MAX_STRING = 8_000;

/** Removes API keys and Bearer tokens from a text. */
export function scrubText(text: string): string {
  const scrubbed = text.replace(BEARER, `$1 ${REDACTED}`).replace(API_KEY, `tck_${REDACTED}`);
  return scrubbed.length > MAX_STRING ? `${scrubbed.slice(0, MAX_STRING)}…` : scrubbed;
}

/** A copy of `value` safe to log: secrets removed, depth and size bounded, errors serialised. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value, depth);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => scrubValue(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value).slice(0, MAX_ITEMS)) {
    out[key] = SECRET_NAME.test(key) ? REDACTED : scrubValue(child, depth + 1);
  }
  return out;
}

/** An error as a plain object: type, message, stack, its own properties (code, status, details, …) and its cause. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return scrubValue(error, depth);
  const out: Record<string, unknown> = { type: error.name || error.constructor?.name || 'Error', message: scrubText(error.message) };
  if (error.stack) out.stack = scrubText(error.stack);
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause') continue;
    out[key] = SECRET_NAME.test(key) ? REDACTED : scrubValue(value, depth + 1);
  }
  if (error.cause !== undefined && depth < MAX_DEPTH) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/** Redaction paths for headers, wherever a request's or response's headers are logged. */
const REDACT_PATHS = ['authorization', 'x-api-key', 'cookie', 'set-cookie'].flatMap((h) => [
  `req.headers["${h}"]`,
  `request.headers["${h}"]`,
  `headers["${h}"]`,
  `res.headers["${h}"]`,
]);

/** Fastify `logger` options for the API: pino with the redaction and serialisers above. */
export function apiLoggerOptions(p: ApiLogParams = {}): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: p.level ?? 'info',
    stream: p.stream ?? process.stderr,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: (error: unknown) => serializeError(error) },
    hooks: {
      // Every log call, whatever it logs: objects other than Fastify's own request/reply are scrubbed.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        const scrubbed = args.map((arg, i) => {
          if (typeof arg === 'string') return scrubText(arg);
          if (i === 0 && arg instanceof Error) return { err: arg };
          if (i !== 0 || typeof arg !== 'object' || arg === null) return arg;
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(arg)) {
            out[key] = key === 'req' || key === 'res' || key === 'err' ? value : SECRET_NAME.test(key) ? REDACTED : scrubValue(value);
          }
          return out;
        });
        method.apply(this, scrubbed);
      },
    },
  } as NonNullable<FastifyServerOptions['logger']>;
}
