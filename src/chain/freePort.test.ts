// Free ports for the nodes a process starts: the OS offers a port again as soon as it is closed (about one in eight
// of 2,000 bare asks on Linux came out twice), and a devnet node once got one port for both its RPC and its P2P
// listener and could not start. Within a process, getFreePort never hands out a port twice.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { getFreePort, isPortFree } from './freePort.ts';

test('2,000 free ports asked for one after another are 2,000 different ports, each free when handed out', async () => {
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) {
    const port = await getFreePort();
    assert.ok(!seen.has(port), `port ${port} handed out twice (after ${i} others)`);
    seen.add(port);
  }
  const last = await getFreePort();
  assert.equal(await isPortFree(last), true);
});

test('a port in use is not free', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const port = (server.address() as { port: number }).port;
  try {
    assert.equal(await isPortFree(port), false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
