/**
 * The receivables read model's busiest events applied in batches (TradeSubmitted, ClaimIssued, SettlementPaid,
 * LateInterestAccrued, ClaimRedeemed): rows read once, changed in memory by the rules of projections.ts's header,
 * written back in a few set-based statements; the claim edges they record go through the claims module's batch.
 * Rare events (credit lines set, trades rejected, guarantees) are projected one at a time (projections.ts).
 */
import { columns, insertColumns, type Column } from '../../db/copy.ts';
import { InTurn, type Queryable } from '../../db/database.ts';
import {
  argDate as secondsToDate,
  argHashOrNull as hashOrNull,
  argId as toId,
  blockOf as block,
  keepCarried,
  trimCarried,
  type BatchedProjections,
  type ChainEvent,
  type ProjectionBatch,
} from '../../indexer/projections.ts';
import { claimsBatchOf, type ClaimsBatch } from '../claims/index.ts';

const str = (value: unknown): string => String(value);

interface Settlement {
  root: string;
  obligor: string;
  face: string;
  paid: bigint;
  distributed: bigint;
  interestPaid: bigint;
  interestDue: bigint;
  accruedDays: number;
  interestCarry: string;
  guarantor: string | null;
  guaranteedAt: Date | null;
  at: Date;
  block: string;
}

interface TradeDecision {
  tradeId: string;
  claimId: string;
  at: Date;
  block: string;
}

/** A trade row as the batch inserts it (COPY on PostgreSQL), in the order of a batch's trade tuples. */
const TRADE_COLUMNS: Column[] = columns([
  ['trade_id', 'text'], ['supplier', 'text'], ['obligor', 'text'], ['amount', 'numeric'], ['invoice_key', 'text'], ['documents_hash', 'text'],
  ['due_date', 'timestamptz'], ['late_rate_bps', 'int'], ['max_hops', 'int'], ['day_count', 'int'], ['consortium_id', 'text'], ['submitted_at', 'timestamptz'],
  ['submitted_block', 'bigint'], ['status', 'text'], ['claim_id', 'text'], ['decided_at', 'timestamptz'], ['decided_block', 'bigint'],
]);

const BATCHED = new Set(['TradeSubmitted', 'ClaimIssued', 'SettlementPaid', 'LateInterestAccrued', 'ClaimRedeemed']);

/**
 * The settlements a batch leaves for the next (BatchContext.carry), as the database has them once the batch has flushed
 * (also roots known to have none): a catch-up reads back none it wrote.
 */
class CarriedSettlements extends Map<string, Settlement | null> {}

class ReceivablesBatch implements ProjectionBatch {
  private readonly trades = new Map<string, unknown[]>();
  private readonly decisions = new Map<string, TradeDecision>();
  private readonly creditUsed = new Map<string, { delta: bigint; at: Date; block: string }>();
  private readonly payments: unknown[][] = [];
  private readonly accruals: unknown[][] = [];
  /** The settlements this batch changed (what its flush writes; the carried map holds many more). */
  private readonly changed = new Set<Settlement>();

  constructor(
    private readonly db: Queryable,
    private readonly claims: ClaimsBatch,
    private readonly settlements: Map<string, Settlement | null> = new Map(),
    private readonly carried = false,
  ) {}

  async prefetch(ahead: readonly ChainEvent[]): Promise<void> {
    const roots = new Set<string>();
    const holdings: Array<[string, string]> = [];
    for (const e of ahead) {
      if (e.contract !== 'Receivables') continue;
      if (e.eventName === 'SettlementPaid' || e.eventName === 'LateInterestAccrued' || e.eventName === 'ClaimRedeemed') roots.add(toId(e.args.root));
      if (e.eventName === 'ClaimRedeemed') holdings.push([toId(e.args.id), str(e.args.holder)]);
    }
    await this.loadSettlements([...roots]);
    await this.claims.prefetchHoldings(holdings);
  }

  private async loadSettlements(roots: string[]): Promise<void> {
    const wanted = roots.filter((r) => !keepCarried(this.settlements, r));
    if (!wanted.length) return;
    const { rows } = await this.db.query<{
      root: string; obligor: string; face: string; paid: string; distributed: string; interest_paid: string; interest_due: string;
      accrued_days: number; interest_carry: string; guarantor: string | null; guaranteed_at: Date | null; updated_at: Date; updated_block: string;
    }>(
      `SELECT root, obligor, face::text AS face, paid::text AS paid, distributed::text AS distributed, interest_paid::text AS interest_paid,
              interest_due::text AS interest_due, accrued_days, interest_carry::text AS interest_carry, guarantor, guaranteed_at, updated_at,
              updated_block::text AS updated_block
         FROM settlements WHERE root = ANY($1::text[])`,
      [wanted],
    );
    const found = new Map(rows.map((r) => [r.root, r]));
    for (const root of wanted) {
      // A settlement set meanwhile (read or changed by the batch applying before this one: ApplyOptions.next) is kept.
      if (this.settlements.has(root)) continue;
      const r = found.get(root);
      if (!r) {
        this.settlements.set(root, null);
        continue;
      }
      this.settlements.set(r.root, {
        root: r.root, obligor: r.obligor, face: r.face, paid: BigInt(r.paid), distributed: BigInt(r.distributed), interestPaid: BigInt(r.interest_paid),
        interestDue: BigInt(r.interest_due), accruedDays: r.accrued_days, interestCarry: r.interest_carry, guarantor: r.guarantor,
        guaranteedAt: r.guaranteed_at, at: r.updated_at, block: r.updated_block,
      });
    }
  }

  private async settlement(root: string): Promise<Settlement | null> {
    await this.loadSettlements([root]);
    return this.settlements.get(root)!;
  }

  private addCreditUsed(e: ChainEvent, obligor: string, delta: bigint) {
    const c = this.creditUsed.get(obligor) ?? { delta: 0n, at: e.blockTime, block: block(e) };
    c.delta += delta;
    c.at = e.blockTime;
    c.block = block(e);
    this.creditUsed.set(obligor, c);
  }

  async apply(e: ChainEvent): Promise<void> {
    switch (e.eventName) {
      case 'TradeSubmitted':
        // Every field of the trade comes from the event: the contract keeps only its status and hash (docs/adr/008).
        this.trades.set(str(e.args.tradeId), [
          str(e.args.tradeId), str(e.args.supplier), str(e.args.obligor), str(e.args.amount), str(e.args.invoiceKey), hashOrNull(e.args.documentsHash),
          secondsToDate(e.args.dueDate).toISOString(), Number(e.args.lateRateBps), Number(e.args.maxHops), Number(e.args.dayCount),
          str(e.args.consortiumId), e.blockTime.toISOString(), block(e),
        ]);
        return;
      case 'ClaimIssued': {
        const id = toId(e.args.id);
        const obligor = str(e.args.obligor);
        const amount = str(e.args.amount);
        this.decisions.set(str(e.args.tradeId), { tradeId: str(e.args.tradeId), claimId: id, at: e.blockTime, block: block(e) });
        this.addCreditUsed(e, obligor, BigInt(amount));
        const settlement: Settlement = {
          root: id, obligor, face: amount, paid: 0n, distributed: 0n, interestPaid: 0n, interestDue: 0n, accruedDays: 0, interestCarry: '0',
          guarantor: null, guaranteedAt: null, at: e.blockTime, block: block(e),
        };
        this.settlements.set(id, settlement);
        this.changed.add(settlement);
        await this.claims.recordMovement(e, { kind: 'issue', claimId: id, to: str(e.args.holder), amount });
        return;
      }
      case 'SettlementPaid': {
        const s = await this.settlement(toId(e.args.root));
        const interest = BigInt(str(e.args.interest));
        if (s) {
          s.paid = BigInt(str(e.args.paidTotal));
          s.interestPaid += interest;
          s.interestDue -= interest;
          s.at = e.blockTime;
          s.block = block(e);
          this.changed.add(s);
        }
        // The principal part frees the obligor's credit line, whoever paid (the obligor or its guarantor).
        this.addCreditUsed(e, s?.obligor ?? str(e.args.payer), -BigInt(str(e.args.principal)));
        this.payments.push([
          block(e), e.logIndex, e.txHash, toId(e.args.root), str(e.args.payer), str(e.args.amount), str(e.args.paidTotal), str(e.args.principal),
          interest.toString(), e.blockTime.toISOString(),
        ]);
        return;
      }
      case 'LateInterestAccrued': {
        const s = await this.settlement(toId(e.args.root));
        if (s) {
          s.interestDue = BigInt(str(e.args.interestDue));
          s.accruedDays = Number(e.args.daysLate);
          s.interestCarry = str(e.args.carry);
          s.at = e.blockTime;
          s.block = block(e);
          this.changed.add(s);
        }
        this.accruals.push([
          block(e), e.logIndex, e.txHash, toId(e.args.root), Number(e.args.daysLate), str(e.args.principal), str(e.args.accrued),
          str(e.args.interestDue), str(e.args.carry), e.blockTime.toISOString(),
        ]);
        return;
      }
      case 'ClaimRedeemed': {
        const id = toId(e.args.id);
        const holder = str(e.args.holder);
        const payout = str(e.args.payout);
        const s = await this.settlement(toId(e.args.root));
        if (s) {
          s.distributed += BigInt(payout);
          s.at = e.blockTime;
          s.block = block(e);
          this.changed.add(s);
        }
        await this.claims.creditRedeemed(id, holder, payout);
        await this.claims.recordMovement(e, {
          kind: 'redeem',
          claimId: id,
          from: holder,
          amount: str(e.args.burned),
          price: payout,
          fromHops: await this.claims.holdingHops(id, holder),
        });
        return;
      }
    }
  }

  /**
   * Writes back what the batch changed. What it writes is taken from memory before it returns (carried settlements
   * are then marked as the database will have them), so the caller may go on to the next events while the statements run.
   */
  flush(): Promise<void> {
    const db = this.db;
    const statements = new InTurn(db);
    const trades = [...this.trades.values()];
    // A trade decided in this batch: the decision is written with the trade when both came in it.
    for (const t of trades) {
      const d = this.decisions.get(t[0] as string);
      t.push(d ? 'confirmed' : 'submitted', d?.claimId ?? null, d?.at.toISOString() ?? null, d?.block ?? null);
      if (d) this.decisions.delete(d.tradeId);
    }
    if (trades.length) {
      const params = Array.from({ length: 17 }, (_, i) => trades.map((t) => t[i]));
      statements.push(() => insertColumns(db, 'trades', TRADE_COLUMNS, params));
    }
    const decisions = [...this.decisions.values()];
    if (decisions.length) {
      const params = [decisions.map((d) => d.tradeId), decisions.map((d) => d.claimId), decisions.map((d) => d.at.toISOString()), decisions.map((d) => d.block)];
      statements.push(() =>
        db.query(
          `UPDATE trades SET status = 'confirmed', claim_id = d.claim_id, decided_at = d.at, decided_block = d.block
             FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[]) AS d(trade_id, claim_id, at, block)
            WHERE trades.trade_id = d.trade_id`,
          params,
        ),
      );
    }
    const credit = [...this.creditUsed.entries()];
    if (credit.length) {
      const params = [credit.map(([o]) => o), credit.map(([, c]) => c.delta.toString()), credit.map(([, c]) => c.at.toISOString()), credit.map(([, c]) => c.block)];
      statements.push(() =>
        db.query(
          `INSERT INTO credit_lines (obligor, credit_limit, used, set_by, updated_at, updated_block)
           SELECT o, 0, u, NULL, t, b FROM unnest($1::text[], $2::numeric[], $3::timestamptz[], $4::bigint[]) AS d(o, u, t, b)
           ON CONFLICT (obligor) DO UPDATE SET used = credit_lines.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at,
             updated_block = EXCLUDED.updated_block`,
          params,
        ),
      );
    }
    // A row replaced in the map since it changed (issued again: never on one chain) is not written.
    const settlements = [...this.changed].filter((s) => this.settlements.get(s.root) === s);
    this.changed.clear();
    if (settlements.length) {
      const col = (f: (s: Settlement) => unknown) => settlements.map(f);
      const params = [
        col((s) => s.root), col((s) => s.obligor), col((s) => s.face), col((s) => s.paid.toString()), col((s) => s.distributed.toString()),
        col((s) => s.interestPaid.toString()), col((s) => s.interestDue.toString()), col((s) => s.accruedDays), col((s) => s.interestCarry),
        col((s) => s.guarantor), col((s) => s.guaranteedAt?.toISOString() ?? null), col((s) => s.at.toISOString()), col((s) => s.block),
      ];
      statements.push(() =>
        db.query(
          // The root's due date and late-interest terms come from its trade (inserted or confirmed above in this flush, or earlier),
          // looked up by claim for each row (OFFSET 0 keeps the lookup per row): a join would hash the whole of trades for every
          // flush, a cost that grows with the table (at 100,000 claims, 80,000 trades read for each 5,000 settlements paid).
          `INSERT INTO settlements (root, obligor, face, paid, distributed, interest_paid, interest_due, accrued_days, interest_carry, guarantor,
             guaranteed_at, updated_at, updated_block, due_date, late_rate_bps, day_count)
           SELECT d.*, t.due_date, t.late_rate_bps, t.day_count
             FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::int[],
             $9::bigint[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::bigint[])
             AS d(root, obligor, face, paid, distributed, interest_paid, interest_due, accrued_days, interest_carry, guarantor, guaranteed_at,
             updated_at, updated_block)
             LEFT JOIN LATERAL (SELECT t.due_date, t.late_rate_bps, t.day_count FROM trades t WHERE t.claim_id = d.root OFFSET 0) t ON true
           ON CONFLICT (root) DO UPDATE SET paid = EXCLUDED.paid, distributed = EXCLUDED.distributed, interest_paid = EXCLUDED.interest_paid,
             interest_due = EXCLUDED.interest_due, accrued_days = EXCLUDED.accrued_days, interest_carry = EXCLUDED.interest_carry,
             updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block`,
          params,
        ),
      );
    }
    if (this.payments.length) {
      const params = Array.from({ length: 10 }, (_, i) => this.payments.map((p) => p[i]));
      statements.push(() =>
        db.query(
          `INSERT INTO settlement_payments (block_number, log_index, tx_hash, root, payer, amount, paid_total, principal, interest, block_time)
           SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[],
             $10::timestamptz[])`,
          params,
        ),
      );
    }
    if (this.accruals.length) {
      const params = Array.from({ length: 10 }, (_, i) => this.accruals.map((p) => p[i]));
      statements.push(() =>
        db.query(
          `INSERT INTO late_interest_accruals (block_number, log_index, tx_hash, root, days_late, principal, accrued, interest_due, carry, block_time)
           SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::int[], $6::numeric[], $7::numeric[], $8::numeric[], $9::bigint[],
             $10::timestamptz[])`,
          params,
        ),
      );
    }
    if (this.carried) {
      trimCarried(this.settlements);
    }
    return statements.done();
  }
}

/** The receivables module's batched events. */
export const receivablesBatched: BatchedProjections = {
  handles: (e) => e.contract === 'Receivables' && BATCHED.has(e.eventName),
  async begin(db, ahead, peers, context) {
    let carried: CarriedSettlements | undefined;
    if (context?.carry) {
      carried = context.carry.get(CarriedSettlements) as CarriedSettlements | undefined;
      if (!carried) context.carry.set(CarriedSettlements, (carried = new CarriedSettlements()));
    }
    const batch = new ReceivablesBatch(db, claimsBatchOf(peers), carried, carried !== undefined);
    await batch.prefetch(ahead);
    return batch;
  },
};
