import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A JSON-RPC proxy in front of a node, for tests: it counts the methods asked for, can refuse some (answering as geth
 * does for a namespace it does not serve), can stop answering while keeping connections open (a node that hangs), and
 * can close (a node that stopped: connections refused).
 */
export interface RpcProxy {
  url: string;
  port: number;
  /** Requests per method that reached the node. */
  forwarded: Map<string, number>;
  /** Requests per method refused by `allow`. */
  refused: Map<string, number>;
  /** While true, requests are read and never answered. */
  hang(on: boolean): void;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

export interface StartRpcProxyParameters {
  target: string;
  /** Methods the proxy forwards; the others get -32601 "does not exist/is not available". Default: all. */
  allow?: (method: string) => boolean;
  /** 0 or undefined: a free port. */
  port?: number;
  /**
   * Answers a request itself (e.g. a node behind: a lower head, no later blocks): `{ result }`, `{ error }` (a JSON-RPC
   * error answer), or `{ httpStatus }` to fail the whole HTTP request; undefined forwards it.
   */
  intercept?: (request: RpcRequest) => { result: unknown } | { error: { code: number; message: string } } | { httpStatus: number } | undefined;
}

export interface RpcRequest {
  jsonrpc: string;
  id: unknown;
  method: string;
  params?: unknown[];
}

export async function startRpcProxy(p: StartRpcProxyParameters): Promise<RpcProxy> {
  const forwarded = new Map<string, number>();
  const refused = new Map<string, number>();
  const count = (m: Map<string, number>, method: string) => m.set(method, (m.get(method) ?? 0) + 1);
  const allow = p.allow ?? (() => true);
  let hanging = false;
  const sockets = new Set<Socket>();

  const refusal = (r: RpcRequest) => ({ jsonrpc: '2.0', id: r.id, error: { code: -32601, message: `the method ${r.method} does not exist/is not available` } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (hanging) return; // read, never answered
    let body: RpcRequest | RpcRequest[];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end('not JSON');
      return;
    }
    const requests = Array.isArray(body) ? body : [body];
    const answers = new Map<unknown, unknown>();
    for (const r of requests) {
      const own = p.intercept?.(r);
      if (own && 'httpStatus' in own) {
        res.writeHead(own.httpStatus).end('intercepted');
        return;
      }
      if (own) answers.set(r.id, 'error' in own ? { jsonrpc: '2.0', id: r.id, error: own.error } : { jsonrpc: '2.0', id: r.id, result: own.result });
    }
    const passed = requests.filter((r) => !answers.has(r.id) && allow(r.method));
    for (const r of requests) if (!answers.has(r.id)) count(passed.includes(r) ? forwarded : refused, r.method);
    for (const r of requests) if (!answers.has(r.id) && !passed.includes(r)) answers.set(r.id, refusal(r));
    if (passed.length) {
      let upstream: Response;
      try {
        upstream = await fetch(p.target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Array.isArray(body) ? passed : passed[0]),
        });
      } catch {
        res.writeHead(502).end('upstream unreachable');
        return;
      }
      const text = await upstream.text();
      if (!Array.isArray(body) && !answers.has(requests[0]!.id)) {
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
        return;
      }
      for (const a of JSON.parse(text) as Array<{ id: unknown }>) answers.set(a.id, a);
    }
    const reply = Array.isArray(body) ? requests.map((r) => answers.get(r.id)) : answers.get(requests[0]!.id);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: p.port ?? 0 }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarded,
    refused,
    hang: (on) => {
      hanging = on;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}
