import type { Queryable } from '../../db/database.ts';
import type { ChainEvent, ReadModel } from '../../indexer/projections.ts';

const ZERO = '0x0000000000000000000000000000000000000000';

async function addBalance(db: Queryable, address: string, delta: string) {
  await db.query(
    `INSERT INTO xt_balances (address, balance) VALUES ($1, $2::numeric)
     ON CONFLICT (address) DO UPDATE SET balance = xt_balances.balance + EXCLUDED.balance`,
    [address, delta],
  );
}

async function movement(db: Queryable, e: ChainEvent, kind: string, from: unknown, to: unknown, amount: unknown, ref: unknown) {
  await db.query(
    `INSERT INTO xt_movements (block_number, log_index, tx_hash, kind, from_address, to_address, amount, reference, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.blockNumber.toString(), e.logIndex, e.txHash, kind, from ?? null, to ?? null, amount, ref ?? null, e.blockTime],
  );
}

const xtState = (db: Queryable, set: string, params: unknown[]) =>
  db.query(
    `INSERT INTO xt_state (id, total_supply, deposited, withdrawn, paused) VALUES (1, 0, 0, 0, false) ON CONFLICT (id) DO NOTHING`,
  ).then(() => db.query(`UPDATE xt_state SET ${set} WHERE id = 1`, params));

/** The XT read models: balances, movements (deposits, withdrawals, transfers) and the supply. */
export const currencyReadModel: ReadModel = {
  tables: ['xt_balances', 'xt_movements', 'xt_state'],
  projections: {
    SettlementToken: {
      Deposited: async (db, e) => {
        await movement(db, e, 'deposit', null, e.args.to, e.args.amount, e.args.depositRef);
        await xtState(db, 'deposited = deposited + $1::numeric', [e.args.amount]);
      },
      Withdrawn: async (db, e) => {
        await movement(db, e, 'withdrawal', e.args.account, null, e.args.amount, e.args.withdrawalRef);
        await xtState(db, 'withdrawn = withdrawn + $1::numeric', [e.args.amount]);
      },
      Transfer: async (db, e) => {
        const { from, to, value } = e.args as Record<string, string>;
        if (from !== ZERO) await addBalance(db, from!, `-${value}`);
        if (to !== ZERO) await addBalance(db, to!, value!);
        if (from === ZERO) await xtState(db, 'total_supply = total_supply + $1::numeric', [value]);
        else if (to === ZERO) await xtState(db, 'total_supply = total_supply - $1::numeric', [value]);
        else await movement(db, e, 'transfer', from, to, value, null);
      },
      Paused: (db) => xtState(db, 'paused = true', []),
      Unpaused: (db) => xtState(db, 'paused = false', []),
    },
  },
};
