/** Everything a route module needs from the HTTP frame. */
export { createApiServer, DOCS_PREFIX, OPENAPI_PATH } from './server.ts';
export type { ApiServerParams, ReadyResult, RouteModule } from './server.ts';
export { requireOperator, requirePrincipal, requireRole, requireUserRole, extractApiKey } from './auth.ts';
export type { AuthMode, Principal, UserRole } from './auth.ts';
export { idempotencyKey, IDEMPOTENCY_HEADER } from './idempotency.ts';
export { closeEventStreams, formatEvent, lastEventId, streamEvents, LAST_EVENT_ID_HEADER } from './sse.ts';
export type { SseContext, SseEvent, SseOptions, SseSend, SseSubscribe } from './sse.ts';
export {
  Address,
  Bytes32,
  DEFAULT_PAGE_LIMIT,
  ErrorBody,
  ErrorRef,
  ERROR_SCHEMA_ID,
  IdempotencyKey,
  MAX_PAGE_LIMIT,
  MinorUnits,
  Page,
  PaginationQuery,
  PaginationQueryProperties,
  parsePagination,
  Type,
  Uuid,
} from './schemas.ts';
export type { Pagination, Static, TSchema } from './schemas.ts';
export type { TypeBoxTypeProvider } from './typeProvider.ts';
