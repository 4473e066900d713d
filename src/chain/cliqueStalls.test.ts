// The launcher's resolver of Clique's stall on competing blocks (src/chain/cliqueStalls.ts), against two small
// JSON-RPC servers that play geth nodes: what it asks of each node, and when it leaves the network alone.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { watchCliqueStalls } from './cliqueStalls.ts';

interface FakeNode {
  rpcUrl: string;
  calls: string[];
  head: { number: string; hash: string };
  server: Server;
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function fakeNode(head: { number: string; hash: string }, onCall: (node: FakeNode, method: string, params: unknown[]) => void = () => {}): Promise<FakeNode> {
  const node = { calls: [] as string[], head } as FakeNode;
  node.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
      if (method !== 'eth_getBlockByNumber') node.calls.push(`${method}${params.length ? ` ${JSON.stringify(params)}` : ''}`);
      onCall(node, method, params);
      res.setHeader('content-type', 'application/json');
      const result = method === 'eth_getBlockByNumber' ? node.head : method === 'debug_getRawBlock' ? '0xc0' : true;
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
  });
  servers.push(node.server);
  await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
  node.rpcUrl = `http://127.0.0.1:${(node.server.address() as { port: number }).port}`;
  return node;
}

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('two of three signers each on a block 180 of their own: the second stops sealing, rewinds to 179, is handed the first one\'s block and seals again', async () => {
  const kept = await fakeNode({ number: '0xb4', hash: '0xaaaa' });
  // The rival, once rewound, holds the kept node's block when it has imported it.
  const rival = await fakeNode({ number: '0xb4', hash: '0xbbbb' }, (node, method) => {
    if (method === 'debug_setHead') node.head = { number: '0xb3', hash: '0x9999' };
    if (method === 'admin_importChain') node.head = { number: '0xb4', hash: '0xaaaa' };
  });
  const logs: string[] = [];
  const stop = watchCliqueStalls({
    nodes: () => [{ index: 1, rpcUrl: kept.rpcUrl }, { index: 2, rpcUrl: rival.rpcUrl }, null],
    signers: 3,
    stallMs: 300,
    intervalMs: 50,
    log: (m) => logs.push(m),
  });
  try {
    await until('the rival to seal again', () => rival.calls.includes('miner_start'));
    assert.deepEqual(
      rival.calls.map((c) => c.replace(/"\/[^"]*block-180\.rlp"/, '"…/block-180.rlp"')),
      ['miner_stop', 'debug_setHead ["0xb3"]', 'admin_importChain ["…/block-180.rlp"]', 'miner_start'],
    );
    assert.deepEqual(kept.calls, ['debug_getRawBlock ["0xaaaa"]'], 'the node whose block is kept is only read');
    assert.match(logs.join('\n'), /nodes 1 and 2 each sealed a block 180 of their own .*node 2 gives up its block and takes node 1's/);
  } finally {
    await stop();
  }
});

test('left alone: one chain that stops (every node on one block), and more than half of the signers away (Clique\'s own halt)', async () => {
  const a = await fakeNode({ number: '0x10', hash: '0xaaaa' });
  const b = await fakeNode({ number: '0x10', hash: '0xaaaa' });
  const c = await fakeNode({ number: '0x10', hash: '0xcccc' });
  const sameChain = watchCliqueStalls({ nodes: () => [{ index: 1, rpcUrl: a.rpcUrl }, { index: 2, rpcUrl: b.rpcUrl }, null], signers: 3, stallMs: 100, intervalMs: 20 });
  // One node of three answers: fewer than ⌊3/2⌋ + 1 could go on, whatever its block.
  const alone = watchCliqueStalls({ nodes: () => [{ index: 1, rpcUrl: c.rpcUrl }, null, null], signers: 3, stallMs: 100, intervalMs: 20 });
  await new Promise((r) => setTimeout(r, 600));
  await sameChain();
  await alone();
  assert.deepEqual([...a.calls, ...b.calls, ...c.calls], []);
});
