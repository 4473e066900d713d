/**
 * Settlement distribution: once the obligor has paid, the operator pushes every holder's share of every id in
 * the claim's tree in bounded `redeemBatch` transactions, so no transaction grows with the number of holders.
 */
import { getAbiItem, type AbiEvent, type Address } from 'viem';
import type { Queryable } from '../db/database.ts';
import { suite } from '../chain/contracts.ts';
import { contractCall, enqueueCommands } from '../ledger/commands.ts';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../common/errors.ts';
import type { Principal } from './apiKeys.ts';
import type { ServiceContext } from './context.ts';
import { requireActingUser } from './guards.ts';
import { canHold, chainNow, chainRead, formatDate, idHex, readTerms, redeemableBy, settlementOf } from './claimChain.ts';

/** Holders per `redeemBatch` transaction, at most: keeps each well inside a block's gas limit. */
export const MAX_REDEEM_BATCH = 50;
/** Blocks per eth_getLogs call (public RPC endpoints cap the range). */
const LOG_WINDOW = 10_000n;
/** View calls in flight at once while pricing a distribution. */
const READ_CONCURRENCY = 16;

async function mapBounded<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + READ_CONCURRENCY).map(fn))));
  return out;
}

const claimDefined = getAbiItem({ abi: suite.ClaimLedger.abi, name: 'ClaimDefined' }) as AbiEvent;
const transferEvent = getAbiItem({ abi: suite.ClaimLedger.abi, name: 'Transfer' }) as AbiEvent;

async function logsOf(ctx: ServiceContext, event: AbiEvent, args: Record<string, unknown>) {
  const head = await chainRead(ctx.client.getBlockNumber());
  const logs = [];
  for (let from = ctx.deployment.startBlock; from <= head; from += LOG_WINDOW) {
    const to = from + LOG_WINDOW - 1n < head ? from + LOG_WINDOW - 1n : head;
    logs.push(...(await chainRead(ctx.client.getLogs({ address: ctx.deployment.contracts.ClaimLedger, event, args, fromBlock: from, toBlock: to, strict: true }))));
  }
  return logs as unknown as Array<{ args: Record<string, unknown> }>;
}

/** Every id in the tree of `root`: the issued claim and everything derived from it by modify. */
async function treeIds(ctx: ServiceContext, root: bigint): Promise<bigint[]> {
  const logs = await logsOf(ctx, claimDefined, { root });
  return [...new Set(logs.map((l) => l.args.id as bigint))];
}

async function tableExists(db: Queryable, name: string): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t != null;
}

/**
 * Everyone who may hold `ids`. A matured id's holders are frozen (transfers and modifications stop at the due
 * date; only redemption burns), so the read model `claim_holdings` has all of them once the indexer has passed
 * the latest due date; before that, or without the read model, they come from the ledger's Transfer logs.
 * Either way the list may hold former holders: the caller keeps only those with something to redeem.
 */
async function holdersOf(ctx: ServiceContext, db: Queryable, ids: bigint[], latestDueDate: number): Promise<Map<bigint, Set<string>>> {
  const holders = new Map<bigint, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  if (await tableExists(db, 'claim_holdings')) {
    const { rows: tip } = await db.query<{ t: Date | null }>('SELECT max(timestamp) AS t FROM indexer_blocks');
    const indexedUntil = tip[0]?.t ? Math.floor(tip[0].t.getTime() / 1000) : 0;
    if (indexedUntil >= latestDueDate) {
      const { rows } = await db.query<{ claim_id: string; holder: string }>(
        'SELECT claim_id, holder FROM claim_holdings WHERE claim_id = ANY($1::text[]) AND balance > 0',
        [ids.map(idHex)],
      );
      for (const r of rows) holders.get(BigInt(r.claim_id))?.add(r.holder.toLowerCase());
      // A paid settlement of due ids has holders; none in the read model means it has not seen them.
      if (rows.length > 0) return holders;
    }
  }
  const logs = await logsOf(ctx, transferEvent, { id: ids });
  for (const l of logs) {
    const receiver = String(l.args.receiver).toLowerCase();
    if (BigInt(receiver) !== 0n) holders.get(l.args.id as bigint)?.add(receiver);
  }
  return holders;
}

/**
 * The operator distributes a paid settlement: one `redeemBatch` command per `batchSize` (≤ 50) holdings with
 * something to redeem, over every id of the root's tree that has reached its due date. Ids derived with a
 * later due date are listed in `notYetDue` and can be distributed again once they mature.
 */
export async function distributeSettlement(ctx: ServiceContext, tx: Queryable, by: Principal, p: { rootId: bigint; batchSize?: number }) {
  if (!by.isOperator) throw new ForbiddenError('only the operator can distribute a settlement');
  requireActingUser(by);
  const terms = await readTerms(ctx, p.rootId);
  if (!terms || terms.root !== p.rootId) throw new NotFoundError('settlement', idHex(p.rootId));
  const batchSize = Math.min(p.batchSize ?? MAX_REDEEM_BATCH, MAX_REDEEM_BATCH);
  const [settlement, now, ids] = await Promise.all([settlementOf(ctx, p.rootId), chainNow(ctx), treeIds(ctx, p.rootId)]);
  if (settlement.paid === 0n) throw new RuleViolationError('nothing_to_distribute', 'the obligor has paid nothing into this settlement yet');

  const idTerms = await mapBounded(ids, async (id) => ({ id, terms: (await readTerms(ctx, id))! }));
  const due = idTerms.filter((t) => t.terms.dueDate <= now);
  const notYetDue = idTerms.filter((t) => t.terms.dueDate > now).map((t) => ({ claimId: idHex(t.id), dueDate: formatDate(t.terms.dueDate) }));
  if (due.length === 0) {
    throw new RuleViolationError('not_redeemable_yet', `no claim of this tree has reached its due date; the first is ${formatDate(terms.dueDate)}`, { notYetDue });
  }
  const holders = await holdersOf(ctx, tx, due.map((t) => t.id), Math.max(...due.map((t) => t.terms.dueDate)));
  const candidates = [...holders].flatMap(([id, set]) => [...set].map((holder) => ({ id, holder })));
  const payouts = await mapBounded(candidates, async (c) => ({ ...c, payout: await redeemableBy(ctx, c.id, c.holder) }));
  const owing = payouts.filter((c) => c.payout > 0n);
  // XT refuses to move to a suspended or revoked member, and one refused transfer would revert its whole batch:
  // frozen holders are left out (their share waits in the settlement) and named in the answer.
  const frozen = new Set((await mapBounded([...new Set(owing.map((c) => c.holder))], async (h) => ((await canHold(ctx, h)) ? null : h))).filter((h) => h !== null));
  const owed = owing.filter((c) => !frozen.has(c.holder));
  const skipped = owing.filter((c) => frozen.has(c.holder)).map((c) => ({ claimId: idHex(c.id), holder: c.holder, payout: c.payout.toString() }));
  if (owed.length === 0) {
    throw new RuleViolationError('nothing_to_distribute', skipped.length ? 'every holder still owed something is frozen (suspended or revoked)' : 'every holder has already received its share of what was paid', { skipped });
  }

  const batches = [];
  for (let i = 0; i < owed.length; i += batchSize) batches.push(owed.slice(i, i + batchSize));
  const commandIds = await enqueueCommands(
    tx,
    batches.map((batch) =>
      contractCall({
        kind: 'settlement.distribute',
        signer: ctx.operator,
        contract: 'Receivables',
        address: ctx.deployment.contracts.Receivables,
        functionName: 'redeemBatch',
        args: [batch.map((b) => b.id), batch.map((b) => b.holder as Address)],
        requestedBy: by.userId,
      }),
    ),
  );
  return {
    rootId: idHex(p.rootId),
    holdings: owed.length,
    batches: batches.length,
    total: owed.reduce((sum, c) => sum + c.payout, 0n).toString(),
    notYetDue,
    skipped,
    commandIds,
  };
}

