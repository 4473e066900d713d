/**
 * What the leasing pre-checks read on-chain, so a refused request is a clear 4xx at once; the contracts still decide
 * (a lost race is a failed command with the same error name as its code).
 */
import type { Address, Hex } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { leaseBook, serviceProviders } from './contracts.ts';

const read = <T>(ctx: ModuleContext, p: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }) =>
  chainRead(ctx, ctx.client.readContract(p as never) as Promise<T>);

export const isCertifiedProvider = (ctx: ModuleContext, account: string, kind: number) => {
  const c = serviceProviders(ctx);
  return read<boolean>(ctx, { address: c.address, abi: c.abi, functionName: 'isCertified', args: [account, kind] });
};

export const serviceOnChain = (ctx: ModuleContext, serviceId: Hex) => {
  const c = serviceProviders(ctx);
  return read<{ provider: Address; client: Address; kind: number; rating: number; completedAt: number; leaseId: Hex }>(ctx, {
    address: c.address, abi: c.abi, functionName: 'service', args: [serviceId],
  });
};

export interface LeaseOnChain {
  lessor: Address;
  status: number;
  startDay: number;
  paidPeriods: number;
  raised: bigint;
  salvageValue: bigint;
  metered: boolean;
  meterSeq: bigint;
  meterMilliHours: bigint;
  usageCarry: number;
  collected: bigint;
}

export const leaseOnChain = (ctx: ModuleContext, leaseId: Hex) => {
  const c = leaseBook(ctx);
  return read<LeaseOnChain>(ctx, { address: c.address, abi: c.abi, functionName: 'lease', args: [leaseId] });
};

export const leaseTermsOnChain = (ctx: ModuleContext, leaseId: Hex) => {
  const c = leaseBook(ctx);
  return read<{
    deviceId: bigint; lessee: Address; price: bigint; rentPerPeriod: bigint; usageRatePerHour: bigint; deposit: bigint; periodDays: number; periods: number; lateRateBps: number;
    dayCount: number; fundingDeadline: number;
  }>(ctx, {
    address: c.address, abi: c.abi, functionName: 'termsOf', args: [leaseId],
  });
};

export const rentDueOnChain = async (ctx: ModuleContext, leaseId: Hex) => {
  const c = leaseBook(ctx);
  const [period, dueDate, rent, lateInterest, daysLate] = await read<[number, number, bigint, bigint, number]>(ctx, {
    address: c.address, abi: c.abi, functionName: 'rentDue', args: [leaseId],
  });
  return { period, dueDate, rent, lateInterest, daysLate };
};
