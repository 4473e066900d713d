/**
 * Rent per usage hour through the API: the platform picks the two readings that bound the next period's usage, takes
 * each one's Merkle proof against its anchored root from the devices module (findAnchoredReading), and sends the
 * lessee's `LeaseBook.payMeteredRent` with them. The readings are the ones the contract accepts (ADR 020): `from` is
 * the reading billed last (for period 1: the latest taken before the start day ended), `to` the first taken on or
 * after the period's due day (or the one the lessee names). The quote is what the contract computes, at chain time.
 */
import type { Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { ConflictError, RuleViolationError } from '../../common/errors.ts';
import { chainNow } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import type { Principal } from '../identity/index.ts';
import { deviceIdHex, findAnchoredReading, type ReadingLookup, type ReadingSelector } from '../devices/index.ts';
import { enqueue, existingLease, requireLessee, requireMember, requireStatus } from './commands.ts';
import type { UsageRentQuoteView } from './schemas.ts';

const DAY = 86_400;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export interface UsageRentParameters {
  leaseId: Hex;
  /** The reading that ends the period's usage; default: the first taken on or after the due day. */
  toSeq?: bigint;
}

async function anchored(db: Queryable, deviceId: bigint, which: ReadingSelector, field: string, missing: string): Promise<ReadingLookup & { anchor: NonNullable<ReadingLookup['anchor']> }> {
  const found = await findAnchoredReading(db, deviceId, which);
  if (!found) throw new RuleViolationError('UsageReadingMissing', missing, { field });
  if (!found.anchor) {
    throw new ConflictError('ReadingNotAnchored', `reading ${found.reading.seq} of device ${deviceIdHex(deviceId)} is stored but its batch is not anchored yet; try again in a few seconds`, {
      field, seq: found.reading.seq.toString(),
    });
  }
  return found as ReadingLookup & { anchor: NonNullable<ReadingLookup['anchor']> };
}

const contractArg = (r: ReadingLookup & { anchor: NonNullable<ReadingLookup['anchor']> }) => ({
  batchId: r.anchor.batchNumber,
  reading: r.reading,
  signature: r.signature,
  proof: r.anchor.proof,
});

const readingView = (r: ReadingLookup & { anchor: NonNullable<ReadingLookup['anchor']> }) => ({
  seq: r.reading.seq.toString(), time: iso(r.reading.time), usageMilliHours: r.reading.usageMilliHours.toString(), batchNumber: r.anchor.batchNumber.toString(),
  root: r.anchor.root, proof: r.anchor.proof,
});

/** The next period's usage rent as the contract would bill it now, and the call's arguments. */
export async function quoteUsageRent(ctx: ModuleContext, db: Queryable, p: UsageRentParameters) {
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireStatus(p.leaseId, lease.status, [3]);
  if (lease.paidPeriods >= terms.periods) throw new RuleViolationError('RentAllPaid', `every period of lease ${p.leaseId} is paid`, { field: 'leaseId' });
  if (terms.usageRatePerHour === 0n) throw new RuleViolationError('MeterNotUsed', `lease ${p.leaseId} bills no usage hours: pay the fixed rent`, { field: 'leaseId' });
  const period = lease.paidPeriods + 1;
  const dueDate = lease.startDay + period * terms.periodDays * DAY;
  const device = deviceIdHex(terms.deviceId);
  const from = lease.metered
    ? await anchored(db, terms.deviceId, { seq: lease.meterSeq }, 'from', `reading ${lease.meterSeq} of device ${device}, billed last, is not stored on this platform`)
    : await anchored(db, terms.deviceId, { takenBefore: lease.startDay + DAY }, 'from', `device ${device} has no reading taken on or before the lease's start day ${iso(lease.startDay).slice(0, 10)}: its hour meter at the start is unknown`);
  const to = p.toSeq === undefined
    ? await anchored(db, terms.deviceId, { takenAtOrAfter: dueDate }, 'toSeq', `device ${device} has no reading taken on or after ${iso(dueDate).slice(0, 10)}, period ${period}'s due day, yet`)
    : await anchored(db, terms.deviceId, { seq: p.toSeq }, 'toSeq', `device ${device} has no reading ${p.toSeq}`);
  if (to.reading.time < dueDate) {
    throw new RuleViolationError('UsageReadingInvalid', `reading ${to.reading.seq} was taken ${iso(to.reading.time)}, before period ${period}'s due day ${iso(dueDate).slice(0, 10)}`, { field: 'toSeq' });
  }
  if (to.reading.seq <= from.reading.seq || to.reading.usageMilliHours < from.reading.usageMilliHours) {
    throw new RuleViolationError('UsageReadingInvalid', `reading ${to.reading.seq} does not come after reading ${from.reading.seq} (sequence number and hour meter)`, { field: 'toSeq' });
  }
  const used = to.reading.usageMilliHours - from.reading.usageMilliHours;
  const numerator = used * terms.usageRatePerHour + BigInt(lease.usageCarry);
  const usageRent = numerator / 1000n;
  const now = await chainNow(ctx);
  const daysLate = now < dueDate ? 0 : Math.floor((now - dueDate) / DAY);
  const lateInterest = ((terms.rentPerPeriod + usageRent) * BigInt(terms.lateRateBps) * BigInt(daysLate)) / (10_000n * (terms.dayCount === 1 ? 365n : 360n));
  const quote: UsageRentQuoteView = {
    leaseId: p.leaseId.toLowerCase(), period, dueDate: iso(dueDate), from: readingView(from), to: readingView(to), usageMilliHours: used.toString(),
    usageRatePerHour: terms.usageRatePerHour.toString(), usageRent: usageRent.toString(), carryAfter: Number(numerator % 1000n), rent: terms.rentPerPeriod.toString(),
    lateInterest: lateInterest.toString(), daysLate, total: (terms.rentPerPeriod + usageRent + lateInterest).toString(),
  };
  return { quote, lessee: terms.lessee, args: [p.leaseId, contractArg(from), contractArg(to)] as const };
}

/** The lessee pays the next period's rent with its usage part, the readings and proofs assembled by the platform. */
export async function payUsageRent(ctx: ModuleContext, tx: Queryable, by: Principal, p: UsageRentParameters) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireLessee(signer, p.leaseId, terms.lessee);
  requireStatus(p.leaseId, lease.status, [3]);
  const { quote, args } = await quoteUsageRent(ctx, tx, p);
  const { commandIds } = await enqueue(ctx, tx, by, signer, 'LeaseBook', 'payMeteredRent', args);
  return { commandIds, body: { usage: quote } };
}
