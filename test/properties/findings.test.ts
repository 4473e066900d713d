/**
 * Contract defects found by the property tests, each as a minimal reproduction that asserts the intended
 * behaviour. They failed before the fixes in ClaimLedger._update (zero transfers refused; platform contracts never
 * hold claims) and now guard against a regression.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address } from 'viem';
import { abi, DAY, id32, startFixture, type Actor, type Fixture } from './setup.ts';

describe('contract findings (reproductions)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f?.stop();
  });
  beforeEach(async () => {
    await f.chain.resetToSnapshot();
  });

  async function issue(label: string, to: Actor, amount: bigint, maxHops: number): Promise<bigint> {
    const invoiceKey = id32(`invoice:${label}`);
    const trade = {
      supplier: to.address,
      obligor: f.core.address,
      amount,
      dueDate: Number(f.chain.now + 30n * DAY),
      lateRateBps: 0,
      maxHops,
      dayCount: 0,
      consortiumId: f.consortiumId,
      invoiceKey,
      documentsHash: id32(`document:${label}`),
    };
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'issuePayable', [id32(`trade:${label}`), trade]);
    return f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'claimIdFor', args: [f.core.address, invoiceKey] });
  }
  const hopsOf = (holder: Address, id: bigint) =>
    f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'hopsOf', args: [holder, id] });

  test(
    'a zero-amount transfer by a non-holder does not use up the recipient’s transfer depth',
    async () => {
      const [victim, buyer] = f.suppliers as [Actor, Actor];
      const id = await issue('grief', victim, 1_000n, 1);
      // The outsider is certified but not in the consortium and holds nothing of this claim.
      const zero = await f.chain.write(f.outsider, f.addresses.ledger, abi.ledger, 'transfer', [victim.address, id, 0n]);
      const hops = await hopsOf(victim.address, id);
      const sale = await f.chain.write(victim, f.addresses.ledger, abi.ledger, 'transfer', [buyer.address, id, 10n]);
      assert.ok(
        sale.ok,
        `zero transfer ${zero.ok ? 'succeeded' : `reverted (${zero.error.name})`}, victim hops now ${hops}; ` +
          `the victim's own transfer then ${sale.ok ? 'succeeded' : `reverted with ${sale.error.name}`}`,
      );
    },
  );

  test(
    'a member cannot park claims in a platform contract that can never move or account for them',
    async () => {
      const [holder] = f.suppliers as [Actor];
      const id = await issue('park', holder, 1_000n, 3);
      for (const [name, target] of [
        ['ClaimMarket', f.addresses.market],
        ['Receivables', f.addresses.receivables],
      ] as const) {
        const r = await f.chain.write(holder, f.addresses.ledger, abi.ledger, 'transfer', [target, id, 100n]);
        assert.ok(!r.ok && r.error.name === 'RecipientNotAllowed', `transfer of 100 units to ${name}: ${r.ok ? 'succeeded' : r.error.name}`);
      }
    },
  );
});
