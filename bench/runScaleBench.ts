import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex, type Address } from 'viem';
import { startAnvil } from '../src/chain/anvil.ts';
import { addressOf } from '../src/chain/contracts.ts';
import { loadDeployment } from '../src/chain/deploy.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { contractSuite } from '../src/platform/modules.ts';
import { connectBenchChain } from './lib/chain.ts';
import type { Progress } from './lib/gas.ts';
import { atLeast, atMost, ratio, type Target } from './lib/report.ts';
import { buildVolume, onboardPopulation, type ScalePopulation, type VolumeFigures } from './lib/scaleBuild.ts';
import { measureInFreshProcess, measureLatency, round1, type CatchUp, type Latency, type rawGetLogsDecode } from './lib/scaleMeasure.ts';
import { startService, type ServiceProcess } from './lib/service.ts';

/** anvil's first funded account: the operator of the bench's chain. */
const OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

export type ScaleEndpoint = 'listClaims' | 'trace' | 'position' | 'overview';
const ENDPOINTS: readonly ScaleEndpoint[] = ['listClaims', 'trace', 'position', 'overview'];

/** What `tierchain bench --scale --json` prints (bench/README.md, "Scale figures"). */
export interface ScaleBenchResult {
  scale: {
    claims: number;
    events: number;
    blocks: number;
    transactions: number;
    indexerEventsPerSec: number;
    rawGetLogsDecodeEventsPerSec: number;
    indexerVsRaw: number | null;
    /** API latency at the full size, paged (each figure over `meta.samples` requests, one at a time). */
    p99Ms: Record<ScaleEndpoint, number | null>;
    p50Ms: Record<ScaleEndpoint, number | null>;
    /** The same endpoints when a tenth of the claims existed. */
    p99MsAtATenth: Record<ScaleEndpoint, number | null>;
    /**
     * p99 at the full size over p99 at a tenth, for the members of the control consortium: it issues its share of the
     * first tenth and nothing after, so its members' own claims, holdings and positions are the same at both sizes
     * while the total grows tenfold. Latency that grows with the total shows here, and only that.
     */
    growth: Record<ScaleEndpoint, number | null>;
    /** The control consortium's members' p99 at a tenth and at the full size (what `growth` divides). */
    control: { p99MsAtATenth: Record<ScaleEndpoint, number | null>; p99Ms: Record<ScaleEndpoint, number | null> };
    /**
     * p99 at the full size over p99 at a tenth for every member: the total grew tenfold, and so did what the other
     * consortia's members own (a position sums all of a member's claims; a holder's list walks its own claims).
     */
    growthWithOwnData: Record<ScaleEndpoint, number | null>;
  };
  targets: Record<string, Target>;
  meta: {
    date: string;
    node: string;
    durationMs: number;
    quick: boolean;
    database: 'postgresql';
    /**
     * The server's settings that weigh on a catch-up's writing (read as the measurements begin): the indexer's rate
     * depends on them, the raw read's not. docs/operations.md (Sizing) says what to give a server that rebuilds.
     */
    databaseSettings: Record<string, string>;
    samples: number;
    build: { atATenth: VolumeFigures; rest: VolumeFigures; onboardingSeconds: number };
    /** Each catch-up's and each raw read's time, in the order measured (MEASUREMENT_ORDER); the rates are over their means. */
    catchUpSeconds: number[];
    rawSeconds: number[];
    notMeasured: Record<string, string>;
  };
}

/** The measurements of the indexer's rate against the raw rate, in this order (balanced against a linear drift). */
export const MEASUREMENT_ORDER = ['raw', 'catchUp', 'catchUp', 'raw'] as const;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The PostgreSQL settings the report names (meta.databaseSettings). */
export const REPORTED_SETTINGS = ['server_version', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'synchronous_commit', 'full_page_writes'] as const;

/** meta.databaseSettings on one line: "shared_buffers 128MB, max_wal_size 1GB, …". */
const settingsText = (settings: Record<string, string>) => Object.entries(settings).map(([k, v]) => `${k} ${v}`).join(', ');

export const SCALE_TARGETS = { indexerVsRaw: 0.5, p99Ms: 100, growth: 2 } as const;

export interface ScaleBenchOptions {
  databaseUrl: string;
  /** Claims to build (default 100,000; four payables in five are roots, the fifth a child by modify). */
  claims?: number;
  /** Requests per endpoint and size (default 400). */
  samples?: number;
  quick?: boolean;
  progress?: Progress;
}

/**
 * Data at a consortium's scale on PostgreSQL, made through the platform's own path, then measured: the indexer's
 * catch-up from scratch against raw eth_getLogs + decode of the same range, and API latency at a tenth of the
 * claims and at all of them.
 */
export async function runScaleBench(o: ScaleBenchOptions): Promise<ScaleBenchResult> {
  const started = performance.now();
  const progress: Progress = o.progress ?? (() => {});
  const claimsWanted = o.claims ?? 100_000;
  const roots = Math.ceil((claimsWanted * 4) / 5);
  const samples = o.samples ?? (o.quick ? 60 : 400);
  const notMeasured: Record<string, string> = {};

  // No past states kept: the bench reads only the head, and a million events' history is tens of gigabytes on disk.
  const anvil = await startAnvil({ pruneHistory: 16 });
  const schema = `tierchain_scale_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-scale-'));
  const masterKey = randomBytes(32);
  let svc: ServiceProcess | null = null;
  let db: Database | null = null;
  try {
    const chain = await connectBenchChain(anvil.rpcUrl);
    // Large blocks: the volume is mined 250 transactions at a time.
    await chain.rpc('anvil_setBlockGasLimit', [toHex(1_000_000_000n)]);
    progress('platform', `tierchain start on PostgreSQL (schema ${schema}) and an anvil at ${anvil.rpcUrl}`);
    svc = await startService({
      dataDir,
      env: {
        DATABASE_URL: o.databaseUrl,
        TIERCHAIN_DATABASE_SCHEMA: schema,
        TIERCHAIN_RPC_URL: anvil.rpcUrl,
        TIERCHAIN_OPERATOR_KEY: OPERATOR_KEY,
        TIERCHAIN_MASTER_KEY: masterKey.toString('hex'),
      },
    });
    const t0 = performance.now();
    const population = await onboardPopulation({ baseUrl: svc.url, operatorKey: svc.apiKey!, cores: o.quick ? 2 : 8, progress });
    const onboardingSeconds = round1((performance.now() - t0) / 1000);
    db = await openDatabase({ url: o.databaseUrl, schema });
    const deployment = (await loadDeployment(db, chain.chainId, contractSuite.names))!;
    const contracts = { ledger: addressOf(deployment, 'ClaimLedger') as Address, receivables: addressOf(deployment, 'Receivables') as Address };

    const tenth = Math.max(1, Math.round(roots / 10));
    // The first consortium is the control: it issues its share of the first tenth and nothing after.
    const [control, ...others] = population.consortia;
    const build = (count: number, first: number, consortia: ScalePopulation['consortia']) =>
      buildVolume({ chain, db: db!, masterKey, population, contracts, roots: count, first, maturingShare: 0.4, consortia, progress });
    const atATenth = await build(tenth, 0, population.consortia);
    await caughtUp(db, chain, progress);
    const small = await latencies(svc.url, population, population.consortia, samples, notMeasured);
    progress('latency', `at a tenth: ${formatLatencies(small)}`);
    const smallControl = await latencies(svc.url, population, [control!], samples, notMeasured);
    progress('latency', `at a tenth, the control consortium: ${formatLatencies(smallControl)}`);
    const rest = await build(roots - tenth, tenth, others.length ? others : population.consortia);
    const head = await caughtUp(db, chain, progress);
    const large = await latencies(svc.url, population, population.consortia, samples, notMeasured);
    progress('latency', `at the full size: ${formatLatencies(large)}`);
    const largeControl = await latencies(svc.url, population, [control!], samples, notMeasured);
    progress('latency', `at the full size, the control consortium: ${formatLatencies(largeControl)}`);

    const { rows: counted } = await db.query<{ claims: string; events: string }>(
      'SELECT (SELECT count(*) FROM claims)::text AS claims, (SELECT count(*) FROM chain_events)::text AS events',
    );
    // From here on only the chain and the database are measured: the service (its indexer following the head, its
    // engines' timers) is stopped, and what the build left for PostgreSQL to write is written before, not during, the
    // measurements. A run's first measurements were its slowest (at 100,000 claims one run's first catch-up took 101 s,
    // the same code 82 s three minutes later; its first raw read 41.3 s, its last 34.6 s); a checkpoint spread over the
    // minutes after the build is one candidate.
    await svc.stop(30_000);
    svc = null;
    await db.query('CHECKPOINT').catch((error: unknown) => {
      progress('measure', `CHECKPOINT refused (${(error as Error).message}): the measurements may share the machine with the checkpointer`);
    });
    const { rows: settingRows } = await db.query<{ name: string; value: string }>(
      'SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
      [[...REPORTED_SETTINGS]],
    );
    const databaseSettings = Object.fromEntries(REPORTED_SETTINGS.map((k) => [k, settingRows.find((r) => r.name === k)?.value ?? 'unknown']));
    progress('measure', `PostgreSQL ${settingsText(databaseSettings)}`);
    progress('measure', `eth_getLogs + decode (raw) and the platform's indexer from scratch (catch-up) of blocks ${deployment.startBlock}–${head}, twice each, in the order ${MEASUREMENT_ORDER.map((k) => (k === 'raw' ? 'raw' : 'catch-up')).join(', ')}`);
    // Each in a process of its own, as a platform instance would run it (measureInFreshProcess); alternated, so that a
    // drift of the machine's speed during the measurements weighs on both sides alike. The rates are over the mean time.
    const raws: Array<Awaited<ReturnType<typeof rawGetLogsDecode>>> = [];
    const catchUps: CatchUp[] = [];
    for (const kind of MEASUREMENT_ORDER) {
      if (kind === 'raw') {
        const raw = await measureInFreshProcess<Awaited<ReturnType<typeof rawGetLogsDecode>>>({ kind: 'raw', rpcUrl: anvil.rpcUrl, deployment, head }, progress);
        progress('raw', `${raw.events.toLocaleString('en-US')} events in ${raw.seconds} s (${raw.eventsPerSec}/s; ${raw.rpcSeconds} s of it waiting for eth_getLogs)`);
        raws.push(raw);
      } else {
        progress('catch-up', 'the platform\'s indexer from scratch, into a fresh schema');
        const catchUp = await measureInFreshProcess<CatchUp>({ kind: 'catchUp', databaseUrl: o.databaseUrl, rpcUrl: anvil.rpcUrl, deployment, head }, progress);
        progress('catch-up', `${catchUp.events.toLocaleString('en-US')} events in ${catchUp.seconds} s (${catchUp.eventsPerSec}/s)`);
        catchUps.push(catchUp);
      }
    }
    const raw = raws[0]!;
    const claims = Number(counted[0]!.claims);
    const events = Number(counted[0]!.events);
    // The three counts of one range must agree: the live index, the catch-up and the raw read.
    for (const r of raws) {
      if (r.events !== events || r.claimIds !== claims) throw new Error(`counts disagree: live index ${events} events and ${claims} claims, raw read ${r.events} events and ${r.claimIds} claim ids`);
    }
    for (const c of catchUps) {
      if (c.events !== events) throw new Error(`counts disagree: live index ${events} events, catch-up ${c.events} events`);
    }
    const rawSeconds = raws.map((r) => r.seconds);
    const catchUpSeconds = catchUps.map((c) => c.seconds);
    const indexerEventsPerSec = Math.round(events / mean(catchUpSeconds));
    const rawEventsPerSec = Math.round(events / mean(rawSeconds));

    const pick = (f: (l: Latency) => number) => Object.fromEntries(ENDPOINTS.map((e) => [e, large[e] ? f(large[e]!) : null])) as Record<ScaleEndpoint, number | null>;
    const p99Ms = pick((l) => l.p99Ms);
    const p99Of = (l: Partial<Record<ScaleEndpoint, Latency>>) => Object.fromEntries(ENDPOINTS.map((e) => [e, l[e]?.p99Ms ?? null])) as Record<ScaleEndpoint, number | null>;
    const divide = (a: Record<ScaleEndpoint, number | null>, b: Record<ScaleEndpoint, number | null>) =>
      Object.fromEntries(ENDPOINTS.map((e) => [e, ratio(a[e], b[e])])) as Record<ScaleEndpoint, number | null>;
    const p99MsAtATenth = p99Of(small);
    const controlP99 = { p99MsAtATenth: p99Of(smallControl), p99Ms: p99Of(largeControl) };
    const growth = divide(controlP99.p99Ms, controlP99.p99MsAtATenth);
    const indexerVsRaw = ratio(indexerEventsPerSec, rawEventsPerSec);
    const targets: Record<string, Target> = { indexerVsRaw: atLeast(indexerVsRaw, SCALE_TARGETS.indexerVsRaw) };
    for (const e of ENDPOINTS) targets[`p99Ms.${e}`] = atMost(p99Ms[e], SCALE_TARGETS.p99Ms);
    for (const e of ENDPOINTS) targets[`growth.${e}`] = atMost(growth[e], SCALE_TARGETS.growth);
    return {
      scale: {
        claims,
        events,
        blocks: raw.blocks,
        transactions: atATenth.transactions + rest.transactions,
        indexerEventsPerSec,
        rawGetLogsDecodeEventsPerSec: rawEventsPerSec,
        indexerVsRaw,
        p99Ms,
        p50Ms: pick((l) => l.p50Ms),
        p99MsAtATenth,
        growth,
        control: controlP99,
        growthWithOwnData: divide(p99Ms, p99MsAtATenth),
      },
      targets,
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        durationMs: Math.round(performance.now() - started),
        quick: o.quick ?? false,
        database: 'postgresql',
        databaseSettings,
        samples,
        build: { atATenth, rest, onboardingSeconds },
        catchUpSeconds,
        rawSeconds,
        notMeasured,
      },
    };
  } finally {
    await db?.close().catch(() => {});
    await svc?.stop(30_000).catch(() => {});
    await anvil.stop().catch(() => {});
    const cleanup = await openDatabase({ url: o.databaseUrl }).catch(() => null);
    await cleanup?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await cleanup?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Waits until the platform's live index reaches the chain's head; resolves with that head. */
async function caughtUp(db: Database, chain: { client: { getBlockNumber(o: { cacheTime: number }): Promise<bigint> } }, progress: Progress): Promise<bigint> {
  const head = await chain.client.getBlockNumber({ cacheTime: 0 });
  const t0 = performance.now();
  for (;;) {
    const { rows } = await db.query<{ n: string | null }>('SELECT max(number)::text AS n FROM indexer_blocks');
    if (rows[0]?.n && BigInt(rows[0].n) >= head) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  progress('index', `the platform's index reached block ${head} (${round1((performance.now() - t0) / 1000)} s after the last transaction)`);
  return head;
}

/**
 * Each endpoint, paged as the console pages it: claim lists walked page after page (50 a page, all claims, a
 * supplier's, a core's), traces and positions of claims and members met on those pages, the regulator's overview.
 */
async function latencies(
  baseUrl: string,
  population: ScalePopulation,
  consortia: ScalePopulation['consortia'],
  samples: number,
  notMeasured: Record<string, string>,
): Promise<Partial<Record<ScaleEndpoint, Latency>>> {
  const key = population.regulator.key;
  const seenIds: string[] = [];
  const members = consortia.flatMap((k) => [k.core, ...k.tier1, ...k.tier2, ...k.tier3]);
  const filters = ['', ...consortia.map((k) => `&obligor=${k.core.id}`), ...consortia.map((k) => `&holder=${k.tier1[0]!.id}`)];
  let cursor: string | null = null;
  let filter = 0;
  const listClaims = await measureLatency({
    baseUrl,
    key,
    samples,
    path: async (i) => {
      if (i > 0 && cursor === null) filter = (filter + 1) % filters.length;
      const path = `/v1/claims?limit=50${filters[filter]}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      // The next request continues from this page: fetch it once more, unmeasured, for its cursor and ids.
      const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      for (const item of body.items) if (seenIds.length < 10_000) seenIds.push(item.id);
      cursor = (i + 1) % 40 === 0 ? null : body.nextCursor;
      return path;
    },
  });
  const trace = await measureLatency({ baseUrl, key, samples, path: (i) => `/v1/claims/${seenIds[(i * 7919) % seenIds.length]}/trace` });
  const position = await measureLatency({ baseUrl, key, samples, path: (i) => `/v1/members/${members[(i * 31) % members.length]!.id}/position` });
  const out: Partial<Record<ScaleEndpoint, Latency>> = { listClaims, trace, position };
  const overviewPath = await overviewEndpoint(baseUrl, key);
  if (overviewPath) out.overview = await measureLatency({ baseUrl, key, samples, path: () => overviewPath });
  else notMeasured['scale.p99Ms.overview'] = 'the platform has no regulator overview endpoint';
  return out;
}

/** The regulator's overview, if this build serves one. */
async function overviewEndpoint(baseUrl: string, key: string): Promise<string | null> {
  const res = await fetch(`${baseUrl}/v1/overview`, { headers: { authorization: `Bearer ${key}` } });
  await res.arrayBuffer();
  return res.status === 200 ? '/v1/overview' : null;
}

function formatLatencies(l: Partial<Record<ScaleEndpoint, Latency>>): string {
  return ENDPOINTS.filter((e) => l[e])
    .map((e) => `${e} p50 ${l[e]!.p50Ms} ms, p99 ${l[e]!.p99Ms} ms`)
    .join('; ');
}

/** The figures as a table, for people. */
export function formatScaleTable(r: ScaleBenchResult): string {
  const s = r.scale;
  const n = (v: number | null, d = 0) => (v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const lines = [
    `Scale (PostgreSQL; ${n(s.claims)} claims, ${n(s.events)} events in ${n(s.blocks)} blocks, ${n(s.transactions)} transactions)`,
    `  indexer catch-up from scratch   ${n(s.indexerEventsPerSec).padStart(8)} events/s`,
    `  raw eth_getLogs + decode        ${n(s.rawGetLogsDecodeEventsPerSec).padStart(8)} events/s   (indexer ${n(s.indexerVsRaw, 3)}×)`,
    '',
    `  API latency, ms        p50    p99   p99 at a tenth   with own data   control: p99 at a tenth   p99   growth`,
    ...ENDPOINTS.map(
      (e) =>
        `  ${e.padEnd(18)}${n(s.p50Ms[e], 1).padStart(7)}${n(s.p99Ms[e], 1).padStart(7)}${n(s.p99MsAtATenth[e], 1).padStart(17)}` +
        `${n(s.growthWithOwnData[e], 2).padStart(16)}${n(s.control.p99MsAtATenth[e], 1).padStart(26)}${n(s.control.p99Ms[e], 1).padStart(6)}${n(s.growth[e], 2).padStart(9)}`,
    ),
    '',
    'Targets',
    ...Object.entries(r.targets).map(([k, t]) => `  ${k.padEnd(22)}${(t.max !== undefined ? `≤ ${t.max}` : `≥ ${t.min}`).padEnd(10)}${n(t.value, 3).padEnd(10)}${t.pass === null ? 'NOT MEASURED' : t.pass ? 'PASS' : 'MISS'}`),
    ...Object.entries(r.meta.notMeasured).map(([k, v]) => `  not measured: ${k}: ${v}`),
    `PostgreSQL: ${settingsText(r.meta.databaseSettings)}`,
    `${r.meta.quick ? 'quick run; ' : ''}${r.meta.date}, node ${r.meta.node}, ${(r.meta.durationMs / 1000).toFixed(0)} s`,
  ];
  return lines.join('\n') + '\n';
}
