import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPublicClient, http, parseEther, type Address, type PublicClient } from 'viem';
import { rpcUrlsFrom, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { startAnvil, type AnvilInstance } from '../chain/anvil.ts';
import { deploySuite, describeDeployStep, loadDeployment, requireCurrentBuild, saveDeployment } from '../chain/deploy.ts';
import { addressOf, type Deployment } from '../chain/contracts.ts';
import { createKeyStore, loadMasterKey } from '../ledger/keyStore.ts';
import { createTransactionManager, type TransactionManager } from '../ledger/transactionManager.ts';
import { createSignerLeases } from '../ledger/signerLeases.ts';
import { createEngineLease } from '../db/engineLease.ts';
import type { ReconcileResult } from '../ledger/reconcile.ts';
import { createIndexer, type Indexer } from '../indexer/indexer.ts';
import { createApiServer, type FastifyInstance } from '../api/server.ts';
import type { ApiLogParams } from '../api/logging.ts';
import { createRpcFetch } from '../chain/rpcFetch.ts';
import { batchQueueUrl, createChainNodes, type ChainNodes, type ChainNodesTransportConfig } from '../chain/chainNodes.ts';
import { createAuthenticator, ensureOperator } from '../modules/identity/index.ts';
import type { ModuleContext } from './context.ts';
import { instanceId, makeDataDirPrivate } from './dataDir.ts';
import { contractSuite, creditFactSources, decodeRevert, migrationSets, modules, platformRoutes, readModels } from './modules.ts';
import { createReadinessCheck } from './readiness.ts';

/** The largest JSON-RPC answer the platform reads. */
const RPC_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface PlatformProgress {
  step: string;
  detail?: string;
}

export interface StartPlatformParameters {
  config: Config;
  onProgress?: (p: PlatformProgress) => void;
  log?: (message: string) => void;
  /** Serve the HTTP API (default true); tests of the engines alone can skip it. */
  serve?: boolean;
  pollIntervalMs?: number;
  /** An already open database (tests pass one per backend); when absent it is opened from the config. */
  db?: Database;
  /** The API's JSON log (5xx at error, 4xx at info); default: stderr at `config.logLevel`. */
  httpLog?: ApiLogParams;
  /** Where the first start's settings (TIERCHAIN_OPERATOR_KEY, …) and the master key are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Platform {
  url: string | null;
  rpcUrl: string;
  chainId: number;
  deployment: Deployment;
  operator: { address: Address; memberId: string; apiKey: string | null };
  ctx: ModuleContext;
  db: Database;
  client: PublicClient;
  txManager: TransactionManager;
  indexer: Indexer;
  server: FastifyInstance | null;
  anvil: AnvilInstance | null;
  /** This instance's id: the holder named in the signer and engine leases it takes (docs/adr/014-instances.md). */
  instance: string;
  /** The external chain's nodes when TIERCHAIN_RPC_URL names several (the platform uses one at a time). */
  chainNodes: ChainNodes | null;
  /** True when this start deployed the contracts (first start on this chain). */
  deployedNow: boolean;
  /** What the modules' background work serves, by module (devices: its MQTT broker's URL). */
  services: Record<string, Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Gas each member account gets from the operator when it runs low (chains where gas has a price). */
const GAS_TOP_UP = { threshold: parseEther('0.01'), amount: parseEther('0.1') };

/**
 * Starts everything in order: database (migrated), chain (embedded anvil unless TIERCHAIN_RPC_URL is set),
 * the operator's identity, the contract suite (deployed on the first start, then reused), the transaction
 * manager, the indexer, and the HTTP API. `stop()` undoes it in reverse order.
 */
export async function startPlatform(p: StartPlatformParameters): Promise<Platform> {
  const { config } = p;
  const progress = p.onProgress ?? (() => {});
  const log = p.log ?? (() => {});
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop failed: ${String(e)}`));
    stops.length = 0;
  };

  try {
    makeDataDirPrivate(config.dataDir);
    progress({ step: 'database', detail: config.databaseUrl ? 'PostgreSQL' : `PGlite in ${join(config.dataDir, 'db')}` });
    const db = p.db ?? (await openDatabase(config.databaseUrl ? { url: config.databaseUrl, schema: config.databaseSchema } : { dir: join(config.dataDir, 'db') }));
    if (!p.db) stops.push(() => db.close());
    const { applied } = await migrate(db, { sets: migrationSets });
    if (applied.length) progress({ step: 'database', detail: `applied migrations ${applied.join(', ')}` });

    let anvil: AnvilInstance | null = null;
    let rpcUrl = config.rpcUrl;
    if (!rpcUrl) {
      progress({ step: 'chain', detail: config.chainPort ? `starting embedded anvil on 127.0.0.1:${config.chainPort}` : 'starting embedded anvil on a free port' });
      anvil = await startAnvil({ port: config.chainPort, stateFile: join(config.dataDir, 'chain', 'state.json'), onNotice: log });
      stops.push(() => anvil!.stop());
      rpcUrl = anvil.rpcUrl;
      if (config.chainPort === 0) progress({ step: 'chain', detail: `embedded anvil listening on ${rpcUrl}` });
    } else {
      progress({ step: 'chain', detail: `using ${rpcUrl.split(',').join(', ')}` });
    }
    // cacheTime 0: viem otherwise caches eth_blockNumber for 4 s, so confirmations and the indexer would lag by up to 4 s.
    const fetchFn = createRpcFetch();
    const urls = rpcUrlsFrom(rpcUrl);
    const chainNodes = urls.length > 1 ? createChainNodes({ urls, fetchFn, log }) : null;
    if (chainNodes) stops.push(async () => chainNodes.close());
    // Answers up to 256 MiB: the logs of one full block (or a JSON-RPC batch with them) can pass viem's 10 MiB default,
    // and the indexer cannot read less than one block (seen at scale: 14 MB of logs in one block of settlements).
    const transport = (c: ChainNodesTransportConfig) => {
      const config = { maxResponseBodySize: RPC_MAX_RESPONSE_BYTES, ...c };
      return chainNodes ? chainNodes.transport(config) : http(batchQueueUrl(rpcUrl!, config.batchQueue), { ...config, fetchFn });
    };
    const client = createPublicClient({ cacheTime: 0, transport: transport({ retryCount: 2, timeout: 30_000 }) }) as PublicClient;
    const chainId = await client.getChainId();
    // Concurrent reads (a pre-check's views, the indexer's block headers, the transaction manager's estimates and
    // receipts) go out as one JSON-RPC batch per tick: one HTTP round trip instead of one each.
    const batchingClient = createPublicClient({
      cacheTime: 0,
      transport: transport({ retryCount: 2, timeout: 30_000, batch: { batchSize: 200, wait: 0 } }),
    }) as PublicClient;
    // The API's chain reads (pre-checks, /ready) give up after chainReadTimeoutMs, without retrying: a stopped or
    // overloaded node answers the request with a 503 naming the chain instead of holding it open for 30 s or more.
    const apiReadClient = createPublicClient({
      cacheTime: 0,
      // Its own batch queue: batched with the engines' reads, a read would wait as long as their 30 s timeout allows.
      transport: transport({ retryCount: 0, timeout: config.chainReadTimeoutMs, batch: { batchSize: 200, wait: 0 }, batchQueue: 'api-reads' }),
    }) as PublicClient;

    const keys = createKeyStore({ db, masterKey: loadMasterKey(config.dataDir, p.env) });
    // Instances sharing one database set the platform up one at a time: the first creates the operator and deploys the
    // suite, the others wait for it and then find both (docs/adr/014-instances.md).
    const instance = instanceId(config.dataDir);
    const setup = createEngineLease({ name: 'setup', holder: instance, ttlMs: 10 * 60_000 });
    for (let waited = 0; !(await setup.hold(db)); waited++) {
      if (waited % 20 === 0) progress({ step: 'database', detail: 'another instance is setting the platform up; waiting for it' });
      await sleep(500);
    }
    stops.push(() => setup.release(db));
    const operator = await ensureOperator({ db, keys, dataDir: config.dataDir, env: p.env });
    if (anvil) {
      // The embedded chain's operator is funded by the node itself; an external chain's must be funded by its owner.
      const balance = await client.getBalance({ address: operator.address });
      if (balance < parseEther('1000')) {
        await client.request({ method: 'anvil_setBalance' as never, params: [operator.address, `0x${parseEther('1000000').toString(16)}`] as never });
      }
    }

    let deployment = await loadDeployment(db, chainId, contractSuite.names);
    let deployedNow = false;
    if (deployment) {
      const code = await client.getCode({ address: addressOf(deployment, contractSuite.names[0]!) });
      if (!code || code === '0x') {
        throw new Error(
          `the contracts recorded for chain ${chainId} are not on that chain (was the chain reset while the database was kept?). ` +
            `Use a fresh data directory, or point TIERCHAIN_RPC_URL at the chain they were deployed to.`,
        );
      }
      requireCurrentBuild(deployment, config.databaseUrl ? 'the database' : `the data directory ${config.dataDir}`);
    } else {
      progress({ step: 'deploy', detail: 'deploying the contract suite (first start on this chain)' });
      const deployed = await deploySuite({
        client,
        operator: await keys.signer(operator.address),
        chainId,
        suite: contractSuite,
        operatorLegalIdHash: operator.legalIdHash,
        onProgress: (s) => progress({ step: 'deploy', detail: describeDeployStep(s) }),
      });
      await saveDeployment(db, deployed);
      deployment = deployed;
      deployedNow = true;
    }
    await setup.release(db);

    const pollIntervalMs = p.pollIntervalMs ?? 200;
    const txManager = createTransactionManager({
      db,
      client: batchingClient,
      keys,
      chainId,
      confirmations: config.confirmations,
      pollIntervalMs,
      gasTopUp: { funder: operator.address, ...GAS_TOP_UP },
      suite: contractSuite,
      decodeRevert,
      contracts: deployment.contracts,
      // Several instances may share the database: each signer's work is this instance's only while it holds its lease.
      leases: createSignerLeases({ holder: instance, ttlMs: config.leaseTtlMs }),
      // Call traces (debug_traceTransaction) from the embedded anvil only: an external chain gets standard methods.
      traceReverts: anvil !== null,
      log,
    });
    const indexer = createIndexer({
      db,
      client: batchingClient,
      deployment,
      suite: contractSuite,
      readModels,
      pollIntervalMs,
      log,
      // One instance writes the index; the others follow it and take over when its lease expires.
      lease: createEngineLease({ name: 'indexer', holder: instance, ttlMs: config.leaseTtlMs }),
    });
    // Listeners first: the indexer's very first pass may find a rollback (a chain restarted from older state), and the
    // transaction manager must hear of it.
    txManager.onChange(() => void indexer.sync().catch(() => {}));
    // Commands mined in blocks a reorg removed are not confirmed any more: the transaction manager reconciles.
    indexer.subscribe((notice) => {
      if (notice.type === 'reorg') void txManager.reconcile().catch((e) => log(`reconciling after a reorg failed (will retry): ${String((e as Error).message ?? e)}`));
    });
    stops.push(() => txManager.stop());
    // At every start the outbox is reconciled with the chain before anything is sent (docs/adr/010-reconciliation.md).
    const reconciled = await txManager.reconcile();
    progress({ step: 'ledger', detail: describeReconciliation(reconciled) });
    progress({ step: 'indexer', detail: 'catching up with the chain' });
    await indexer.sync();
    indexer.start();
    stops.push(() => indexer.stop());
    txManager.start();

    // Principals are cached briefly; a member's on-chain standing changing (or a reorg), and any change to API keys,
    // drops the cache at once.
    const auth = createAuthenticator(db, operator.address);
    const ctx: ModuleContext = {
      db,
      keys,
      deployment,
      chainId,
      operator: operator.address,
      txManager,
      indexer,
      client: apiReadClient,
      decodeRevert,
      creditFacts: creditFactSources,
      credentialsChanged: () => auth.invalidate(),
    };
    const unsubscribeAuth = indexer.subscribe((notice) => {
      // A member's standing changed on-chain (identity's events), or a reorg: cached principals may be stale.
      if (notice.type === 'reorg' || notice.events.some((e) => e.contract === 'MemberRegistry')) auth.invalidate();
    });
    stops.push(async () => unsubscribeAuth());
    let server: FastifyInstance | null = null;
    let url: string | null = null;
    const services: Record<string, Record<string, unknown>> = {};
    if (p.serve !== false) {
      for (const m of modules) {
        if (!m.start) continue;
        const service = await m.start(ctx, { env: p.env ?? process.env, host: config.host, apiPort: config.port, log });
        stops.push(() => service.stop());
        services[m.name] = service.info;
        progress({ step: m.name, detail: Object.entries(service.info).map(([k, v]) => `${k} ${String(v)}`).join(', ') });
      }
      const consoleDir = resolve(new URL('../../web/dist', import.meta.url).pathname);
      server = await createApiServer({
        logger: p.httpLog ?? { level: config.logLevel },
        trustProxy: config.trustProxy,
        authenticate: (key) => auth.authenticate(key),
        checkReady: createReadinessCheck({
          db,
          client: apiReadClient,
          indexer,
          // /ready needs no key: an external node is named by its origin only (its URL may carry credentials or a key).
          chainName: anvil ? `embedded anvil at ${rpcUrl}` : urls.length > 1 ? `nodes at ${urls.map((u) => new URL(u).origin).join(', ')}` : `node at ${new URL(rpcUrl).origin}`,
          // Within the server's 5 s limit for the whole report, so the chain is named rather than the report timing out.
          chainTimeoutMs: Math.min(config.chainReadTimeoutMs, 4_000),
        }),
        routes: platformRoutes(ctx),
        info: { title: 'Tierchain API', version: '0.1.0' },
        staticDir: existsSync(consoleDir) ? consoleDir : undefined,
      });
      await server.listen({ host: config.host, port: config.port });
      stops.push(() => server!.close());
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host}:${port}`;
    }

    return {
      url,
      rpcUrl,
      chainId,
      deployment,
      operator: { address: operator.address, memberId: operator.memberId, apiKey: operator.apiKey },
      ctx,
      db,
      client,
      txManager,
      indexer,
      server,
      anvil,
      instance,
      chainNodes,
      deployedNow,
      services,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function describeReconciliation(r: ReconcileResult): string {
  const parts = [`reconciled with the chain at block ${r.head}`];
  if (r.reopened.length) parts.push(`${r.reopened.length} command(s) the chain lost are broadcast again`);
  if (r.nonces.length) parts.push(`${r.nonces.length} signer nonce(s) corrected`);
  if (r.filled.length) parts.push(`${r.filled.length} nonce gap(s) filled`);
  return parts.join('; ');
}
