// Read models are a pure function of the events: after a varied workload through the API, replaying the stored
// events, or indexing the chain from scratch into a fresh database, yields the very same tables, and they agree
// with the contracts' own state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Abi, Address } from 'viem';
import type { Database } from '../db/database.ts';
import { at, suite, type ContractName } from '../../test/support/contracts.ts';
import { memberStatuses, membershipStates } from '../modules/identity/roles.ts';
import { availableTestDatabases } from '../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { dumpEvents, dumpReadModels, indexFromScratch } from '../../test/support/readModels.ts';
import { readModels } from '../platform/modules.ts';

const backends = await availableTestDatabases();

for (const backend of backends) {
  describe(`read models equal a replay of the events (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let consortiumId: string;
    let step = 0;
    const read = (contract: ContractName, functionName: string, args: readonly unknown[]) =>
      t.client.readContract({ address: at(t.deployment, contract), abi: suite[contract].abi as Abi, functionName, args: args as unknown[] });

    /** One command-creating API call, waited for: every command it created must confirm. */
    async function run(key: string | undefined, path: string, body?: unknown) {
      const r = await t.api('POST', path, { key, body, idempotencyKey: `replay-${backend.name}-${++step}` });
      assert.equal(r.status, 202, `${path}: ${JSON.stringify(r.body)}`);
      const done = await t.settle(r.body.commands, key);
      for (const c of done) assert.equal(c.status, 'confirmed', `${path}: ${c.kind} ${JSON.stringify(c.error)}`);
      return r.body;
    }

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      const member = (name: string, roles: string[], certify?: boolean) => onboard(t, { name: `${name}-${backend.name}`, roles, certify });
      const core = await member('Core', ['core_enterprise']);
      const [s1, s2, s3] = [await member('S1', ['supplier']), await member('S2', ['supplier']), await member('S3', ['distributor'])];
      const bank = await member('Bank', ['bank_gateway']);
      const late = await member('Late', ['funder'], false);

      // Members: certify later, suspend, reinstate, suspend again, revoke.
      await run(undefined, `/v1/members/${late.id}/certify`, { roles: ['funder'] });
      await run(undefined, `/v1/members/${s3.id}/suspend`, { reason: 'audit' });
      await run(undefined, `/v1/members/${s3.id}/reinstate`, {});

      // Consortium: create, invite three, accept / decline / accept then leave, remove a member, withdraw an invitation.
      consortiumId = (await run(core.apiKey, '/v1/consortia', { name: `Chain ${backend.name}` })).consortiumId;
      for (const m of [s1, s2, s3, late]) await run(core.apiKey, `/v1/consortia/${consortiumId}/invitations`, { memberId: m.id });
      await run(s1.apiKey, `/v1/consortia/${consortiumId}/accept`);
      await run(s2.apiKey, `/v1/consortia/${consortiumId}/decline`);
      await run(s3.apiKey, `/v1/consortia/${consortiumId}/accept`);
      await run(s3.apiKey, `/v1/consortia/${consortiumId}/leave`);
      await run(late.apiKey, `/v1/consortia/${consortiumId}/accept`);
      await run(core.apiKey, `/v1/consortia/${consortiumId}/members/${late.id}/remove`);
      await run(core.apiKey, `/v1/consortia/${consortiumId}/invitations`, { memberId: s2.id });
      await run(core.apiKey, `/v1/consortia/${consortiumId}/members/${s2.id}/remove`);

      // XT: deposits, transfers, a withdrawal, pause and unpause.
      await run(bank.apiKey, '/v1/xt/deposits', { memberId: core.id, amount: '100000', reference: `DEP-1-${backend.name}` });
      await run(bank.apiKey, '/v1/xt/deposits', { memberId: s1.id, amount: '5000', reference: `DEP-2-${backend.name}` });
      await run(core.apiKey, '/v1/xt/transfers', { toMemberId: s1.id, amount: '2500' });
      await run(s1.apiKey, '/v1/xt/withdrawals', { amount: '1000', reference: `WD-1-${backend.name}` });
      await run(undefined, '/v1/xt/pause');
      await run(undefined, '/v1/xt/unpause');
      await run(core.apiKey, '/v1/xt/transfers', { toMemberId: s3.id, amount: '100' });

      await run(undefined, `/v1/members/${s2.id}/suspend`, { reason: 'late filings' });
      await run(undefined, `/v1/members/${s2.id}/revoke`, { reason: 'fraud' });

      await t.txManager.stop();
      await t.indexer.stop();
      await t.indexer.sync();
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('the workload reached every read model it should', async () => {
      const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
      assert.deepEqual(
        (await db.query<{ status: string }>('SELECT DISTINCT status FROM member_states ORDER BY status')).rows.map((r) => r.status),
        ['certified', 'revoked'],
      );
      assert.deepEqual(
        (await db.query<{ state: string }>('SELECT state FROM consortium_memberships WHERE consortium_id = $1 ORDER BY state', [consortiumId])).rows.map((r) => r.state),
        ['left', 'member', 'member', 'removed', 'removed'], // S2 declined, was invited again and removed
      );
      assert.equal(await count(`SELECT count(*) AS n FROM xt_movements WHERE kind = 'deposit'`), 2);
      assert.equal(await count(`SELECT count(*) AS n FROM xt_movements WHERE kind = 'transfer'`), 2);
      assert.equal(await count(`SELECT count(*) AS n FROM xt_movements WHERE kind = 'withdrawal'`), 1);
      assert.deepEqual((await db.query('SELECT total_supply, deposited, withdrawn, paused FROM xt_state')).rows, [
        { total_supply: '104000', deposited: '105000', withdrawn: '1000', paused: false },
      ]);
    });

    test('rebuilding the read models from the stored events leaves every table identical', async () => {
      const before = await dumpReadModels(db);
      const replayed = await db.transaction((tx) => readModels.rebuild(tx));
      assert.ok(replayed > 0);
      assert.deepEqual(await dumpReadModels(db), before);
    });

    test('a fresh database indexed from scratch by a new indexer yields identical tables', async () => {
      const scratch = await indexFromScratch(backend, t.client, t.deployment);
      assert.deepEqual(scratch.events, await dumpEvents(db));
      assert.deepEqual(scratch.readModels, await dumpReadModels(db));
    });

    test('the read models agree with the contracts', async () => {
      const { rows: members } = await db.query<{ address: Address; status: string; roles: number }>('SELECT address, status, roles FROM member_states');
      for (const m of members) {
        const onChain = (await read('MemberRegistry', 'memberOf', [m.address])) as { status: number; roles: bigint };
        assert.equal(m.status, memberStatuses[onChain.status], `status of ${m.address}`);
        assert.equal(BigInt(m.roles), onChain.roles, `roles of ${m.address}`);
      }
      const { rows: consortia } = await db.query<{ id: Address; core: string; member_count: number }>('SELECT id, core, member_count FROM consortia');
      for (const c of consortia) {
        const onChain = (await read('ConsortiumRegistry', 'consortium', [c.id])) as { core: Address; memberCount: number };
        assert.equal(c.core, onChain.core.toLowerCase());
        assert.equal(c.member_count, Number(onChain.memberCount), `member count of ${c.id}`);
      }
      const { rows: memberships } = await db.query<{ consortium_id: Address; member: Address; state: string }>('SELECT consortium_id, member, state FROM consortium_memberships');
      for (const m of memberships) {
        assert.equal(m.state, membershipStates[Number(await read('ConsortiumRegistry', 'membership', [m.consortium_id, m.member]))], `${m.member} in ${m.consortium_id}`);
      }
      const { rows: balances } = await db.query<{ address: Address; balance: string }>('SELECT address, balance::text AS balance FROM xt_balances');
      for (const b of balances) assert.equal(BigInt(b.balance), await read('SettlementToken', 'balanceOf', [b.address]), `XT of ${b.address}`);
      const { rows: state } = await db.query<{ total_supply: string; paused: boolean }>('SELECT total_supply::text AS total_supply, paused FROM xt_state');
      assert.equal(BigInt(state[0]!.total_supply), await read('SettlementToken', 'totalSupply', []));
      assert.equal(state[0]!.paused, await read('SettlementToken', 'paused', []));
    });
  });
}
