/**
 * End-to-end: onboarding enterprises, certification life cycle, consortia, and users — through the HTTP API
 * of a whole platform (anvil, contracts, transaction manager, indexer), on each database backend.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Abi, Address } from 'viem';
import { at, suite } from '../../../test/support/contracts.ts';
import { legalIdentityHash } from './legalIdentity.ts';
import { memberRoles } from './roles.ts';
import type { Database } from '../../db/database.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, newKey, post, postConfirmed, simulateRevert } from '../../../test/support/e2e.ts';

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

/** On-chain MemberStatus and Membership enums. */
const memberRegistryAbi = suite.MemberRegistry.abi;
const consortiumRegistryAbi = suite.ConsortiumRegistry.abi;
const Status = { Registered: 1, Certified: 2, Suspended: 3, Revoked: 4 } as const;
const Membership = { None: 0, Invited: 1, Member: 2, Declined: 3, Left: 4, Removed: 5 } as const;

for (const backend of await availableTestDatabases()) {
  describe(`onboarding, certification and consortia (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let core: Onboarded;
    let s1: Onboarded;
    let s2: Onboarded;
    let s3: Onboarded;
    let funder: Onboarded;
    let consortiumId: string;

    const member = async (id: string, key?: string) => {
      const r = await t.api('GET', `/v1/members/${id}`, { key });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const consortium = async (key?: string) => {
      const r = await t.api('GET', `/v1/consortia/${consortiumId}`, { key });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const stateOf = (c: { members: Array<{ memberId: string | null; state: string }> }, m: Onboarded) =>
      c.members.find((x) => x.memberId === m.id)?.state;
    const onChainMember = (address: string) =>
      t.client.readContract({ address: at(t.deployment, 'MemberRegistry'), abi: memberRegistryAbi, functionName: 'memberOf', args: [address as Address] });
    const onChainMembership = (address: string) =>
      t.client.readContract({
        address: at(t.deployment, 'ConsortiumRegistry'),
        abi: consortiumRegistryAbi,
        functionName: 'membership',
        args: [consortiumId as `0x${string}`, address as Address],
      });
    const invitationIds = async (key: string) => {
      const r = await t.api('GET', '/v1/invitations', { key });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items.map((c: { id: string }) => c.id);
    };

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('the operator onboards enterprises: it registers each new address on the enterprise\'s behalf and certifies it on-chain', async () => {
      const r = await post(t, '/v1/members', {
        body: { name: 'Core Motors Ltd', registrationNumber: '91310000CORE', roles: ['core_enterprise'], adminUserName: 'Core admin' },
      });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.match(r.body.apiKey, /^tck_/);
      assert.equal(r.body.member.name, 'Core Motors Ltd');
      assert.deepEqual(r.body.member.requestedRoles, ['core_enterprise']);
      assert.equal(r.body.member.legalIdHash, legalIdentityHash('91310000CORE', 'Core Motors Ltd'));
      core = { id: r.body.member.id, address: r.body.member.address, apiKey: r.body.apiKey };

      // Registration and certification are both signed by the operator, a certifier (ADR 011): the enterprise's new
      // address is registered on its behalf, so nobody else can bind its legal identity first.
      const register = r.commands.find((c) => c.kind === 'member.register');
      const certify = r.commands.find((c) => c.kind === 'member.certify');
      assert.ok(register && certify, JSON.stringify(r.commands.map((c) => c.kind)));
      assert.equal(register.status, 'confirmed', JSON.stringify(register.error));
      assert.equal(certify.status, 'confirmed', JSON.stringify(certify.error));
      assert.equal(register.signer, t.operator.address.toLowerCase());
      assert.equal(register.args[0].toLowerCase(), core.address);
      assert.equal(certify.signer, t.operator.address.toLowerCase());
      assert.deepEqual(certify.dependsOn, [register.id]);
      const registerTx = await t.client.getTransaction({ hash: register.txHash });
      assert.equal(registerTx.from.toLowerCase(), t.operator.address.toLowerCase());
      assert.equal(registerTx.to?.toLowerCase(), at(t.deployment, 'MemberRegistry').toLowerCase());
      const [registered] = await t.client.getContractEvents({
        address: at(t.deployment, 'MemberRegistry'),
        abi: memberRegistryAbi,
        eventName: 'MemberRegistered',
        args: { member: core.address as Address },
        fromBlock: 0n,
      });
      assert.equal(registered?.args.registrar?.toLowerCase(), t.operator.address.toLowerCase());
      const certifyTx = await t.client.getTransaction({ hash: certify.txHash });
      assert.equal(certifyTx.from.toLowerCase(), t.operator.address.toLowerCase());

      [s1, s2, s3, funder] = await Promise.all([
        onboard(t, { name: 'Tier One Parts', registrationNumber: '91310000S1', roles: ['supplier'] }),
        onboard(t, { name: 'Tier Two Castings', registrationNumber: '91310000S2', roles: ['supplier'] }),
        onboard(t, { name: 'Tier Three Logistics', registrationNumber: '91310000S3', roles: ['supplier', 'distributor'] }),
        onboard(t, { name: 'First Funder Bank', registrationNumber: '91310000F1', roles: ['funder'] }),
      ]);

      const expected: Array<[Onboarded, string[]]> = [
        [core, ['core_enterprise']],
        [s1, ['supplier']],
        [s2, ['supplier']],
        [s3, ['supplier', 'distributor']],
        [funder, ['funder']],
      ];
      for (const [m, roles] of expected) {
        const view = await member(m.id);
        // One registration, signed by the operator, of the enterprise's own address with its own legal identity.
        const { rows: registrations } = await t.db.query<{ signer: string; member: string; status: string }>(
          "SELECT signer, lower(args->>0) AS member, status FROM commands WHERE kind = 'member.register' AND args->>1 = $1",
          [view.legalIdHash],
        );
        assert.deepEqual(registrations, [{ signer: t.operator.address.toLowerCase(), member: m.address, status: 'confirmed' }]);
        assert.equal(view.status, 'certified', `${view.name}: ${view.status}`);
        assert.deepEqual(view.roles, roles);
        const chain = await onChainMember(m.address);
        assert.equal(chain.status, Status.Certified);
        assert.equal(chain.legalIdHash, view.legalIdHash);
        assert.equal(Number(chain.roles), roles.reduce((bits, role) => bits | memberRoles[role as keyof typeof memberRoles], 0));
      }

      const suppliers = await t.api('GET', '/v1/members?role=supplier&status=certified');
      assert.equal(suppliers.status, 200);
      assert.deepEqual(suppliers.body.items.map((m: { id: string }) => m.id).sort(), [s1.id, s2.id, s3.id].sort());

      const me = await t.api('GET', '/v1/me', { key: core.apiKey });
      assert.equal(me.status, 200);
      assert.equal(me.body.member.id, core.id);
      assert.equal(me.body.userRole, 'admin');
      assert.equal(me.body.isOperator, false);
    });

    test('onboarding the same registration number and name twice is a 409 member_exists', async () => {
      const again = await t.api('POST', '/v1/members', {
        body: { name: 'Tier One Parts', registrationNumber: '91310000S1', roles: ['supplier'] },
        idempotencyKey: newKey('dup'),
      });
      assertError(again, 409, 'member_exists');
      assert.equal(again.body.error.details.memberId, s1.id);
      // The legal identity is normalised: case of the registration number and inner spacing do not matter.
      const variant = await t.api('POST', '/v1/members', {
        body: { name: '  Tier  One   Parts ', registrationNumber: '91310000s1', roles: ['funder'] },
        idempotencyKey: newKey('dup'),
      });
      assertError(variant, 409, 'member_exists');
      const { rows } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM members WHERE legal_id_hash = $1', [
        legalIdentityHash('91310000S1', 'Tier One Parts'),
      ]);
      assert.equal(rows[0]!.n, '1');
    });

    test('only the operator can create members (403)', async () => {
      const r = await t.api('POST', '/v1/members', {
        key: core.apiKey,
        body: { name: 'Rogue Co', registrationNumber: 'ROGUE-1', roles: ['supplier'] },
        idempotencyKey: newKey('rogue'),
      });
      assertError(r, 403, 'forbidden');
      const { rows } = await t.db.query("SELECT 1 FROM members WHERE registration_number = 'ROGUE-1'");
      assert.equal(rows.length, 0);
    });

    test('a certified core enterprise creates a consortium; a supplier cannot (403)', async () => {
      const bySupplier = await t.api('POST', '/v1/consortia', { key: s1.apiKey, body: { name: 'Supplier club' }, idempotencyKey: newKey('c') });
      assertError(bySupplier, 403, 'forbidden');

      const r = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Core Motors supply chain' }, idempotencyKey: newKey('c') });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.match(r.body.consortiumId, /^0x[0-9a-f]{64}$/);
      consortiumId = r.body.consortiumId;
      const early = await consortium(core.apiKey);
      assert.ok(early.status === 'pending' || early.status === 'active');
      assert.equal(early.name, 'Core Motors supply chain');

      const [created] = await t.settle(r.body.commands);
      assert.equal(created.status, 'confirmed', JSON.stringify(created.error));
      assert.equal(created.signer, core.address);
      const c = await consortium(core.apiKey);
      assert.equal(c.status, 'active');
      assert.equal(c.memberCount, 1);
      assert.equal(c.core.memberId, core.id);
      assert.equal(stateOf(c, core), 'member');

      const listed = await t.api('GET', '/v1/consortia', { key: core.apiKey });
      assert.deepEqual(listed.body.items.map((x: { id: string }) => x.id), [consortiumId]);
      // An enterprise with no part in the consortium sees neither it nor its member list.
      assertError(await t.api('GET', `/v1/consortia/${consortiumId}`, { key: s2.apiKey }), 403, 'forbidden');
      assert.deepEqual((await t.api('GET', '/v1/consortia', { key: s2.apiKey })).body.items, []);
      const onChain = await t.client.readContract({
        address: at(t.deployment, 'ConsortiumRegistry'),
        abi: consortiumRegistryAbi,
        functionName: 'consortium',
        args: [consortiumId as `0x${string}`],
      });
      assert.equal(onChain.core.toLowerCase(), core.address);
      assert.equal(onChain.memberCount, 1);
    });

    test('only the core invites; the invitation shows in the invitee\'s list; accepting makes it a member', async () => {
      assertError(await post(t, `/v1/consortia/${consortiumId}/invitations`, { key: s2.apiKey, body: { memberId: s1.id } }), 403, 'forbidden');
      assertError(await post(t, `/v1/consortia/${consortiumId}/invitations`, { body: { memberId: s1.id } }), 403, 'forbidden');

      const invited = await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s1.id } });
      assert.equal(invited.commands[0].kind, 'consortium.invite');
      assert.deepEqual(await invitationIds(s1.apiKey), [consortiumId]);
      assert.deepEqual(await invitationIds(s2.apiKey), []);
      assert.equal((await consortium(s1.apiKey)).id, consortiumId, 'an invitee may look at the consortium');
      assert.equal(stateOf(await consortium(), s1), 'invited');
      assert.equal(await onChainMembership(s1.address), Membership.Invited);

      assertError(await post(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s1.id } }), 422, 'already_invited');
      assertError(await post(t, `/v1/consortia/${consortiumId}/accept`, { key: s2.apiKey }), 422, 'no_pending_invitation');

      const accepted = await postConfirmed(t, `/v1/consortia/${consortiumId}/accept`, { key: s1.apiKey });
      assert.equal(accepted.commands[0].signer, s1.address);
      const c = await consortium(s1.apiKey);
      assert.equal(c.memberCount, 2);
      assert.equal(stateOf(c, s1), 'member');
      assert.deepEqual(await invitationIds(s1.apiKey), []);
      assert.equal(await onChainMembership(s1.address), Membership.Member);
      const mine = await t.api('GET', '/v1/consortia', { key: s1.apiKey });
      assert.deepEqual(mine.body.items.map((x: { id: string }) => x.id), [consortiumId]);

      assertError(await post(t, `/v1/consortia/${consortiumId}/accept`, { key: s1.apiKey }), 422, 'no_pending_invitation');
    });

    test('inviting a member that is registered but not certified is a 422', async () => {
      const pending = await onboard(t, { name: 'Uncertified Widgets', registrationNumber: 'UNCERT-1', roles: ['supplier'], certify: false });
      assert.deepEqual(pending.commands.map((c) => c.kind), ['member.register']);
      const view = await member(pending.id);
      assert.equal(view.status, 'registered');
      assert.deepEqual(view.roles, []);
      assertError(
        await post(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: pending.id } }),
        422,
        'member_not_certified',
      );
      // The registry refuses it too.
      const revert = await simulateRevert(t, {
        account: core.address,
        to: at(t.deployment, 'ConsortiumRegistry'),
        abi: consortiumRegistryAbi as Abi,
        functionName: 'invite',
        args: [consortiumId, pending.address],
      });
      assert.equal(revert?.name, 'MemberNotActive');
    });

    test('an invitee declines; the member count does not change', async () => {
      await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s2.id } });
      assert.deepEqual(await invitationIds(s2.apiKey), [consortiumId]);
      await postConfirmed(t, `/v1/consortia/${consortiumId}/decline`, { key: s2.apiKey });
      const c = await consortium();
      assert.equal(stateOf(c, s2), 'declined');
      assert.equal(c.memberCount, 2);
      assert.deepEqual(await invitationIds(s2.apiKey), []);
      assert.equal(await onChainMembership(s2.address), Membership.Declined);
      assertError(await post(t, `/v1/consortia/${consortiumId}/accept`, { key: s2.apiKey }), 422, 'no_pending_invitation');
    });

    test('a member leaves and is invited back; the core removes members and withdraws invitations', async () => {
      await postConfirmed(t, `/v1/consortia/${consortiumId}/leave`, { key: s1.apiKey });
      let c = await consortium();
      assert.equal(stateOf(c, s1), 'left');
      assert.equal(c.memberCount, 1);
      assertError(await post(t, `/v1/consortia/${consortiumId}/leave`, { key: s1.apiKey }), 422, 'not_a_member');

      // One who left may be invited again.
      await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s1.id } });
      await postConfirmed(t, `/v1/consortia/${consortiumId}/accept`, { key: s1.apiKey });
      assert.equal((await consortium()).memberCount, 2);

      assertError(await post(t, `/v1/consortia/${consortiumId}/members/${s1.id}/remove`, { key: s2.apiKey }), 403, 'forbidden');
      await postConfirmed(t, `/v1/consortia/${consortiumId}/members/${s1.id}/remove`, { key: core.apiKey });
      c = await consortium();
      assert.equal(stateOf(c, s1), 'removed');
      assert.equal(c.memberCount, 1);
      assert.equal(await onChainMembership(s1.address), Membership.Removed);
      assertError(await post(t, `/v1/consortia/${consortiumId}/members/${s1.id}/remove`, { key: core.apiKey }), 422, 'not_a_member');

      // Withdrawing an invitation (s2 declined before, so it may be invited again).
      await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s2.id } });
      await postConfirmed(t, `/v1/consortia/${consortiumId}/members/${s2.id}/remove`, { key: core.apiKey });
      c = await consortium();
      assert.equal(stateOf(c, s2), 'removed');
      assert.equal(c.memberCount, 1);
      assert.deepEqual(await invitationIds(s2.apiKey), []);

      // The core can neither leave nor be removed: refused at the API, not as a failed command.
      assertError(await post(t, `/v1/consortia/${consortiumId}/leave`, { key: core.apiKey }), 422, 'core_cannot_leave');
      assertError(await post(t, `/v1/consortia/${consortiumId}/members/${core.id}/remove`, { key: core.apiKey }), 422, 'core_cannot_leave');
      const onChainCount = await t.client.readContract({
        address: at(t.deployment, 'ConsortiumRegistry'),
        abi: consortiumRegistryAbi,
        functionName: 'consortium',
        args: [consortiumId as `0x${string}`],
      });
      assert.equal(onChainCount.memberCount, 1);
    });

    test('a suspended member can neither accept an invitation nor transfer; reinstated, it can', async () => {
      await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: s3.id } });
      const suspended = await postConfirmed(t, `/v1/members/${s3.id}/suspend`, { body: { reason: 'documents expired' } });
      assert.equal(suspended.commands[0].kind, 'member.suspend');
      const view = await member(s3.id);
      assert.equal(view.status, 'suspended');
      assert.equal((await onChainMember(s3.address)).status, Status.Suspended);

      assertError(await post(t, `/v1/consortia/${consortiumId}/accept`, { key: s3.apiKey }), 422, 'member_not_active');
      const acceptOnChain = await simulateRevert(t, {
        account: s3.address,
        to: at(t.deployment, 'ConsortiumRegistry'),
        abi: consortiumRegistryAbi as Abi,
        functionName: 'accept',
        args: [consortiumId],
      });
      assert.equal(acceptOnChain?.name, 'MemberNotActive');
      assertError(await post(t, '/v1/xt/transfers', { key: s3.apiKey, body: { toMemberId: core.id, amount: '1' } }), 422, 'member_not_active');
      assertError(await post(t, '/v1/xt/withdrawals', { key: s3.apiKey, body: { amount: '1', reference: 'WD-S3' } }), 422, 'member_not_active');
      assertError(await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: s3.id, amount: '1' } }), 422, 'recipient_not_member');
      assertError(await post(t, `/v1/members/${s3.id}/suspend`, {}), 422, 'member_status_invalid');
      // A suspended enterprise's users authenticate, but it holds no roles.
      const me = await t.api('GET', '/v1/me', { key: s3.apiKey });
      assert.equal(me.status, 200);
      assert.equal(me.body.member.status, 'suspended');

      // Reinstate without a body (every field of the status body is optional).
      const reinstated = await t.api('POST', `/v1/members/${s3.id}/reinstate`, { idempotencyKey: newKey('reinstate') });
      assert.equal(reinstated.status, 202, JSON.stringify(reinstated.body));
      const [done] = await t.settle(reinstated.body.commands);
      assert.equal(done.status, 'confirmed', JSON.stringify(done.error));
      assert.equal((await member(s3.id)).status, 'certified');
      assertError(await post(t, `/v1/members/${s3.id}/reinstate`, {}), 422, 'member_status_invalid');

      await postConfirmed(t, `/v1/consortia/${consortiumId}/accept`, { key: s3.apiKey });
      const c = await consortium();
      assert.equal(stateOf(c, s3), 'member');
      assert.equal(c.memberCount, 2);
    });

    test('a revoked member stays revoked: no reinstatement, no certification, no value moves', async () => {
      const revoked = await postConfirmed(t, `/v1/members/${funder.id}/revoke`, { body: { reason: 'licence withdrawn' } });
      assert.equal(revoked.commands[0].kind, 'member.revoke');
      assert.equal((await member(funder.id)).status, 'revoked');
      assert.equal((await onChainMember(funder.address)).status, Status.Revoked);
      assertError(await post(t, `/v1/members/${funder.id}/reinstate`, {}), 422, 'member_status_invalid');
      assertError(await post(t, `/v1/members/${funder.id}/certify`, { body: { roles: ['funder'] } }), 422, 'member_status_invalid');
      assertError(await post(t, `/v1/members/${funder.id}/revoke`, {}), 422, 'member_status_invalid');
      assertError(await post(t, '/v1/xt/transfers', { key: funder.apiKey, body: { toMemberId: core.id, amount: '1' } }), 422, 'member_not_active');
      assertError(
        await post(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: funder.id } }),
        422,
        'member_not_certified',
      );
      const listed = await t.api('GET', '/v1/members?status=revoked');
      assert.deepEqual(listed.body.items.map((m: { id: string }) => m.id), [funder.id]);
    });

    test('a verifier certifies business roles, but neither privileged roles nor privileged members', async () => {
      const verifier = await onboard(t, { name: 'Trusted Verifier', registrationNumber: 'VER-1', roles: ['verifier'] });
      const candidate = await onboard(t, { name: 'Tier Four Coatings', registrationNumber: 'T4-1', roles: ['supplier'], certify: false });

      assertError(await post(t, `/v1/members/${candidate.id}/certify`, { key: verifier.apiKey, body: { roles: ['bank_gateway'] } }), 403, 'forbidden');
      assertError(await post(t, `/v1/members/${candidate.id}/certify`, { key: s1.apiKey, body: { roles: ['supplier'] } }), 403, 'forbidden');
      const certified = await postConfirmed(t, `/v1/members/${candidate.id}/certify`, { key: verifier.apiKey, body: { roles: ['supplier'] } });
      assert.equal(certified.commands[0].signer, verifier.address);
      const view = await member(candidate.id);
      assert.equal(view.status, 'certified');
      assert.deepEqual(view.roles, ['supplier']);

      // A verifier acts on business members only: the API and the registry keep it off the operator and other privileged members.
      assertError(await post(t, `/v1/members/${t.operator.memberId}/suspend`, { key: verifier.apiKey }), 403, 'forbidden');
      assertError(await post(t, `/v1/members/${verifier.id}/suspend`, { key: verifier.apiKey }), 403, 'forbidden');
      assert.equal((await member(t.operator.memberId)).status, 'certified');
      const privileged = await simulateRevert(t, {
        account: verifier.address,
        to: at(t.deployment, 'MemberRegistry'),
        abi: memberRegistryAbi as Abi,
        functionName: 'certify',
        args: [candidate.address, BigInt(memberRoles.bank_gateway)],
      });
      assert.equal(privileged?.name, 'PrivilegedRolesRequireAdmin');
      // ...and the registry itself refuses it too: a verifier cannot suspend, reinstate or revoke a privileged member.
      for (const [functionName, target] of [['suspend', t.operator], ['revoke', verifier]] as const) {
        const refused = await simulateRevert(t, {
          account: verifier.address,
          to: at(t.deployment, 'MemberRegistry'),
          abi: memberRegistryAbi as Abi,
          functionName,
          args: [target.address, `0x${'00'.repeat(32)}`],
        });
        assert.equal(refused?.name, 'PrivilegedRolesRequireAdmin', `${functionName} of a privileged member by a verifier`);
      }
    });

    test('users: a member admin adds a viewer, who can read but not act (403)', async () => {
      const added = await t.api('POST', `/v1/members/${s1.id}/users`, { key: s1.apiKey, body: { name: 'Auditor', role: 'viewer' } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.match(added.body.apiKey, /^tck_/);
      const viewer = added.body.apiKey as string;

      const me = await t.api('GET', '/v1/me', { key: viewer });
      assert.equal(me.status, 200);
      assert.equal(me.body.userRole, 'viewer');
      assert.equal(me.body.userId, added.body.userId);
      assert.equal(me.body.member.id, s1.id);
      for (const path of ['/v1/members', `/v1/members/${core.id}`, '/v1/xt/balances', `/v1/xt/balances/${s1.id}`, '/v1/consortia', '/v1/invitations', '/v1/xt/movements']) {
        const r = await t.api('GET', path, { key: viewer });
        assert.equal(r.status, 200, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
      }

      assertError(await post(t, '/v1/xt/transfers', { key: viewer, body: { toMemberId: core.id, amount: '1' } }), 403, 'forbidden');
      assertError(await post(t, '/v1/xt/withdrawals', { key: viewer, body: { amount: '1', reference: 'WD-VIEWER' } }), 403, 'forbidden');
      assertError(await post(t, `/v1/consortia/${consortiumId}/leave`, { key: viewer }), 403, 'forbidden');
      assertError(await t.api('POST', `/v1/members/${s1.id}/users`, { key: viewer, body: { name: 'Sneaky', role: 'admin' } }), 403, 'forbidden');
      const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM commands WHERE requested_by = $1", [added.body.userId]);
      assert.equal(rows[0]!.n, '0');

      // Only the member's own admins (or the operator's) add users.
      assertError(await t.api('POST', `/v1/members/${s1.id}/users`, { key: s2.apiKey, body: { name: 'Intruder', role: 'admin' } }), 403, 'forbidden');
      const byOperator = await t.api('POST', `/v1/members/${s1.id}/users`, { body: { name: 'Clerk', role: 'member' } });
      assert.equal(byOperator.status, 201, JSON.stringify(byOperator.body));

      // An operator's viewer can neither onboard enterprises nor mint itself an admin key.
      const opViewer = await t.api('POST', `/v1/members/${t.operator.memberId}/users`, { body: { name: 'Ops viewer', role: 'viewer' } });
      assert.equal(opViewer.status, 201);
      assertError(
        await post(t, '/v1/members', { key: opViewer.body.apiKey, body: { name: 'Viewer Co', registrationNumber: 'VIEW-1', roles: ['supplier'] } }),
        403,
        'forbidden',
      );
      assertError(
        await t.api('POST', `/v1/members/${t.operator.memberId}/users`, { key: opViewer.body.apiKey, body: { name: 'Escalated', role: 'admin' } }),
        403,
        'forbidden',
      );
      assertError(await post(t, '/v1/xt/pause', { key: opViewer.body.apiKey }), 403, 'forbidden');
    });
  });
}
