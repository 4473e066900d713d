/**
 * Browser-facing hardening headers, on every response: no framing (`frame-ancestors 'none'`, X-Frame-Options),
 * no referrer, no MIME sniffing, and a Content-Security-Policy by what is served:
 *
 * - the console (HTML outside /docs): the Vite build's own scripts, styles and API calls, nothing inline
 *   (React sets styles through the CSSOM, which CSP allows); images also as data: URIs (the favicon);
 * - /docs (swagger-ui): its own files, and the one style element its bundle inserts (by hash);
 * - everything else (JSON, assets, the event stream): nothing at all may run or load, should a response be
 *   opened as a document.
 *
 * test/browser/csp.e2e.test.ts loads the built console and /docs in chromium under these policies.
 */
import type { FastifyReply } from 'fastify';

const common = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"];

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  ...common,
].join('; ');

/** The one <style> element swagger-ui's bundle (@fastify/swagger-ui 6.1.3) inserts; a new version may change it. */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${SWAGGER_UI_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  ...common,
].join('; ');

export const API_CSP = ["default-src 'none'", "form-action 'none'", ...common].join('; ');

/** Sets the hardening headers on `reply` for a response to `path` (without the query). */
export function setSecurityHeaders(reply: FastifyReply, path: string, docsPrefix: string): void {
  const type = String(reply.getHeader('content-type') ?? '');
  const isDocs = path === docsPrefix || path.startsWith(`${docsPrefix}/`);
  reply.header('content-security-policy', isDocs ? DOCS_CSP : type.startsWith('text/html') ? CONSOLE_CSP : API_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-content-type-options', 'nosniff');
}
