import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, formatLog, http, type Abi, type Address, type Log, type PublicClient, type RpcLog } from 'viem';
import { decodeLogWith } from '../../src/chain/eventDecoder.ts';
import type { Deployment } from '../../src/chain/contracts.ts';
import { createRpcFetch } from '../../src/chain/rpcFetch.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PLATFORM_NODE_FLAGS } from '../../src/cli/nodeFlags.ts';
import { createIndexer, logRange, requestLogs, tooManyLogs } from '../../src/indexer/indexer.ts';
import { contractSuite, migrationSets, readModels as platformReadModels } from '../../src/platform/modules.ts';
import type { ReadModels } from '../../src/indexer/projections.ts';
import type { Progress } from './gas.ts';
import { fromJson, toJson } from './scaleJson.ts';

/**
 * What the scale bench measures once the data exists: the platform's indexer catching up from scratch (a fresh
 * schema, every block from the deployment to the head) against plain eth_getLogs + decode of the same range, and
 * the API's latency, request by request.
 */

/** Blocks per eth_getLogs request, for the indexer and the raw read alike (blocks here hold up to 250 transactions). */
export const SCALE_BATCH_BLOCKS = 20;

export function chainClient(rpcUrl: string, batch: boolean): PublicClient {
  return createPublicClient({
    cacheTime: 0,
    transport: http(rpcUrl, { retryCount: 2, timeout: 120_000, fetchFn: createRpcFetch(), maxResponseBodySize: 256 * 1024 * 1024, ...(batch ? { batch: { batchSize: 200, wait: 0 } } : {}) }),
  }) as PublicClient;
}

/** A measurement run by scaleChild.ts in a process of its own. */
export interface ScaleJob {
  kind: 'catchUp' | 'raw';
  rpcUrl: string;
  deployment: Deployment;
  head: bigint;
  databaseUrl?: string;
}

/**
 * Runs `job` in a fresh Node process (scaleChild.ts) and returns its result: the indexer's catch-up or the raw read,
 * each in a process holding nothing else, as a platform instance does (the bench's own process holds the build's data,
 * and every collection of its heap is slower for it). Both are measured this way, so the ratio compares like with like.
 */
export function measureInFreshProcess<T>(job: ScaleJob, progress: Progress = () => {}): Promise<T> {
  // With the platform's Node flags, both the catch-up and the raw read (the same young generation for each).
  const child = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, '--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'scaleChild.ts'), toJson(job)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    let nl: number;
    while ((nl = err.indexOf('\n')) >= 0) {
      const line = err.slice(0, nl);
      err = err.slice(nl + 1);
      try {
        const { stage, message } = JSON.parse(line) as { stage: string; message: string };
        progress(stage, message);
      } catch {
        progress(job.kind, line);
      }
    }
  });
  return new Promise<T>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last) resolve(fromJson(last) as T);
      else reject(new Error(`the ${job.kind} measurement's process ended with ${signal ?? `code ${code}`}${err ? `: ${err.trim().split('\n').at(-1)}` : ''}`));
    });
  });
}

export interface CatchUp {
  events: number;
  blocks: number;
  seconds: number;
  eventsPerSec: number;
}

/** The platform's indexer (its read models, its batch size) from the deployment block to `head`, into a fresh schema that is dropped afterwards. */
export async function indexerCatchUp(p: { databaseUrl: string; rpcUrl: string; deployment: Deployment; head: bigint; progress: Progress; readModels?: ReadModels }): Promise<CatchUp> {
  const schema = `tierchain_scale_catchup_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ url: p.databaseUrl, schema });
  try {
    await migrate(db, { sets: migrationSets });
    const indexer = createIndexer({ db, client: chainClient(p.rpcUrl, true), deployment: p.deployment, suite: contractSuite, readModels: p.readModels ?? platformReadModels, batchSize: SCALE_BATCH_BLOCKS });
    let events = 0;
    indexer.subscribe((n) => {
      if (n.type === 'events') events += n.events.length;
    });
    const started = performance.now();
    let lastReport = started;
    const tick = setInterval(() => {
      if (performance.now() - lastReport < 10_000) return;
      lastReport = performance.now();
      p.progress('catch-up', `${events.toLocaleString('en-US')} events indexed (${Math.round(events / ((lastReport - started) / 1000))}/s)`);
    }, 1_000);
    try {
      while ((await indexer.sync()) < p.head) {
        // sync() indexes to the head it saw; the head is fixed here, so one call normally suffices.
      }
    } finally {
      clearInterval(tick);
    }
    const seconds = (performance.now() - started) / 1000;
    await indexer.stop();
    const blocks = Number(p.head - p.deployment.startBlock + 1n);
    return { events, blocks, seconds: round3(seconds), eventsPerSec: Math.round(events / seconds) };
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await db.close();
  }
}

/**
 * eth_getLogs of the suite's addresses over the same range in the same block batches, each log decoded with the
 * suite's ABIs by the same selector-indexed decoder the indexer uses (viem's decodeEventLog over a whole ABI hashes
 * every event signature per log, ~1 ms a log here, and would flatter the indexer): the node's and the decoder's pace,
 * with no database.
 */
export async function rawGetLogsDecode(p: { rpcUrl: string; deployment: Deployment; head: bigint }): Promise<CatchUp & { claimIds: number; rpcSeconds: number }> {
  const client = chainClient(p.rpcUrl, false);
  const byAddress = new Map<string, Abi[]>();
  for (const [name, address] of Object.entries(p.deployment.contracts)) {
    if (!contractSuite.has(name)) continue;
    const key = address.toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), contractSuite.abi(name) as Abi]);
  }
  const addresses = [...byAddress.keys()] as Address[];
  const claimIds = new Set<string>();
  let events = 0;
  let rpcMs = 0;
  const started = performance.now();
  // The indexer's rule: fewer blocks per request while an answer is too large for the client.
  const range = logRange(BigInt(SCALE_BATCH_BLOCKS));
  for (let from = p.deployment.startBlock; from <= p.head; ) {
    const to = from + range.span - 1n < p.head ? from + range.span - 1n : p.head;
    const r0 = performance.now();
    let logs: Log[];
    try {
      // The indexer's request (an answer too large is not asked again as it is), formatted as viem's getLogs does.
      logs = (await requestLogs(client, addresses, from, to)).map((l) => formatLog(l as unknown as RpcLog));
    } catch (error) {
      rpcMs += performance.now() - r0;
      if (tooManyLogs(error) && range.shrink()) continue;
      throw error;
    }
    rpcMs += performance.now() - r0;
    range.fitted(to - from + 1n, logs.length);
    from = to + 1n;
    for (const log of logs) {
      for (const abi of byAddress.get(log.address.toLowerCase()) ?? []) {
        const decoded = decodeLogWith(abi, log);
        if (!decoded) continue; // another ABI served by this address
        events += 1;
        if (decoded.eventName === 'ClaimDefined') claimIds.add(String((decoded.args as { id: bigint }).id));
        break;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, blocks: Number(p.head - p.deployment.startBlock + 1n), seconds: round3(seconds), eventsPerSec: Math.round(events / seconds), claimIds: claimIds.size, rpcSeconds: round1(rpcMs / 1000) };
}

export interface Latency {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Sends `paths()` one at a time (latency, not throughput) and reports percentiles; every answer must be 200. */
export async function measureLatency(p: { baseUrl: string; key: string; samples: number; path: (i: number) => string | Promise<string> }): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < p.samples; i++) {
    const path = await p.path(i);
    const t0 = performance.now();
    const res = await fetch(`${p.baseUrl}${path}`, { headers: { authorization: `Bearer ${p.key}` } });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round1(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!);
  return { samples: times.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round1(times.at(-1)!) };
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
/** To the millisecond: a measurement's time, from which the bench's rates are computed (bench/runScaleBench.ts). */
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
