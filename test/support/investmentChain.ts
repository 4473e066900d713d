/**
 * The investment contracts on the property tests' fixture (test/properties/setup.ts): a real anvil with the whole
 * suite deployed, plus five certified investors in the consortium holding XT, and helpers to issue receivables and
 * read the listings, pools and governance. The fixture's snapshot is retaken after the investors are added, so each
 * test (or fast-check run) starts from the same chain with `resetToSnapshot()`.
 */
import { decodeEventLog, toHex, type Address, type Hex, type Log } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { addressOf } from '../../src/chain/contracts.ts';
import { p2PListingsAbi, poolGovernanceAbi, tranchedPoolsAbi } from '../../src/modules/investment/generated/index.ts';
import { abi, DAY, id32, lc, ROLE, startFixture, type Actor, type Fixture } from '../properties/setup.ts';

export { abi, DAY, id32, lc, ROLE };
export const INVESTOR_XT = 100_000_000n;

export interface InvestmentFixture extends Fixture {
  investors: Actor[];
  listings: Address;
  pools: Address;
  governance: Address;
}

export function newActor(name: string): Actor {
  const account = privateKeyToAccount(generatePrivateKey());
  return { name, account, address: lc(account.address) };
}

export async function startInvestmentFixture(count = 5): Promise<InvestmentFixture> {
  const f = await startFixture();
  try {
    const { chain, addresses } = f;
    const investors = Array.from({ length: count }, (_, i) => newActor(`investor${i}`));
    for (const a of investors) {
      await f.client.request({ method: 'anvil_setBalance' as never, params: [a.address, toHex(10n ** 24n)] as never });
      await chain.must(f.operator, addresses.registry, abi.registry, 'register', [a.address, id32(`legal:${a.name}`), id32(`docs:${a.name}`)]);
      await chain.must(f.operator, addresses.registry, abi.registry, 'certify', [a.address, ROLE.FUNDER]);
      await chain.must(f.core, addresses.consortia, abi.consortia, 'invite', [f.consortiumId, a.address]);
      await chain.must(a, addresses.consortia, abi.consortia, 'accept', [f.consortiumId]);
      await chain.must(f.gateway, addresses.xt, abi.xt, 'deposit', [a.address, INVESTOR_XT, id32(`investor-deposit:${a.name}`)]);
    }
    await chain.mineAt(chain.now + 1n);
    await chain.takeSnapshot();
    return { ...f, investors, ...investmentAddresses(f) };
  } catch (error) {
    await f.stop();
    throw error;
  }
}

/** Where the suite put the investment contracts. */
function investmentAddresses(f: Fixture): { listings: Address; pools: Address; governance: Address } {
  const at = (name: string) => lc(addressOf(f.deployment, name));
  return { listings: at('P2PListings'), pools: at('TranchedPools'), governance: at('PoolGovernance') };
}

export const TRADE_DEFAULTS = { lateRateBps: 0, maxHops: 5, dayCount: 0 } as const;

/** The core issues a payable of `face` due at `dueDate` to `supplier`; returns the claim id. */
export async function issueClaim(f: Fixture, supplier: Actor, face: bigint, dueDate: bigint, label: string): Promise<bigint> {
  const trade = {
    supplier: supplier.address,
    obligor: f.core.address,
    amount: face,
    dueDate: Number(dueDate),
    ...TRADE_DEFAULTS,
    consortiumId: f.consortiumId,
    invoiceKey: id32(`invoice:${label}`),
    documentsHash: id32(`docs:${label}`),
  };
  await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'issuePayable', [id32(`trade:${label}`), trade]);
  return f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'claimIdFor', args: [f.core.address, trade.invoiceKey] });
}

/** Events of the investment contracts in a transaction's logs. */
export function investmentEvents(logs: Log[]): Array<{ eventName: string; args: Record<string, unknown> }> {
  const out: Array<{ eventName: string; args: Record<string, unknown> }> = [];
  for (const log of logs) {
    for (const items of [p2PListingsAbi, tranchedPoolsAbi, poolGovernanceAbi]) {
      try {
        const d = decodeEventLog({ abi: items, data: log.data, topics: log.topics });
        out.push({ eventName: d.eventName ?? '', args: (d.args ?? {}) as Record<string, unknown> });
        break;
      } catch {
        // not this contract's event
      }
    }
  }
  return out;
}

export const xtBalance = (f: Fixture, who: Address): Promise<bigint> =>
  f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [who] });
export const ctBalance = (f: Fixture, who: Address, id: bigint): Promise<bigint> =>
  f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [who, id] });

export type { Hex };
