/** XT as the read models have it: balances, supply and pause, and movements with their bank references. */
import type { Address } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError } from '../../common/errors.ts';
import { getMember, membersByAddress, Parties, seesEverything, type Principal } from '../identity/index.ts';
import type { XtBalance, XtBalances, XtMovement } from './schemas.ts';

/** The indexed XT balance of an address. */
export async function balanceOf(db: Queryable, address: string): Promise<bigint> {
  const { rows } = await db.query<{ balance: string }>('SELECT balance::text AS balance FROM xt_balances WHERE address = $1', [address]);
  return BigInt(rows[0]?.balance ?? '0');
}

export async function listBalances(db: Queryable, by: Principal): Promise<XtBalances> {
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  const { rows } = await db.query<{ address: string; balance: string }>(
    `SELECT b.address, b.balance::text AS balance FROM xt_balances b ${seesAll ? '' : 'WHERE b.address = $1'} ORDER BY b.address`,
    seesAll ? [] : [by.memberAddress],
  );
  const members = await membersByAddress(db, rows.map((r) => r.address));
  const { rows: state } = await db.query<{ total_supply: string; paused: boolean }>('SELECT total_supply::text AS total_supply, paused FROM xt_state WHERE id = 1');
  return {
    items: rows.map((r) => ({ memberId: members.get(r.address)?.id ?? null, name: members.get(r.address)?.name ?? null, address: r.address as Address, balance: r.balance })),
    totalSupply: state[0]?.total_supply ?? '0',
    paused: state[0]?.paused ?? false,
  };
}

export async function memberBalance(db: Queryable, by: Principal, memberId: string): Promise<XtBalance> {
  const member = await getMember(db, memberId);
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  if (!seesAll && member.id !== by.memberId) throw new ForbiddenError("you can only see your own enterprise's balance");
  return { memberId: member.id, name: member.name, address: member.address, balance: (await balanceOf(db, member.address)).toString() };
}

export async function listMovements(db: Queryable, by: Principal, p: { memberId?: string; limit: number }): Promise<XtMovement[]> {
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  let address: string | null = by.memberAddress;
  if (p.memberId) {
    const member = await getMember(db, p.memberId);
    if (!seesAll && member.id !== by.memberId) throw new ForbiddenError("you can only see your own enterprise's movements");
    address = member.address;
  } else if (seesAll) address = null;
  const { rows } = await db.query<{
    block_number: string; log_index: number; tx_hash: string; kind: string; from_address: string | null; to_address: string | null;
    amount: string; reference: string | null; block_time: Date; ref_text: string | null;
  }>(
    `SELECT mv.block_number, mv.log_index, mv.tx_hash, mv.kind, mv.from_address, mv.to_address, mv.amount::text AS amount,
            mv.reference, mv.block_time, r.reference AS ref_text
       FROM xt_movements mv LEFT JOIN xt_references r ON r.hash = mv.reference
      ${address ? 'WHERE mv.from_address = $2 OR mv.to_address = $2' : ''}
      ORDER BY mv.block_number DESC, mv.log_index DESC LIMIT $1`,
    address ? [p.limit, address] : [p.limit],
  );
  // Names by the disclosure rules (docs/adr/017-disclosure.md): the operator and the regulator see every party; a
  // member sees the other end of its own movements; a bank gateway is the counterparty of every deposit and
  // withdrawal (it mints and burns them), not of transfers between members, which it sees by pseudonym.
  const all = seesEverything(by);
  const gateway = by.memberRoles.includes('bank_gateway');
  const hidden = await Parties.load(db, rows.flatMap((r) => [r.from_address, r.to_address]), () => false);
  const named = await Parties.load(db, rows.flatMap((r) => [r.from_address, r.to_address]), null);
  const views = rows.map((r) => {
    const own = r.from_address === by.memberAddress || r.to_address === by.memberAddress;
    const shown = all || own || (gateway && r.kind !== 'transfer') ? named : hidden;
    return {
      from: shown === named ? r.from_address : null,
      to: shown === named ? r.to_address : null,
      fromMember: r.from_address ? shown.of(r.from_address) : null,
      toMember: r.to_address ? shown.of(r.to_address) : null,
    };
  });
  return rows.map((r, i) => ({
    kind: r.kind as XtMovement['kind'],
    ...views[i]!,
    amount: r.amount,
    reference: r.ref_text,
    referenceHash: r.reference,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    at: r.block_time.toISOString(),
  }));
}

/** A confirmed (indexed) withdrawal, with the bank reference it was made under through this platform. */
export interface ConfirmedWithdrawal {
  referenceHash: string;
  /** null for a withdrawal sent to the contract without the platform (its reference is only a hash). */
  reference: string | null;
  account: string;
  amount: bigint;
  txHash: string;
  at: Date;
}

/** Every confirmed withdrawal, oldest first: what a bank gateway pays out. */
export async function confirmedWithdrawals(db: Queryable): Promise<ConfirmedWithdrawal[]> {
  const { rows } = await db.query<{ reference: string; ref_text: string | null; from_address: string; amount: string; tx_hash: string; block_time: Date }>(
    `SELECT mv.reference, r.reference AS ref_text, mv.from_address, mv.amount::text AS amount, mv.tx_hash, mv.block_time
       FROM xt_movements mv LEFT JOIN xt_references r ON r.hash = mv.reference
      WHERE mv.kind = 'withdrawal' ORDER BY mv.block_number, mv.log_index`,
  );
  return rows.map((r) => ({ referenceHash: r.reference, reference: r.ref_text, account: r.from_address, amount: BigInt(r.amount), txHash: r.tx_hash, at: r.block_time }));
}
