/**
 * Leasing commands: providers certified and services rated; leases proposed, accepted, funded, paid and ended; the
 * marketplace's requests, device offers and capital. Each checks what it can off-chain for a clear 4xx, then enqueues
 * the contract call in the outbox; the contract stays the authority (a lost race fails the command with the same
 * error name as its `code`).
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { chainNow } from '../../chain/reads.ts';
import { hasRole, requireActingUser, type Principal } from '../identity/index.ts';
import { deviceRegistry } from '../devices/index.ts';
import { chainRead } from '../../chain/reads.ts';
import { LEASE_STATUSES, leaseBook, SERVICE_KINDS, serviceProviders } from './contracts.ts';
import { isCertifiedProvider, leaseOnChain, leaseTermsOnChain, serviceOnChain } from './chain.ts';
import type { ServiceKindName } from './schemas.ts';

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const STATUS = LEASE_STATUSES;

export function requireMember(by: Principal): Address {
  requireActingUser(by);
  if (!by.memberAddress) throw new ForbiddenError('only a member can do that');
  return by.memberAddress.toLowerCase() as Address;
}

const kindBits = (kinds: readonly ServiceKindName[]) => kinds.reduce((bits, k) => bits | SERVICE_KINDS[k], 0);

export function enqueue(ctx: ModuleContext, tx: Queryable, by: Principal, signer: Address, target: 'ServiceProviders' | 'LeaseBook', functionName: string, args: readonly unknown[]) {
  return enqueueCommands(tx, [
    contractCall({
      kind: `leasing.${functionName}`,
      signer,
      target: target === 'LeaseBook' ? leaseBook(ctx) : serviceProviders(ctx),
      functionName,
      args,
      requestedBy: by.userId,
    }),
  ]).then((commandIds) => ({ commandIds }));
}

/** The operator certifies a member as a provider of some kinds of service. */
export async function certifyProvider(ctx: ModuleContext, tx: Queryable, by: Principal, p: { provider: Address; kinds: ServiceKindName[] }) {
  requireActingUser(by);
  if (!by.isOperator) throw new ForbiddenError('only the platform operator certifies service providers', {}, 'NotProvidersOperator');
  return enqueue(ctx, tx, by, ctx.operator, 'ServiceProviders', 'certify', [p.provider.toLowerCase(), kindBits(p.kinds)]);
}

/** A certified provider records a service it completed for a member (the member then rates it). */
export async function recordService(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { serviceId: Hex; client: Address; kind: ServiceKindName; leaseId?: Hex; reportHash: Hex },
) {
  const signer = requireMember(by);
  if (!(await isCertifiedProvider(ctx, signer, SERVICE_KINDS[p.kind]))) {
    throw new ForbiddenError(`your enterprise is not a provider certified for ${p.kind}`, { field: 'kind' }, 'ProviderNotCertified');
  }
  if (p.client.toLowerCase() === signer) throw new RuleViolationError('ServiceClientInvalid', 'a provider cannot serve itself', { field: 'client' });
  if ((await serviceOnChain(ctx, p.serviceId)).provider !== '0x0000000000000000000000000000000000000000') {
    throw new ConflictError('ServiceExists', `service ${p.serviceId} is already recorded`, { field: 'serviceId' });
  }
  return enqueue(ctx, tx, by, signer, 'ServiceProviders', 'recordService', [p.serviceId, p.client.toLowerCase(), SERVICE_KINDS[p.kind], p.leaseId ?? ZERO32, p.reportHash]);
}

/** The party served rates a service, once. */
export async function rateService(ctx: ModuleContext, tx: Queryable, by: Principal, p: { serviceId: Hex; score: number }) {
  const signer = requireMember(by);
  const s = await serviceOnChain(ctx, p.serviceId);
  if (s.provider === '0x0000000000000000000000000000000000000000') throw new RuleViolationError('ServiceUnknown', `there is no service ${p.serviceId}`, { field: 'serviceId' });
  if (s.client.toLowerCase() !== signer) {
    throw new ForbiddenError(`only the party served (${s.client.toLowerCase()}) rates service ${p.serviceId}`, { field: 'serviceId' }, 'NotServedParty');
  }
  if (s.rating !== 0) throw new ConflictError('ServiceAlreadyRated', `service ${p.serviceId} was already rated (${s.rating} of 5); a service is rated once`, { field: 'serviceId' });
  return enqueue(ctx, tx, by, signer, 'ServiceProviders', 'rate', [p.serviceId, p.score]);
}

export interface ProposeLeaseParameters {
  leaseId: Hex;
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
  dayCount: 0 | 1;
  fundingDeadline: Date;
  providers: Array<{ account: Address; kind: ServiceKindName; bps: number }>;
}

/** The device's owner proposes a lease of it to a lessee (the device goes into the lease book's custody). */
export async function proposeLease(ctx: ModuleContext, tx: Queryable, by: Principal, p: ProposeLeaseParameters) {
  const signer = requireMember(by);
  if ((await leaseOnChain(ctx, p.leaseId)).status !== 0) throw new ConflictError('LeaseExists', `lease ${p.leaseId} already exists`, { field: 'leaseId' });
  const owner = await chainRead(ctx, ctx.client.readContract({ ...deviceRegistry(ctx), functionName: 'ownerOf', args: [p.deviceId] }));
  if (owner.toLowerCase() !== signer) throw new ForbiddenError(`device ${p.deviceId} is owned by ${owner.toLowerCase()}, not by your enterprise`, { field: 'deviceId' }, 'NotLessor');
  if (p.lessee.toLowerCase() === signer || !(await hasRole(ctx, p.lessee, 'lessee'))) {
    throw new RuleViolationError('LeaseTermsInvalid', 'the lessee must be another member, certified as a lessee', { field: 'lessee' });
  }
  if (p.rentPerPeriod === 0n && p.usageRatePerHour === 0n) {
    throw new RuleViolationError('LeaseTermsInvalid', 'a lease needs a fixed rent, a usage rate, or both', { field: 'rentPerPeriod' });
  }
  if (p.fundingDeadline.getTime() <= (await chainNow(ctx)) * 1000) {
    throw new RuleViolationError('LeaseTermsInvalid', 'the funding deadline must be in the future', { field: 'fundingDeadline' });
  }
  for (const [i, s] of p.providers.entries()) {
    if (!(await isCertifiedProvider(ctx, s.account, SERVICE_KINDS[s.kind]))) {
      throw new RuleViolationError('ProviderNotCertifiedFor', `${s.account} is not certified for ${s.kind}`, { field: `providers.${i}.account` });
    }
  }
  const terms = {
    deviceId: p.deviceId,
    lessee: p.lessee.toLowerCase(),
    consortiumId: p.consortiumId,
    price: p.price,
    rentPerPeriod: p.rentPerPeriod,
    usageRatePerHour: p.usageRatePerHour,
    deposit: p.deposit,
    periodDays: p.periodDays,
    periods: p.periods,
    lateRateBps: p.lateRateBps,
    dayCount: p.dayCount,
    fundingDeadline: Math.floor(p.fundingDeadline.getTime() / 1000),
  };
  const providers = p.providers.map((s) => ({ account: s.account.toLowerCase(), kind: SERVICE_KINDS[s.kind], bps: s.bps }));
  // The book takes the device into custody with transferFrom: the lessor approves it for this device first (two
  // commands of one signer, sent in order).
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'leasing.approveDevice', signer, target: deviceRegistry(ctx), functionName: 'approve', args: [leaseBook(ctx).address, p.deviceId], requestedBy: by.userId }),
    contractCall({ kind: 'leasing.propose', signer, target: leaseBook(ctx), functionName: 'propose', args: [p.leaseId, terms, providers], requestedBy: by.userId }),
  ]);
  return { commandIds };
}

export async function existingLease(ctx: ModuleContext, leaseId: Hex) {
  const l = await leaseOnChain(ctx, leaseId);
  if (l.status === 0) throw new RuleViolationError('LeaseNotFound', `there is no lease ${leaseId}`, { field: 'leaseId' });
  return { lease: l, terms: await leaseTermsOnChain(ctx, leaseId) };
}

export function requireLessee(signer: Address, leaseId: Hex, lessee: Address) {
  if (lessee.toLowerCase() !== signer) {
    throw new ForbiddenError(`only the lessee ${lessee.toLowerCase()} does that for lease ${leaseId}`, { field: 'leaseId' }, 'NotLessee');
  }
}

export function requireStatus(leaseId: Hex, status: number, wanted: number[]) {
  if (!wanted.includes(status)) {
    throw new RuleViolationError('LeaseStatusInvalid', `lease ${leaseId} is ${STATUS[status]}; that cannot be done now`, { field: 'leaseId', status: STATUS[status] });
  }
}

/** The lessee accepts the lease and posts its deposit. */
export async function acceptLease(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex }) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireLessee(signer, p.leaseId, terms.lessee);
  requireStatus(p.leaseId, lease.status, [1]);
  return enqueue(ctx, tx, by, signer, 'LeaseBook', 'accept', [p.leaseId]);
}

/** A certified investor funds part of an accepted lease's price (investment claims, one unit per XT). */
export async function fundLease(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex; amount: bigint }) {
  const signer = requireMember(by);
  if (!by.memberRoles.includes('funder') && !by.memberRoles.includes('investor')) throw new ForbiddenError('only a certified investor (funder or investor) can fund a lease', {}, 'NotInvestor');
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireStatus(p.leaseId, lease.status, [2]);
  const remaining = terms.price - lease.raised;
  if (p.amount > remaining) {
    throw new RuleViolationError('FundingExceedsPrice', `lease ${p.leaseId} needs ${remaining} more; ${p.amount} cannot be funded`, { field: 'amount', remaining: remaining.toString() });
  }
  return enqueue(ctx, tx, by, signer, 'LeaseBook', 'fund', [p.leaseId, p.amount]);
}

/** The lessee pays the next period's fixed rent (split on-chain at once). */
export async function payRent(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex }) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireLessee(signer, p.leaseId, terms.lessee);
  requireStatus(p.leaseId, lease.status, [3]);
  if (lease.paidPeriods >= terms.periods) throw new RuleViolationError('RentAllPaid', `every period of lease ${p.leaseId} is paid`, { field: 'leaseId' });
  if (terms.usageRatePerHour !== 0n) throw new RuleViolationError('MeterRequired', `lease ${p.leaseId} bills usage hours: pay with two anchored readings`, { field: 'leaseId' });
  return enqueue(ctx, tx, by, signer, 'LeaseBook', 'payRent', [p.leaseId]);
}

/** After every period is paid: the lessee buys the device at its salvage value, or returns it. */
export async function endLease(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex; action: 'purchase' | 'return' }) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireLessee(signer, p.leaseId, terms.lessee);
  requireStatus(p.leaseId, lease.status, [3]);
  if (lease.paidPeriods < terms.periods) {
    throw new RuleViolationError('RentOutstanding', `lease ${p.leaseId} has ${lease.paidPeriods} of ${terms.periods} periods paid; it ends only when all are`, { field: 'leaseId' });
  }
  return enqueue(ctx, tx, by, signer, 'LeaseBook', p.action === 'purchase' ? 'purchase' : 'returnDevice', [p.leaseId]);
}

/**
 * Declares a lease in default once its oldest unpaid period is a whole period (periodDays whole days) late: the
 * deposit pays the rent owed and its late interest, split as rent; the rest goes back to the lessee, the device to the
 * lessor. Any member may ask; the contract's rule decides.
 */
export async function declareDefault(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex }) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  requireStatus(p.leaseId, lease.status, [3]);
  if (lease.paidPeriods >= terms.periods) throw new RuleViolationError('LeaseStatusInvalid', `every period of lease ${p.leaseId} is paid: it cannot default`, { field: 'leaseId' });
  const due = lease.startDay + (lease.paidPeriods + 1) * terms.periodDays * 86_400;
  const now = await chainNow(ctx);
  const behind = now < due ? 0 : Math.floor((now - due) / 86_400);
  if (behind < terms.periodDays) {
    throw new RuleViolationError(
      'LeaseNotInDefault',
      `lease ${p.leaseId} is not in default: period ${lease.paidPeriods + 1} is ${behind} days late, and a default needs ${terms.periodDays} (a whole period)`,
      { field: 'leaseId', daysLate: behind, required: terms.periodDays },
    );
  }
  return enqueue(ctx, tx, by, signer, 'LeaseBook', 'declareDefault', [p.leaseId]);
}

/** After the funding deadline of a lease that was not funded: cancel it, or refund an investor of a cancelled one. */
export async function cancelOrRefund(ctx: ModuleContext, tx: Queryable, by: Principal, p: { leaseId: Hex; action: 'cancel' | 'refund'; investor?: Address }) {
  const signer = requireMember(by);
  const { lease, terms } = await existingLease(ctx, p.leaseId);
  if (p.action === 'cancel') {
    requireStatus(p.leaseId, lease.status, [1, 2]);
    if (terms.fundingDeadline * 1000 > (await chainNow(ctx)) * 1000) {
      throw new RuleViolationError('FundingDeadlineNotReached', `lease ${p.leaseId} is open for funding until ${new Date(terms.fundingDeadline * 1000).toISOString()}`, { field: 'leaseId' });
    }
    return enqueue(ctx, tx, by, signer, 'LeaseBook', 'cancel', [p.leaseId]);
  }
  requireStatus(p.leaseId, lease.status, [6]);
  return enqueue(ctx, tx, by, signer, 'LeaseBook', 'refund', [p.leaseId, (p.investor ?? signer).toLowerCase()]);
}

// ── The marketplace: off-chain postings the matching ranks (matching.ts). ───────────────────────────────────────

export async function postLeaseRequest(
  _ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { requestId: Hex; equipmentType: string; periods: number; periodDays: number; budgetPerPeriod: bigint },
) {
  const lessee = requireMember(by);
  const { rowCount } = await tx.query(
    `INSERT INTO leasing_requests (request_id, lessee, equipment_type, periods, period_days, budget_per_period) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.requestId.toLowerCase(), lessee, p.equipmentType.trim().toLowerCase(), p.periods, p.periodDays, p.budgetPerPeriod.toString()],
  );
  if (!rowCount) throw new ConflictError('RequestExists', `lease request ${p.requestId} already exists`, { field: 'requestId' });
  return { id: p.requestId.toLowerCase() };
}

export async function postDeviceOffer(
  _ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { offerId: Hex; deviceId: bigint; equipmentType: string; price: bigint; rentPerPeriod: bigint; periods: number; periodDays: number; deposit: bigint },
) {
  const manufacturer = requireMember(by);
  const { rowCount } = await tx.query(
    `INSERT INTO leasing_device_offers (offer_id, manufacturer, device_id, equipment_type, price, rent_per_period, periods, period_days, deposit)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [p.offerId.toLowerCase(), manufacturer, p.deviceId.toString(), p.equipmentType.trim().toLowerCase(), p.price.toString(), p.rentPerPeriod.toString(), p.periods, p.periodDays, p.deposit.toString()],
  );
  if (!rowCount) throw new ConflictError('OfferExists', `device offer ${p.offerId} already exists`, { field: 'offerId' });
  return { id: p.offerId.toLowerCase() };
}

export async function postCapital(_ctx: ModuleContext, tx: Queryable, by: Principal, p: { capitalId: Hex; amount: bigint; risk: 'low' | 'medium' | 'high' }) {
  const investor = requireMember(by);
  if (!by.memberRoles.includes('funder') && !by.memberRoles.includes('investor')) throw new ForbiddenError('only a certified investor (funder or investor) offers capital', {}, 'NotInvestor');
  const { rowCount } = await tx.query(
    'INSERT INTO leasing_capital_offers (capital_id, investor, amount, risk) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [p.capitalId.toLowerCase(), investor, p.amount.toString(), p.risk],
  );
  if (!rowCount) throw new ConflictError('CapitalExists', `capital offer ${p.capitalId} already exists`, { field: 'capitalId' });
  return { id: p.capitalId.toLowerCase() };
}

/** The lessee accepts one device offer for its request (the manufacturer then proposes the lease on-chain). */
export async function acceptMatch(_ctx: ModuleContext, tx: Queryable, by: Principal, p: { requestId: Hex; offerId: Hex }) {
  const lessee = requireMember(by);
  const { rows } = await tx.query<{ lessee: string; status: string }>('SELECT lessee, status FROM leasing_requests WHERE request_id = $1 FOR UPDATE', [p.requestId.toLowerCase()]);
  const r = rows[0];
  if (!r) throw new RuleViolationError('RequestNotFound', `there is no lease request ${p.requestId}`, { field: 'requestId' });
  if (r.lessee !== lessee) throw new ForbiddenError('only the lessee who posted the request accepts a match', { field: 'requestId' }, 'NotLessee');
  if (r.status !== 'open') throw new ConflictError('RequestNotOpen', `lease request ${p.requestId} already accepted an offer`, { field: 'requestId' });
  const { rowCount } = await tx.query("UPDATE leasing_device_offers SET status = 'accepted' WHERE offer_id = $1 AND status = 'open'", [p.offerId.toLowerCase()]);
  if (!rowCount) throw new RuleViolationError('OfferNotOpen', `device offer ${p.offerId} is not open`, { field: 'offerId' });
  await tx.query("UPDATE leasing_requests SET status = 'accepted', accepted_offer_id = $2 WHERE request_id = $1", [p.requestId.toLowerCase(), p.offerId.toLowerCase()]);
  return { id: p.requestId.toLowerCase() };
}
