import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { leaseBookAbi, leaseBookBytecode, serviceProvidersAbi, serviceProvidersBytecode } from './generated/index.ts';

/** The platform's share of each rent payment, basis points (the operator changes it with `setPlatformFee`). */
export const PLATFORM_FEE_BPS = 100;

/**
 * Leasing (contracts/leasing/): the registry of certified service providers and their ratings (ServiceProviders),
 * and the lease book (LeaseBook), one lease per id tied to a device token of the devices module's registry. The lease
 * book issues investment claims on the claim ledger and holds XT and device tokens while a lease runs: the member
 * registry knows it as a platform contract, the device registry as a custodian.
 */
export const leasingContracts: ContractPart = {
  logical: [
    { name: 'ServiceProviders', abi: serviceProvidersAbi },
    { name: 'LeaseBook', abi: leaseBookAbi },
  ],
  deploy: [
    {
      name: 'ServiceProviders',
      abi: serviceProvidersAbi,
      bytecode: serviceProvidersBytecode,
      serves: ['ServiceProviders'],
      needs: ['MemberRegistry'],
      args: ({ deployed }) => [deployed.MemberRegistry],
    },
    {
      name: 'LeaseBook',
      abi: leaseBookAbi,
      bytecode: leaseBookBytecode,
      serves: ['LeaseBook'],
      needs: ['ClaimLedger', 'MemberRegistry', 'SettlementToken', 'DeviceRegistry', 'TelemetryAnchor', 'ServiceProviders'],
      // The platform's share goes to the operator's account.
      args: ({ deployed, operator }) => [
        deployed.ClaimLedger, deployed.MemberRegistry, deployed.SettlementToken, deployed.DeviceRegistry, deployed.TelemetryAnchor,
        deployed.ServiceProviders, operator, PLATFORM_FEE_BPS,
      ],
    },
  ],
  configure: [
    {
      describe: (d) => `registered LeaseBook ${d.LeaseBook} as a platform contract (investment claims, XT in custody)`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.LeaseBook, true],
    },
    {
      describe: (d) => `named LeaseBook ${d.LeaseBook} a custodian of device tokens`,
      contract: 'DeviceRegistry',
      functionName: 'setCustodian',
      args: (d) => [d.LeaseBook, true],
    },
  ],
};

export const serviceProviders = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'ServiceProviders', address: addressOf(ctx.deployment, 'ServiceProviders'), abi: serviceProvidersAbi }) as const;
export const leaseBook = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'LeaseBook', address: addressOf(ctx.deployment, 'LeaseBook'), abi: leaseBookAbi }) as const;

const s = (v: unknown) => String(v);
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 10);
export const LEASE_STATUSES = ['none', 'proposed', 'accepted', 'active', 'purchased', 'returned', 'cancelled', 'defaulted'] as const;
const status = (v: unknown) => LEASE_STATUSES[Number(v)] ?? s(v);
export const SERVICE_KINDS = { certification: 1, inspection: 2, insurance: 4, maintenance: 8, financial: 16 } as const;
const kinds = (v: unknown) => Object.entries(SERVICE_KINDS).filter(([, bit]) => (Number(v) & bit) !== 0).map(([k]) => k).join(', ') || s(v);

/** The leasing contracts' custom errors in words. */
export const leasingExplanations: RevertExplanations = {
  NotProvidersOperator: (a) => `${s(a.caller)} is not the platform operator`,
  ProviderKindsInvalid: (a) => `${s(a.kinds)} is not a set of service kinds (1 certification, 2 inspection, 4 insurance, 8 maintenance, 16 financial design)`,
  ProviderNotMember: (a) => `${s(a.provider)} is not a member certified as a service provider (the SERVICE_PROVIDER role)`,
  ProviderNotCertified: (a) => `${s(a.provider)} is not a provider certified for ${kinds(a.kind)}`,
  ServiceExists: (a) => `service ${s(a.serviceId)} is already recorded`,
  ServiceUnknown: (a) => `there is no service ${s(a.serviceId)}`,
  ServiceClientInvalid: (a) => `${s(a.client)} cannot be the client of service ${s(a.serviceId)} (an active member other than the provider)`,
  NotServedParty: (a) => `only ${s(a.client)}, the party served, rates service ${s(a.serviceId)}; ${s(a.caller)} was not served`,
  ServiceAlreadyRated: (a) => `service ${s(a.serviceId)} was already rated (${s(a.rating)} of 5); a service is rated once`,
  RatingInvalid: (a) => `a rating is 1 to 5, not ${s(a.score)}`,
  LeaseExists: (a) => `lease ${s(a.leaseId)} already exists`,
  LeaseNotFound: (a) => `there is no lease ${s(a.leaseId)}`,
  LeaseTermsInvalid: (a) => `the lease's ${s(a.field)} is not valid`,
  LeaseStatusInvalid: (a) => `lease ${s(a.leaseId)} is ${status(a.status)}; that cannot be done now`,
  NotLessor: (a) => `${s(a.caller)} does not own the device of lease ${s(a.leaseId)}`,
  NotLessee: (a) => `only the lessee ${s(a.lessee)} does that for lease ${s(a.leaseId)}, not ${s(a.caller)}`,
  FundingExceedsPrice: (a) => `lease ${s(a.leaseId)} needs ${s(a.remaining)} more; ${s(a.amount)} cannot be funded (at least 1, at most that)`,
  TooManyInvestors: (a) => `lease ${s(a.leaseId)} already has ${s(a.max)} investors, the most a lease may have`,
  FundingDeadlinePassed: (a) => `lease ${s(a.leaseId)} closed for acceptance and funding on ${date(a.deadline)}`,
  FundingDeadlineNotReached: (a) => `lease ${s(a.leaseId)} is open for funding until ${date(a.deadline)}; it cannot be cancelled before`,
  ProviderNotCertifiedFor: (a) => `${s(a.provider)} is not certified for ${kinds(a.kind)}`,
  RentAllPaid: (a) => `every period of lease ${s(a.leaseId)} is paid`,
  RentOutstanding: (a) => `lease ${s(a.leaseId)} has ${s(a.paidPeriods)} of ${s(a.periods)} periods paid; it ends only when all are`,
  MeterRequired: (a) => `lease ${s(a.leaseId)} bills usage hours: pay with two anchored readings`,
  MeterNotUsed: (a) => `lease ${s(a.leaseId)} bills no usage hours: pay the fixed rent`,
  UsageReadingInvalid: (a) => `the usage readings for lease ${s(a.leaseId)} are not valid: ${s(a.field)}`,
  LeaseNotInDefault: (a) => `lease ${s(a.leaseId)} is not in default: its oldest unpaid period is ${s(a.daysLate)} days late, and a default needs ${s(a.required)} (a whole period)`,
  NothingToRefund: (a) => `${s(a.investor)} holds nothing of lease ${s(a.leaseId)} to refund`,
  NotLeaseOperator: (a) => `${s(a.caller)} is not the platform operator`,
};
