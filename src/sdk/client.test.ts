/**
 * The SDK against a real platform (embedded anvil, PGlite): onboarding, a consortium, a credit line, a payable
 * and a split-transfer, each waited for; an API refusal decoded into TierchainApiError; a command that fails
 * on-chain surfacing as TierchainCommandError; and the event stream yielding the transfer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import {
  createTierchainClient,
  TierchainApiError,
  TierchainCommandError,
  type CommandStatus,
  type TierchainClient,
  type TierchainEvent,
} from './index.ts';

const DAY_MS = 86_400_000;

describe('SDK: createTierchainClient against a running platform', () => {
  let t: TestPlatform;
  let op: TierchainClient;
  const m: Record<'core' | 's1' | 's2' | 'bank', { id: string; address: string; api: TierchainClient }> = {} as never;
  let consortiumId: string;
  let claimId: string;
  let issueBlock: string;

  before(async () => {
    t = await startTestPlatform();
    op = createTierchainClient({ baseUrl: t.url!, apiKey: t.operator.apiKey! });
  });

  after(async () => {
    await t?.close();
  });

  test('members: the operator onboards four enterprises and waits until they are certified', async () => {
    const cast = [
      ['core', 'SDK Core Motors', ['core_enterprise']],
      ['s1', 'SDK Tier1 Gears', ['supplier']],
      ['s2', 'SDK Tier2 Castings', ['supplier']],
      ['bank', 'SDK Gateway Bank', ['bank_gateway']],
    ] as const;
    await Promise.all(
      cast.map(async ([key, name, roles]) => {
        const r = await op.members.create({ name, registrationNumber: `SDK-${key}`, roles: [...roles] }, { wait: true });
        assert.ok(r.apiKey, 'the admin key is returned once');
        assert.ok(r.commands.every((c) => c.status === 'confirmed'));
        m[key] = { id: r.member.id, address: r.member.address, api: op.withApiKey(r.apiKey!) };
      }),
    );
    const me = await m.core.api.members.me();
    assert.equal(me.member.id, m.core.id);
    assert.equal(me.isOperator, false);
    assert.deepEqual((await op.members.get(m.s1.id)).roles, ['supplier']);
    const page = await op.members.list({ role: 'supplier', limit: 10 });
    assert.deepEqual(page.items.map((x) => x.id).sort(), [m.s1.id, m.s2.id].sort());
  });

  test('consortia: create, invite, accept', async () => {
    ({ consortiumId } = await m.core.api.consortia.create({ name: 'SDK supply chain' }, { wait: true }));
    for (const s of [m.s1, m.s2]) await m.core.api.consortia.invite(consortiumId, s.id, { wait: true });
    assert.deepEqual((await m.s1.api.consortia.invitations()).map((c) => c.id), [consortiumId]);
    for (const s of [m.s1, m.s2]) await s.api.consortia.accept(consortiumId, { wait: true });
    const consortium = await m.core.api.consortia.get(consortiumId);
    assert.equal(consortium.status, 'active');
    assert.deepEqual(consortium.members.filter((x) => x.state === 'member').map((x) => x.memberId).sort(), [m.core.id, m.s1.id, m.s2.id].sort());
    assert.ok((await m.s2.api.consortia.list()).some((c) => c.id === consortiumId));
  });

  test('credit line and payable: the claim is minted to the supplier', async () => {
    const set = await op.creditLines.set({ obligorMemberId: m.core.id, limit: '100000000' }, { wait: true });
    assert.equal(set.limit, '100000000');
    assert.equal((await m.core.api.creditLines.get(m.core.id)).available, '100000000');
    const dueDate = new Date(Date.now() + 60 * DAY_MS).toISOString().slice(0, 10);
    const payable = await m.core.api.payables.issue(
      { supplierMemberId: m.s1.id, consortiumId, invoiceNumber: 'SDK-INV-1', amount: '1000000', dueDate, lateRateBps: 500 },
      { wait: true },
    );
    claimId = payable.claimId;
    issueBlock = payable.commands.at(-1)!.blockNumber!;
    const claim = await m.s1.api.claims.get(claimId);
    assert.equal(claim.totalSupply, '1000000');
    assert.deepEqual(claim.yourHolding, { balance: '1000000', hops: 0, redeemed: '0' });
    // Before the due date: the whole face is owed, no late interest, no guarantor on the line.
    assert.deepEqual([claim.settlement?.owed, claim.settlement?.lateInterest, claim.settlement?.guarantor], ['1000000', '0', null]);
    const line = await m.core.api.creditLines.get(m.core.id);
    assert.deepEqual([line.used, line.guarantee], ['1000000', null]);
    // A guarantee proposed by someone who does not manage the line is refused with a named error.
    await assert.rejects(m.s1.api.creditLines.proposeGuarantee(m.core.id, m.s2.id), (e: { status?: number; code?: string }) => e.status === 403 && e.code === 'forbidden');
  });

  test('a split-transfer, waited for with progress: accepted → … → confirmed; the event stream yields it', async () => {
    // Resume the stream after the payable's block: the transfer arrives whether it is indexed before or after we connect.
    const abort = new AbortController();
    const seen = (async () => {
      for await (const e of m.s1.api.events.stream({ lastEventId: `${issueBlock}:999999`, signal: abort.signal })) {
        if (e.type === 'chain.event' && e.data.contract === 'ClaimLedger' && e.data.event === 'Transfer' && e.data.args.amount === '400000') return e;
      }
      return undefined;
    })();
    const statuses: CommandStatus[] = [];
    const r = await m.s1.api.claims.transfer(claimId, { toMemberId: m.s2.id, amount: '400000' }, { wait: { onProgress: ({ command }) => statuses.push(command.status) } });
    assert.equal(r.amount, '400000');
    assert.equal(statuses[0], 'accepted');
    assert.equal(statuses.at(-1), 'confirmed');

    const timer = setTimeout(() => abort.abort(), 15_000);
    const event = (await seen) as Extract<TierchainEvent, { type: 'chain.event' }> | undefined;
    clearTimeout(timer);
    abort.abort();
    assert.ok(event, 'the stream yielded the transfer');
    assert.match(event.id, /^\d+:\d+$/);
    assert.equal(event.data.txHash, r.commands[0]!.txHash);

    assert.equal((await m.s1.api.claims.get(claimId)).yourHolding?.balance, '600000');
    const claim = await op.claims.get(claimId);
    assert.deepEqual(claim.holders.map((h) => [h.party.memberId, h.balance]), [[m.s1.id, '600000'], [m.s2.id, '400000']]);
    const trace = await op.claims.trace(claimId);
    assert.deepEqual(trace.edges.map((e) => e.kind), ['issue', 'transfer']);
    assert.equal((await op.positions.get(m.s2.id)).holds.total, '400000');
    assert.equal((await m.s2.api.claims.list({ holder: m.s2.id })).items[0]?.id, claimId);
  });

  test('an API refusal is a TierchainApiError with the decoded code, field and details', async () => {
    await assert.rejects(m.s1.api.claims.transfer(claimId, { toMemberId: m.s2.id, amount: '600001' }), (error: unknown) => {
      assert.ok(error instanceof TierchainApiError);
      assert.equal(error.status, 422);
      assert.equal(error.code, 'insufficient_holding');
      assert.equal(error.field, 'amount');
      assert.equal(error.details.holding, '600000');
      assert.match(error.message, /less than the 6,000.01 XT requested/);
      return true;
    });
    await assert.rejects(op.claims.get(`0x${'ab'.repeat(32)}`), (e: unknown) => e instanceof TierchainApiError && e.status === 404);
    await assert.rejects(op.withApiKey('tck_not_a_key').members.me(), (e: unknown) => e instanceof TierchainApiError && e.status === 401);
  });

  test('the same Idempotency-Key answers the same, once', async () => {
    const idempotencyKey = `sdk-deposit-${Date.now()}`;
    const first = await m.bank.api.xt.deposit({ memberId: m.core.id, amount: '5000', reference: 'SDK-REF-1' }, { idempotencyKey, wait: true });
    const again = await m.bank.api.xt.deposit({ memberId: m.core.id, amount: '5000', reference: 'SDK-REF-1' }, { idempotencyKey });
    assert.deepEqual(again.commands.map((c) => c.id), first.commands.map((c) => c.id));
    assert.equal((await m.core.api.xt.balance(m.core.id)).balance, '5000');
  });

  test('a command that fails on-chain throws TierchainCommandError with the decoded contract error', async () => {
    await op.xt.pause({ wait: true });
    try {
      assert.equal((await op.xt.balances()).paused, true);
      await assert.rejects(m.bank.api.xt.deposit({ memberId: m.core.id, amount: '700', reference: 'SDK-REF-PAUSED' }, { wait: true }), (error: unknown) => {
        assert.ok(error instanceof TierchainCommandError);
        assert.equal(error.code, 'EnforcedPause');
        assert.equal(error.command.status, 'failed');
        assert.match(error.message, /paused/);
        return true;
      });
    } finally {
      await op.xt.unpause({ wait: true });
    }
    await m.core.api.xt.transfer({ toMemberId: m.s1.id, amount: '1000' }, { wait: true });
    assert.equal((await m.s1.api.xt.balance(m.s1.id)).balance, '1000');
    const commands = await m.core.api.commands.list({ limit: 5 });
    assert.equal(commands.items[0]?.kind, 'xt.transfer');
    assert.equal((await m.core.api.commands.get(commands.items[0]!.id)).status, 'confirmed');
  });
});
