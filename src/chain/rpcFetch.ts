import http from 'node:http';
import https from 'node:https';

/**
 * A lean `fetch` for JSON-RPC (viem's `fetchFn`): node's http client over keep-alive connections, answering with
 * a minimal Response (status, headers, text) instead of the WHATWG streams of the global fetch, which cost more CPU
 * than the request itself at hundreds of calls a second. Bodies are strings (viem sends JSON text).
 */
export function createRpcFetch(p: { maxSockets?: number } = {}): typeof fetch {
  const maxSockets = p.maxSockets ?? 32;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  const rpcFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
    const headers: Record<string, string> = {};
    if (init.headers instanceof Headers) init.headers.forEach((v, k) => (headers[k] = v));
    else if (Array.isArray(init.headers)) for (const [k, v] of init.headers) headers[k] = v;
    else Object.assign(headers, init.headers ?? {});
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const request = (protocol === 'https:' ? https : http).request(
        url,
        { method: init.method ?? 'GET', headers, agent: agents[protocol], signal: init.signal ?? undefined },
        (response) => {
          // Decoded chunk by chunk (a character split between two chunks is kept for the next): no Buffer of the whole
          // body, which for an eth_getLogs answer is megabytes of young ArrayBuffer (see src/db/copyIn.ts for why that
          // costs a collection).
          response.setEncoding('utf8');
          let text = '';
          response.on('data', (chunk: string) => (text += chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const lean = {
              ok: status >= 200 && status < 300,
              status,
              statusText: response.statusMessage ?? '',
              url: url.toString(),
              body: null,
              headers: {
                get: (name: string) => {
                  const v = response.headers[name.toLowerCase()];
                  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
                },
                has: (name: string) => response.headers[name.toLowerCase()] !== undefined,
              },
              text: async () => text,
              json: async () => JSON.parse(text),
            };
            resolve(lean as unknown as Response);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
  return rpcFetch as typeof fetch;
}
