/**
 * Who is calling. The server's onRequest hook authenticates every route unless
 * it declares `config: { auth: 'none' }` and puts the result on
 * `request.principal`; handlers then assert what they need with the helpers below.
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.ts';

export type UserRole = 'admin' | 'member' | 'viewer';

export interface Principal {
  userId: string;
  memberId: string;
  /** The member's on-chain address (lower-case). */
  memberAddress: string;
  memberRoles: string[];
  userRole: UserRole;
  /** The platform operator (runs the consortium infrastructure). */
  isOperator: boolean;
}

/**
 * - `required` (default): a valid API key must be sent, else 401.
 * - `optional`: the principal is attached when a key is sent; an invalid key is still 401.
 * - `none`: public; no key is looked at (the route is marked `security: []` in OpenAPI).
 */
export type AuthMode = 'required' | 'optional' | 'none';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null on public routes (and optional ones without a key). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /**
     * The route creates a command: the `Idempotency-Key` header is required
     * (validated as part of the request and documented in OpenAPI).
     * Read it in the handler with `idempotencyKey(request)`.
     */
    idempotent?: boolean;
  }
}

const MAX_KEY_LENGTH = 1024;
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * The API key from `Authorization: Bearer <key>` or `X-Api-Key: <key>`;
 * undefined when neither header is sent. A header that is sent but malformed is a 401.
 */
export function extractApiKey(headers: FastifyRequest['headers']): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <API key>"');
    return checkKey(match[1] ?? '');
  }
  const header = headers['x-api-key'];
  if (header !== undefined) {
    if (typeof header !== 'string') throw new UnauthenticatedError('send exactly one X-Api-Key header');
    return checkKey(header.trim());
  }
  return undefined;
}

function checkKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !TOKEN.test(key)) {
    throw new UnauthenticatedError('the API key is malformed');
  }
  return key;
}

/** The authenticated principal; 401 if the request has none (only possible on `auth: 'none' | 'optional'` routes). */
export function requirePrincipal(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** The principal, who must be the platform operator; 403 otherwise. */
export function requireOperator(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  if (!principal.isOperator) {
    throw new ForbiddenError('this action is reserved to the platform operator', { required: 'operator' });
  }
  return principal;
}

/** The principal, whose member must hold at least one of `memberRoles`; 403 otherwise. */
export function requireRole(request: FastifyRequest, ...memberRoles: string[]): Principal {
  const principal = requirePrincipal(request);
  if (memberRoles.length === 0) throw new Error('requireRole needs at least one role');
  if (!memberRoles.some((role) => principal.memberRoles.includes(role))) {
    const held = principal.memberRoles.length ? principal.memberRoles.join(', ') : 'no roles';
    throw new ForbiddenError(
      `this action requires the member role ${memberRoles.join(' or ')}; member ${principal.memberId} has ${held}`,
      { requiredMemberRoles: memberRoles, memberRoles: principal.memberRoles },
    );
  }
  return principal;
}

/** The principal, whose user role must be one of `userRoles` (e.g. not a read-only viewer); 403 otherwise. */
export function requireUserRole(request: FastifyRequest, ...userRoles: UserRole[]): Principal {
  const principal = requirePrincipal(request);
  if (userRoles.length === 0) throw new Error('requireUserRole needs at least one role');
  if (!userRoles.includes(principal.userRole)) {
    throw new ForbiddenError(
      `this action requires the user role ${userRoles.join(' or ')}; user ${principal.userId} is ${principal.userRole}`,
      { requiredUserRoles: userRoles, userRole: principal.userRole },
    );
  }
  return principal;
}
