/**
 * Settlement: the obligor (or its guarantor) pays into the settlement of an issued claim; holders redeem their
 * share once it is due; the operator distributes a paid settlement to every holder of every id in the claim's tree
 * in bounded `redeemBatch` transactions, so no transaction grows with the number of holders.
 */
import { getAbiItem, type AbiEvent, type Address } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { chainNow, chainRead } from '../../../chain/reads.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../../common/errors.ts';
import { latestIndexedTime } from '../../../indexer/projections.ts';
import { formatXt, splitPayment } from '../../../domain/money.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { canHold, getMember, requireActingUser, requireCanHold, type Principal } from '../../identity/index.ts';
import { xtBalance } from '../../currency/index.ts';
import { claimLedger, claimLedgerAbi, currentHolders, formatDate, idHex, readTerms, requireClaim } from '../../claims/index.ts';
import { owedOf, redeemableBy, settlementOf } from '../chain.ts';
import { receivables } from '../contracts.ts';

import { MAX_REDEEM_BATCH } from '../schemas.ts';

export { MAX_REDEEM_BATCH };
/** Blocks per eth_getLogs call (public RPC endpoints cap the range). */
const LOG_WINDOW = 10_000n;
/** View calls in flight at once while pricing a distribution. */
const READ_CONCURRENCY = 16;

async function mapBounded<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + READ_CONCURRENCY).map(fn))));
  return out;
}

const claimDefined = getAbiItem({ abi: claimLedgerAbi, name: 'ClaimDefined' }) as AbiEvent;
const transferEvent = getAbiItem({ abi: claimLedgerAbi, name: 'Transfer' }) as AbiEvent;

async function logsOf(ctx: ModuleContext, event: AbiEvent, args: Record<string, unknown>) {
  const head = await chainRead(ctx, ctx.client.getBlockNumber());
  const logs = [];
  for (let from = ctx.deployment.startBlock; from <= head; from += LOG_WINDOW) {
    const to = from + LOG_WINDOW - 1n < head ? from + LOG_WINDOW - 1n : head;
    logs.push(...(await chainRead(ctx, ctx.client.getLogs({ address: claimLedger(ctx).address, event, args, fromBlock: from, toBlock: to, strict: true }))));
  }
  return logs as unknown as Array<{ args: Record<string, unknown> }>;
}

/** Every id in the tree of `root`: the issued claim and everything derived from it by modify. */
async function treeIds(ctx: ModuleContext, root: bigint): Promise<bigint[]> {
  const logs = await logsOf(ctx, claimDefined, { root });
  return [...new Set(logs.map((l) => l.args.id as bigint))];
}

/**
 * Everyone who may hold `ids`. A matured id's holders are frozen (transfers and modifications stop at the due
 * date; only redemption burns), so the ledger's read model has all of them once the indexer has passed
 * the latest due date; before that they come from the ledger's Transfer logs.
 * Either way the list may hold former holders: the caller keeps only those with something to redeem.
 */
async function holdersOf(ctx: ModuleContext, db: Queryable, ids: bigint[], latestDueDate: number): Promise<Map<bigint, Set<string>>> {
  const holders = new Map<bigint, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  const indexed = await latestIndexedTime(db);
  const indexedUntil = indexed ? Math.floor(indexed.getTime() / 1000) : 0;
  if (indexedUntil >= latestDueDate) {
    const rows = await currentHolders(db, ids.map(idHex));
    for (const r of rows) holders.get(BigInt(r.claim_id))?.add(r.holder.toLowerCase());
    // A paid settlement of due ids has holders; none in the read model means it has not seen them.
    if (rows.length > 0) return holders;
  }
  const logs = await logsOf(ctx, transferEvent, { id: ids });
  for (const l of logs) {
    const receiver = String(l.args.receiver).toLowerCase();
    if (BigInt(receiver) !== 0n) holders.get(l.args.id as bigint)?.add(receiver);
  }
  return holders;
}

/**
 * The obligor — or the claim's guarantor — pays XT into the settlement of the claim's root (the issued claim): at
 * most the principal outstanding plus the late interest accrued now (Receivables.owed). After the due date a
 * payment settles accrued interest first, then principal. The split in the answer is the one at the chain's clock
 * now; a payment mined on a later day finds more interest accrued (it is then split with that), and the contract
 * accepts it since what is owed only grows.
 */
export async function payClaim(ctx: ModuleContext, tx: Queryable, by: Principal, p: { claimId: bigint; amount: bigint }) {
  const terms = await requireClaim(ctx, p.claimId);
  const s = await settlementOf(ctx, terms.root);
  const guarantor = BigInt(s.guarantor) === 0n ? null : s.guarantor.toLowerCase();
  const payer = terms.obligor === by.memberAddress ? 'obligor' : guarantor !== null && guarantor === by.memberAddress ? 'guarantor' : null;
  if (payer === null) throw new ForbiddenError('only the obligor of this claim, or its guarantor, can pay into its settlement');
  requireActingUser(by);
  await requireCanHold(ctx, by);
  const owed = await owedOf(ctx, terms.root);
  const total = owed.principal + owed.interest;
  if (p.amount > total) {
    throw new RuleViolationError(
      'over_payment',
      `what is owed now is ${formatXt(owed.principal)} of principal and ${formatXt(owed.interest)} of late interest (${formatXt(total)} in all); ${formatXt(p.amount)} cannot be paid`,
      {
        field: 'amount',
        face: s.face.toString(),
        paid: s.paid.toString(),
        principal: owed.principal.toString(),
        interest: owed.interest.toString(),
        outstanding: total.toString(),
      },
    );
  }
  const balance = await xtBalance(ctx, by.memberAddress);
  if (balance < p.amount) {
    throw new RuleViolationError('insufficient_balance', `your XT balance ${formatXt(balance)} is less than the ${formatXt(p.amount)} to pay`, { field: 'amount', balance: balance.toString(), requested: p.amount.toString() });
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'settlement.pay',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'pay',
      args: [terms.root, p.amount],
      requestedBy: by.userId,
    }),
  ]);
  const split = splitPayment(p.amount, owed.interest);
  return {
    claimId: idHex(p.claimId),
    rootId: idHex(terms.root),
    payer,
    amount: p.amount.toString(),
    interest: split.interest.toString(),
    principal: split.principal.toString(),
    outstanding: (total - p.amount).toString(),
    commandIds,
  };
}

/**
 * A holder pulls its share of a matured claim's settlement; the operator may push it for any holder
 * (`holderMemberId`). The payout is floor(holding × paid / face) minus what the holding already received.
 */
export async function redeemClaim(ctx: ModuleContext, tx: Queryable, by: Principal, p: { claimId: bigint; holderMemberId?: string }) {
  const terms = await requireClaim(ctx, p.claimId);
  let holder = { id: by.memberId, address: by.memberAddress };
  if (p.holderMemberId !== undefined && p.holderMemberId !== by.memberId) {
    if (!by.isOperator) throw new ForbiddenError("only the operator can redeem another member's holding");
    const m = await getMember(tx, p.holderMemberId);
    holder = { id: m.id, address: m.address };
  }
  requireActingUser(by);
  const now = await chainNow(ctx);
  if (now < terms.dueDate) {
    throw new RuleViolationError('not_redeemable_yet', `claim ${idHex(p.claimId)} cannot be redeemed before its due date ${formatDate(terms.dueDate)}`, {
      dueDate: formatDate(terms.dueDate),
    });
  }
  if (!(await canHold(ctx, holder.address))) {
    throw new RuleViolationError('holder_frozen', 'the holder is suspended or revoked: XT cannot be paid to it until it is reinstated', { holderMemberId: holder.id });
  }
  const payout = await redeemableBy(ctx, p.claimId, holder.address);
  if (payout === 0n) {
    throw new RuleViolationError('nothing_to_redeem', 'nothing is due to this holder: it holds none of this claim, or the obligor has not paid yet', {
      holderMemberId: holder.id,
    });
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'settlement.redeem',
      signer: (by.isOperator ? ctx.operator : by.memberAddress) as Address,
      target: receivables(ctx),
      functionName: 'redeem',
      args: [p.claimId, holder.address],
      requestedBy: by.userId,
    }),
  ]);
  return { claimId: idHex(p.claimId), rootId: idHex(terms.root), holderMemberId: holder.id, payout: payout.toString(), commandIds };
}

/**
 * The operator distributes a paid settlement: one `redeemBatch` command per `batchSize` (≤ 50) holdings with
 * something to redeem, over every id of the root's tree that has reached its due date. Ids derived with a
 * later due date are listed in `notYetDue` and can be distributed again once they mature.
 */
export async function distributeSettlement(ctx: ModuleContext, tx: Queryable, by: Principal, p: { rootId: bigint; batchSize?: number }) {
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
        target: receivables(ctx),
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

