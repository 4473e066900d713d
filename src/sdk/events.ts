/**
 * `client.events.stream()`: GET /v1/events (Server-Sent Events) as an async iterator, with the Authorization
 * header (which an EventSource cannot send), Last-Event-ID to resume, and an AbortSignal to stop.
 */
import { apiError, type Transport } from './http.ts';
import { TierchainNetworkError } from './errors.ts';
import type { TierchainEvent } from './types.ts';

export interface StreamEventsParameters {
  /** Resume after this event id (`block:logIndex` of a chain event): the events after it are replayed first. */
  lastEventId?: string;
  /** Ends the stream (the iterator then finishes without error). */
  signal?: AbortSignal;
}

export interface EventsApi {
  /**
   * Streams the events you may see: `chain.event` (indexed contract events), `command` (status changes of your
   * commands) and `chain.reorg`. Ends when the signal aborts, the loop breaks, or the server closes the stream.
   */
  stream(p?: StreamEventsParameters): AsyncIterableIterator<TierchainEvent>;
}

/** Parses SSE text as it arrives: feed it chunks, get whole frames. */
export function createSseParser(): (chunk: string) => Array<{ id: string | undefined; type: string; data: string }> {
  let buffer = '';
  let id: string | undefined;
  let type = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const frames: Array<{ id: string | undefined; type: string; data: string }> = [];
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length) frames.push({ id, type: type || 'message', data: data.join('\n') });
        type = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') type = value;
      else if (field === 'id') id = value;
    }
    return frames;
  };
}

export function createEventsApi(t: Transport): EventsApi {
  return {
    stream(p = {}) {
      return streamEvents(t, p);
    },
  };
}

async function* streamEvents(t: Transport, p: StreamEventsParameters): AsyncIterableIterator<TierchainEvent> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  p.signal?.addEventListener('abort', stop, { once: true });
  try {
    if (p.signal?.aborted) return;
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${t.apiKey}` };
    if (p.lastEventId) headers['last-event-id'] = p.lastEventId;
    let res: Response;
    try {
      res = await t.fetch(`${t.baseUrl}/v1/events`, { headers, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      throw new TierchainNetworkError(t.baseUrl, 'GET /v1/events', error);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      throw apiError({ status: res.status, headers: res.headers, body }, 'GET /v1/events');
    }
    const parse = createSseParser();
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (controller.signal.aborted) return;
          throw new TierchainNetworkError(t.baseUrl, 'GET /v1/events', error);
        }
        if (chunk.done) return;
        for (const frame of parse(decoder.decode(chunk.value, { stream: true }))) {
          let data: unknown = frame.data;
          try {
            data = JSON.parse(frame.data);
          } catch {
            // not JSON: keep the text
          }
          yield { id: frame.id ?? '', type: frame.type, data } as TierchainEvent;
        }
      }
    } finally {
      controller.abort();
      reader.cancel().catch(() => undefined);
    }
  } finally {
    p.signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}
