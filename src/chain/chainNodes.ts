import { BaseError, HttpRequestError, TimeoutError, createTransport, http, type HttpTransportConfig, type Transport } from 'viem';

/**
 * Several JSON-RPC endpoints of one chain (TIERCHAIN_RPC_URL with commas), used one at a time: every client of the
 * platform sends to the node in use, and when that node stops answering they all move to the next one that does.
 *
 * Why one node at a time and not viem's `fallback` (each request from the first node on) or its ranking (the
 * fastest node of the moment): nodes of one chain disagree for a moment about the head. Reads that hop between them
 * make a node that is a block behind look like a reorg to the indexer (a rollback and a replay of every read model)
 * and a receipt that one node has and the other not yet look like a lost transaction to the transaction manager.
 * On one node they see one chain; a move is a rare event, and after it the indexer's and the manager's own checks
 * (parent hashes, receipts, nonces) reconcile with the new node's view.
 */

export interface ChainNodesParameters {
  /** The endpoints, in order of preference for the first choice. */
  urls: readonly string[];
  fetchFn?: typeof fetch;
  /** How often the node in use is asked whether it answers (default 1 000 ms). */
  heartbeatMs?: number;
  /** How long a probe waits for an answer (default 2 000 ms). */
  probeTimeoutMs?: number;
  /**
   * How long a node taking over may take to reach the head last seen on the node it replaces (default 5 000 ms).
   * Nodes of one chain are a block or so apart; a node behind would look to the indexer like a reorg.
   */
  catchUpMs?: number;
  /** Moves between nodes, outages and refused nodes, one line each. */
  log?: (message: string) => void;
}

export interface ChainNodesTransportConfig {
  /** Per request, on the node in use (viem's default 10 s). */
  timeout?: number;
  /** Retries of a request that failed for a reason other than its node (viem's rules). Default 2. */
  retryCount?: number;
  batch?: HttpTransportConfig['batch'];
  /**
   * The batch queue of this transport's requests. viem queues batched requests per URL, across clients: a request of a
   * client that gives up after 1 s could otherwise go out in a batch another client sent, with that client's 30 s
   * timeout. Transports with different queues never share a batch.
   */
  batchQueue?: string;
  /** The largest answer accepted, in bytes (viem's default 10 MiB; a block of a busy chain can carry more logs). */
  maxResponseBodySize?: number;
}

export interface ChainNodes {
  readonly urls: readonly string[];
  /** The node in use (the last one that answered). */
  current(): string;
  /** How many times the platform moved to another node. */
  moves(): number;
  /** A viem transport over the nodes. Clients made from transports of one `ChainNodes` share the node in use. */
  transport(config?: ChainNodesTransportConfig): Transport;
  /** Stops the heartbeat; requests already under way finish. */
  close(): void;
}

/** Every node failed to answer; `failures` says how each did. */
export class ChainNodesUnreachableError extends BaseError {
  readonly failures: ReadonlyArray<{ url: string; reason: string }>;
  constructor(failures: Array<{ url: string; reason: string }>) {
    super(`no chain node answers (${failures.map((f) => `${f.url}: ${f.reason}`).join('; ')})`, { name: 'ChainNodesUnreachableError' });
    this.failures = failures;
  }
}

class NodeLeft extends BaseError {
  constructor(url: string) {
    super(`the platform left ${url}, which stopped answering, while this request waited for it`, { name: 'NodeLeft' });
  }
}

interface NodeState {
  url: string;
  /** Rejects (NodeLeft) when the platform leaves this node: requests still waiting on it are sent again elsewhere. */
  left: Promise<never>;
  leave(): void;
}

interface ChainIdentity {
  chainId: string;
  genesis: string;
  url: string;
}

/** Creates the set of nodes. The first request (or `current()` after it) elects the first node that answers. */
export function createChainNodes(p: ChainNodesParameters): ChainNodes {
  if (p.urls.length === 0) throw new Error('createChainNodes needs at least one URL');
  const urls = [...p.urls];
  const fetchFn = p.fetchFn ?? fetch;
  const heartbeatMs = p.heartbeatMs ?? 1_000;
  const probeTimeoutMs = p.probeTimeoutMs ?? 2_000;
  const log = p.log ?? (() => {});
  const catchUpMs = p.catchUpMs ?? 5_000;

  let index = 0;
  let node: NodeState | null = null;
  let identity: ChainIdentity | null = null;
  let electing: Promise<NodeState> | null = null;
  let outage = false;
  let moveCount = 0;
  let missedBeats = 0;
  let closed = false;
  /** The highest head a probe of the node in use saw. */
  let seenHead: bigint | null = null;

  const enter = (i: number): NodeState => {
    let leave!: () => void;
    const left = new Promise<never>((_, reject) => (leave = () => reject(new NodeLeft(urls[i]!))));
    left.catch(() => {});
    return { url: urls[i]!, left, leave };
  };

  /** Asks a node which chain it serves; resolves with its head when it answers as a node of this chain. */
  async function probe(url: string): Promise<bigint> {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'eth_getBlockByNumber', params: ['0x0', false] },
        { jsonrpc: '2.0', id: 3, method: 'eth_blockNumber', params: [] },
      ]),
      signal: AbortSignal.timeout(probeTimeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const answers = (await response.json()) as Array<{ id: number; result?: unknown; error?: { message?: string } }>;
    const chainId = answers.find((a) => a.id === 1)?.result;
    const genesis = (answers.find((a) => a.id === 2)?.result as { hash?: unknown } | null | undefined)?.hash;
    const head = answers.find((a) => a.id === 3)?.result;
    if (typeof chainId !== 'string' || typeof genesis !== 'string' || typeof head !== 'string') {
      throw new Error(`no chain id and genesis block in its answer (${answers.map((a) => a.error?.message).filter(Boolean).join('; ') || 'empty'})`);
    }
    if (identity === null) identity = { chainId, genesis, url };
    else if (identity.chainId !== chainId || identity.genesis !== genesis) {
      throw new Error(
        `it serves another chain (chain id ${Number(chainId)}, genesis ${genesis}) than ${identity.url} (chain id ${Number(identity.chainId)}, genesis ${identity.genesis}); it is never used`,
      );
    }
    return BigInt(head);
  }

  /** Waits (up to catchUpMs) for a node to reach `target`; resolves with how far behind it still is. */
  async function catchUp(url: string, head: bigint, target: bigint): Promise<bigint> {
    const deadline = Date.now() + catchUpMs;
    while (head < target && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      head = await probe(url).catch(() => head);
    }
    return head < target ? target - head : 0n;
  }

  /**
   * Finds a node that answers, from the one after `from` round the list (the node that just failed last), and makes
   * it the node in use. One election at a time: concurrent requests wait for the same one.
   */
  function elect(from: number, reason: string): Promise<NodeState> {
    electing ??= (async () => {
      const failures: Array<{ url: string; reason: string }> = [];
      for (let k = 1; k <= urls.length; k++) {
        const i = (from + k) % urls.length;
        let head: bigint;
        try {
          head = await probe(urls[i]!);
        } catch (error) {
          failures.push({ url: urls[i]!, reason: describe(error, probeTimeoutMs) });
          continue;
        }
        const previous = node;
        let note = '';
        if (previous && previous.url !== urls[i] && seenHead !== null && head < seenHead) {
          const started = Date.now();
          const behind = await catchUp(urls[i]!, head, seenHead);
          note = behind
            ? ` (still ${behind} block(s) behind block ${seenHead} seen on ${previous.url} after ${catchUpMs} ms)`
            : ` (it reached block ${seenHead} seen on ${previous.url} in ${Date.now() - started} ms)`;
        }
        if (previous && previous.url !== urls[i]) {
          moveCount += 1;
          previous.leave();
        }
        if (outage) log(`chain node ${urls[i]} answers; using it${note}`);
        else if (previous && previous.url !== urls[i]) log(`chain node ${previous.url} stopped answering (${reason}); using ${urls[i]}${note}`);
        outage = false;
        missedBeats = 0;
        index = i;
        node = previous && previous.url === urls[i] ? previous : enter(i);
        return node;
      }
      if (!outage) log(`no chain node answers: ${failures.map((f) => `${f.url} (${f.reason})`).join(', ')}`);
      outage = true;
      throw new ChainNodesUnreachableError(failures);
    })().finally(() => {
      electing = null;
    });
    return electing;
  }

  const inUse = (): Promise<NodeState> => (node && !outage ? Promise.resolve(node) : elect(node ? index : urls.length - 1, 'no answer'));

  /** A request failed on `at` for a reason that may be its node: if the node no longer answers, move on. */
  async function failed(at: NodeState, error: unknown): Promise<void> {
    if (node !== at) return; // someone moved already
    try {
      await probe(at.url);
    } catch (probeError) {
      if (node === at) await elect(index, `${describe(error, probeTimeoutMs)}; then ${describe(probeError, probeTimeoutMs)}`).catch(() => {});
      return;
    }
    throw error; // the node answers: the request itself failed (a timeout on a slow call, an HTTP error of its own)
  }

  let timer: NodeJS.Timeout | null = null;
  const beat = async () => {
    if (electing) return;
    if (outage || !node) {
      await elect(node ? index : urls.length - 1, 'no answer').catch(() => {});
      return;
    }
    const at = node;
    try {
      const head = await probe(at.url);
      if (node === at && (seenHead === null || head > seenHead)) seenHead = head;
      missedBeats = 0;
    } catch (error) {
      // Two missed beats in a row: a node that hangs (stopped, overloaded) is left within a few seconds, and the
      // requests still waiting on it are sent again to the next one.
      missedBeats += 1;
      if (missedBeats >= 2 && node === at) await elect(index, describe(error, probeTimeoutMs)).catch(() => {});
    }
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void beat().finally(schedule), heartbeatMs);
    timer.unref();
  };
  schedule();

  return {
    urls,
    current: () => urls[index]!,
    moves: () => moveCount,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
    transport(config = {}) {
      const perNode = urls.map((url) =>
        http(batchQueueUrl(url, config.batchQueue), { fetchFn, timeout: config.timeout, retryCount: 0, batch: config.batch, maxResponseBodySize: config.maxResponseBodySize })({
          retryCount: 0,
        }),
      );
      const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
        // Each try is on another node (or the same one, once, after it answered a probe): at most one per node.
        for (let attempt = 0; ; attempt++) {
          const at = await inUse();
          try {
            return await Promise.race([perNode[urls.indexOf(at.url)]!.request({ method, params }), at.left]);
          } catch (error) {
            if (!(error instanceof NodeLeft || error instanceof HttpRequestError || error instanceof TimeoutError)) throw error;
            if (attempt >= urls.length) throw error;
            if (!(error instanceof NodeLeft)) await failed(at, error);
          }
        }
      };
      return (() =>
        createTransport({
          key: 'chainNodes',
          name: 'Chain nodes',
          type: 'chainNodes',
          request: request as never,
          retryCount: config.retryCount ?? 2,
          timeout: config.timeout,
        })) as unknown as Transport;
    },
  };
}

/**
 * `url` naming a batch queue of its own: viem keys its batch queues by URL (and shares them between clients), and a
 * fragment, which is never sent, makes the key distinct.
 */
export function batchQueueUrl(url: string, queue: string | undefined): string {
  return queue ? `${url.split('#')[0]}#${encodeURIComponent(queue)}` : url;
}

/** One short phrase for why a node did not answer. */
function describe(error: unknown, probeTimeoutMs: number): string {
  if (error instanceof TimeoutError) return 'no answer in time';
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') return `no answer within ${probeTimeoutMs} ms`;
  if (error instanceof HttpRequestError) return error.status ? `HTTP ${error.status}` : codeOf(error) ?? error.details ?? error.shortMessage;
  return codeOf(error) ?? String((error as Error)?.message ?? error).split('\n')[0]!;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  EPIPE: 'connection closed',
};

/** The socket error (ECONNREFUSED and its kind) in an error or its causes, in words. */
function codeOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return SOCKET_ERRORS[code] ?? code;
  }
  return undefined;
}
