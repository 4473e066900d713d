/**
 * End-to-end: stopping the platform and starting it again on the same data directory keeps everything —
 * operator key, contracts (no redeploy), members, balances, nonces — and finishes, exactly once, a command
 * that was accepted just before the stop.
 *
 * PGlite runs embedded under the data directory (the default: no database is passed); PostgreSQL is one
 * database shared by both starts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import { at, suite } from './support/contracts.ts';
import { referenceHash } from '../src/modules/currency/commands.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { SUITE_BUILD } from '../src/chain/deploy.ts';
import { availableTestDatabases } from './support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { assertError, newKey, post, postConfirmed } from './support/e2e.ts';

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

for (const backend of await availableTestDatabases()) {
  describe(`restart on the same data directory (${backend.name})`, () => {
    let dataDir: string;
    let db: Database | undefined;
    let t: TestPlatform | undefined;
    let bank: Onboarded;
    let core: Onboarded;
    let supplier: Onboarded;
    let operatorKey: string;
    let contracts: Record<string, string>;

    /** Starts the platform on the test's data directory (PGlite embedded in it, or the shared PostgreSQL). */
    const start = async () => {
      t = await startTestPlatform({ dataDir, db });
      return t;
    };
    const stop = async () => {
      const running = t;
      t = undefined;
      await running?.close();
    };
    const balance = async (p: TestPlatform, m: Onboarded) => {
      const r = await p.api('GET', `/v1/xt/balances/${m.id}`, { key: m.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return BigInt(r.body.balance);
    };
    const onChainBalance = (p: TestPlatform, address: string) =>
      p.client.readContract({ address: at(p.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'balanceOf', args: [address as Address] });

    before(() => {
      dataDir = mkdtempSync(join(tmpdir(), `tierchain-restart-${backend.name}-`));
    });

    after(async () => {
      await stop();
      await db?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('the second start reuses keys, contracts, members and balances, and new commands continue the nonces', async () => {
      if (backend.name === 'postgres') db = await backend.open();
      let p = await start();
      assert.equal(p.deployedNow, true);
      operatorKey = p.operator.apiKey!;
      contracts = { ...p.deployment.contracts };
      [bank, core, supplier] = await Promise.all([
        onboard(p, { name: 'Restart Bank', registrationNumber: 'RB-1', roles: ['bank_gateway'] }),
        onboard(p, { name: 'Restart Core', registrationNumber: 'RC-1', roles: ['core_enterprise'] }),
        onboard(p, { name: 'Restart Supplier', registrationNumber: 'RS-1', roles: ['supplier'] }),
      ]);
      await postConfirmed(p, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: core.id, amount: '50000', reference: 'RESTART-DEP-1' } });
      const moved = await postConfirmed(p, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: supplier.id, amount: '1200' } });
      const lastCoreNonce = moved.commands[0].nonce as number;
      const { rows: cursorRows } = await p.db.query<{ n: string }>('SELECT max(number)::text AS n FROM indexer_blocks');
      const indexedBefore = BigInt(cursorRows[0]!.n);
      assert.equal(await balance(p, core), 48800n);
      assert.equal(await balance(p, supplier), 1200n);

      await stop();
      p = await start();

      assert.equal(p.deployedNow, false, 'the contracts must not be deployed again');
      assert.deepEqual({ ...p.deployment.contracts }, contracts);
      assert.equal(p.operator.apiKey, operatorKey);
      const me = await p.api('GET', '/v1/me', { key: operatorKey });
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.equal(me.body.isOperator, true);
      assert.ok((await p.indexer.cursor()) >= indexedBefore);

      for (const m of [bank, core, supplier]) {
        const view = await p.api('GET', `/v1/members/${m.id}`, { key: m.apiKey });
        assert.equal(view.status, 200, `${m.id}: ${JSON.stringify(view.body)}`);
        assert.equal(view.body.status, 'certified');
        assert.equal(view.body.address, m.address);
      }
      assert.equal(await balance(p, core), 48800n);
      assert.equal(await balance(p, supplier), 1200n);
      assert.equal(await onChainBalance(p, core.address), 48800n);
      const all = await p.api('GET', '/v1/xt/balances', { key: bank.apiKey });
      assert.equal(all.body.totalSupply, '50000');

      // New commands work, and the signer's nonces carry on from where they were.
      const next = await postConfirmed(p, '/v1/xt/transfers', { key: core.apiKey, body: { toMemberId: supplier.id, amount: '300' } });
      assert.equal(next.commands[0].nonce, lastCoreNonce + 1);
      assert.equal(await p.client.getTransactionCount({ address: core.address as Address }), lastCoreNonce + 2);
      assert.equal(await balance(p, supplier), 1500n);
      await postConfirmed(p, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: supplier.id, amount: '100', reference: 'RESTART-DEP-2' } });
      // References used before the restart stay used.
      assertError(
        await post(p, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: core.id, amount: '1', reference: 'RESTART-DEP-1' } }),
        409,
        'deposit_reference_used',
      );
    });

    test('commands accepted just before the stop are carried out exactly once after the restart', async (context) => {
      let p = t!;
      const supplierBefore = await balance(p, supplier);
      // Accepted (202), then the platform stops at once: nothing waits for these commands.
      const [deposit, onboarding] = await Promise.all([
        p.api('POST', '/v1/xt/deposits', {
          key: bank.apiKey,
          idempotencyKey: newKey('late'),
          body: { memberId: supplier.id, amount: '7000', reference: 'LAST-MINUTE-1' },
        }),
        p.api('POST', '/v1/members', { idempotencyKey: newKey('late'), body: { name: 'Late Joiner', registrationNumber: 'LATE-1', roles: ['supplier'] } }),
      ]);
      assert.equal(deposit.status, 202, JSON.stringify(deposit.body));
      assert.equal(onboarding.status, 202, JSON.stringify(onboarding.body));
      await stop();

      p = await start();
      const ids = [...deposit.body.commands, ...onboarding.body.commands].map((c: { id: string }) => c.id);
      const { rows: atStart } = await p.db.query<{ kind: string; status: string }>('SELECT kind, status FROM commands WHERE id = ANY($1::uuid[]) ORDER BY seq', [ids]);
      const done = await p.settle([...deposit.body.commands, ...onboarding.body.commands]);
      for (const c of done) assert.equal(c.status, 'confirmed', `${c.kind}: ${JSON.stringify(c.error)}`);

      // Exactly once: one Deposited event for the reference, on-chain and in the index; the balance moved once.
      const ref = referenceHash('deposit', 'LAST-MINUTE-1');
      const logs = await p.client.getContractEvents({
        address: at(p.deployment, 'SettlementToken'),
        abi: suite.SettlementToken.abi,
        eventName: 'Deposited',
        args: { depositRef: ref as Hex },
        fromBlock: 0n,
      });
      assert.equal(logs.length, 1);
      const { rows: indexed } = await p.db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM chain_events WHERE event_name = 'Deposited' AND args::json->>'depositRef' = $1",
        [ref],
      );
      assert.equal(indexed[0]!.n, '1');
      assert.equal(await balance(p, supplier), supplierBefore + 7000n);
      assert.equal(await onChainBalance(p, supplier.address), supplierBefore + 7000n);

      // The enterprise onboarded at the last moment is registered once and certified.
      const joiner = onboarding.body.member as { id: string; address: string };
      const view = await p.api('GET', `/v1/members/${joiner.id}`);
      assert.equal(view.body.status, 'certified');
      const { rows: registered } = await p.db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM chain_events WHERE event_name = 'MemberRegistered' AND args::json->>'member' = $1",
        [joiner.address],
      );
      assert.equal(registered[0]!.n, '1');
      const { rows: topUps } = await p.db.query<{ n: string }>("SELECT count(*)::text AS n FROM commands WHERE kind = 'gas.topup' AND to_address = $1", [joiner.address]);
      assert.ok(Number(topUps[0]!.n) <= 1, `${topUps[0]!.n} gas top-ups`);
      const { rows: xtState } = await p.db.query<{ total_supply: string }>('SELECT total_supply::text AS total_supply FROM xt_state');
      assert.equal(xtState[0]!.total_supply, (50000n + 100n + 7000n).toString());
      // What the restart found (for the record: how far the commands had got when the platform stopped).
      context.diagnostic(`at restart: ${atStart.map((c) => `${c.kind}=${c.status}`).join(', ')}`);
    });

    test('contracts deployed from another build are refused with what to do, not used', async () => {
      await stop();
      // The database as the next start will find it: the shared PostgreSQL schema, or PGlite in the data directory.
      const direct = db ?? (await openDatabase({ dir: join(dataDir, 'db') }));
      const setBuild = (build: string | null) => direct.query('UPDATE deployments SET build = $1', [build]);
      try {
        await setBuild('0123456789abcdef-an-older-build');
        if (!db) await direct.close();
        await assert.rejects(start(), /deployed from build 0123456789ab; this version of Tierchain carries build [0-9a-f]{12}.*fresh data directory/);
        const again = db ?? (await openDatabase({ dir: join(dataDir, 'db') }));
        await again.query('UPDATE deployments SET build = NULL');
        if (!db) await again.close();
        await assert.rejects(start(), /an earlier build \(before builds were recorded\)/);
      } finally {
        const restore = db ?? (await openDatabase({ dir: join(dataDir, 'db') }));
        await restore.query('UPDATE deployments SET build = $1', [SUITE_BUILD]);
        if (!db) await restore.close();
      }
      const p = await start();
      assert.equal(p.deployedNow, false);
      assert.deepEqual({ ...p.deployment.contracts }, contracts);
    });
  });
}
