import type { Queryable } from '../db/database.ts';
import { memberStatuses } from '../domain/roles.ts';
import { applyPlainClaimTransfers, claimProjections, claimReadModelTables, isPlainClaimTransfer } from './claimProjections.ts';

/** One decoded event of our contracts, as stored in `chain_events`. */
export interface ChainEvent {
  blockNumber: bigint;
  logIndex: number;
  blockHash: string;
  txHash: string;
  contract: string;
  address: string;
  eventName: string;
  /** Decoded arguments; integers as decimal strings, addresses lower-case. */
  args: Record<string, string | boolean>;
  blockTime: Date;
}

/** Tables derived only from events; a replay of `chain_events` rebuilds them exactly. */
export const readModelTables = [
  'member_states',
  'system_accounts',
  'consortia',
  'consortium_memberships',
  'xt_balances',
  'xt_movements',
  'xt_state',
  ...claimReadModelTables,
] as const;

const ZERO = '0x0000000000000000000000000000000000000000';
type Projection = (db: Queryable, e: ChainEvent) => Promise<unknown>;

const setMemberStatus =
  (status: (typeof memberStatuses)[number]): Projection =>
  (db, e) =>
    db.query('UPDATE member_states SET status = $2, updated_at = $3, updated_block = $4 WHERE address = $1', [
      e.args.member,
      status,
      e.blockTime,
      e.blockNumber.toString(),
    ]);

const setMembership =
  (state: string, countDelta: (previous: string | undefined) => number): Projection =>
  async (db, e) => {
    const { rows } = await db.query<{ state: string }>(
      'SELECT state FROM consortium_memberships WHERE consortium_id = $1 AND member = $2',
      [e.args.consortiumId, e.args.member],
    );
    await db.query(
      `INSERT INTO consortium_memberships (consortium_id, member, state, invited_by, updated_at, updated_block)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (consortium_id, member) DO UPDATE SET state = EXCLUDED.state,
         invited_by = COALESCE(EXCLUDED.invited_by, consortium_memberships.invited_by),
         updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block`,
      // Only an invitation names who invited; a removal's `by` is the remover, not the inviter.
      [e.args.consortiumId, e.args.member, state, e.eventName === 'MemberInvited' ? (e.args.by ?? null) : null, e.blockTime, e.blockNumber.toString()],
    );
    const delta = countDelta(rows[0]?.state);
    if (delta !== 0) {
      await db.query('UPDATE consortia SET member_count = member_count + $2 WHERE id = $1', [e.args.consortiumId, delta]);
    }
  };

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

const projections: Record<string, Record<string, Projection>> = {
  MemberRegistry: {
    MemberRegistered: (db, e) =>
      db.query(
        `INSERT INTO member_states (address, legal_id_hash, documents_hash, roles, status, registered_at, updated_at, updated_block)
         VALUES ($1, $2, $3, 0, 'registered', $4, $4, $5)`,
        [e.args.member, e.args.legalIdHash, e.args.documentsHash, e.blockTime, e.blockNumber.toString()],
      ),
    MemberCertified: (db, e) =>
      db.query(
        `UPDATE member_states SET roles = $2, status = 'certified', updated_at = $3, updated_block = $4 WHERE address = $1`,
        [e.args.member, Number(e.args.roles), e.blockTime, e.blockNumber.toString()],
      ),
    MemberSuspended: setMemberStatus('suspended'),
    MemberReinstated: setMemberStatus('certified'),
    MemberRevoked: setMemberStatus('revoked'),
    SystemAccountSet: (db, e) =>
      db.query(
        `INSERT INTO system_accounts (address, allowed) VALUES ($1, $2) ON CONFLICT (address) DO UPDATE SET allowed = EXCLUDED.allowed`,
        [e.args.account, e.args.allowed],
      ),
  },
  ConsortiumRegistry: {
    ConsortiumCreated: (db, e) =>
      db.query(
        `INSERT INTO consortia (id, core, name_hash, member_count, created_at, created_block) VALUES ($1, $2, $3, 0, $4, $5)`,
        [e.args.consortiumId, e.args.core, e.args.nameHash, e.blockTime, e.blockNumber.toString()],
      ),
    MemberInvited: setMembership('invited', () => 0),
    InvitationAccepted: setMembership('member', (prev) => (prev === 'member' ? 0 : 1)),
    InvitationDeclined: setMembership('declined', () => 0),
    MemberLeft: setMembership('left', (prev) => (prev === 'member' ? -1 : 0)),
    MemberRemoved: setMembership('removed', (prev) => (prev === 'member' ? -1 : 0)),
  },
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
  ...claimProjections,
};

/** Applies one event to the read models. Events without a projection (e.g. RoleGranted) are kept only in `chain_events`. */
export async function applyEvent(db: Queryable, event: ChainEvent): Promise<void> {
  await projections[event.contract]?.[event.eventName]?.(db, event);
}

/**
 * Applies events in order, as `applyEvent` one by one would; runs of consecutive plain claim transfers (the bulk
 * of the traffic) go through in a few statements for the whole run.
 */
export async function applyEvents(db: Queryable, events: ChainEvent[]): Promise<void> {
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && isPlainClaimTransfer(events[j]!)) j++;
    if (j - i > 1) {
      await applyPlainClaimTransfers(db, events.slice(i, j));
      i = j;
      continue;
    }
    await applyEvent(db, events[i]!);
    i++;
  }
}

/** Every event stored in `chain_events`, in chain order. */
export async function storedEvents(db: Queryable): Promise<ChainEvent[]> {
  const { rows } = await db.query<{
    block_number: string;
    log_index: number;
    block_hash: string;
    tx_hash: string;
    contract: string;
    address: string;
    event_name: string;
    args: Record<string, string | boolean>;
    block_time: Date;
  }>('SELECT * FROM chain_events ORDER BY block_number, log_index');
  return rows.map((r) => ({
    blockNumber: BigInt(r.block_number),
    logIndex: r.log_index,
    blockHash: r.block_hash,
    txHash: r.tx_hash,
    contract: r.contract,
    address: r.address,
    eventName: r.event_name,
    args: r.args,
    blockTime: r.block_time,
  }));
}

/** Empties the read models and replays every stored event in chain order. */
export async function rebuildReadModels(db: Queryable): Promise<number> {
  await db.query(`TRUNCATE ${readModelTables.join(', ')}`);
  const events = await storedEvents(db);
  await applyEvents(db, events);
  return events.length;
}
