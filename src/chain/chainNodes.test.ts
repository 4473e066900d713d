// Several endpoints of one chain, used one at a time (createChainNodes). Two proxies in front of one anvil are two
// nodes of one chain; a second anvil is another chain. Each node is stopped, hung or brought back by the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPublicClient, encodeFunctionData, parseAbi, type PublicClient } from 'viem';
import { startAnvil, type AnvilInstance } from './anvil.ts';
import { batchQueueUrl, ChainNodesUnreachableError, createChainNodes, type ChainNodes } from './chainNodes.ts';
import { startRpcProxy, type RpcProxy } from '../../test/support/rpcProxy.ts';

describe('chain nodes: one at a time, the next when it stops answering', () => {
  let anvil: AnvilInstance;
  let otherChain: AnvilInstance;
  const open: Array<{ close(): unknown }> = [];
  const logs: string[] = [];

  const proxy = async (target: string, port?: number) => {
    const p = await startRpcProxy({ target, port });
    open.push(p);
    return p;
  };
  const nodesOver = (urls: string[], o: { heartbeatMs?: number; catchUpMs?: number } = {}) => {
    const nodes = createChainNodes({ urls, heartbeatMs: o.heartbeatMs ?? 200, probeTimeoutMs: 500, catchUpMs: o.catchUpMs, log: (m) => logs.push(m) });
    open.push(nodes);
    return nodes;
  };
  const clientOf = (nodes: ChainNodes, timeout = 30_000) =>
    createPublicClient({ cacheTime: 0, transport: nodes.transport({ timeout, retryCount: 0 }) }) as PublicClient;
  const served = (p: RpcProxy) => [...p.forwarded.values()].reduce((a, b) => a + b, 0);

  before(async () => {
    [anvil, otherChain] = await Promise.all([startAnvil(), startAnvil({ chainId: 31338 })]);
  });
  after(async () => {
    for (const o of open.reverse()) await o.close();
    await Promise.all([anvil?.stop(), otherChain?.stop()]);
  });

  test('all requests go to the first node while it answers', async () => {
    const [a, b] = [await proxy(anvil.rpcUrl), await proxy(anvil.rpcUrl)];
    const nodes = nodesOver([a.url, b.url]);
    const client = clientOf(nodes);
    for (let i = 0; i < 5; i++) await client.getBlockNumber();
    assert.equal(nodes.current(), a.url);
    assert.equal(served(b), 0, 'the second node is not asked for anything');
    assert.ok(served(a) >= 5);
  });

  test('a stopped node (connection refused) is left at the first request that finds it so, which the next node answers', async () => {
    const [a, b] = [await proxy(anvil.rpcUrl), await proxy(anvil.rpcUrl)];
    const nodes = nodesOver([a.url, b.url], { heartbeatMs: 60_000 });
    const client = clientOf(nodes);
    const before = await client.getBlockNumber();
    await a.close();
    const started = performance.now();
    assert.equal(await client.getBlockNumber(), before);
    console.log(`# answered by the next node ${Math.round(performance.now() - started)} ms after the first one stopped`);
    assert.equal(nodes.current(), b.url);
    assert.equal(nodes.moves(), 1);
    assert.ok(logs.some((l) => l.startsWith(`chain node ${a.url} stopped answering (`) && l.includes('connection refused') && l.endsWith(`using ${b.url}`)), logs.join('\n'));
  });

  test('a node that hangs is left by the heartbeat, and a request waiting on it is sent to the next node', { timeout: 60_000 }, async () => {
    const [a, b] = [await proxy(anvil.rpcUrl), await proxy(anvil.rpcUrl)];
    const nodes = nodesOver([a.url, b.url]);
    // No request timeout of its own: without the heartbeat this request would wait for the hung node forever.
    const client = clientOf(nodes, 0);
    await client.getBlockNumber();
    a.hang(true);
    const started = performance.now();
    const answer = await client.getChainId();
    console.log(`# a request held by a hung node answered by the next one after ${Math.round(performance.now() - started)} ms (heartbeat 200 ms, probe timeout 500 ms)`);
    assert.equal(answer, anvil.chainId);
    assert.equal(nodes.current(), b.url);
  });

  test('an error the node answers with (no such block, a call it refuses) is its answer, not its failure: no move', async () => {
    const [a, b] = [await proxy(anvil.rpcUrl), await proxy(anvil.rpcUrl)];
    const nodes = nodesOver([a.url, b.url]);
    const client = clientOf(nodes);
    await assert.rejects(client.getBlock({ blockNumber: 10n ** 9n }), /could not be found/);
    await assert.rejects(
      client.call({ to: '0x0000000000000000000000000000000000000000', data: encodeFunctionData({ abi: parseAbi(['function f()']), functionName: 'f' }), gas: 1n }),
      /gas/i,
    );
    assert.equal(nodes.current(), a.url);
    assert.equal(nodes.moves(), 0);
    assert.equal(served(b), 0);
  });

  test('a node of another chain is never used, and when no node answers the error names each and why', async () => {
    const [a, wrong] = [await proxy(anvil.rpcUrl), await proxy(otherChain.rpcUrl)];
    const nodes = nodesOver([a.url, wrong.url], { heartbeatMs: 60_000 });
    const client = clientOf(nodes);
    await client.getBlockNumber();
    await a.close();
    const error = await client.getBlockNumber().then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    const unreachable = (error as { walk: (f: (e: unknown) => boolean) => unknown }).walk((e) => e instanceof ChainNodesUnreachableError) as ChainNodesUnreachableError;
    assert.ok(unreachable, String(error));
    assert.deepEqual(
      unreachable.failures.map((f) => f.url),
      [wrong.url, a.url],
    );
    assert.match(unreachable.failures[0]!.reason, /serves another chain \(chain id 31338, genesis 0x[0-9a-f]{64}\) than http:\/\/127\.0\.0\.1:\d+ \(chain id 31337, genesis 0x[0-9a-f]{64}\); it is never used$/);
    assert.equal(unreachable.failures[1]!.reason, 'connection refused');
    // It was asked which chain it serves (a probe: chain id, genesis block and head, together), and nothing else.
    assert.deepEqual([...wrong.forwarded.keys()].sort(), ['eth_blockNumber', 'eth_chainId', 'eth_getBlockByNumber']);
    assert.ok([...wrong.forwarded.values()].every((n) => n === wrong.forwarded.get('eth_chainId')));
  });

  test('a node that takes over behind the head seen on the one it replaces is given time to catch up', async () => {
    const chain = await startAnvil();
    open.push({ close: () => chain.stop() });
    await fetch(chain.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_mine', params: ['0x5'] }) });
    let lagging = true;
    const a = await proxy(chain.rpcUrl);
    // B answers two blocks behind until it "catches up".
    const b = await startRpcProxy({ target: chain.rpcUrl, intercept: (r) => (lagging && r.method === 'eth_blockNumber' ? { result: '0x3' } : undefined) });
    open.push(b);
    const nodes = nodesOver([a.url, b.url]);
    const client = clientOf(nodes);
    await client.getBlockNumber();
    await new Promise((r) => setTimeout(r, 500)); // a heartbeat or two: the head seen on A is 5
    await a.close();
    setTimeout(() => (lagging = false), 600);
    assert.equal(await client.getBlockNumber(), 5n);
    const line = logs.find((l) => l.startsWith(`chain node ${a.url} stopped answering`))!;
    assert.match(line, new RegExp(`using ${b.url} \\(it reached block 5 seen on ${a.url} in \\d+ ms\\)$`), line);
    console.log(`# ${line}`);
  });

  test('after an outage the first node that answers again is used', async () => {
    const [a, b] = [await proxy(anvil.rpcUrl), await proxy(anvil.rpcUrl)];
    const nodes = nodesOver([a.url, b.url]);
    const client = clientOf(nodes);
    await client.getBlockNumber();
    await Promise.all([a.close(), b.close()]);
    await assert.rejects(client.getBlockNumber(), (e: Error) => /no chain node answers/.test(e.message));
    const back = await proxy(anvil.rpcUrl, b.port);
    assert.equal(await client.getChainId(), anvil.chainId);
    assert.equal(nodes.current(), b.url);
    assert.ok(served(back) > 0);
    assert.ok(logs.includes(`chain node ${b.url} answers; using it`), logs.join('\n'));
  });
});

test('batched reads of two clients on one URL: a client with its own batch queue gives up after its own timeout, not the other\'s', async () => {
  const { createServer } = await import('node:http');
  const { http } = await import('viem');
  let answered = false;
  // A node that answers every request (a batch of several reads too) only after 1.5 s.
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () =>
      setTimeout(() => {
        const parsed = JSON.parse(body) as { id: number } | Array<{ id: number }>;
        const answer = (r: { id: number }) => ({ jsonrpc: '2.0', id: r.id, result: '0x10' });
        answered = true;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
      }, 1_500),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const batch = { batchSize: 200, wait: 0 };
    const patient = createPublicClient({ cacheTime: 0, transport: http(url, { batch, timeout: 30_000, retryCount: 0 }) }) as PublicClient;
    const read = (queue: string | undefined) =>
      createPublicClient({ cacheTime: 0, transport: http(batchQueueUrl(url, queue), { batch, timeout: 200, retryCount: 0 }) }) as PublicClient;
    const outcome = async (client: PublicClient) => {
      // Same tick: the patient client's read is queued first, so its batch (and its timeout) would carry the other's.
      const [slow, quick] = await Promise.allSettled([patient.getBlockNumber(), client.getBlockNumber().catch((e: unknown) => ({ error: e, answeredYet: answered }))]);
      return { slow, quick: quick.status === 'fulfilled' ? quick.value : null };
    };
    const own = await outcome(read('api-reads'));
    assert.equal(own.slow.status, 'fulfilled');
    assert.ok(own.quick && typeof own.quick === 'object' && 'error' in own.quick, 'the quick client gave up');
    assert.equal((own.quick as { answeredYet: boolean }).answeredYet, false, 'before the node answered');
    answered = false;
    // Without a queue of its own, the same read rides the patient client's batch and waits for the node's answer.
    const shared = await outcome(read(undefined));
    assert.equal(shared.quick, 16n, 'it got the answer of the patient client\'s batch, long after its own 200 ms');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
