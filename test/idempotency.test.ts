// Idempotency-Key on command-creating requests, through the HTTP API of a whole platform (real anvil, real databases).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../src/db/database.ts';
import { availableTestDatabases } from './support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';

const backends = await availableTestDatabases();

for (const backend of backends) {
  describe(`Idempotency-Key (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let core: Awaited<ReturnType<typeof onboard>>;
    let bank: Awaited<ReturnType<typeof onboard>>;
    let counter = 0;
    // No spaces: onboard() builds its Idempotency-Key from the name.
    const uniqueName = (prefix: string) => `${prefix}-${backend.name}-${++counter}`;
    const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
    const ids = (r: { body: { commands: Array<{ id: string }> } }) => r.body.commands.map((c) => c.id);

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      core = await onboard(t, { name: uniqueName('Core'), roles: ['core_enterprise'] });
      bank = await onboard(t, { name: uniqueName('Bank'), roles: ['bank_gateway'] });
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('same key and same body replays the response: same command ids, Idempotent-Replayed, nothing new in the outbox', async () => {
      const first = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Replay chain' }, idempotencyKey: 'create-replay-1' });
      assert.equal(first.status, 202, JSON.stringify(first.body));
      assert.equal(first.headers.get('idempotent-replayed'), null);
      assert.equal(ids(first).length, 1);
      await t.settle(first.body.commands, core.apiKey);
      const commandsBefore = await count('SELECT count(*) AS n FROM commands');

      const replay = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Replay chain' }, idempotencyKey: 'create-replay-1' });
      assert.equal(replay.status, 202, JSON.stringify(replay.body));
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(ids(replay), ids(first));
      assert.equal(replay.body.consortiumId, first.body.consortiumId);
      // The replay shows the commands' current state, not the stored one.
      assert.equal(replay.body.commands[0].status, 'confirmed');
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commandsBefore);
      assert.equal(await count(`SELECT count(*) AS n FROM consortium_profiles WHERE name = 'Replay chain'`), 1);
    });

    test('same key and same body replays a member onboarding, without its API key', async () => {
      const body = { name: uniqueName('ReplaySupplier'), registrationNumber: `REG-R-${counter}`, roles: ['supplier'] };
      const first = await t.api('POST', '/v1/members', { body, idempotencyKey: `onboard-replay-${backend.name}` });
      assert.equal(first.status, 202, JSON.stringify(first.body));
      await t.settle(first.body.commands);
      const commandsBefore = await count('SELECT count(*) AS n FROM commands');
      // Key order in the body does not matter: the request hash is canonical.
      const reordered = { roles: body.roles, registrationNumber: body.registrationNumber, name: body.name };
      const replay = await t.api('POST', '/v1/members', { body: reordered, idempotencyKey: `onboard-replay-${backend.name}` });
      assert.equal(replay.status, 202, JSON.stringify(replay.body));
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(ids(replay), ids(first));
      assert.equal(replay.body.member.id, first.body.member.id);
      assert.equal(replay.body.apiKey, undefined, 'the API key is shown once and never replayed');
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commandsBefore);
    });

    test('same key with a different body is a 409 idempotency_key_reused and changes nothing', async () => {
      const key = 'consortium-key-reuse';
      const first = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Alpha chain' }, idempotencyKey: key });
      assert.equal(first.status, 202, JSON.stringify(first.body));
      await t.settle(first.body.commands, core.apiKey);
      const commandsBefore = await count('SELECT count(*) AS n FROM commands');

      const second = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Beta chain' }, idempotencyKey: key });
      assert.equal(second.status, 409);
      assert.equal(second.body.error.code, 'idempotency_key_reused');
      assert.equal(second.body.error.details.key, key);
      // The same key on another path is a different request too.
      const third = await t.api('POST', '/v1/xt/pause', { key: core.apiKey, idempotencyKey: key });
      assert.equal(third.status, 409);
      assert.equal(third.body.error.code, 'idempotency_key_reused');
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commandsBefore);
      assert.equal(await count(`SELECT count(*) AS n FROM consortium_profiles WHERE name = 'Beta chain'`), 0);

      // Keys are scoped to the caller's enterprise: another enterprise may use the same key for its own request.
      const other = await t.api('POST', '/v1/consortia/' + first.body.consortiumId + '/invitations', {
        key: core.apiKey,
        body: { memberId: bank.id },
        idempotencyKey: `${key}-invite`,
      });
      assert.equal(other.status, 202, JSON.stringify(other.body));
      await t.settle(other.body.commands, core.apiKey);
      const answer = await t.api('POST', `/v1/consortia/${first.body.consortiumId}/decline`, { key: bank.apiKey, idempotencyKey: key });
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      assert.equal((await t.settle(answer.body.commands, bank.apiKey))[0].status, 'confirmed');
    });

    test('a command-creating request without Idempotency-Key is a 400 naming the header', async () => {
      const commandsBefore = await count('SELECT count(*) AS n FROM commands');
      const missing = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'No key' } });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, 'validation_failed');
      assert.equal(missing.body.error.details.field, 'Idempotency-Key');
      assert.match(missing.body.error.message, /Idempotency-Key/);
      const malformed = await t.api('POST', '/v1/consortia', { key: core.apiKey, body: { name: 'Bad key' }, idempotencyKey: 'has spaces in it' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.details.field, 'Idempotency-Key');
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commandsBefore);
    });

    test('concurrent requests with one key create exactly one command', async () => {
      const commandsBefore = await count('SELECT count(*) AS n FROM commands');
      const body = { memberId: core.id, amount: '1000', reference: `CONCURRENT-${backend.name}` };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => t.api('POST', '/v1/xt/deposits', { key: bank.apiKey, body, idempotencyKey: 'deposit-concurrent-1' })),
      );
      for (const r of responses) assert.equal(r.status, 202, JSON.stringify(r.body));
      const seen = new Set(responses.map((r) => JSON.stringify(ids(r))));
      assert.equal(seen.size, 1, `every response names the same command: ${[...seen].join(' / ')}`);
      assert.equal(responses.filter((r) => r.headers.get('idempotent-replayed') === null).length, 1, 'exactly one original response');
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commandsBefore + 1);
      assert.equal(await count(`SELECT count(*) AS n FROM commands WHERE kind = 'xt.deposit'`), 1);
      const [done] = await t.settle(responses[0]!.body.commands, bank.apiKey);
      assert.equal(done.status, 'confirmed');
      const balance = await t.api('GET', `/v1/xt/balances/${core.id}`);
      assert.equal(balance.body.balance, '1000', 'credited once');
    });
  });
}
