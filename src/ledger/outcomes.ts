import type { Address, Hex, PublicClient, TransactionReceipt } from 'viem';
import type { Database, Queryable } from '../db/database.ts';
import type { ContractSuite } from '../chain/contracts.ts';
import type { DecodedRevert, RevertDecoder } from '../chain/decodeRevert.ts';
import { decodeReceiptEvents, onChainRevertData } from './receipts.ts';

/** A command as far as its outcome needs it. */
export interface SettledRow {
  id: string;
  kind: string;
  signer: string;
  to_address: string;
  data: string;
  value: string;
}

/**
 * How the transaction manager ends a command: confirmed by its receipt (one at a time or many in one statement), or
 * failed with a decoded reason, each failure logged as one JSON line (`{"msg":"command failed","commandId","kind","code"}`).
 * Only a command still `accepted` or `submitted` changes: an outcome is written once.
 */
export function createOutcomes(p: {
  db: Database;
  client: PublicClient;
  suite: ContractSuite;
  contracts?: Record<string, Address>;
  decodeRevert: RevertDecoder;
  traceReverts: boolean;
  log: (message: string) => void;
}) {
  const log = p.log;

  async function finish(db: Queryable, id: string, status: 'confirmed' | 'failed', fields: Record<string, unknown>) {
    const sets = Object.keys(fields).map((k, i) => `${k} = $${i + 3}`);
    await db.query(
      `UPDATE commands SET status = $2, finished_at = now(), updated_at = now()${sets.length ? ', ' + sets.join(', ') : ''}
       WHERE id = $1 AND status IN ('accepted', 'submitted')`,
      [id, status, ...Object.values(fields)],
    );
  }

  /** One structured line per failed command: its id, kind and error code (never arguments or keys). */
  const logFailure = (row: { id: string; kind: string }, code: string) =>
    log(JSON.stringify({ msg: 'command failed', commandId: row.id, kind: row.kind, code }));

  async function failWith(db: Queryable, row: { id: string; kind: string }, error: DecodedRevert & { code?: string }) {
    const code = error.code ?? error.name;
    await finish(db, row.id, 'failed', { error: JSON.stringify({ code, ...error }) });
    logFailure(row, code);
  }

  /** Marks commands confirmed by their successful receipts, in one statement. */
  async function confirmAll(done: Array<{ row: SettledRow; receipt: TransactionReceipt }>) {
    if (done.length === 0) return;
    await p.db.query(
      `UPDATE commands c SET status = 'confirmed', finished_at = now(), updated_at = now(),
         block_number = v.block_number, block_hash = v.block_hash, gas_used = v.gas_used, result = v.result
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::numeric[], $5::jsonb[]) AS v(id, block_number, block_hash, gas_used, result)
       WHERE c.id = v.id AND c.status IN ('accepted', 'submitted')`,
      [
        done.map((d) => d.row.id),
        done.map((d) => d.receipt.blockNumber.toString()),
        done.map((d) => d.receipt.blockHash),
        done.map((d) => d.receipt.gasUsed.toString()),
        done.map((d) => JSON.stringify({ events: decodeReceiptEvents(d.receipt, p.suite, p.contracts) })),
      ],
    );
  }

  async function settleReceipt(row: SettledRow, receipt: TransactionReceipt) {
    if (receipt.status === 'success') {
      await finish(p.db, row.id, 'confirmed', {
        block_number: receipt.blockNumber.toString(),
        block_hash: receipt.blockHash,
        gas_used: receipt.gasUsed.toString(),
        result: JSON.stringify({ events: decodeReceiptEvents(receipt, p.suite, p.contracts) }),
      });
      return;
    }
    // The simulation passed but the transaction reverted in its block (another transaction got there first).
    const data = await onChainRevertData(p.client, { from: row.signer as Address, to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value) }, receipt, {
      traceReverts: p.traceReverts,
    });
    const reason: DecodedRevert = data ? p.decodeRevert(data) : { name: 'Reverted', args: {}, message: 'the transaction reverted on-chain' };
    await finish(p.db, row.id, 'failed', {
      block_number: receipt.blockNumber.toString(),
      block_hash: receipt.blockHash,
      gas_used: receipt.gasUsed.toString(),
      error: JSON.stringify({ code: reason.name, ...reason }),
    });
    logFailure(row, reason.name);
  }

  return { finish, logFailure, failWith, confirmAll, settleReceipt };
}
