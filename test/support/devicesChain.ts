/**
 * A chain for the device contracts' tests: a real anvil with the platform's suite deployed (`deploySuite`), two
 * certified manufacturers, a lessee, a bank gateway that credited the manufacturers XT, and an outsider (registered,
 * never certified). Transactions go through test/properties' `Chain` (reverts decoded). Taken once as a snapshot;
 * `reset()` goes back to it.
 */
import { createPublicClient, http, toHex, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startAnvil } from '../../src/chain/anvil.ts';
import { deploySuite } from '../../src/chain/deploy.ts';
import { addressOf } from '../../src/chain/contracts.ts';
import { contractSuite } from '../../src/platform/modules.ts';
import { memberRoles } from '../../src/modules/identity/index.ts';
import { deviceRegistryAbi, telemetryAnchorAbi } from '../../src/modules/devices/generated/index.ts';
import { tierchainLedgerAbi } from '../../src/modules/claims/generated/index.ts';
import { settlementTokenAbi } from '../../src/modules/currency/generated/index.ts';
import { Chain, id32, type Actor, type TxResult } from '../properties/setup.ts';

export const abi = { devices: deviceRegistryAbi, anchor: telemetryAnchorAbi, registry: tierchainLedgerAbi, xt: settlementTokenAbi };
export const MANUFACTURER_XT = 5_000_000n;

export interface DevicesChain {
  chain: Chain;
  devices: Address;
  anchor: Address;
  operator: Actor;
  maker: Actor;
  maker2: Actor;
  lessee: Actor;
  outsider: Actor;
  call(target: 'devices' | 'anchor', from: Actor, fn: string, args: readonly unknown[]): Promise<TxResult>;
  read<T = any>(target: 'devices' | 'anchor' | 'xt', fn: string, args: readonly unknown[]): Promise<T>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const actor = (name: string): Actor => {
  const account = privateKeyToAccount(generatePrivateKey());
  return { name, account, address: account.address.toLowerCase() as Address };
};

export async function startDevicesChain(): Promise<DevicesChain> {
  const anvil = await startAnvil({ port: 0 });
  try {
    const client = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0 }) });
    const [operator, maker, maker2, lessee, gateway, outsider] = ['operator', 'maker', 'maker2', 'lessee', 'gateway', 'outsider'].map(actor) as [Actor, Actor, Actor, Actor, Actor, Actor];
    for (const a of [operator, maker, maker2, lessee, gateway, outsider]) {
      await client.request({ method: 'anvil_setBalance' as never, params: [a.address, toHex(10n ** 24n)] as never });
    }
    const deployment = await deploySuite({
      client,
      operator: { address: operator.address, signTransaction: (tx) => operator.account.signTransaction(tx) },
      chainId: anvil.chainId,
      suite: contractSuite,
      operatorLegalIdHash: id32('legal:operator'),
    });
    const at = (n: string) => addressOf(deployment, n).toLowerCase() as Address;
    const c = { devices: at('DeviceRegistry'), anchor: at('TelemetryAnchor'), registry: at('MemberRegistry'), xt: at('SettlementToken') };
    const chain = new Chain(anvil, client as never, anvil.chainId, (await client.getBlock()).timestamp);
    const roles: Array<[Actor, number]> = [
      [maker, memberRoles.manufacturer], [maker2, memberRoles.manufacturer], [lessee, memberRoles.lessee], [gateway, memberRoles.bank_gateway],
    ];
    for (const [m, r] of roles) {
      await chain.must(operator, c.registry, abi.registry, 'register', [m.address, id32(`legal:${m.name}`), id32(`docs:${m.name}`)]);
      await chain.must(operator, c.registry, abi.registry, 'certify', [m.address, BigInt(r)]);
    }
    await chain.must(operator, c.registry, abi.registry, 'register', [outsider.address, id32('legal:outsider'), id32('docs:outsider')]);
    for (const m of [maker, maker2]) await chain.must(gateway, c.xt, abi.xt, 'deposit', [m.address, MANUFACTURER_XT, id32(`deposit:${m.name}`)]);
    await chain.takeSnapshot();
    const targets = { devices: [c.devices, abi.devices], anchor: [c.anchor, abi.anchor], xt: [c.xt, abi.xt] } as const;
    return {
      chain, devices: c.devices, anchor: c.anchor, operator, maker, maker2, lessee, outsider,
      call: (t, from, fn, args) => chain.write(from, targets[t][0], targets[t][1] as any, fn as never, args as never),
      read: (t, fn, args) => client.readContract({ address: targets[t][0], abi: targets[t][1] as any, functionName: fn, args } as never) as never,
      reset: () => chain.resetToSnapshot(),
      stop: () => anvil.stop(),
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
