import { keccak256, toHex, type Address, type Hex } from 'viem';
import { contractSuite } from '../../src/platform/modules.ts';
import type { BenchChain, Wallet } from './chain.ts';

const ledgerAbi = contractSuite.abi('ClaimLedger');
const xtAbi = contractSuite.abi('SettlementToken');
const devicesAbi = contractSuite.abi('DeviceRegistry');
const leaseBookAbi = contractSuite.abi('LeaseBook');
const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
/** Role bits of contracts/libraries/MemberRoles.sol. */
const ROLE = { funder: 8n, manufacturer: 1n << 9n, lessee: 1n << 10n, investor: 1n << 11n } as const;
const DAY = 86_400;
/** LeaseBook.MAX_INVESTORS: the most recipients a lease's payment has among investors. */
const MAX_INVESTORS = 20;

export interface LeasingGas {
  /** LeaseBook.propose: the device into custody, the lease's terms, its investment claim defined. */
  proposeLease: number;
  /** (payRent with 20 investors − payRent with 1) / 19: what one more investor costs a rent payment (its part computed, transferred, announced). */
  rentSplitPerRecipient: number;
  /** payRent of a lease with one investor and no provider (the platform's and the investor's parts). */
  payRentOneInvestor: number;
}

export interface LeasingGasParameters {
  chain: BenchChain;
  operator: Wallet;
  /** The consortium's core enterprise (it invites the new members). */
  core: Wallet;
  bank: Wallet;
  consortiumId: Hex;
  addresses: { ledger: Address; xt: Address; devices: Address; leaseBook: Address };
  progress: (step: string, detail?: string) => void;
}

/**
 * Gas of the lease book on the bench's suite: a manufacturer, a lessee and 20 investors onboarded in bulk; two leases of
 * the same terms, one funded by one investor and one by twenty; the first rent of each paid on its due day.
 */
export async function measureLeasingGas(p: LeasingGasParameters): Promise<LeasingGas> {
  const { chain, operator, core, bank, consortiumId, addresses: a, progress } = p;
  const g = (r: { gasUsed: bigint }) => Number(r.gasUsed);
  const [maker, lessee] = await chain.wallets('leasing-parties', 2);
  const investors = await chain.wallets('leasing-investors', MAX_INVESTORS);
  const everyone: Array<[Wallet, bigint]> = [[maker!, ROLE.manufacturer], [lessee!, ROLE.lessee], ...investors.map((w) => [w, ROLE.funder | ROLE.investor] as [Wallet, bigint])];
  const phase = async (label: string, txs: Promise<Hex>[]) => chain.bulk(`leasing: ${label}`, await Promise.all(txs));
  await phase('register', everyone.map(([w]) => chain.sign(operator, a.ledger, ledgerAbi, 'register', [w.address, keccak256(toHex(`bench:leasing:${w.address}`)), ZERO32])));
  await phase('certify', everyone.map(([w, r]) => chain.sign(operator, a.ledger, ledgerAbi, 'certify', [w.address, r])));
  await phase('invite', everyone.map(([w]) => chain.sign(core, a.ledger, ledgerAbi, 'invite', [consortiumId, w.address])));
  await phase('accept', everyone.map(([w]) => chain.sign(w, a.ledger, ledgerAbi, 'accept', [consortiumId])));
  await phase('deposit XT', [lessee!, ...investors].map((w) => chain.sign(bank, a.xt, xtAbi, 'deposit', [w.address, 10n ** 12n, keccak256(toHex(`bench:leasing-xt:${w.address}`))])));

  const lease = async (label: string, funders: Wallet[]) => {
    const deviceId = (await chain.client.readContract({ address: a.devices, abi: devicesAbi, functionName: 'deviceIdFor', args: [maker!.address, `BENCH-${label}`] })) as bigint;
    const deviceKey = (await chain.wallets(`leasing-device-${label}`, 1))[0]!.address;
    await chain.call(maker!, a.devices, devicesAbi, 'register', ['cnc-mill', 'BENCH-500', `BENCH-${label}`, keccak256(toHex(label)), deviceKey, 100_000n]);
    await chain.call(maker!, a.devices, devicesAbi, 'approve', [a.leaseBook, deviceId]);
    const leaseId = keccak256(toHex(`bench:lease:${label}`));
    const price = 2_000_000n;
    const terms = {
      deviceId, lessee: lessee!.address, consortiumId, price, rentPerPeriod: 100_007n, usageRatePerHour: 0n, deposit: 10_000n, periodDays: 30, periods: 12,
      lateRateBps: 1_000, dayCount: 0, fundingDeadline: (await chain.now()) + 10 * DAY,
    };
    const proposed = g(await chain.call(maker!, a.leaseBook, leaseBookAbi, 'propose', [leaseId, terms, []]));
    await chain.call(lessee!, a.leaseBook, leaseBookAbi, 'accept', [leaseId]);
    const share = price / BigInt(funders.length);
    for (const [i, w] of funders.entries()) await chain.call(w, a.leaseBook, leaseBookAbi, 'fund', [leaseId, i === funders.length - 1 ? price - share * BigInt(i) : share]);
    return { leaseId, proposed };
  };
  const one = await lease('one', investors.slice(0, 1));
  const many = await lease('many', investors);
  await chain.increaseTime(30 * DAY);
  const payRentOneInvestor = g(await chain.call(lessee!, a.leaseBook, leaseBookAbi, 'payRent', [one.leaseId]));
  const payRentMany = g(await chain.call(lessee!, a.leaseBook, leaseBookAbi, 'payRent', [many.leaseId]));
  const rentSplitPerRecipient = Math.round((payRentMany - payRentOneInvestor) / (MAX_INVESTORS - 1));
  progress('leasing', `propose ${one.proposed.toLocaleString('en-US')} gas; payRent with 1 investor ${payRentOneInvestor.toLocaleString('en-US')}, with ${MAX_INVESTORS} ${payRentMany.toLocaleString('en-US')}: ${rentSplitPerRecipient.toLocaleString('en-US')} per recipient`);
  return { proposeLease: one.proposed, rentSplitPerRecipient, payRentOneInvestor };
}
