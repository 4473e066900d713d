/**
 * Follows GET /v1/events (Server-Sent Events) with fetch(), because EventSource cannot send the Authorization
 * header. Calls `onChange` for every chain event or command change it sees; reconnects with a back-off and
 * resumes from the last event id. Returns a function that stops it.
 */
export function followEvents(apiKey: string, onChange: () => void): () => void {
  const abort = new AbortController();
  let lastEventId: string | null = null;
  let delay = 1000;

  const connect = async () => {
    while (!abort.signal.aborted) {
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' };
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const res = await fetch('/v1/events', { headers, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let type = 'message';
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) type = line.slice(6).trim();
              else if (line.startsWith('id:')) {
                const id = line.slice(3).trim();
                if (/^\d+:\d+$/.test(id)) lastEventId = id;
              }
            }
            if (type === 'chain.event' || type === 'command' || type === 'chain.reorg') onChange();
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void connect();
  return () => abort.abort();
}
