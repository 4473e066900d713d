import { createServer } from 'node:net';

/** Ports this process handed out recently, and when: the OS may offer a port again as soon as it is closed. */
const handedOut = new Map<number, number>();
const REMEMBER_MS = 10 * 60_000;

/**
 * Asks the OS for a currently free TCP port on 127.0.0.1 (bind to port 0, read the
 * assigned port, close). The port is not reserved: another process may take it
 * before the caller binds it, so callers must still handle "address in use". Within
 * this process, no port is handed out twice in ten minutes: the OS may offer a port it
 * just gave for another purpose (a node's RPC and its P2P port came out equal once).
 */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  for (const [port, at] of handedOut) if (now - at > REMEMBER_MS) handedOut.delete(port);
  for (let attempt = 0; ; attempt++) {
    const port = await askOs(host);
    if (!handedOut.has(port) || attempt >= 50) {
      handedOut.set(port, now);
      return port;
    }
  }
}

function askOs(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not determine a free port on ${host}`));
        return;
      }
      const { port } = address;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}

/**
 * True when `port` can be bound on `host` right now. Used to fail fast with a clear
 * message instead of racing a process that cannot bind against one that already did.
 */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}
