import { randomUUID } from 'node:crypto';
import {
  BlockNotFoundError,
  keccak256,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type TransactionSerializable,
  TransactionReceiptNotFoundError,
} from 'viem';
import type { Database } from '../db/database.ts';
import type { KeyStore } from './keyStore.ts';
import type { ContractSuite } from '../chain/contracts.ts';
import { isExecutionRevert, revertDataOf, type RevertDecoder } from '../chain/decodeRevert.ts';
import { rebroadcastOrder, reconcileWithChain, type ReconcileResult } from './reconcile.ts';
import { createSignerLeases, type SignerLeases } from './signerLeases.ts';
import { createGasTopUp, type GasTopUpPolicy } from './gasTopUp.ts';
import { isDefiniteRejection, sendRawTransaction } from './node.ts';
import { currentFees, repricedTransaction } from './repricing.ts';

export type { GasTopUpPolicy };

import { createOutcomes } from './outcomes.ts';

export interface TransactionManagerParameters {
  db: Database;
  client: PublicClient;
  keys: KeyStore;
  chainId: number;
  confirmations?: number;
  /** A submitted transaction with no receipt after this long is broadcast again. */
  resubmitAfterMs?: number;
  pollIntervalMs?: number;
  /** At most this many commands of one signer are signed per tick. */
  batchPerSigner?: number;
  gasTopUp?: GasTopUpPolicy;
  /**
   * Receives the manager's notices: rebroadcasts, reconciliations, retries, and one JSON line per failed command
   * (`{"msg":"command failed","commandId","kind","code"}`).
   */
  log?: (message: string) => void;
  /** The contracts (ABIs, for a command's result) and the decoder of their reverts. */
  suite: ContractSuite;
  decodeRevert: RevertDecoder;
  /**
   * Whose signers this manager works for when several platform instances share the database (default: a lease of its
   * own with a 15 s term, so a single instance needs nothing).
   */
  leases?: SignerLeases;
  /** Mined commands at most this many blocks below the head are compared with the chain when reconciling (default 1,000). */
  reconcileDepth?: number;
  /** How often a pass checks that the newest block holding a mined command is still on the chain (default 1,000 ms). */
  canonicalCheckIntervalMs?: number;
  /** The deployment's addresses by logical name: only their logs are decoded into a command's result. */
  contracts?: Record<string, Address>;
  /**
   * Ask the node for a reverted transaction's call trace (debug_traceTransaction, not a standard method) before
   * replaying the call with eth_call. Only for the embedded anvil; default false.
   */
  traceReverts?: boolean;
}

export interface TransactionManager {
  /** Starts the background loop; this instance's first pass (here, or an earlier tick) rebroadcasts whatever was submitted before a restart. */
  start(): void;
  /** Stops the loop after the pass under way. */
  stop(): Promise<void>;
  /** Runs one pass now (also wakes the loop); resolves when the pass is done. */
  tick(): Promise<void>;
  /** Called after commands change state, with their ids. */
  onChange(listener: (ids: string[]) => void): () => void;
  /**
   * Reconciles the outbox with the chain now, between two passes (the first pass of every manager does it too, and a
   * pass does it whenever the newest block holding a mined command is no longer on the chain): commands whose
   * transaction was mined in a block the chain no longer has are followed again as submitted, each signer's next
   * nonce is set from the chain, and nonce gaps are filled. The pass then broadcasts the stored transactions again,
   * in the order the chain had mined them; one whose nonce another transaction took fails as NonceConsumed.
   * Call it after a reorg (the indexer's notice) and at start.
   */
  reconcile(): Promise<ReconcileResult>;
}

interface OpenRow {
  id: string;
  seq: string;
  kind: string;
  signer: string;
  to_address: string;
  data: string;
  value: string;
  depends_on: string[];
  status: 'accepted' | 'submitted';
  nonce: string | null;
  tx_hash: string | null;
  raw_tx: string | null;
  last_broadcast_at: Date | null;
  lost_block_number: string | null;
  replaced_tx_hashes: string[];
  broadcasts: number;
}

const OPEN_COLUMNS = `id, seq, kind, signer, to_address, data, value::text AS value, depends_on, status, nonce, tx_hash, raw_tx,
  last_broadcast_at, lost_block_number, replaced_tx_hashes, broadcasts`;

/**
 * The transaction manager drives outbox commands to an end state: it checks each command by simulation,
 * assigns the signer's next nonce, stores the signed transaction, then broadcasts it, so a crash at any
 * point either leaves a command to be signed again (nothing was sent) or a stored transaction to be
 * broadcast again (the same hash: it cannot land twice). Commands of one signer go in order.
 */
export function createTransactionManager(p: TransactionManagerParameters): TransactionManager {
  const confirmations = BigInt(Math.max(1, p.confirmations ?? 1));
  const resubmitAfterMs = p.resubmitAfterMs ?? 15_000;
  const pollIntervalMs = p.pollIntervalMs ?? 250;
  const batchPerSigner = p.batchPerSigner ?? 25;
  const log = p.log ?? (() => {});
  const reconcileDepth = BigInt(p.reconcileDepth ?? 1000);
  const canonicalCheckIntervalMs = p.canonicalCheckIntervalMs ?? 1000;
  const listeners = new Set<(ids: string[]) => void>();
  const leases = p.leases ?? createSignerLeases({ holder: randomUUID(), ttlMs: 15_000 });
  let running = false;
  let firstPass = true;
  let current: Promise<void> | null = null;
  let rerun = false;
  let timer: NodeJS.Timeout | null = null;
  // Every manager reconciles on its first pass: whatever happened while no manager ran (a crash of the platform, of
  // the chain, or of both) is found there.
  let reconcileDue = true;
  /** Callers of reconcile() waiting for the next reconciliation's result. */
  const reconcileWaiters = new Set<(result: ReconcileResult) => void>();
  let lastReconcileError: unknown = null;
  let lastCanonicalCheck = 0;

  const emit = (ids: string[]) => {
    if (ids.length) for (const l of listeners) l(ids);
  };

  const { finish, logFailure, failWith, confirmAll, settleReceipt } = createOutcomes({
    db: p.db,
    client: p.client,
    suite: p.suite,
    contracts: p.contracts,
    decodeRevert: p.decodeRevert,
    traceReverts: p.traceReverts ?? false,
    log,
  });

  const feeFields = () => currentFees(p.client);

  /**
   * The signer's next nonce: the one after our last signed transaction (which may not have reached the node yet,
   * after a crash), or the node's pending count when that is higher (the key was used outside the manager, e.g.
   * by a deployment); otherwise our transactions would reuse spent nonces and never land.
   */
  async function nextNonce(signer: string): Promise<number> {
    const [{ rows }, onChain] = await Promise.all([
      p.db.query<{ next_nonce: string }>('SELECT next_nonce FROM signer_nonces WHERE address = $1', [signer]),
      p.client.getTransactionCount({ address: signer as Address, blockTag: 'pending' }),
    ]);
    return rows[0] ? Math.max(Number(rows[0].next_nonce), onChain) : onChain;
  }

  /**
   * Checks receipts of submitted transactions; confirms, fails, or rebroadcasts them (in `rebroadcastOrder`). Returns
   * the signers whose rebroadcast the node refused: their later nonces must not be sent before it (a node mines a
   * sender's transactions in nonce order only).
   */
  async function followSubmitted(unordered: OpenRow[], head: bigint): Promise<Set<string>> {
    const rows = rebroadcastOrder(unordered);
    const changed: string[] = [];
    const refused = new Set<string>();
    let baseFee: bigint | undefined;
    // Signers whose next transaction to mine the node holds without mining: that one and every later one are signed
    // again (see repricedTransaction), in nonce order.
    const stuck = new Set<string>();
    const usedBy = (signer: string) => p.client.getTransactionCount({ address: signer as Address, blockTag: 'latest' });
    const receipts = await Promise.all(rows.map((row) => p.client.getTransactionReceipt({ hash: row.tx_hash as Hex }).catch(() => null)));
    // Successful receipts are confirmed together, in one statement; reverts (rare) one by one.
    const succeeded: Array<{ row: OpenRow; receipt: TransactionReceipt }> = [];
    for (const [i, row] of rows.entries()) {
      const receipt = receipts[i];
      if (receipt && head - receipt.blockNumber + 1n >= confirmations && receipt.status === 'success') succeeded.push({ row, receipt });
    }
    await confirmAll(succeeded);
    changed.push(...succeeded.map((s) => s.row.id));
    for (const [i, row] of rows.entries()) {
      const receipt = receipts[i];
      if (receipt) {
        if (head - receipt.blockNumber + 1n < confirmations || receipt.status === 'success') continue;
        await settleReceipt(row, receipt);
        changed.push(row.id);
        continue;
      }
      const age = row.last_broadcast_at ? Date.now() - row.last_broadcast_at.getTime() : Infinity;
      if (!firstPass && age < resubmitAfterMs && !stuck.has(row.signer)) continue;
      if (refused.has(row.signer)) continue;
      const next = await usedBy(row.signer);
      if (await nonceConsumed(row, next)) {
        changed.push(row.id);
        continue;
      }
      // The next nonce to mine, broadcast again at least once since it was first sent, and still not mined. Each
      // replacement waits twice as many broadcasts as the one before (2, 4, 8, ...): while a chain is halted, nothing
      // is mined whatever the fees, and they should not climb by a tenth every rebroadcast.
      if (next === Number(row.nonce) && row.broadcasts >= 2 ** (row.replaced_tx_hashes.length + 1)) stuck.add(row.signer);
      if (baseFee === undefined) baseFee = (await p.client.getBlock({ blockTag: 'latest' })).baseFeePerGas ?? 0n;
      const raw = await repricedTransaction({ db: p.db, keys: p.keys, chainId: p.chainId, leases, fees: feeFields, log }, row, baseFee, stuck.has(row.signer));
      if (raw === null) {
        refused.add(row.signer);
        continue;
      }
      if ((await broadcast(row.id, raw, true)) === 'rejected') refused.add(row.signer);
    }
    emit(changed);
    return refused;
  }

  /**
   * A transaction with no receipt whose nonce the chain has already used (another transaction of the key took it)
   * can never land: fail its command rather than rebroadcast it forever.
   */
  async function nonceConsumed(row: OpenRow, used: number): Promise<boolean> {
    if (used <= Number(row.nonce)) return false;
    // The receipt of any transaction the command was signed as (again, with higher fees, perhaps) may have arrived since
    // we looked. Only a definite "not found" counts as none: a failing node must not turn a mined one into a failure.
    for (const hash of [row.tx_hash!, ...[...row.replaced_tx_hashes].reverse()]) {
      const receipt = await p.client.getTransactionReceipt({ hash: hash as Hex }).catch((error: unknown) => {
        if (error instanceof TransactionReceiptNotFoundError) return null;
        throw error;
      });
      if (!receipt) continue;
      if (hash !== row.tx_hash) {
        const sql = `UPDATE commands SET tx_hash = $2, replaced_tx_hashes = array_append(array_remove(replaced_tx_hashes, $2), $3) WHERE id = $1`;
        await p.db.query(sql, [row.id, hash, row.tx_hash]);
        log(`command ${row.id}: mined as ${hash}, a transaction it had been signed as before ${row.tx_hash}`);
      }
      await settleReceipt(row, receipt);
      return true;
    }
    await failWith(p.db, row, {
      code: 'NonceConsumed',
      name: 'NonceConsumed',
      args: { nonce: Number(row.nonce), txHash: row.tx_hash },
      message: `nonce ${row.nonce} of ${row.signer} was used by another transaction, so this one can never be mined; nothing of it happened on-chain`,
    });
    return true;
  }

  async function broadcast(id: string, raw: Hex, again: boolean): Promise<'sent' | 'rejected'> {
    try {
      await sendRaw(raw);
    } catch (error) {
      if (again) {
        log(`rebroadcast of command ${id} failed: ${String((error as Error).message ?? error).split('\n')[0]}`);
        return 'rejected';
      }
      throw error;
    }
    await p.db.query(
      'UPDATE commands SET broadcasts = broadcasts + 1, last_broadcast_at = now(), updated_at = now() WHERE id = $1',
      [id],
    );
    if (again) log(`rebroadcast command ${id}`);
    return 'sent';
  }

  const ensureGas = createGasTopUp({ db: p.db, client: p.client, policy: p.gasTopUp, log });
  const sendRaw = (raw: Hex) => sendRawTransaction(p.client, raw);

  /**
   * Signs and sends the accepted commands of one signer in acceptance order, a batch at a time: simulations run
   * concurrently, the whole batch is signed and stored in one database transaction (nonces consecutive), then
   * broadcast in nonce order. A command whose dependencies are not yet confirmed is passed over until they are;
   * a command that needs a gas top-up stops the signer. A simulation that reverts fails its command only when
   * nothing earlier in the batch is being sent (otherwise it waits for the next pass, which simulates it against
   * the state those earlier commands leave).
   */
  async function advanceSigner(signer: string, rows: OpenRow[], fees: Partial<TransactionSerializable>) {
    const changed: string[] = [];
    try {
      const candidates = rows.slice(0, batchPerSigner);
      const depIds = [...new Set(candidates.flatMap((r) => r.depends_on))];
      const depStatus = new Map<string, string>();
      if (depIds.length) {
        const { rows: deps } = await p.db.query<{ id: string; status: string }>('SELECT id, status FROM commands WHERE id = ANY($1::uuid[])', [depIds]);
        for (const d of deps) depStatus.set(d.id, d.status);
      }
      const ready: OpenRow[] = [];
      for (const row of candidates) {
        const failed = row.depends_on.find((d) => depStatus.get(d) === 'failed');
        if (failed) {
          await failWith(p.db, row, {
            code: 'DependencyFailed',
            name: 'DependencyFailed',
            args: { commandId: failed },
            message: `command ${failed}, which this one depends on, failed`,
          });
          changed.push(row.id);
          continue;
        }
        // Waiting for a dependency lets the signer's later, independent commands pass (a gas top-up
        // queued after a command that waits for it would otherwise never run).
        if (row.depends_on.some((d) => depStatus.get(d) !== 'confirmed')) continue;
        ready.push(row);
      }
      if (ready.length === 0) return;

      const requestOf = (row: OpenRow) => ({ account: row.signer as Address, to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value) });
      const estimates = await Promise.all(
        ready.map((row) => p.client.estimateGas(requestOf(row)).then((gas) => ({ gas }), (error: unknown) => ({ error }))),
      );
      const batch: Array<{ row: OpenRow; gasLimit: bigint }> = [];
      for (const [i, row] of ready.entries()) {
        const estimate = estimates[i]!;
        if ('gas' in estimate) {
          batch.push({ row, gasLimit: (estimate.gas * 130n) / 100n });
          continue;
        }
        if (batch.length > 0) break;
        const { error } = estimate;
        const data = revertDataOf(error);
        const text = String((error as Error).message ?? '');
        // Nodes that check the balance while estimating say "insufficient funds" (not a revert): top up first.
        if (!data && /insufficient funds/i.test(text) && (await ensureGas(row, 1n))) return;
        if (!isExecutionRevert(error)) throw error;
        await failWith(p.db, row, data ? p.decodeRevert(data) : { name: 'Reverted', args: {}, message: text.split('\n')[0] ?? 'reverted' });
        changed.push(row.id);
      }
      if (batch.length === 0) return;

      const price = fees.type === 'legacy' ? (fees.gasPrice ?? 0n) : (fees.maxFeePerGas ?? 0n);
      const cost = batch.reduce((sum, b) => sum + b.gasLimit * price + BigInt(b.row.value), 0n);
      if (await ensureGas(batch[0]!.row, cost - BigInt(batch[0]!.row.value))) return;

      const firstNonce = await nextNonce(signer);
      const account = await p.keys.signer(signer as Address);
      const signed: Array<{ row: OpenRow; nonce: number; raw: Hex; hash: Hex; gasLimit: bigint }> = [];
      for (const [i, { row, gasLimit }] of batch.entries()) {
        const request = requestOf(row);
        const nonce = firstNonce + i;
        const raw = await account.signTransaction({ ...fees, chainId: p.chainId, nonce, to: request.to, data: request.data, value: request.value, gas: gasLimit } as TransactionSerializable);
        signed.push({ row, nonce, raw, hash: keccak256(raw), gasLimit });
      }
      const stored = await p.db.transaction(async (tx) => {
        // The signer's lease, locked until this commits: another instance that took it over is signing for it now.
        if (!(await leases.confirm(tx, signer))) return 'lease lost';
        // The rows were read before this pass held the lease: while another instance held it, that one may have signed
        // some of them, or moved the signer's nonce on. Signing them again would land them twice, so the batch is
        // stored only if every command is still accepted and the nonce is still the one it was signed from.
        const { rows: still } = await tx.query<{ id: string }>(
          `SELECT id FROM commands WHERE id = ANY($1::uuid[]) AND status = 'accepted' FOR UPDATE`,
          [signed.map((t) => t.row.id)],
        );
        const { rows: recorded } = await tx.query<{ next_nonce: string }>('SELECT next_nonce FROM signer_nonces WHERE address = $1 FOR UPDATE', [signer]);
        if (still.length !== signed.length || Number(recorded[0]?.next_nonce ?? 0) > firstNonce) return 'stale';
        await tx.query(
          `UPDATE commands c SET status = 'submitted', nonce = v.nonce, gas_limit = v.gas_limit, raw_tx = v.raw_tx, tx_hash = v.tx_hash,
             submitted_at = now(), updated_at = now()
           FROM unnest($1::uuid[], $2::bigint[], $3::numeric[], $4::text[], $5::text[]) AS v(id, nonce, gas_limit, raw_tx, tx_hash)
           WHERE c.id = v.id AND c.status = 'accepted'`,
          [signed.map((t) => t.row.id), signed.map((t) => t.nonce), signed.map((t) => t.gasLimit.toString()), signed.map((t) => t.raw), signed.map((t) => t.hash)],
        );
        await tx.query(
          `INSERT INTO signer_nonces (address, next_nonce) VALUES ($1, $2)
           ON CONFLICT (address) DO UPDATE SET next_nonce = EXCLUDED.next_nonce`,
          [signer, firstNonce + signed.length],
        );
        return 'stored';
      });
      if (stored === 'lease lost') {
        log(`the lease of signer ${signer} passed to another instance: its commands are left to it`);
        return;
      }
      if (stored === 'stale') {
        // Nothing was stored or sent: the next pass reads the commands again and signs what is still to be signed.
        log(`signer ${signer}: its commands changed while this pass signed them (another instance held its lease before); signed again next pass`);
        rerun = true;
        return;
      }

      const sent: string[] = [];
      for (const [i, t] of signed.entries()) {
        try {
          await sendRaw(t.raw);
          sent.push(t.row.id);
        } catch (error) {
          if (!isDefiniteRejection(error)) throw error;
          // Refused outright (not a transport failure): fail this command, give its nonce back, and return the
          // rest of the batch (signed with later nonces) to the queue to be signed again.
          const rest = signed.slice(i + 1).map((x) => x.row.id);
          const reason = { name: 'TransactionRejected', args: {}, message: String((error as Error).message).split('\n')[0] ?? 'rejected' };
          await p.db.transaction(async (tx) => {
            await finish(tx, t.row.id, 'failed', { error: JSON.stringify({ code: reason.name, ...reason }) });
            await tx.query('UPDATE commands SET nonce = NULL WHERE id = $1', [t.row.id]);
            if (rest.length) {
              await tx.query(
                `UPDATE commands SET status = 'accepted', nonce = NULL, gas_limit = NULL, raw_tx = NULL, tx_hash = NULL, submitted_at = NULL,
                   updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'submitted'`,
                [rest],
              );
            }
            await tx.query('UPDATE signer_nonces SET next_nonce = $2 WHERE address = $1 AND next_nonce = $3', [signer, t.nonce, firstNonce + signed.length]);
          });
          logFailure(t.row, reason.name);
          changed.push(t.row.id);
          break;
        }
      }
      if (sent.length) {
        await p.db.query(
          'UPDATE commands SET broadcasts = broadcasts + 1, last_broadcast_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])',
          [sent],
        );
        changed.push(...sent);
      }
    } finally {
      emit(changed);
    }
  }

  /**
   * True when the newest block holding a mined command is no longer on the chain (at most once per
   * `canonicalCheckIntervalMs`): the chain lost blocks (a reorg, or a node restarted from older state) that the
   * indexer may not have seen, e.g. because it had not read them yet.
   */
  async function minedBlockLost(): Promise<boolean> {
    if (Date.now() - lastCanonicalCheck < canonicalCheckIntervalMs) return false;
    lastCanonicalCheck = Date.now();
    const { rows } = await p.db.query<{ height: string; block_hash: string }>(
      `SELECT block_number::text AS height, block_hash FROM commands
        WHERE block_number IS NOT NULL AND block_hash IS NOT NULL ORDER BY block_number DESC LIMIT 1`,
    );
    const newest = rows[0];
    if (!newest) return false;
    const block = await p.client.getBlock({ blockNumber: BigInt(newest.height) }).catch((error: unknown) => {
      if (error instanceof BlockNotFoundError) return null;
      throw error;
    });
    return block?.hash !== newest.block_hash;
  }

  async function reconcileNow() {
    const { rows: others } = await p.db.query<{ signer: string }>(
      'SELECT signer FROM signer_leases WHERE holder <> $1 AND expires_at > now()',
      [leases.holder],
    );
    const result = await reconcileWithChain({
      db: p.db,
      client: p.client,
      keys: p.keys,
      chainId: p.chainId,
      depth: reconcileDepth,
      fees: feeFields,
      leasedElsewhere: new Set(others.map((r) => r.signer)),
    });
    reconcileDue = false;
    for (const deliver of reconcileWaiters) deliver(result);
    reconcileWaiters.clear();
    if (result.reopened.length) {
      const lowest = result.reopened.reduce((min, c) => (c.lostBlock < min ? c.lostBlock : min), result.reopened[0]!.lostBlock);
      log(
        `reconciled with the chain (head ${result.head}): ${result.reopened.length} command(s) mined in blocks the chain no longer has ` +
          `(from block ${lowest}) are submitted again and will be broadcast again`,
      );
    }
    for (const n of result.nonces) log(`reconciled the next nonce of ${n.signer} with the chain: ${n.from} -> ${n.to}`);
    for (const f of result.filled) log(`nonce ${f.nonce} of ${f.signer} was held by no transaction: filled with a no-op transaction (command ${f.commandId})`);
    emit(result.reopened.map((c) => c.id));
  }

  async function pass() {
    if (reconcileDue || (await minedBlockLost())) {
      try {
        await reconcileNow();
      } catch (error) {
        reconcileDue = true;
        lastReconcileError = error;
        throw error;
      }
    }
    const { rows: open } = await p.db.query<OpenRow>(`SELECT ${OPEN_COLUMNS} FROM commands WHERE status IN ('accepted', 'submitted') ORDER BY seq`);
    // Only the signers this instance holds the lease of (several instances may share the database).
    const mine = await leases.acquire(p.db, open.map((r) => r.signer));
    const rows = open.filter((r) => mine.has(r.signer));
    if (rows.length === 0) {
      firstPass = false;
      return;
    }
    const submitted = rows.filter((r) => r.status === 'submitted');
    const refused = submitted.length ? await followSubmitted(submitted, await p.client.getBlockNumber({ cacheTime: 0 })) : new Set<string>();
    firstPass = false;
    const bySigner = new Map<string, OpenRow[]>();
    for (const row of rows) {
      if (row.status !== 'accepted' || refused.has(row.signer)) continue;
      const list = bySigner.get(row.signer) ?? [];
      list.push(row);
      bySigner.set(row.signer, list);
    }
    if (bySigner.size === 0) return;
    const fees = await feeFields();
    await Promise.all([...bySigner].map(([signer, list]) => advanceSigner(signer, list, fees)));
    // Confirm what this pass just sent (automining chains mine on arrival).
    const { rows: fresh } = await p.db.query<OpenRow>(`SELECT ${OPEN_COLUMNS} FROM commands WHERE status = 'submitted' AND signer = ANY($1::text[])`, [[...mine]]);
    if (fresh.length) await followSubmitted(fresh, await p.client.getBlockNumber({ cacheTime: 0 }));
  }

  function tick(): Promise<void> {
    if (current) {
      rerun = true;
      return current;
    }
    current = (async () => {
      try {
        do {
          rerun = false;
          await pass();
        } while (rerun);
      } catch (error) {
        log(`transaction manager pass failed (will retry): ${String((error as Error).message ?? error).split('\n')[0]}`);
      } finally {
        current = null;
      }
    })();
    return current;
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(async () => {
      await tick();
      schedule();
    }, pollIntervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      // (A pass run before start(), e.g. the platform's reconcile() at start, was this instance's first pass already.)
      void tick().then(schedule);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
      // Hand the signers over at once rather than when the leases expire.
      await leases.release(p.db).catch((error: unknown) => log(`releasing the signer leases failed: ${String((error as Error).message ?? error)}`));
    },
    tick,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reconcile() {
      let mine: ReconcileResult | null = null;
      const deliver = (result: ReconcileResult) => {
        mine = result;
      };
      reconcileWaiters.add(deliver);
      reconcileDue = true;
      try {
        // tick() resolves after the pass under way and a rerun of it: the rerun starts with the reconciliation.
        await tick();
      } finally {
        reconcileWaiters.delete(deliver);
      }
      if (!mine) throw lastReconcileError instanceof Error ? lastReconcileError : new Error('the reconciliation with the chain did not run');
      return mine;
    },
  };
}
