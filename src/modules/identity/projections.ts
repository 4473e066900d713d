import type { Projection, ReadModel } from '../../indexer/projections.ts';
import { memberStatuses } from './roles.ts';

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

/** The identity read models: members' on-chain standing, platform contracts, consortia and their memberships. */
export const identityReadModel: ReadModel = {
  tables: ['member_states', 'system_accounts', 'consortia', 'consortium_memberships'],
  projections: {
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
  },
};
