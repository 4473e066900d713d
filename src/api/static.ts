/**
 * Serves the web console's built assets from a directory, without path
 * traversal: the decoded path may not contain `..`, hidden segments, NUL or
 * backslashes, and the resolved real path must stay inside the root.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export class StaticFiles {
  private constructor(readonly root: string) {}

  /** A server for `dir`, or null when it does not exist or is not a directory. */
  static async open(dir: string): Promise<StaticFiles | null> {
    try {
      const root = await realpath(dir);
      if (!(await stat(root)).isDirectory()) return null;
      return new StaticFiles(root);
    } catch {
      return null;
    }
  }

  /**
   * The real path of the file for URL path `urlPath` (raw, still percent-encoded,
   * without query), or null if there is none or the path is not acceptable.
   * A directory resolves to its index.html.
   */
  async resolve(urlPath: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
    const segments = decoded.split('/').filter((s) => s !== '');
    if (segments.some((s) => s.startsWith('.'))) return null; // '..', '.', hidden files
    let candidate = join(this.root, ...segments);
    if (!this.inside(candidate)) return null;
    try {
      candidate = await realpath(candidate);
      if (!this.inside(candidate)) return null; // symlink out of the root
      let info = await stat(candidate);
      if (info.isDirectory()) {
        candidate = await realpath(join(candidate, 'index.html'));
        if (!this.inside(candidate)) return null;
        info = await stat(candidate);
      }
      return info.isFile() ? candidate : null;
    } catch {
      return null;
    }
  }

  async indexFile(): Promise<string | null> {
    return this.resolve('/index.html');
  }

  /** Sends the file (which must come from `resolve`). */
  async send(reply: FastifyReply, file: string): Promise<FastifyReply> {
    const info = await stat(file);
    const type = contentTypeFor(file);
    reply
      .code(200)
      .header('content-type', type)
      .header('content-length', String(info.size))
      .header('last-modified', info.mtime.toUTCString())
      .header('cache-control', type.startsWith('text/html') ? 'no-cache' : 'public, max-age=300');
    return reply.send(createReadStream(file));
  }

  private inside(path: string): boolean {
    return path === this.root || path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }
}
