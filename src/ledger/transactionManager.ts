import { randomUUID } from 'node:crypto';
import {
  keccak256,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type TransactionSerializable,
  TransactionReceiptNotFoundError,
} from 'viem';
import type { Database, Queryable } from '../db/database.ts';
import type { KeyStore } from './keyStore.ts';
import type { ContractSuite } from '../chain/contracts.ts';
import { isExecutionRevert, jsonSafe, revertDataOf, type DecodedRevert, type RevertDecoder } from '../chain/decodeRevert.ts';
import { enqueueCommands } from './commands.ts';
import { decodeLogWith } from '../chain/eventDecoder.ts';

/** Keeps member accounts able to pay for gas on chains where gas has a price. */
export interface GasTopUpPolicy {
  /** The account that pays (the operator). */
  funder: Address;
  /** A signer whose balance is below this is topped up before its next command. */
  threshold: bigint;
  amount: bigint;
}

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
  log?: (message: string) => void;
  /** The contracts (ABIs, for a command's result) and the decoder of their reverts. */
  suite: ContractSuite;
  decodeRevert: RevertDecoder;
  /** The deployment's addresses by logical name: only their logs are decoded into a command's result. */
  contracts?: Record<string, Address>;
  /**
   * Ask the node for a reverted transaction's call trace (debug_traceTransaction, not a standard method) before
   * replaying the call with eth_call. Only for the embedded anvil; default false.
   */
  traceReverts?: boolean;
}

export interface TransactionManager {
  /** Starts the background loop; the first pass rebroadcasts whatever was submitted before a restart. */
  start(): void;
  /** Stops the loop after the pass under way. */
  stop(): Promise<void>;
  /** Runs one pass now (also wakes the loop); resolves when the pass is done. */
  tick(): Promise<void>;
  /** Called after commands change state, with their ids. */
  onChange(listener: (ids: string[]) => void): () => void;
  /**
   * The chain replaced its blocks after `forkBlock` (a reorg): commands whose transaction was mined in one of them
   * are followed again as submitted. Their stored transaction is broadcast again if the new chain does not have it;
   * if its nonce went to another transaction meanwhile, the command fails as NonceConsumed. Returns their ids.
   */
  reorged(forkBlock: bigint): Promise<string[]>;
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
}

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
  const listeners = new Set<(ids: string[]) => void>();
  let running = false;
  let firstPass = true;
  let current: Promise<void> | null = null;
  let rerun = false;
  let timer: NodeJS.Timeout | null = null;

  const emit = (ids: string[]) => {
    if (ids.length) for (const l of listeners) l(ids);
  };

  async function finish(db: Queryable, id: string, status: 'confirmed' | 'failed', fields: Record<string, unknown>) {
    const sets = Object.keys(fields).map((k, i) => `${k} = $${i + 3}`);
    await db.query(
      `UPDATE commands SET status = $2, finished_at = now(), updated_at = now()${sets.length ? ', ' + sets.join(', ') : ''}
       WHERE id = $1 AND status IN ('accepted', 'submitted')`,
      [id, status, ...Object.values(fields)],
    );
  }

  const failWith = (db: Queryable, id: string, error: DecodedRevert & { code?: string }) =>
    finish(db, id, 'failed', { error: JSON.stringify({ code: error.code ?? error.name, ...error }) });

  async function feeFields(): Promise<Partial<TransactionSerializable>> {
    try {
      const fees = await p.client.estimateFeesPerGas();
      return { type: 'eip1559', maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
    } catch {
      return { type: 'legacy', gasPrice: await p.client.getGasPrice() };
    }
  }

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

  /** Checks receipts of submitted transactions; confirms, fails, or rebroadcasts them. */
  async function followSubmitted(rows: OpenRow[], head: bigint) {
    const changed: string[] = [];
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
      if (!firstPass && age < resubmitAfterMs) continue;
      if (await nonceConsumed(row)) {
        changed.push(row.id);
        continue;
      }
      await broadcast(row.id, row.raw_tx as Hex, true);
    }
    emit(changed);
  }

  /**
   * A transaction with no receipt whose nonce the chain has already used (another transaction of the key took it)
   * can never land: fail its command rather than rebroadcast it forever.
   */
  async function nonceConsumed(row: OpenRow): Promise<boolean> {
    const used = await p.client.getTransactionCount({ address: row.signer as Address, blockTag: 'latest' });
    if (used <= Number(row.nonce)) return false;
    // The receipt may have arrived since we looked. Only a definite "not found" counts as no receipt: a failing
    // node must not turn a mined transaction into a failed command.
    const receipt = await p.client.getTransactionReceipt({ hash: row.tx_hash as Hex }).catch((error: unknown) => {
      if (error instanceof TransactionReceiptNotFoundError) return null;
      throw error;
    });
    if (receipt) {
      await settleReceipt(row, receipt);
      return true;
    }
    await failWith(p.db, row.id, {
      code: 'NonceConsumed',
      name: 'NonceConsumed',
      args: { nonce: Number(row.nonce), txHash: row.tx_hash },
      message: `nonce ${row.nonce} of ${row.signer} was used by another transaction, so this one can never be mined; nothing of it happened on-chain`,
    });
    log(`command ${row.id}: nonce ${row.nonce} of ${row.signer} was used by another transaction`);
    return true;
  }

  /** Marks commands confirmed by their successful receipts, in one statement. */
  async function confirmAll(done: Array<{ row: OpenRow; receipt: TransactionReceipt }>) {
    if (done.length === 0) return;
    await p.db.query(
      `UPDATE commands c SET status = 'confirmed', finished_at = now(), updated_at = now(),
         block_number = v.block_number, gas_used = v.gas_used, result = v.result
       FROM unnest($1::uuid[], $2::bigint[], $3::numeric[], $4::jsonb[]) AS v(id, block_number, gas_used, result)
       WHERE c.id = v.id AND c.status IN ('accepted', 'submitted')`,
      [
        done.map((d) => d.row.id),
        done.map((d) => d.receipt.blockNumber.toString()),
        done.map((d) => d.receipt.gasUsed.toString()),
        done.map((d) => JSON.stringify({ events: decodeReceiptEvents(d.receipt, p.suite, p.contracts) })),
      ],
    );
  }

  async function settleReceipt(row: OpenRow, receipt: TransactionReceipt) {
    if (receipt.status === 'success') {
      await finish(p.db, row.id, 'confirmed', {
        block_number: receipt.blockNumber.toString(),
        gas_used: receipt.gasUsed.toString(),
        result: JSON.stringify({ events: decodeReceiptEvents(receipt, p.suite, p.contracts) }),
      });
      return;
    }
    // The simulation passed but the transaction reverted in its block (another transaction got there first).
    const data = await onChainRevertData(row, receipt);
    const reason: DecodedRevert = data ? p.decodeRevert(data) : { name: 'Reverted', args: {}, message: 'the transaction reverted on-chain' };
    await finish(p.db, row.id, 'failed', {
      block_number: receipt.blockNumber.toString(),
      gas_used: receipt.gasUsed.toString(),
      error: JSON.stringify({ code: reason.name, ...reason }),
    });
  }

  /**
   * The revert data of a mined, reverted transaction: from the node's call trace when asked to and it has one (exact), else by
   * replaying the call on the state after its block (where whatever got there first has happened), else on the
   * state before it.
   */
  async function onChainRevertData(row: OpenRow, receipt: TransactionReceipt): Promise<Hex | undefined> {
    if (p.traceReverts) {
      try {
        const trace = (await p.client.request({
          method: 'debug_traceTransaction' as never,
          params: [receipt.transactionHash, { tracer: 'callTracer' }] as never,
        })) as { output?: string } | null;
        if (trace?.output && /^0x[0-9a-fA-F]{8,}$/.test(trace.output)) return trace.output as Hex;
      } catch {
        // no debug namespace on this node: replay instead
      }
    }
    for (const blockNumber of [receipt.blockNumber, receipt.blockNumber - 1n]) {
      try {
        await p.client.call({
          account: row.signer as Address,
          to: row.to_address as Address,
          data: row.data as Hex,
          value: BigInt(row.value),
          blockNumber,
        });
      } catch (error) {
        const data = revertDataOf(error);
        if (data) return data;
      }
    }
    return undefined;
  }

  /** Sends a signed transaction; "already known" (or mined) counts as sent. */
  async function sendRaw(raw: Hex): Promise<void> {
    try {
      await p.client.sendRawTransaction({ serializedTransaction: raw });
    } catch (error) {
      const text = String((error as Error).message ?? error);
      // The node already has it, or it is already mined: both mean the transaction is out.
      if (!/already known|already imported|nonce too low|known transaction/i.test(text)) throw error;
    }
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

  /** Arranges a gas top-up from the funder when a signer runs low; returns the top-up command id, if one is needed. */
  async function ensureGas(row: OpenRow, gasCost: bigint): Promise<string | null> {
    const policy = p.gasTopUp;
    if (!policy || gasCost === 0n || row.signer === policy.funder.toLowerCase()) return null;
    const balance = await p.client.getBalance({ address: row.signer as Address });
    if (balance >= gasCost + BigInt(row.value) && balance >= policy.threshold) return null;
    const { rows } = await p.db.query<{ id: string }>(
      `SELECT id FROM commands WHERE kind = 'gas.topup' AND to_address = $1 AND status IN ('accepted', 'submitted') LIMIT 1`,
      [row.signer],
    );
    const existing = rows[0]?.id;
    const topUpId = existing ?? randomUUID();
    await p.db.transaction(async (tx) => {
      if (!existing) {
        await enqueueCommands(tx, [
          { id: topUpId, kind: 'gas.topup', signer: policy.funder, to: row.signer as Address, data: '0x', value: policy.amount },
        ]);
      }
      await tx.query(`UPDATE commands SET depends_on = array_append(depends_on, $2::uuid) WHERE id = $1`, [row.id, topUpId]);
    });
    log(`topping up gas of ${row.signer}`);
    return topUpId;
  }

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
          await failWith(p.db, row.id, {
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
        await failWith(p.db, row.id, data ? p.decodeRevert(data) : { name: 'Reverted', args: {}, message: text.split('\n')[0] ?? 'reverted' });
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
      await p.db.transaction(async (tx) => {
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
      });

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
          await p.db.transaction(async (tx) => {
            await failWith(tx, t.row.id, { name: 'TransactionRejected', args: {}, message: String((error as Error).message).split('\n')[0] ?? 'rejected' });
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

  async function pass() {
    const { rows } = await p.db.query<OpenRow>(
      `SELECT id, seq, kind, signer, to_address, data, value::text AS value, depends_on, status, nonce, tx_hash, raw_tx, last_broadcast_at
       FROM commands WHERE status IN ('accepted', 'submitted') ORDER BY seq`,
    );
    if (rows.length === 0) {
      firstPass = false;
      return;
    }
    const submitted = rows.filter((r) => r.status === 'submitted');
    if (submitted.length) {
      submitted.sort((a, b) => Number(a.nonce) - Number(b.nonce));
      await followSubmitted(submitted, await p.client.getBlockNumber({ cacheTime: 0 }));
    }
    firstPass = false;
    const bySigner = new Map<string, OpenRow[]>();
    for (const row of rows) {
      if (row.status !== 'accepted') continue;
      const list = bySigner.get(row.signer) ?? [];
      list.push(row);
      bySigner.set(row.signer, list);
    }
    if (bySigner.size === 0) return;
    const fees = await feeFields();
    await Promise.all([...bySigner].map(([signer, list]) => advanceSigner(signer, list, fees)));
    // Confirm what this pass just sent (automining chains mine on arrival).
    const { rows: fresh } = await p.db.query<OpenRow>(
      `SELECT id, seq, kind, signer, to_address, data, value::text AS value, depends_on, status, nonce, tx_hash, raw_tx, last_broadcast_at
       FROM commands WHERE status = 'submitted' ORDER BY nonce`,
    );
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
      firstPass = true;
      void tick().then(schedule);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
    },
    tick,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reorged(forkBlock) {
      // Outcomes read from receipts of removed blocks no longer hold: confirmed, or reverted on-chain. (Commands
      // that failed before they were sent have no block and stay as they are.)
      const { rows } = await p.db.query<{ id: string }>(
        `UPDATE commands SET status = 'submitted', block_number = NULL, gas_used = NULL, result = NULL, error = NULL,
           finished_at = NULL, last_broadcast_at = NULL, updated_at = now()
         WHERE status IN ('confirmed', 'failed') AND block_number > $1 AND raw_tx IS NOT NULL
         RETURNING id`,
        [forkBlock.toString()],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length) {
        log(`reorg after block ${forkBlock}: ${ids.length} command(s) mined in removed blocks are followed again`);
        emit(ids);
        void tick();
      }
      return ids;
    },
  };
}

function isDefiniteRejection(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /insufficient funds|intrinsic gas|exceeds block gas limit|invalid sender|fee cap|underpriced/i.test(text);
}

/**
 * Decodes the events of our contracts in a receipt into `{ contract, event, args }` (bigints as strings). With
 * `contracts` (the deployment), only logs emitted at those addresses are decoded, with that address's ABIs;
 * without, every logical contract's ABI is tried.
 */
export function decodeReceiptEvents(receipt: TransactionReceipt, suite: ContractSuite, contracts?: Record<string, Address>) {
  const events: Array<{ contract: string; event: string; address: string; args: unknown }> = [];
  const byAddress = new Map<string, string[]>();
  for (const [name, address] of Object.entries(contracts ?? {})) {
    const key = address.toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), name]);
  }
  for (const logEntry of receipt.logs) {
    const served = byAddress.get(logEntry.address.toLowerCase());
    if (contracts && !served) continue;
    for (const name of served ?? suite.names) {
      const decoded = decodeLogWith(suite.abi(name) as Abi, logEntry);
      if (!decoded) continue; // not this contract's event
      events.push({ contract: suite.eventContract(served ?? [name], decoded.eventName), event: decoded.eventName, address: logEntry.address.toLowerCase(), args: jsonSafe(decoded.args) });
      break;
    }
  }
  return events;
}
