/**
 * A chain for the collateral contracts' tests: a real anvil with the platform's suite deployed (`deploySuite`), a core
 * enterprise's consortium with a pledgor, two funders and a bidder, two certified verifiers, a bank gateway that
 * credited XT, and three collateral classes (inventory with a linear auction, pledge with a stepwise one, margin on
 * XT). Transactions go through test/properties' `Chain` (explicit block timestamps, reverts decoded), so amounts
 * that depend on time are exact. Taken once as a snapshot; `reset()` goes back to it.
 */
import { createPublicClient, http, keccak256, toHex, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startAnvil } from '../../src/chain/anvil.ts';
import { deploySuite } from '../../src/chain/deploy.ts';
import { addressOf } from '../../src/chain/contracts.ts';
import { contractSuite } from '../../src/platform/modules.ts';
import { claimPledgesAbi, collateralVaultAbi, goodsTokenAbi } from '../../src/modules/collateral/generated/index.ts';
import { receivablesAbi } from '../../src/modules/receivables/generated/index.ts';
import { claimLedgerAbi, tierchainLedgerAbi } from '../../src/modules/claims/generated/index.ts';
import { settlementTokenAbi } from '../../src/modules/currency/generated/index.ts';
import { Chain, type Actor, type TxResult } from '../properties/setup.ts';

export const ROLE = { CORE: 1n, SUPPLIER: 2n, DISTRIBUTOR: 4n, FUNDER: 8n, VERIFIER: 16n, BANK: 64n } as const;
export const START = 1_900_000_000n;
export const HOUR = 3_600n;
export const DAY = 86_400n;

/** Class 1: inventory, LTV 60 %, margin 75 %, liquidation 90 %, penalty 2 %, linear auction 110 % → 50 % over 1 h. */
export const INVENTORY = {
  kind: 1, active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000,
  auctionFloorBps: 5000, curve: 0, auctionDuration: 3600, auctionStep: 0, marginGrace: 86_400, defaultGrace: 172_800,
} as const;
/** Class 2: pledge (equipment), LTV 50 %, stepwise auction 100 % → 40 %, a drop every 10 minutes over 1 h. */
export const PLEDGE = { ...INVENTORY, kind: 2, ltvBps: 5000, marginBps: 7000, liquidationBps: 8500, penaltyBps: 500, auctionStartBps: 10000, auctionFloorBps: 4000, curve: 1, auctionStep: 600 } as const;
/** Class 3: margin on an XT deposit, LTV 90 %. */
export const MARGIN = { ...INVENTORY, kind: 3, ltvBps: 9000, marginBps: 9500, liquidationBps: 10000, penaltyBps: 100 } as const;

export const abi = {
  vault: collateralVaultAbi, goods: goodsTokenAbi, ledger: claimLedgerAbi, registry: tierchainLedgerAbi, xt: settlementTokenAbi, receivables: receivablesAbi,
  pledges: claimPledgesAbi,
};

export interface CollateralChain {
  chain: Chain;
  vault: Address;
  goods: Address;
  ledger: Address;
  xt: Address;
  pledges: Address;
  receivables: Address;
  operator: Actor;
  core: Actor;
  pledgor: Actor;
  pledgor2: Actor;
  funders: Actor[];
  bidder: Actor;
  verifier: Actor;
  verifier2: Actor;
  gateway: Actor;
  outsider: Actor;
  consortiumId: Hex;
  /** Sends a vault / goods / ledger / XT call (reverts come back decoded). */
  vaultCall(from: Actor, fn: string, args: readonly unknown[]): Promise<TxResult>;
  goodsCall(from: Actor, fn: string, args: readonly unknown[]): Promise<TxResult>;
  ledgerCall(from: Actor, fn: string, args: readonly unknown[]): Promise<TxResult>;
  receivablesCall(from: Actor, fn: string, args: readonly unknown[]): Promise<TxResult>;
  read<T = any>(target: 'vault' | 'goods' | 'ledger' | 'xt' | 'receivables' | 'pledges', fn: string, args: readonly unknown[]): Promise<T>;
  xtOf(a: Actor | Address): Promise<bigint>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const actor = (name: string): Actor => {
  const account = privateKeyToAccount(generatePrivateKey());
  return { name, account, address: account.address.toLowerCase() as Address };
};
export const id32 = (label: string): Hex => keccak256(toHex(label));

export async function startCollateralChain(): Promise<CollateralChain> {
  const anvil = await startAnvil({ port: 0 });
  try {
    const client = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0 }) });
    // Reads made together (Promise.all) go to the node as one JSON-RPC batch: the property test reads every invariant
    // after every command.
    const reader = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0, batch: { wait: 0, batchSize: 500 } }) });
    const [operator, core, pledgor, pledgor2, f0, f1, bidder, verifier, verifier2, gateway, outsider] = [
      'operator', 'core', 'pledgor', 'pledgor2', 'funder0', 'funder1', 'bidder', 'verifier', 'verifier2', 'gateway', 'outsider',
    ].map(actor) as [Actor, Actor, Actor, Actor, Actor, Actor, Actor, Actor, Actor, Actor, Actor];
    const everyone = [operator, core, pledgor, pledgor2, f0, f1, bidder, verifier, verifier2, gateway, outsider];
    for (const a of everyone) await client.request({ method: 'anvil_setBalance' as never, params: [a.address, toHex(10n ** 24n)] as never });
    const deployment = await deploySuite({
      client,
      operator: { address: operator.address, signTransaction: (tx) => operator.account.signTransaction(tx) },
      chainId: anvil.chainId,
      suite: contractSuite,
      operatorLegalIdHash: id32('legal:operator'),
    });
    const at = (n: string) => addressOf(deployment, n).toLowerCase() as Address;
    const c = {
      vault: at('CollateralVault'), goods: at('GoodsToken'), ledger: at('ClaimLedger'), xt: at('SettlementToken'), registry: at('MemberRegistry'),
      receivables: at('Receivables'), pledges: at('ClaimPledges'),
    };
    const latest = await client.getBlock();
    const chain = new Chain(anvil, client as never, anvil.chainId, latest.timestamp);
    await chain.mineAt(START - 1000n);

    const w = (from: Actor, to: Address, a: any, fn: string, args: readonly unknown[]) => chain.write(from, to, a, fn as never, args as never);
    const must = async (from: Actor, to: Address, a: any, fn: string, args: readonly unknown[]) => {
      const r = await w(from, to, a, fn, args);
      if (!r.ok) throw new Error(`${from.name} ${fn} reverted: ${r.error.name} ${r.error.message}`);
      return r;
    };
    const roles: Array<[Actor, bigint]> = [
      [core, ROLE.CORE], [pledgor, ROLE.DISTRIBUTOR], [pledgor2, ROLE.SUPPLIER], [f0, ROLE.FUNDER], [f1, ROLE.FUNDER], [bidder, ROLE.FUNDER],
      [verifier, ROLE.VERIFIER], [verifier2, ROLE.VERIFIER], [gateway, ROLE.BANK], [outsider, ROLE.SUPPLIER],
    ];
    for (const [m, r] of roles) {
      await must(operator, c.registry, abi.registry, 'register', [m.address, id32(`legal:${m.name}`), id32(`docs:${m.name}`)]);
      await must(operator, c.registry, abi.registry, 'certify', [m.address, r]);
    }
    const consortiumId = id32('consortium:collateral');
    await must(core, c.registry, abi.registry, 'createConsortium', [consortiumId, id32('name:collateral')]);
    for (const m of [pledgor, pledgor2, f0, f1, bidder]) {
      await must(core, c.registry, abi.registry, 'invite', [consortiumId, m.address]);
      await must(m, c.registry, abi.registry, 'accept', [consortiumId]);
    }
    for (const [m, amount] of [[pledgor, 10_000_000n], [pledgor2, 10_000_000n], [bidder, 50_000_000n], [f0, 10_000_000n]] as const) {
      await must(gateway, c.xt, abi.xt, 'deposit', [m.address, amount, id32(`deposit:${m.name}`)]);
    }
    await must(operator, c.vault, abi.vault, 'setClass', [1, INVENTORY]);
    await must(operator, c.vault, abi.vault, 'setClass', [2, PLEDGE]);
    await must(operator, c.vault, abi.vault, 'setClass', [3, MARGIN]);
    // The core enterprise's payables are the receivable claims that pledges lock.
    await must(operator, c.receivables, abi.receivables, 'setCreditLine', [core.address, 100_000_000n]);
    await chain.mineAt(START);
    await chain.takeSnapshot();

    const targets = {
      vault: [c.vault, abi.vault], goods: [c.goods, abi.goods], ledger: [c.ledger, abi.ledger], xt: [c.xt, abi.xt],
      receivables: [c.receivables, abi.receivables], pledges: [c.pledges, abi.pledges],
    } as const;
    return {
      chain, vault: c.vault, goods: c.goods, ledger: c.ledger, xt: c.xt, pledges: c.pledges, receivables: c.receivables,
      operator, core, pledgor, pledgor2, funders: [f0, f1], bidder, verifier, verifier2, gateway, outsider, consortiumId,
      vaultCall: (from, fn, args) => w(from, c.vault, abi.vault, fn, args),
      goodsCall: (from, fn, args) => w(from, c.goods, abi.goods, fn, args),
      ledgerCall: (from, fn, args) => w(from, c.ledger, abi.ledger, fn, args),
      receivablesCall: (from, fn, args) => w(from, c.receivables, abi.receivables, fn, args),
      read: (t, fn, args) => reader.readContract({ address: targets[t][0], abi: targets[t][1] as any, functionName: fn, args } as never) as never,
      xtOf: (a) => reader.readContract({ address: c.xt, abi: abi.xt, functionName: 'balanceOf', args: [typeof a === 'string' ? a : a.address] }),
      reset: () => chain.resetToSnapshot(),
      stop: () => anvil.stop(),
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
