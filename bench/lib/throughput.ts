import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keccak256, parseEther, toHex, type Abi, type Address, type Hex } from 'viem';
import { baselineERC20Abi, baselineERC20Bytecode } from '../../src/chain/generated/index.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { startPlatform, type Platform } from '../../src/platform/startPlatform.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createApiClient, type ApiClient, type Command } from '../../src/demo/client.ts';
import type { BenchChain } from './chain.ts';
import type { Progress } from './gas.ts';

const DAY = 86_400;

export interface RawThroughputParameters {
  chain: BenchChain;
  transfers: number;
  senders: number;
  /** Transactions of one sender in flight at once (default 1: each send waits for the previous answer, so they arrive in nonce order). */
  window?: number;
  progress: Progress;
}

/**
 * Raw ERC-20 throughput of the node: `transfers` BaselineERC20 transfers, pre-signed with explicit nonces
 * from `senders` accounts (signing is not timed), sent one `eth_sendRawTransaction` each with automine on,
 * timed from the first send to the last receipt.
 */
export async function measureRawErc20(p: RawThroughputParameters): Promise<{ perSec: number; transfers: number; ms: number }> {
  // anvil has been seen, rarely (a few runs in a hundred), to stop mining one sender's transactions: the pool
  // holds them as "queued" behind a nonce it no longer has. Such a run measures the stall, not the node: it is
  // detected, the gap filled (so later phases find a sane chain), and the measurement taken again on fresh senders.
  for (let attempt = 1; ; attempt++) {
    try {
      return await measureRawErc20Once(p, attempt);
    } catch (error) {
      if (!(error instanceof RawStallError) || attempt >= 3) throw error;
      p.progress('raw', `${error.message}; measuring again with fresh senders`);
    }
  }
}

class RawStallError extends Error {
  override readonly name = 'RawStallError';
}

async function measureRawErc20Once(p: RawThroughputParameters, attempt: number): Promise<{ perSec: number; transfers: number; ms: number }> {
  const { chain } = p;
  const [deployer, ...senders] = await chain.wallets(attempt === 1 ? 'raw-erc20' : `raw-erc20-retry-${attempt}`, p.senders + 1);
  const token = await chain.deploy(deployer!, baselineERC20Abi as Abi, baselineERC20Bytecode as Hex, ['Raw', 'RAW', 10n ** 30n]);
  for (const s of senders) await chain.call(deployer!, token.address, baselineERC20Abi as Abi, 'transfer', [s.address, 10n ** 24n]);
  const recipients = Array.from({ length: 64 }, (_, i) => `0x${keccak256(toHex(`bench:raw-recipient:${attempt}:${i}`)).slice(26)}` as Address);
  const perSender = Math.ceil(p.transfers / senders.length);
  const signed: Hex[][] = [];
  const firstNonce: number[] = [];
  let count = 0;
  for (const s of senders) {
    const list: Hex[] = [];
    firstNonce.push(s.nonce);
    for (let i = 0; i < perSender && count < p.transfers; i++, count++) {
      list.push(await chain.sign(s, token.address, baselineERC20Abi as Abi, 'transfer', [recipients[count % recipients.length]!, 1n], 80_000n));
    }
    signed.push(list);
  }
  const window = p.window ?? 1;
  const send = (raw: Hex) => chain.rpc<Hex>('eth_sendRawTransaction', [raw]);
  const started = performance.now();
  const lastHashes = await Promise.all(
    signed.map(async (list) => {
      let last: Hex | undefined;
      for (let i = 0; i < list.length; i += window) {
        const hashes = await Promise.all(list.slice(i, i + window).map(send));
        last = hashes.at(-1);
      }
      return last!;
    }),
  );
  try {
    // A healthy run mines 500 transfers in about a second; 20 s without the last receipt is a stall.
    for (const hash of lastHashes) await chain.receipt(hash, 20_000);
  } catch (error) {
    // Take this attempt's unmined transactions out of the pool (anvil_dropTransaction), so they cannot land in a
    // later phase's blocks or keep its pool from emptying; the next attempt uses fresh senders.
    for (const [i, s] of senders.entries()) {
      const next = Number(await chain.rpc<Hex>('eth_getTransactionCount', [s.address, 'latest']));
      const stuck = signed[i]!.slice(Math.max(0, next - firstNonce[i]!)).map((raw) => keccak256(raw));
      if (process.env.TIERCHAIN_BENCH_DEBUG && stuck.length) {
        const first = await chain.rpc('eth_getTransactionByHash', [stuck[0]]).catch((e: Error) => e.message);
        p.progress('raw', `stall: ${s.address} mined up to nonce ${next}; ${stuck.length} left; the first: ${JSON.stringify(first)?.slice(0, 200)}`);
      }
      for (const hash of stuck) await chain.rpc('anvil_dropTransaction', [hash]).catch(() => undefined);
    }
    throw new RawStallError(`anvil stopped mining part of the raw transfers (${String((error as Error).message).split(' (')[0]})`);
  }
  const ms = performance.now() - started;
  // Every transfer must have landed: the recipients together got one unit per transfer.
  const received = await Promise.all(
    recipients.map((r) => chain.client.readContract({ address: token.address, abi: baselineERC20Abi as Abi, functionName: 'balanceOf', args: [r] }) as Promise<bigint>),
  );
  const total = received.reduce((a, b) => a + b, 0n);
  if (total !== BigInt(count)) throw new Error(`raw ERC-20 throughput: ${total} of ${count} transfers landed`);
  const perSec = count / (ms / 1000);
  p.progress('raw', `${count} ERC-20 transfers from ${senders.length} senders in ${(ms / 1000).toFixed(2)} s: ${perSec.toFixed(1)}/s`);
  return { perSec, transfers: count, ms };
}

export interface ApiThroughputParameters {
  chain: BenchChain;
  transfers: number;
  holders: number;
  /** Requests of one holder in flight at once. */
  concurrency?: number;
  /**
   * Runs once the platform is set up, just before the timed transfers: the raw baseline is measured there, on
   * the same chain state and with the same platform (indexer, transaction manager) polling the node.
   */
  beforeTimed?: () => Promise<void>;
  /** Run the platform on this PostgreSQL server (in a fresh schema, dropped afterwards) instead of embedded PGlite. */
  databaseUrl?: string;
  progress: Progress;
}

export class ApiUnavailableError extends Error {
  override readonly name = 'ApiUnavailableError';
}

/**
 * Split-transfer throughput through the platform's HTTP API: a platform started on the bench's anvil (it
 * deploys its own suite there) with a temporary data directory; `holders` suppliers each hold an issued
 * claim and POST /v1/claims/{id}/transfers to other members concurrently. Timed from the first request to
 * the moment the last command was confirmed (its `finishedAt`, which the platform stamps when it sees the
 * receipt).
 */
export async function measureApiSplitTransfers(p: ApiThroughputParameters): Promise<{ perSec: number; transfers: number; ms: number; cpuMsPerTransfer: number }> {
  const { chain, progress } = p;
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-bench-'));
  const [operatorWallet] = await chain.wallets('api-operator', 1);
  await chain.rpc('anvil_setBalance', [operatorWallet!.address, toHex(parseEther('1000000'))]);
  const config: Config = { ...loadConfig({}), dataDir, rpcUrl: chain.rpcUrl, port: 0, chainPort: 0 };
  // The operator of a platform on an external chain must come funded: it is imported from TIERCHAIN_OPERATOR_KEY
  // (read once, on the first start of a data directory).
  const saved = process.env.TIERCHAIN_OPERATOR_KEY;
  process.env.TIERCHAIN_OPERATOR_KEY = keccak256(toHex('tierchain-bench:api-operator:0'));
  let platform: Platform;
  // On PostgreSQL the platform works in a schema of its own, dropped at the end; otherwise PGlite in the data directory.
  const schema = `tierchain_bench_${randomBytes(6).toString('hex')}`;
  const db = p.databaseUrl ? await openDatabase({ url: p.databaseUrl, schema }) : undefined;
  const dropSchema = async () => {
    if (!db) return;
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await db.close();
  };
  try {
    progress('api', `starting a platform on the same anvil (it deploys its own suite), database: ${db ? `PostgreSQL, schema ${schema}` : 'embedded PGlite'}`);
    platform = await startPlatform({ config, db });
  } catch (error) {
    await dropSchema();
    throw error;
  } finally {
    if (saved === undefined) delete process.env.TIERCHAIN_OPERATOR_KEY;
    else process.env.TIERCHAIN_OPERATOR_KEY = saved;
  }
  try {
    const api = createApiClient({ baseUrl: platform.url!, key: platform.operator.apiKey! });
    await requireClaimApi(api);
    const recipientsCount = Math.max(2, p.holders);
    progress('api', `onboarding a core enterprise, ${p.holders} holders and ${recipientsCount} recipients through the API`);
    const onboard = async (name: string, roles: string[]) => {
      const r = await api.send<{ member: { id: string }; apiKey: string }>('/v1/members', { body: { name, registrationNumber: `BENCH-${name}`, roles }, label: 'bench-onboard' });
      return { id: r.member.id, key: r.apiKey, commands: r.commands };
    };
    const core = await onboard('Bench Core Motors', ['core_enterprise']);
    const holders = await Promise.all(Array.from({ length: p.holders }, (_, i) => onboard(`Bench Holder ${i + 1}`, ['supplier'])));
    const recipients = await Promise.all(Array.from({ length: recipientsCount }, (_, i) => onboard(`Bench Recipient ${i + 1}`, ['supplier'])));
    await api.settle([core, ...holders, ...recipients].flatMap((m) => m.commands), 'onboarding');
    const { consortiumId, commands: created } = await api.send<{ consortiumId: string }>('/v1/consortia', { key: core.key, body: { name: 'Bench consortium' } });
    await api.settle(created, 'create consortium');
    const joiners = [...holders, ...recipients];
    const invites = await Promise.all(joiners.map((m) => api.send(`/v1/consortia/${consortiumId}/invitations`, { key: core.key, body: { memberId: m.id } })));
    await api.settle(invites.flatMap((r) => r.commands), 'invitations');
    const accepts = await Promise.all(joiners.map((m) => api.send(`/v1/consortia/${consortiumId}/accept`, { key: m.key })));
    await api.settle(accepts.flatMap((r) => r.commands), 'accept invitations');
    await api.post('/v1/credit-lines', { body: { obligorMemberId: core.id, limit: (10n ** 15n).toString() } });
    const chainNow = await chain.now();
    const dueDate = new Date((chainNow + 120 * DAY) * 1000).toISOString().slice(0, 10);
    const payables = await Promise.all(
      holders.map((h, i) =>
        api.send<{ claimId: string }>('/v1/payables', {
          key: core.key,
          body: { supplierMemberId: h.id, consortiumId, invoiceNumber: `BENCH-INV-${i + 1}`, amount: '100000000', dueDate, maxHops: 5 },
        }),
      ),
    );
    await api.settle(payables.flatMap((r) => r.commands), 'issue payables');

    await p.beforeTimed?.();

    const perHolder = Math.ceil(p.transfers / holders.length);
    const concurrency = p.concurrency ?? 4;
    const plan = holders.map((h, i) => ({
      key: h.key,
      claimId: payables[i]!.claimId,
      transfers: Array.from({ length: Math.max(0, Math.min(perHolder, p.transfers - i * perHolder)) }, (_, j) => ({
        toMemberId: recipients[(i + j) % recipients.length]!.id,
        amount: '100',
      })),
    }));
    const sent = plan.reduce((n, h) => n + h.transfers.length, 0);
    progress('api', `${sent} split-transfers: ${holders.length} holders, ${concurrency} requests each in flight (client in a worker thread)`);
    // The client runs in a worker thread: its HTTP work must not be taken from the platform's event loop.
    const load = new Worker(new URL('./loadWorker.mjs', import.meta.url), { workerData: { baseUrl: platform.url!, concurrency, holders: plan } });
    const started = performance.now();
    const startedAt = Date.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await new Promise<{ ok: true; idsByHolder: string[][] } | { ok: false; error: string }>((resolve, reject) => {
      load.once('message', resolve);
      load.once('error', reject);
      load.once('exit', (code) => reject(new Error(`the load generator exited (code ${code}) before answering`)));
    });
    await load.terminate();
    if (!outcome.ok) throw new Error(`API load generator: ${outcome.error}`);
    const idsByHolder = outcome.idsByHolder;
    const acceptedMs = performance.now() - started;
    // Waiting costs the platform as little as it can (the bench shares its process): one long-poll per holder for
    // its last command (a signer's commands land in order), then the command list, a page at a time, to check
    // that every command was confirmed and to read when the last one was.
    const commandIds = idsByHolder.flat();
    const waitFor = async (id: string): Promise<Command> => {
      for (;;) {
        const c = await api.get<Command>(`/v1/commands/${id}?waitMs=10000`);
        if (c.status === 'confirmed' || c.status === 'failed') return c;
      }
    };
    await Promise.all(idsByHolder.map((ids) => (ids.length ? waitFor(ids.at(-1)!) : null)));
    const seen = new Map<string, Command>();
    const wanted = new Set(commandIds);
    let cursor: string | null = null;
    do {
      const page: { items: Command[]; nextCursor: string | null } = await api.get(`/v1/commands?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const c of page.items) if (wanted.has(c.id)) seen.set(c.id, c);
      cursor = seen.size < wanted.size ? page.nextCursor : null;
    } while (cursor);
    let lastFinished = 0;
    for (const id of commandIds) {
      let c = seen.get(id);
      if (!c || (c.status !== 'confirmed' && c.status !== 'failed')) c = await waitFor(id);
      if (c.status === 'failed') throw new Error(`split-transfer command ${id} failed: ${c.error?.code}: ${c.error?.message}`);
      lastFinished = Math.max(lastFinished, c.finishedAt ? Date.parse(c.finishedAt) : Date.now());
    }
    const observedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerTransfer = (cpu.user + cpu.system) / 1000 / sent;
    // The platform stamps finishedAt on the same clock; fall back to when we saw the last one.
    const ms = lastFinished > startedAt ? Math.min(lastFinished - startedAt, observedMs) : observedMs;
    const perSec = sent / (ms / 1000);
    progress(
      'api',
      `${sent} split-transfers accepted in ${(acceptedMs / 1000).toFixed(2)} s, all confirmed after ${(ms / 1000).toFixed(2)} s: ${perSec.toFixed(1)}/s ` +
        `(${cpuMsPerTransfer.toFixed(2)} ms of this process's CPU per transfer)`,
    );
    return { perSec, transfers: sent, ms, cpuMsPerTransfer };
  } finally {
    await platform.stop();
    await dropSchema();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The claim API (issue 3) must be served: otherwise there is nothing to measure. */
async function requireClaimApi(api: ApiClient): Promise<void> {
  const spec = await api.get<{ paths?: Record<string, unknown> }>('/openapi.json');
  const needed = ['/v1/credit-lines', '/v1/payables', '/v1/claims/{id}/transfers'];
  const paths = Object.keys(spec.paths ?? {}).map((p) => p.replace(/\{[^}]+\}/g, '{id}'));
  const missing = needed.filter((n) => !paths.includes(n));
  if (missing.length) throw new ApiUnavailableError(`the platform does not serve ${missing.join(', ')} yet (claim API not available)`);
}
