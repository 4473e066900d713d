import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address } from 'viem';
import { startAnvil, type AnvilInstance } from '../../src/chain/anvil.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createApiClient } from '../../src/demo/client.ts';
import { resubmit, type Progress } from './faults.ts';
import { claimJob, sendJob, type Job, setUpMembers, sleep, tally, waitForQuiet, xtJobs } from './faultWorkload.ts';
import { startService, type ServiceProcess } from './service.ts';

/**
 * Several platform instances on one PostgreSQL and one chain (docs/adr/014-instances.md): real `tierchain start`
 * processes on an external anvil, sharing a fresh schema, the master key and the operator's key. Shared by the test
 * suite (test/instances.test.ts) and the bench.
 */

/** anvil's first funded account: the operator of an external chain must be funded by its owner. */
const OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

export interface Cluster {
  anvil: AnvilInstance;
  /** The PostgreSQL schema the instances share. */
  schema: string;
  instances: ServiceProcess[];
  operatorKey: string;
  /** Starts one more instance on the same database and chain. */
  add(): Promise<ServiceProcess>;
  close(): Promise<void>;
}

/** An external anvil, a fresh schema of `databaseUrl`, and `count` instances started one after the other. */
export async function startCluster(p: { databaseUrl: string; count: number; leaseTtlMs?: number; progress?: Progress }): Promise<Cluster> {
  const progress = p.progress ?? (() => {});
  const anvil = await startAnvil({});
  const schema = `tierchain_instances_${randomBytes(5).toString('hex')}`;
  const dirs: string[] = [];
  const env = {
    DATABASE_URL: p.databaseUrl,
    TIERCHAIN_DATABASE_SCHEMA: schema,
    TIERCHAIN_RPC_URL: anvil.rpcUrl,
    TIERCHAIN_OPERATOR_KEY: OPERATOR_KEY,
    TIERCHAIN_MASTER_KEY: randomBytes(32).toString('hex'),
    TIERCHAIN_LEASE_TTL_MS: String(p.leaseTtlMs ?? 3_000),
  };
  const instances: ServiceProcess[] = [];
  let operatorKey = '';
  const add = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-instance-'));
    dirs.push(dataDir);
    const svc = await startService({ dataDir, env });
    instances.push(svc);
    // The first instance created the operator and keeps its first API key; the others share the database.
    if (!operatorKey) operatorKey = svc.apiKey ?? readFileSync(join(dataDir, 'operator-api-key'), 'utf8').trim();
    progress('instances', `instance ${instances.length} (pid ${svc.pid}) at ${svc.url}`);
    return svc;
  };
  try {
    for (let i = 0; i < p.count; i++) await add();
  } catch (error) {
    for (const s of instances) await s.stop().catch(() => {});
    await anvil.stop();
    throw error;
  }
  return {
    anvil,
    schema,
    instances,
    get operatorKey() {
      return operatorKey;
    },
    add,
    async close() {
      for (const s of instances) await s.stop(20_000).catch(() => {});
      await anvil.stop().catch(() => {});
      const db = await openDatabase({ url: p.databaseUrl });
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await db.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface InstanceKillFigures {
  commands: number;
  /** Requests answered 202 by the instance that was killed, before it was. */
  acceptedByKilled: number;
  /** Requests with no answer when it was killed (sent again, with their keys, to the survivor). */
  unansweredAtKill: number;
  lost: number;
  duplicated: number;
  statusMismatches: number;
  replayMismatches: number;
  /** Signers whose lease the killed instance held when it died. */
  signersHeldByKilled: number;
  /** Of those, the signers the survivor was seen holding after the kill (it took them over). */
  signersTakenOver: number;
  /** From the kill to the moment the last command was confirmed (the leases' term included). */
  recoverSeconds: number;
  /** Transactions a node held without mining that either instance signed again with higher fees (repricing.ts). */
  parkedReplaced: number;
}

/**
 * Two instances under load (requests spread over both); kill -9 of the first while its signers have commands in flight;
 * every request sent again, with its Idempotency-Key, to the survivor, which takes over the dead instance's signers
 * once their leases expire; a count on the chain of what became of every request.
 */
export async function runInstanceKill(p: { databaseUrl: string; commands: number; progress?: Progress }): Promise<InstanceKillFigures> {
  const progress = p.progress ?? (() => {});
  const cluster = await startCluster({ databaseUrl: p.databaseUrl, count: 2, progress });
  try {
    const [a, b] = cluster.instances as [ServiceProcess, ServiceProcess];
    const f = await setUpMembers({ baseUrl: a.url, operatorKey: cluster.operatorKey, senders: 8, recipients: 4, progress: (m) => progress('instances', m) });
    const jobs = xtJobs(f, p.commands);
    let killed = false;
    let acceptedByKilled = 0;
    let outstandingAtA = 0;
    const queue = [...jobs];
    const workers = Array.from({ length: 16 }, (_, w) =>
      (async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const target = w % 2 === 0 && !killed ? a : b;
          if (target === a) outstandingAtA += 1;
          const answer = await sendJob(target.url, job, 20_000);
          if (target === a) outstandingAtA -= 1;
          if (answer.status === 202) {
            job.commandId = answer.commandId;
            if (target === a && !killed) acceptedByKilled += 1;
          }
        }
      })(),
    );
    // Kill the first instance once half the requests are out, at a moment it holds signer leases: it gives a lease up
    // once its signer is idle, so at some moments it holds none (CI saw one: 176 requests accepted, no lease held).
    while (queue.length > p.commands / 2) await sleep(20);
    let held = await leasesHeldBy(p.databaseUrl, cluster.schema, a.instance);
    for (const until = Date.now() + 10_000; held.length === 0 && queue.length > 0 && Date.now() < until; ) {
      await sleep(20);
      held = await leasesHeldBy(p.databaseUrl, cluster.schema, a.instance);
    }
    const unansweredAtKill = outstandingAtA;
    killed = true;
    const killedAt = Date.now();
    await a.killPlatform();
    // Watch the dead instance's signers change hands (the survivor gives a lease up again once its signer is idle).
    const takenOver = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const s of await leasesHeldBy(p.databaseUrl, cluster.schema, b.instance)) if (held.includes(s)) takenOver.add(s);
        await sleep(200);
      }
    })();
    progress('instances', `kill -9 of instance 1 (pid ${a.pid}): ${acceptedByKilled} requests it had accepted, ${unansweredAtKill} unanswered`);
    await Promise.all(workers);
    const { replayMismatches } = await resubmit(b.url, jobs, 16);
    const api = createApiClient({ baseUrl: b.url, key: cluster.operatorKey, timeoutMs: 300_000 });
    const quiet = await waitForQuiet(api, 300_000);
    watching = false;
    await watcher;
    if (!quiet) progress('instances', 'commands were still open 5 min after the kill: they count as lost');
    const t = await tally({ api, rpcUrl: cluster.anvil.rpcUrl, contracts: b.contracts, jobs });
    const figures: InstanceKillFigures = {
      commands: jobs.length,
      acceptedByKilled,
      unansweredAtKill,
      lost: t.lost,
      duplicated: t.duplicated,
      statusMismatches: t.statusMismatches,
      replayMismatches,
      signersHeldByKilled: held.length,
      signersTakenOver: takenOver.size,
      recoverSeconds: Math.round(Math.max(0, t.lastFinishedAt - killedAt) / 100) / 10,
      parkedReplaced: [a, b].reduce((n, s) => n + (s.stderr().match(/does not mine it/g)?.length ?? 0), 0),
    };
    if (t.lost > 0 || t.duplicated > 0) for (const line of await lostReport(p.databaseUrl, cluster, jobs, b)) progress('instances', line);
    progress('instances', `the survivor took over ${figures.signersTakenOver} of the ${figures.signersHeldByKilled} signers the killed instance held`);
    progress(
      'instances',
      `${figures.commands} commands: ${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.statusMismatches} statuses not matching the chain; ` +
        `the survivor finished in ${figures.recoverSeconds} s` +
        (figures.parkedReplaced ? `; ${figures.parkedReplaced} transaction(s) the node held without mining signed again` : ''),
    );
    return figures;
  } finally {
    await cluster.close();
  }
}

/**
 * API split-transfers per second through 1 and through 2 instances on the same PostgreSQL and chain: `transfers`
 * claim split-transfers sent by `concurrency` clients, spread over the instances, timed from the first request to the
 * last command confirmed.
 */
export async function measureInstancesThroughput(p: { databaseUrl: string; transfers: number; concurrency?: number; progress?: Progress }): Promise<Record<'1' | '2', number>> {
  const progress = p.progress ?? (() => {});
  const cluster = await startCluster({ databaseUrl: p.databaseUrl, count: 1, progress });
  try {
    const f = await setUpMembers({ baseUrl: cluster.instances[0]!.url, operatorKey: cluster.operatorKey, senders: 1, recipients: 4, holders: 12, progress: (m) => progress('instances', m) });
    const run = async (n: number, offset: number) => {
      const urls = cluster.instances.map((s) => s.url);
      const jobs = Array.from({ length: n }, (_, i) => claimJob(f, offset + i));
      const queue = [...jobs];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: p.concurrency ?? 32 }, (_, w) =>
          (async () => {
            for (let job = queue.shift(); job; job = queue.shift()) {
              const a = await sendJob(urls[w % urls.length]!, job);
              if (a.status === 202) job.commandId = a.commandId;
            }
          })(),
        ),
      );
      const api = createApiClient({ baseUrl: urls[0]!, key: cluster.operatorKey, timeoutMs: 300_000 });
      await waitForQuiet(api, 300_000);
      const seconds = (performance.now() - started) / 1000;
      const accepted = jobs.filter((j) => j.commandId).length;
      return Math.round((accepted / seconds) * 10) / 10;
    };
    const one = await run(p.transfers, 0);
    progress('instances', `1 instance: ${one} split-transfers/s`);
    await cluster.add();
    const two = await run(p.transfers, p.transfers);
    progress('instances', `2 instances: ${two} split-transfers/s`);
    return { '1': one, '2': two };
  } finally {
    await cluster.close();
  }
}

/**
 * What became of the requests that did not end confirmed (printed when a run loses or duplicates anything): each
 * command's status, signer, nonce, broadcasts and error, and each such signer's next nonce as stored, on the chain
 * (latest and pending) and its lease.
 */
async function lostReport(databaseUrl: string, cluster: Cluster, jobs: Job[], survivor: ServiceProcess): Promise<string[]> {
  const lines: string[] = [];
  // The survivor's engine notices (its HTTP log lines are JSON and left out), the last 30.
  const notices = survivor.stderr().split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
  for (const l of notices.slice(-30)) lines.push(`survivor: ${l.slice(0, 300)}`);
  const unaccepted = jobs.filter((j) => !j.commandId);
  if (unaccepted.length) lines.push(`${unaccepted.length} requests never answered 202: ${unaccepted.slice(0, 5).map((j) => j.key).join(', ')}`);
  const db = await openDatabase({ url: databaseUrl, schema: cluster.schema });
  try {
    const { rows } = await db.query<{ id: string; status: string; signer: string; nonce: string | null; broadcasts: number; tx_hash: string | null; error: unknown; seq: string }>(
      `SELECT id, seq::text, status, signer, nonce::text, broadcasts, tx_hash, error FROM commands WHERE status <> 'confirmed' AND id = ANY($1::uuid[]) ORDER BY signer, seq`,
      [jobs.flatMap((j) => (j.commandId ? [j.commandId] : []))],
    );
    for (const r of rows.slice(0, 40)) {
      lines.push(`command ${r.id} seq ${r.seq} ${r.status} signer ${r.signer} nonce ${r.nonce} broadcasts ${r.broadcasts} tx ${r.tx_hash} ${r.error ? JSON.stringify(r.error).slice(0, 200) : ''}`);
    }
    const client = createPublicClient({ transport: http(cluster.anvil.rpcUrl) });
    for (const signer of [...new Set(rows.map((r) => r.signer))]) {
      const [{ rows: n }, { rows: l }, latest, pending] = await Promise.all([
        db.query<{ next_nonce: string }>('SELECT next_nonce::text FROM signer_nonces WHERE address = $1', [signer]),
        db.query<{ holder: string; expires_at: Date }>('SELECT holder, expires_at FROM signer_leases WHERE signer = $1', [signer]),
        client.getTransactionCount({ address: signer as Address, blockTag: 'latest' }),
        client.getTransactionCount({ address: signer as Address, blockTag: 'pending' }),
      ]);
      const { rows: nonces } = await db.query<{ nonce: string; status: string; n: string }>(
        `SELECT nonce::text, status, count(*)::text AS n FROM commands WHERE signer = $1 AND nonce >= $2 GROUP BY nonce, status ORDER BY nonce`,
        [signer, Math.max(0, latest - 2)],
      );
      lines.push(
        `signer ${signer}: next nonce stored ${n[0]?.next_nonce ?? 'none'}, chain latest ${latest} pending ${pending}, lease ${l[0] ? `${l[0].holder} until ${l[0].expires_at.toISOString()}` : 'none'}; ` +
          `nonces from ${Math.max(0, latest - 2)}: ${nonces.map((x) => `${x.nonce}:${x.status}${x.n !== '1' ? `x${x.n}` : ''}`).join(' ')}`,
      );
    }
  } finally {
    await db.close();
  }
  return lines;
}

/** The signers whose lease `holder` holds in `schema` (expired or not: a dead holder's leases stay until taken). */
async function leasesHeldBy(databaseUrl: string, schema: string, holder: string | null): Promise<string[]> {
  if (!holder) throw new Error('the instance printed no id in its banner');
  const db = await openDatabase({ url: databaseUrl, schema });
  try {
    const r = await db.query<{ signer: string }>('SELECT signer FROM signer_leases WHERE holder = $1', [holder]);
    return r.rows.map((row) => row.signer);
  } finally {
    await db.close();
  }
}
