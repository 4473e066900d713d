/**
 * End-to-end: the settlement currency XT through the HTTP API — deposits by a bank gateway, transfers,
 * withdrawals, pause — and the same rules enforced by the contract when the API is bypassed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getAddress, type Abi, type Address } from 'viem';
import { at, suite, target } from '../../../test/support/contracts.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import { referenceHash } from './commands.ts';
import type { Database } from '../../db/database.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed, simulateRevert } from '../../../test/support/e2e.ts';

const settlementTokenAbi = suite.SettlementToken.abi;

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

for (const backend of await availableTestDatabases()) {
  describe(`XT settlement currency (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let bank: Onboarded;
    let core: Onboarded;
    let supplier: Onboarded;
    let uncertified: Onboarded;
    let suspended: Onboarded;
    /** What the test credited and burned, to check the invariant at the end. */
    let deposited = 0n;
    let withdrawn = 0n;

    const token = () => at(t.deployment, 'SettlementToken');
    const balances = async (key?: string) => {
      const r = await t.api('GET', '/v1/xt/balances', { key: key ?? bank.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { items: Array<{ memberId: string | null; address: string; balance: string }>; totalSupply: string; paused: boolean };
    };
    const balanceOf = async (m: Onboarded) => {
      const r = await t.api('GET', `/v1/xt/balances/${m.id}`, { key: m.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return BigInt(r.body.balance);
    };
    const onChainBalance = (address: string) =>
      t.client.readContract({ address: token(), abi: settlementTokenAbi, functionName: 'balanceOf', args: [address as Address] });
    const onChainSupply = () => t.client.readContract({ address: token(), abi: settlementTokenAbi, functionName: 'totalSupply' });
    /** Stores a command in the outbox directly, bypassing the API and its checks; returns it once it is final. */
    const bypassApi = async (p: { signer: string; functionName: string; args: readonly unknown[] }) => {
      const [id] = await t.db.transaction((tx) =>
        enqueueCommands(tx, [
          contractCall({ kind: `test.${p.functionName}`, signer: p.signer as Address, target: target(t.deployment, 'SettlementToken'), functionName: p.functionName, args: p.args }),
        ]),
      );
      void t.txManager.tick();
      const [command] = await t.settle([{ id: id! }]);
      return command;
    };

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      [bank, core, supplier, uncertified, suspended] = await Promise.all([
        onboard(t, { name: 'Gateway Bank', registrationNumber: 'BANK-1', roles: ['bank_gateway'] }),
        onboard(t, { name: 'Core Motors', registrationNumber: 'CORE-1', roles: ['core_enterprise'] }),
        onboard(t, { name: 'Tier One Parts', registrationNumber: 'SUP-1', roles: ['supplier'] }),
        onboard(t, { name: 'Not Yet Certified', registrationNumber: 'SUP-2', roles: ['supplier'], certify: false }),
        onboard(t, { name: 'Frozen Supplies', registrationNumber: 'SUP-3', roles: ['supplier'] }),
      ]);
      await postConfirmed(t, `/v1/members/${suspended.id}/suspend`, { body: { reason: 'under investigation' } });
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('a bank gateway deposits XT; balance and totalSupply show once confirmed and indexed', async () => {
      const r = await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: core.id, amount: '100000', reference: 'BANK-DEP-0001' } });
      deposited += 100000n;
      assert.equal(r.body.referenceHash, referenceHash('deposit', 'BANK-DEP-0001'));
      const [command] = r.commands;
      assert.equal(command.kind, 'xt.deposit');
      assert.equal(command.signer, bank.address);
      assert.deepEqual(
        command.result.events.map((e: { event: string }) => e.event),
        ['Deposited', 'Transfer'],
      );

      const all = await balances();
      assert.equal(all.totalSupply, '100000');
      assert.equal(all.paused, false);
      assert.equal(all.items.find((b) => b.memberId === core.id)?.balance, '100000');
      assert.equal(await balanceOf(core), 100000n);
      assert.equal(await onChainBalance(core.address), 100000n);
      assert.equal(await onChainSupply(), 100000n);
      assert.equal(
        await t.client.readContract({ address: token(), abi: settlementTokenAbi, functionName: 'depositReferenceUsed', args: [r.body.referenceHash] }),
        true,
      );

      // A member sees its own balance only, and its movements with the bank reference.
      const own = await balances(core.apiKey);
      assert.deepEqual(own.items.map((b) => b.memberId), [core.id]);
      assertError(await t.api('GET', `/v1/xt/balances/${core.id}`, { key: supplier.apiKey }), 403, 'forbidden');
      const movements = await t.api('GET', '/v1/xt/movements', { key: core.apiKey });
      assert.equal(movements.status, 200);
      assert.equal(movements.body.items[0].kind, 'deposit');
      assert.equal(movements.body.items[0].reference, 'BANK-DEP-0001');
      assert.equal(movements.body.items[0].amount, '100000');

      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '5000', reference: 'BANK-DEP-0002' } });
      deposited += 5000n;
      assert.equal(await balanceOf(supplier), 5000n);
      assert.equal((await balances()).totalSupply, '105000');
    });

    test('a deposit reference credits once: 409 deposit_reference_used at the API, XtDepositReferenceUsed on-chain', async () => {
      const again = await post(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '999', reference: 'BANK-DEP-0001' } });
      assertError(again, 409, 'deposit_reference_used', 'reference');

      // Straight to the contract with the gateway's key: a simulation, then a real command that skips the API.
      const ref = referenceHash('deposit', 'BANK-DEP-0001');
      const simulated = await simulateRevert(t, { account: bank.address, to: token(), abi: settlementTokenAbi as Abi, functionName: 'deposit', args: [supplier.address, 999n, ref] });
      assert.equal(simulated?.name, 'XtDepositReferenceUsed');
      assert.equal(simulated?.args.depositRef, ref);

      const command = await bypassApi({ signer: bank.address, functionName: 'deposit', args: [supplier.address, 999n, ref] });
      assert.equal(command.status, 'failed');
      assert.equal(command.error.code, 'XtDepositReferenceUsed');
      assert.equal(command.error.args.depositRef, ref);
      assert.match(command.error.message, /already been credited/);
      assert.equal(await onChainBalance(supplier.address), 5000n);
      assert.equal((await balances()).totalSupply, '105000');
    });

    test('transfers: to a certified member only — refused at the API (422) and by the contract', async () => {
      const moved = await postConfirmed(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: supplier.id, amount: '2500' } });
      assert.equal(moved.commands[0].kind, 'xt.transfer');
      assert.equal(await balanceOf(core), 97500n);
      assert.equal(await balanceOf(supplier), 7500n);
      assert.equal(await onChainBalance(supplier.address), 7500n);

      assertError(await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: uncertified.id, amount: '1' } }), 422, 'recipient_not_member', 'toMemberId');
      assertError(await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: suspended.id, amount: '1' } }), 422, 'recipient_not_member', 'toMemberId');
      assertError(await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: core.id, amount: '1' } }), 422, 'self_transfer');
      assertError(
        await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: '00000000-0000-4000-8000-000000000000', amount: '1' } }),
        404,
        'member_not_found',
      );

      // The contract holds the same line: no value to an address that is not a certified member.
      const stranger = getAddress(`0x${randomBytes(20).toString('hex')}`);
      for (const to of [stranger, uncertified.address, suspended.address]) {
        const revert = await simulateRevert(t, { account: core.address, to: token(), abi: settlementTokenAbi as Abi, functionName: 'transfer', args: [to, 1n] });
        assert.equal(revert?.name, 'XtAccountCannotHold', to);
        assert.equal(String(revert?.args.account).toLowerCase(), to.toLowerCase());
      }
      const command = await bypassApi({ signer: core.address, functionName: 'transfer', args: [stranger, 10n] });
      assert.equal(command.status, 'failed');
      assert.equal(command.error.code, 'XtAccountCannotHold');
      assert.equal(await onChainBalance(stranger), 0n);
      assert.equal(await balanceOf(core), 97500n);
    });

    test('insufficient balance is a 422 naming the balance', async () => {
      const r = await post(t, '/v1/xt/transfers', { key: supplier.apiKey, body: { toMemberId: core.id, amount: '7501' } });
      assertError(r, 422, 'insufficient_balance', 'amount');
      assert.equal(r.body.error.details.balance, '7500');
      assertError(await post(t, '/v1/xt/withdrawals', { key: supplier.apiKey, body: { amount: '7501', reference: 'WD-TOO-MUCH' } }), 422, 'insufficient_balance');
      const onChain = await simulateRevert(t, { account: supplier.address, to: token(), abi: settlementTokenAbi as Abi, functionName: 'transfer', args: [core.address, 7501n] });
      assert.equal(onChain?.name, 'ERC20InsufficientBalance');
    });

    test('a withdrawal burns XT and totalSupply drops; a withdrawal reference is used once', async () => {
      const before = BigInt((await balances()).totalSupply);
      const r = await postConfirmed(t, '/v1/xt/withdrawals', { key: core.apiKey, body: { amount: '3000', reference: 'WD-0001' } });
      withdrawn += 3000n;
      assert.equal(r.body.referenceHash, referenceHash('withdrawal', 'WD-0001'));
      assert.equal(await balanceOf(core), 94500n);
      assert.equal(BigInt((await balances()).totalSupply), before - 3000n);
      assert.equal(await onChainSupply(), before - 3000n);
      assertError(await post(t, '/v1/xt/withdrawals', { key: core.apiKey, body: { amount: '1', reference: 'WD-0001' } }), 409, 'withdrawal_reference_used');
      const movements = await t.api('GET', `/v1/xt/movements?memberId=${core.id}&limit=1`, { key: core.apiKey });
      assert.deepEqual(
        movements.body.items.map((m: { kind: string; amount: string; reference: string }) => [m.kind, m.amount, m.reference]),
        [['withdrawal', '3000', 'WD-0001']],
      );
    });

    test('only a bank gateway can deposit (403)', async () => {
      const body = { memberId: core.id, amount: '1000', reference: 'BANK-DEP-0003' };
      assertError(await post(t, '/v1/xt/deposits', { key: core.apiKey, body }), 403, 'forbidden');
      assertError(await post(t, '/v1/xt/deposits', { body }), 403, 'forbidden');
      const viewer = await t.api('POST', `/v1/members/${bank.id}/users`, { key: bank.apiKey, body: { name: 'Bank auditor', role: 'viewer' } });
      assert.equal(viewer.status, 201);
      assertError(await post(t, '/v1/xt/deposits', { key: viewer.body.apiKey, body }), 403, 'forbidden');
      assertError(await post(t, '/v1/xt/deposits', { key: bank.apiKey, body: { ...body, memberId: uncertified.id } }), 422, 'recipient_not_member');
      const onChain = await simulateRevert(t, {
        account: core.address,
        to: token(),
        abi: settlementTokenAbi as Abi,
        functionName: 'deposit',
        args: [core.address, 1000n, referenceHash('deposit', 'BANK-DEP-0003')],
      });
      assert.equal(onChain?.name, 'MemberLacksRole');
      // Refused requests do not use up the reference.
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body });
      deposited += 1000n;
    });

    test('the operator pauses XT: movements fail on-chain with EnforcedPause until it unpauses', async () => {
      assertError(await post(t, '/v1/xt/pause', { key: core.apiKey }), 403, 'forbidden');
      await postConfirmed(t, '/v1/xt/pause');
      assert.equal((await balances()).paused, true);
      assert.equal(await t.client.readContract({ address: token(), abi: settlementTokenAbi, functionName: 'paused' }), true);
      const supplyBefore = (await balances()).totalSupply;
      const [coreBefore, supplierBefore] = [await balanceOf(core), await balanceOf(supplier)];

      const transfer = await post(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: supplier.id, amount: '100' } });
      assert.equal(transfer.status, 202, JSON.stringify(transfer.body));
      assert.equal(transfer.commands[0].status, 'failed');
      assert.equal(transfer.commands[0].error.code, 'EnforcedPause');
      assert.match(transfer.commands[0].error.message, /paused/);

      const depositWhilePaused = await post(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '700', reference: 'BANK-DEP-PAUSED' } });
      assert.equal(depositWhilePaused.status, 202);
      assert.equal(depositWhilePaused.commands[0].error?.code, 'EnforcedPause');
      const withdrawal = await post(t, '/v1/xt/withdrawals', { key: supplier.apiKey, body: { amount: '100', reference: 'WD-PAUSED' } });
      assert.equal(withdrawal.commands[0].error?.code, 'EnforcedPause');
      const pauseAgain = await post(t, '/v1/xt/pause');
      assert.equal(pauseAgain.commands[0].error?.code, 'EnforcedPause');

      assert.equal(await balanceOf(core), coreBefore);
      assert.equal(await balanceOf(supplier), supplierBefore);
      assert.equal((await balances()).totalSupply, supplyBefore);

      await postConfirmed(t, '/v1/xt/unpause');
      assert.equal((await balances()).paused, false);
      await postConfirmed(t, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: supplier.id, amount: '100' } });
      assert.equal(await balanceOf(supplier), supplierBefore + 100n);

      // The deposit that failed while paused never reached the chain: the bank may retry its reference, once.
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '700', reference: 'BANK-DEP-PAUSED' } });
      deposited += 700n;
      assert.equal(await balanceOf(supplier), supplierBefore + 800n);
      assertError(
        await post(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '700', reference: 'BANK-DEP-PAUSED' } }),
        409,
        'deposit_reference_used',
      );
      await postConfirmed(t, '/v1/xt/withdrawals', { key: supplier.apiKey, body: { amount: '100', reference: 'WD-PAUSED' } });
      withdrawn += 100n;
    });

    test('invariant: Σ balances = totalSupply = deposited − withdrawn, in the read model and on-chain', async () => {
      await t.indexer.sync();
      const { rows: state } = await t.db.query<{ total_supply: string; deposited: string; withdrawn: string; paused: boolean }>(
        'SELECT total_supply::text AS total_supply, deposited::text AS deposited, withdrawn::text AS withdrawn, paused FROM xt_state WHERE id = 1',
      );
      const { rows: sum } = await t.db.query<{ total: string; negative: string }>(
        'SELECT COALESCE(sum(balance), 0)::text AS total, count(*) FILTER (WHERE balance < 0)::text AS negative FROM xt_balances',
      );
      const s = state[0]!;
      assert.equal(s.deposited, deposited.toString());
      assert.equal(s.withdrawn, withdrawn.toString());
      assert.equal(s.total_supply, (deposited - withdrawn).toString());
      assert.equal(sum[0]!.total, s.total_supply);
      assert.equal(sum[0]!.negative, '0');
      assert.equal(s.paused, false);

      assert.equal(await onChainSupply(), deposited - withdrawn);
      const api = await balances();
      assert.equal(api.totalSupply, s.total_supply);
      assert.equal(api.items.reduce((total, b) => total + BigInt(b.balance), 0n), deposited - withdrawn);
      for (const b of api.items) assert.equal(await onChainBalance(b.address), BigInt(b.balance), b.address);

      // Movements add up to the same: deposits − withdrawals, and every transfer conserves value.
      const { rows: moves } = await t.db.query<{ kind: string; total: string }>('SELECT kind, sum(amount)::text AS total FROM xt_movements GROUP BY kind');
      const byKind = Object.fromEntries(moves.map((m) => [m.kind, BigInt(m.total)]));
      assert.equal(byKind.deposit, deposited);
      assert.equal(byKind.withdrawal, withdrawn);
    });
  });
}
