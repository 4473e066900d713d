import { columns, insertColumns, type Column } from '../../db/copy.ts';
import type { Queryable } from '../../db/database.ts';
import type { BatchedProjections, ChainEvent, ProjectionBatch, ReadModel } from '../../indexer/projections.ts';

const ZERO = '0x0000000000000000000000000000000000000000';

/** xt_movements' columns in the order the batch keeps them (insertColumns: COPY on PostgreSQL). */
const XT_MOVEMENT_COLUMNS: Column[] = columns([
  ['block_number', 'bigint'], ['log_index', 'int'], ['tx_hash', 'text'], ['kind', 'text'], ['from_address', 'text'], ['to_address', 'text'],
  ['amount', 'numeric'], ['reference', 'text'], ['block_time', 'timestamptz'],
]);

const ensureState = (db: Queryable) =>
  db.query(`INSERT INTO xt_state (id, total_supply, deposited, withdrawn, paused) VALUES (1, 0, 0, 0, false) ON CONFLICT (id) DO NOTHING`);

/**
 * Deposits, withdrawals and transfers, in batches: balances change by the sum of their deltas, movements are
 * inserted together, the supply figures add up; the result is that of applying each event in turn.
 */
class CurrencyBatch implements ProjectionBatch {
  private readonly balances = new Map<string, bigint>();
  private readonly movements: unknown[][] = [];
  private state: { supply: bigint; deposited: bigint; withdrawn: bigint } | null = null;

  constructor(private readonly db: Queryable) {}

  private addBalance(address: string, delta: bigint) {
    this.balances.set(address, (this.balances.get(address) ?? 0n) + delta);
  }

  private movement(e: ChainEvent, kind: string, from: unknown, to: unknown, amount: unknown, ref: unknown) {
    this.movements.push([e.blockNumber.toString(), e.logIndex, e.txHash, kind, from ?? null, to ?? null, String(amount), ref ?? null, e.blockTime.toISOString()]);
  }

  private get totals() {
    return (this.state ??= { supply: 0n, deposited: 0n, withdrawn: 0n });
  }

  async apply(e: ChainEvent): Promise<void> {
    const a = e.args as Record<string, string>;
    if (e.eventName === 'Deposited') {
      this.movement(e, 'deposit', null, a.to, a.amount, a.depositRef);
      this.totals.deposited += BigInt(a.amount!);
    } else if (e.eventName === 'Withdrawn') {
      this.movement(e, 'withdrawal', a.account, null, a.amount, a.withdrawalRef);
      this.totals.withdrawn += BigInt(a.amount!);
    } else {
      const value = BigInt(a.value!);
      if (a.from !== ZERO) this.addBalance(a.from!, -value);
      if (a.to !== ZERO) this.addBalance(a.to!, value);
      if (a.from === ZERO) this.totals.supply += value;
      else if (a.to === ZERO) this.totals.supply -= value;
      else this.movement(e, 'transfer', a.from, a.to, a.value, null);
    }
  }

  async flush(): Promise<void> {
    const balances = [...this.balances.entries()];
    if (balances.length) {
      await this.db.query(
        `INSERT INTO xt_balances (address, balance) SELECT * FROM unnest($1::text[], $2::numeric[])
         ON CONFLICT (address) DO UPDATE SET balance = xt_balances.balance + EXCLUDED.balance`,
        [balances.map(([a]) => a), balances.map(([, d]) => d.toString())],
      );
    }
    if (this.movements.length) {
      const col = (i: number) => this.movements.map((m) => m[i]);
      await insertColumns(this.db, 'xt_movements', XT_MOVEMENT_COLUMNS, Array.from({ length: 9 }, (_, i) => col(i)));
    }
    if (this.state) {
      await ensureState(this.db);
      await this.db.query(
        'UPDATE xt_state SET total_supply = total_supply + $1::numeric, deposited = deposited + $2::numeric, withdrawn = withdrawn + $3::numeric WHERE id = 1',
        [this.state.supply.toString(), this.state.deposited.toString(), this.state.withdrawn.toString()],
      );
    }
  }
}

const BATCHED = new Set(['Deposited', 'Withdrawn', 'Transfer']);

/** The XT read models: balances, movements (deposits, withdrawals, transfers) and the supply. */
export const currencyReadModel: ReadModel = {
  tables: ['xt_balances', 'xt_movements', 'xt_state'],
  batched: {
    handles: (e) => e.contract === 'SettlementToken' && BATCHED.has(e.eventName),
    begin: async (db) => new CurrencyBatch(db),
  } satisfies BatchedProjections,
  projections: {
    SettlementToken: {
      Paused: (db) => ensureState(db).then(() => db.query('UPDATE xt_state SET paused = true WHERE id = 1')),
      Unpaused: (db) => ensureState(db).then(() => db.query('UPDATE xt_state SET paused = false WHERE id = 1')),
    },
  },
};
