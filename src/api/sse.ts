/**
 * Server-Sent Events. A route handler authorises and validates the request
 * as usual, then hands over to `streamEvents`, which takes the connection
 * over (reply.hijack), writes `id:`/`event:`/`data:` frames, sends a heartbeat
 * comment every 15 s and unsubscribes when the client goes away or the server
 * closes.
 */
import type { Server } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../common/errors.ts';

export interface SseEvent {
  /** Cursor of this event; the client sends it back as `Last-Event-ID` when it reconnects. */
  id: string;
  type: string;
  /** Serialised as JSON (bigints as decimal strings). */
  data: unknown;
}

export type SseSend = (event: SseEvent) => void;

export interface SseContext {
  /** `Last-Event-ID` sent by a reconnecting client: replay the events after it before live ones. */
  lastEventId: string | undefined;
  /** Aborted when the stream closes. */
  signal: AbortSignal;
}

/** Subscribes to a source of events and returns the function that unsubscribes. */
export type SseSubscribe = (send: SseSend, context: SseContext) => () => void;

export interface SseOptions {
  /** Milliseconds between heartbeat comments (default 15 000). */
  heartbeatMs?: number;
  /** Reconnection delay suggested to the client (`retry:`), ms (default 3 000). */
  retryMs?: number;
  /** A client that lets more than this many bytes pile up unsent is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
}

export const LAST_EVENT_ID_HEADER = 'last-event-id';
const MAX_EVENT_ID_LENGTH = 200;
const LINE_BREAK = /[\r\n\0]/;

/** The `Last-Event-ID` request header, or undefined; 400 if malformed. */
export function lastEventId(request: FastifyRequest): string | undefined {
  const value = request.headers[LAST_EVENT_ID_HEADER];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_EVENT_ID_LENGTH || LINE_BREAK.test(value)) {
    throw new ValidationError('Last-Event-ID', `must be a single value of at most ${MAX_EVENT_ID_LENGTH} characters`);
  }
  return value;
}

/** Open streams per HTTP server, so that shutting the server down can end them. */
const openStreams = new WeakMap<Server, Set<() => void>>();

/** Ends every event stream served by `server` (the API server calls this in its preClose hook). */
export function closeEventStreams(server: Server): void {
  const streams = openStreams.get(server);
  if (!streams) return;
  for (const close of [...streams]) close();
}

/** Formats one event as an SSE frame. */
export function formatEvent(event: SseEvent): string {
  if (typeof event.id !== 'string' || event.id === '' || event.id.length > MAX_EVENT_ID_LENGTH || LINE_BREAK.test(event.id)) {
    throw new TypeError(`SSE event id must be a non-empty single-line string, got ${JSON.stringify(event.id)}`);
  }
  if (typeof event.type !== 'string' || event.type === '' || LINE_BREAK.test(event.type)) {
    throw new TypeError(`SSE event type must be a non-empty single-line string, got ${JSON.stringify(event.type)}`);
  }
  const json = JSON.stringify(event.data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) ?? 'null';
  const data = json
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${event.id}\nevent: ${event.type}\n${data}\n`;
}

/**
 * Streams events to the client until it disconnects or the server closes.
 * Validates `Last-Event-ID` first (a malformed one is a normal 400 reply);
 * after that the response is hijacked. The returned promise settles when the
 * stream has closed, so a handler may simply `return streamEvents(...)`.
 */
export function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  subscribe: SseSubscribe,
  options: SseOptions = {},
): Promise<void> {
  const lastId = lastEventId(request);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 3_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;

  const res = reply.raw;
  reply.hijack();

  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  Object.assign(headers, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  res.writeHead(200, headers);
  res.flushHeaders();

  const controller = new AbortController();
  const server = request.server.server;
  let streams = openStreams.get(server);
  if (!streams) openStreams.set(server, (streams = new Set()));

  return new Promise<void>((resolve) => {
    let closed = false;
    let unsubscribe: (() => void) | undefined;
    let heartbeat: NodeJS.Timeout | undefined;

    const write = (chunk: string): void => {
      if (closed || res.destroyed) return;
      res.write(chunk);
      if (res.writableLength > maxBuffered) {
        request.log.warn({ buffered: res.writableLength }, 'SSE client too slow; disconnecting');
        res.destroy();
      }
    };

    const cleanup = (): void => {
      if (closed) return;
      closed = true;
      streams.delete(end);
      if (heartbeat) clearInterval(heartbeat);
      controller.abort();
      try {
        unsubscribe?.();
      } catch (error) {
        request.log.error({ err: error }, 'SSE unsubscribe failed');
      }
      resolve();
    };

    function end(): void {
      if (!res.writableEnded && !res.destroyed) res.end();
      cleanup();
    }

    streams.add(end);
    res.once('close', cleanup);

    write(`retry: ${retryMs}\n: connected\n\n`);
    heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();

    const send: SseSend = (event) => write(formatEvent(event));
    try {
      const stop = subscribe(send, { lastEventId: lastId, signal: controller.signal });
      if (closed) stop();
      else unsubscribe = stop;
    } catch (error) {
      request.log.error({ err: error }, 'SSE subscribe failed');
      end();
    }
  });
}
