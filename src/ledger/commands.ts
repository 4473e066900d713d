import { randomUUID } from 'node:crypto';
import { encodeFunctionData, type Abi, type Address, type Hex } from 'viem';
import type { Queryable } from '../db/database.ts';
import { jsonSafe, type DecodedRevert } from '../chain/decodeRevert.ts';
import { NotFoundError } from '../common/errors.ts';

export type CommandStatus = 'accepted' | 'submitted' | 'confirmed' | 'failed';

/** A write to the chain, as stored in the outbox before it is signed. */
export interface CommandRequest {
  /** What the command does, e.g. `xt.deposit`. */
  kind: string;
  signer: Address;
  to: Address;
  data: Hex;
  value?: bigint;
  /** The logical contract called (e.g. `SettlementToken`), for the command's view. */
  contract?: string;
  functionName?: string;
  args?: readonly unknown[];
  /** Commands that must be confirmed first; if one fails, this one fails too. */
  dependsOn?: string[];
  requestedBy?: string;
  /** Pre-assigned id, so a caller can chain dependencies before inserting. */
  id?: string;
}

export interface CommandView {
  id: string;
  kind: string;
  status: CommandStatus;
  signer: Address;
  contract: string | null;
  functionName: string | null;
  args: unknown[];
  dependsOn: string[];
  txHash: Hex | null;
  nonce: number | null;
  blockNumber: string | null;
  /** The hash of the block the transaction was mined in: the command holds while the chain has this block. */
  blockHash: Hex | null;
  gasUsed: string | null;
  error: (DecodedRevert & { code: string }) | null;
  result: unknown;
  createdAt: string;
  submittedAt: string | null;
  finishedAt: string | null;
}

/** A logical contract where a command calls it: its name, address and ABI. */
export interface CallTarget {
  name: string;
  address: Address;
  abi: Abi;
}

/** Builds a contract-call command: the call encoded with the target's ABI. */
export function contractCall(p: {
  kind: string;
  signer: Address;
  target: CallTarget;
  functionName: string;
  args: readonly unknown[];
  dependsOn?: string[];
  requestedBy?: string;
  id?: string;
}): CommandRequest {
  const data = encodeFunctionData({
    abi: p.target.abi,
    functionName: p.functionName,
    args: p.args as unknown[],
  });
  return {
    kind: p.kind,
    signer: p.signer,
    to: p.target.address,
    data,
    contract: p.target.name,
    functionName: p.functionName,
    args: p.args,
    dependsOn: p.dependsOn,
    requestedBy: p.requestedBy,
    id: p.id,
  };
}

/**
 * Commands stored through each transaction object, as the insert returned them: `getCommands` on that same object
 * answers from here instead of reading back rows it has just written. (Keyed by the object, which lives as long as
 * its transaction; nothing updates a command inside the transaction that enqueued it.)
 */
const enqueuedIn = new WeakMap<Queryable, Map<string, CommandRow & { seq: string }>>();

/** Stores commands in the outbox, in order, inside the caller's transaction. Returns their ids. */
export async function enqueueCommands(db: Queryable, requests: CommandRequest[]): Promise<string[]> {
  const ids: string[] = [];
  // Only a transaction's object is remembered: a database handle outlives the rows' next change.
  const inTransaction = !('transaction' in db);
  let written = enqueuedIn.get(db);
  if (!written && inTransaction) enqueuedIn.set(db, (written = new Map()));
  for (const r of requests) {
    const id = r.id ?? randomUUID();
    const { rows } = await db.query<CommandRow & { seq: string }>(
      `INSERT INTO commands (id, kind, requested_by, signer, contract, to_address, function_name, args, data, value, depends_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'accepted')
       RETURNING seq, ${COLUMNS}`,
      [
        id,
        r.kind,
        r.requestedBy ?? null,
        r.signer.toLowerCase(),
        r.contract ?? null,
        r.to.toLowerCase(),
        r.functionName ?? null,
        JSON.stringify(jsonSafe(r.args ?? [])),
        r.data,
        (r.value ?? 0n).toString(),
        r.dependsOn ?? [],
      ],
    );
    written?.set(id, rows[0]!);
    ids.push(id);
  }
  return ids;
}

const COLUMNS = `id, kind, status, signer, contract, function_name, args, depends_on, tx_hash, nonce, block_number, block_hash,
  gas_used, error, result, created_at, submitted_at, finished_at`;

interface CommandRow {
  id: string;
  kind: string;
  status: CommandStatus;
  signer: string;
  contract: string | null;
  function_name: string | null;
  args: unknown[];
  depends_on: string[];
  tx_hash: string | null;
  nonce: string | null;
  block_number: string | null;
  block_hash: string | null;
  gas_used: string | null;
  error: (DecodedRevert & { code: string }) | null;
  result: unknown;
  created_at: Date;
  submitted_at: Date | null;
  finished_at: Date | null;
}

function toView(row: CommandRow): CommandView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    signer: row.signer as Address,
    contract: row.contract,
    functionName: row.function_name,
    args: row.args,
    dependsOn: row.depends_on,
    txHash: row.tx_hash as Hex | null,
    nonce: row.nonce === null ? null : Number(row.nonce),
    blockNumber: row.block_number,
    blockHash: row.block_hash as Hex | null,
    gasUsed: row.gas_used,
    error: row.error,
    result: row.result,
    createdAt: row.created_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function getCommand(db: Queryable, id: string): Promise<CommandView> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new NotFoundError('command', id);
  return toView(row);
}

export async function getCommands(db: Queryable, ids: string[]): Promise<CommandView[]> {
  if (ids.length === 0) return [];
  const written = enqueuedIn.get(db);
  const mine = written ? ids.map((id) => written.get(id)) : [];
  if (written && mine.every((row) => row !== undefined)) {
    return [...new Set(mine)].sort((a, b) => (BigInt(a!.seq) < BigInt(b!.seq) ? -1 : 1)).map((row) => toView(row!));
  }
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE id = ANY($1::uuid[]) ORDER BY seq`, [ids]);
  return rows.map(toView);
}

/** Lists commands, newest first; `requestedBy` limits them to one user's members' commands. */
export async function listCommands(
  db: Queryable,
  p: { signer?: string; status?: CommandStatus; limit: number; beforeSeq?: string },
): Promise<{ items: CommandView[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (p.signer) where.push(`signer = $${params.push(p.signer.toLowerCase())}`);
  if (p.status) where.push(`status = $${params.push(p.status)}`);
  if (p.beforeSeq) where.push(`seq < $${params.push(p.beforeSeq)}`);
  const { rows } = await db.query<CommandRow & { seq: string }>(
    `SELECT seq, ${COLUMNS} FROM commands ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
     ORDER BY seq DESC LIMIT $${params.push(p.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, p.limit);
  return { items: page.map(toView), nextCursor: rows.length > p.limit ? (page.at(-1)?.seq ?? null) : null };
}
