/**
 * The leasing contracts on the investment fixture (test/support/investmentChain.ts): a real anvil with the whole suite,
 * plus a manufacturer (the lessor), a lessee holding XT, two certified service providers, and helpers to register a
 * device, anchor signed readings and propose a lease. The snapshot is retaken after the set-up, so each test (or
 * fast-check run) starts from the same chain with `resetToSnapshot()`.
 */
import { decodeEventLog, encodeAbiParameters, keccak256, toHex, type Address, type Hex, type Log } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { addressOf } from '../../src/chain/contracts.ts';
import { leaseBookAbi, serviceProvidersAbi } from '../../src/modules/leasing/generated/index.ts';
import { deviceRegistryAbi, telemetryAnchorAbi } from '../../src/modules/devices/generated/index.ts';
import { abi, DAY, id32, lc, newActor, startInvestmentFixture, type InvestmentFixture } from './investmentChain.ts';
import type { Actor } from '../properties/setup.ts';

export { abi, DAY, id32, lc };
export const LESSEE_XT = 50_000_000n;
export const ROLE = { manufacturer: 1n << 9n, lessee: 1n << 10n, investor: 1n << 11n, serviceProvider: 1n << 12n } as const;
export const KIND = { certification: 1, inspection: 2, insurance: 4, maintenance: 8, financial: 16 } as const;

export interface LeasingFixture extends InvestmentFixture {
  manufacturer: Actor;
  lessee: Actor;
  providers: Actor[];
  leaseBook: Address;
  serviceProviders: Address;
  devices: Address;
  telemetry: Address;
}

export async function startLeasingFixture(investors = 4): Promise<LeasingFixture> {
  const f = await startInvestmentFixture(investors);
  try {
    const { chain, addresses } = f;
    const at = (name: string) => lc(addressOf(f.deployment, name));
    const manufacturer = newActor('manufacturer');
    const lessee = newActor('lessee');
    const providers = [newActor('maintainer'), newActor('insurer')];
    for (const a of [manufacturer, lessee, ...providers]) {
      await f.client.request({ method: 'anvil_setBalance' as never, params: [a.address, toHex(10n ** 24n)] as never });
      await chain.must(f.operator, addresses.registry, abi.registry, 'register', [a.address, id32(`legal:${a.name}`), id32(`docs:${a.name}`)]);
      await chain.must(f.operator, addresses.registry, abi.registry, 'certify', [a.address, a === manufacturer ? ROLE.manufacturer : a === lessee ? ROLE.lessee : ROLE.serviceProvider]);
      await chain.must(f.core, addresses.consortia, abi.consortia, 'invite', [f.consortiumId, a.address]);
      await chain.must(a, addresses.consortia, abi.consortia, 'accept', [f.consortiumId]);
    }
    await chain.must(f.gateway, addresses.xt, abi.xt, 'deposit', [lessee.address, LESSEE_XT, id32('lessee-deposit')]);
    const serviceProviders = at('ServiceProviders');
    await chain.must(f.operator, serviceProviders, serviceProvidersAbi, 'certify', [providers[0]!.address, KIND.maintenance | KIND.inspection]);
    await chain.must(f.operator, serviceProviders, serviceProvidersAbi, 'certify', [providers[1]!.address, KIND.insurance]);
    await chain.mineAt(chain.now + 1n);
    await chain.takeSnapshot();
    return { ...f, manufacturer, lessee, providers, leaseBook: at('LeaseBook'), serviceProviders, devices: at('DeviceRegistry'), telemetry: at('TelemetryAnchor') };
  } catch (error) {
    await f.stop();
    throw error;
  }
}

export interface Device {
  id: bigint;
  key: PrivateKeyAccount;
}

/** The manufacturer registers a device (its own signing key generated here). */
export async function registerDevice(f: LeasingFixture, serial: string, salvageValue: bigint): Promise<Device> {
  const key = privateKeyToAccount(generatePrivateKey());
  const r = await f.chain.must(f.manufacturer, f.devices, deviceRegistryAbi, 'register', ['cnc-mill', 'CM-500', serial, id32(`spec:${serial}`), key.address, salvageValue]);
  for (const log of r.logs) {
    try {
      const d = decodeEventLog({ abi: deviceRegistryAbi, data: log.data, topics: log.topics });
      if (d.eventName === 'DeviceRegistered') return { id: (d.args as { id: bigint }).id, key };
    } catch {
      // another contract's event
    }
  }
  throw new Error('no DeviceRegistered event');
}

/** The lessor lets the book take the device into custody (ERC-721 approve), then proposes the lease. */
export async function proposeLease(f: LeasingFixture, leaseId: Hex, terms: LeaseTerms, providers: Array<{ account: Address; kind: number; bps: number }>) {
  await f.chain.must(f.manufacturer, f.devices, deviceRegistryAbi, 'approve', [f.leaseBook, terms.deviceId]);
  return f.chain.must(f.manufacturer, f.leaseBook, leaseBookAbi, 'propose', [leaseId, terms, providers]);
}

export interface Reading {
  deviceId: bigint;
  seq: bigint;
  time: number;
  usageMilliHours: bigint;
  latE6: number;
  lonE6: number;
  status: number;
}

/** keccak256(abi.encode(reading)) as ITelemetryAnchor documents it. */
export const readingHash = (r: Reading): Hex =>
  keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'uint64' }, { type: 'uint40' }, { type: 'uint64' }, { type: 'int32' }, { type: 'int32' }, { type: 'uint8' }],
      [r.deviceId, r.seq, r.time, r.usageMilliHours, r.latE6, r.lonE6, r.status],
    ),
  );
const leafOf = (hash: Hex, signature: Hex): Hex => keccak256(keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [hash, keccak256(signature)])));
const pair = (a: Hex, b: Hex): Hex => keccak256(`0x${(BigInt(a) < BigInt(b) ? a + b.slice(2) : b + a.slice(2)).slice(2)}` as Hex);

export interface AnchoredReading {
  batchId: bigint;
  reading: Reading;
  signature: Hex;
  proof: Hex[];
}

/** Signs `readings` with the device key, anchors them as one batch of two leaves or one, returns each with its proof. */
export async function anchorReadings(f: LeasingFixture, device: Device, readings: [Reading] | [Reading, Reading]): Promise<AnchoredReading[]> {
  const signed = await Promise.all(readings.map(async (r) => ({ r, signature: await device.key.signMessage({ message: { raw: readingHash(r) } }) })));
  const leaves = signed.map((s) => leafOf(readingHash(s.r), s.signature));
  const root = leaves.length === 1 ? leaves[0]! : pair(leaves[0]!, leaves[1]!);
  const times = readings.map((r) => r.time);
  const r = await f.chain.must(f.operator, f.telemetry, telemetryAnchorAbi, 'anchor', [root, readings.length, Math.min(...times), Math.max(...times)]);
  let batchId = 0n;
  for (const log of r.logs) {
    try {
      const d = decodeEventLog({ abi: telemetryAnchorAbi, data: log.data, topics: log.topics });
      if (d.eventName === 'BatchAnchored') batchId = (d.args as { batchId: bigint }).batchId;
    } catch {
      // another contract's event
    }
  }
  return signed.map((s, i) => ({ batchId, reading: s.r, signature: s.signature, proof: leaves.length === 1 ? [] : [leaves[1 - i]!] }));
}

export interface LeaseTerms {
  deviceId: bigint;
  lessee: Address;
  consortiumId: Hex;
  price: bigint;
  rentPerPeriod: bigint;
  usageRatePerHour: bigint;
  deposit: bigint;
  periodDays: number;
  periods: number;
  lateRateBps: number;
  dayCount: number;
  fundingDeadline: number;
}

export const defaultTerms = (f: LeasingFixture, deviceId: bigint, over: Partial<LeaseTerms> = {}): LeaseTerms => ({
  deviceId, lessee: f.lessee.address, consortiumId: f.consortiumId, price: 1_000_000n, rentPerPeriod: 100_007n, usageRatePerHour: 0n, deposit: 50_000n,
  periodDays: 30, periods: 3, lateRateBps: 1_800, dayCount: 0, fundingDeadline: Number(f.chain.now + 10n * DAY), ...over,
});

/** Events of the leasing contracts in a transaction's logs. */
export function leasingEvents(logs: Log[]): Array<{ eventName: string; args: Record<string, unknown> }> {
  const out: Array<{ eventName: string; args: Record<string, unknown> }> = [];
  for (const log of logs) {
    for (const items of [leaseBookAbi, serviceProvidersAbi]) {
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
