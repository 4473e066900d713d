/** Leasing: providers and ratings, leases and rent, the marketplace (`client.leasing`, `client.leases`). */
import type { CommandSender } from '../../sdk/commands.ts';
import { newIdempotencyKey, seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { CreditRecordView, LeaseView, MatchesView, ProviderView, RentPaymentView, ServiceKindName, ServiceView, UsageRentQuoteView } from './schemas.ts';

export type { CreditRecordView, DeviceOfferView, LeaseView, MatchesView, ProviderView, RentPaymentView, ServiceKindName, ServiceView, UsageRentQuoteView } from './schemas.ts';

export interface ProposeLeaseRequest {
  /** 0x + 64 hex, chosen by the caller. */
  leaseId: string;
  deviceId: string;
  lessee: string;
  consortiumId: string;
  price: string;
  rentPerPeriod: string;
  usageRatePerHour?: string;
  deposit: string;
  periodDays: number;
  periods: number;
  lateRateBps: number;
  dayCount?: 'ACT/360' | 'ACT/365F';
  /** ISO date-time. */
  fundingDeadline: string;
  providers?: Array<{ account: string; kind: ServiceKindName; bps: number }>;
}

export interface LeasingApi {
  certifyProvider(provider: string, kinds: ServiceKindName[], o?: CommandOptions): Promise<Accepted>;
  providers(p?: { kind?: ServiceKindName; limit?: number }): Promise<ProviderView[]>;
  recordService(p: { serviceId: string; client: string; kind: ServiceKindName; leaseId?: string; reportHash: string }, o?: CommandOptions): Promise<Accepted>;
  services(p?: { party?: string; limit?: number }): Promise<ServiceView[]>;
  rate(serviceId: string, score: number, o?: CommandOptions): Promise<Accepted>;
  credit(party: string): Promise<CreditRecordView>;
  postRequest(p: { requestId: string; equipmentType: string; periods: number; periodDays: number; budgetPerPeriod: string }): Promise<{ id: string }>;
  postOffer(p: { offerId: string; deviceId: string; equipmentType: string; price: string; rentPerPeriod: string; periods: number; periodDays: number; deposit: string }): Promise<{ id: string }>;
  postCapital(p: { capitalId: string; amount: string; risk: 'low' | 'medium' | 'high' }): Promise<{ id: string }>;
  matches(requestId: string): Promise<MatchesView>;
  acceptMatch(requestId: string, offerId: string): Promise<{ id: string }>;
}

export interface LeasesApi {
  propose(p: ProposeLeaseRequest, o?: CommandOptions): Promise<Accepted>;
  accept(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  fund(leaseId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  payRent(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  /** The next period's rent per usage hour as it would be billed now (readings, proofs, amounts). */
  usageRentQuote(leaseId: string, p?: { toSeq?: string }): Promise<UsageRentQuoteView>;
  /** Pays the next period's rent with its usage part; the platform assembles the readings' proofs. */
  payUsageRent(leaseId: string, p?: { toSeq?: string }, o?: CommandOptions): Promise<Accepted<{ usage: UsageRentQuoteView }>>;
  purchase(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  returnDevice(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  cancel(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  /** Declares a lease in default (its oldest unpaid period a whole period late): the deposit pays what is owed. */
  declareDefault(leaseId: string, o?: CommandOptions): Promise<Accepted>;
  refund(leaseId: string, investor?: string, o?: CommandOptions): Promise<Accepted>;
  list(p?: { status?: LeaseView['status']; party?: string; deviceId?: string; overdue?: boolean; limit?: number }): Promise<LeaseView[]>;
  get(leaseId: string): Promise<LeaseView>;
  payments(leaseId: string): Promise<RentPaymentView[]>;
}

export function createLeasingApi(t: Transport, c: CommandSender): LeasingApi {
  return {
    certifyProvider: (provider, kinds, o) => c.send('/v1/leasing/providers', { provider, kinds }, o),
    providers: async (p = {}) => (await t.request<{ items: ProviderView[] }>('GET', '/v1/leasing/providers', { query: { kind: p.kind, limit: p.limit } })).items,
    recordService: (p, o) => c.send('/v1/leasing/services', p, o),
    services: async (p = {}) => (await t.request<{ items: ServiceView[] }>('GET', '/v1/leasing/services', { query: { party: p.party, limit: p.limit } })).items,
    rate: (serviceId, score, o) => c.send(`/v1/leasing/services/${seg(serviceId)}/rating`, { score }, o),
    credit: (party) => t.request('GET', `/v1/leasing/credit/${seg(party)}`),
    postRequest: (p) => t.request('POST', '/v1/leasing/requests', { body: p , idempotencyKey: newIdempotencyKey('leasing') }),
    postOffer: (p) => t.request('POST', '/v1/leasing/offers', { body: p , idempotencyKey: newIdempotencyKey('leasing') }),
    postCapital: (p) => t.request('POST', '/v1/leasing/capital', { body: p , idempotencyKey: newIdempotencyKey('leasing') }),
    matches: (requestId) => t.request('GET', `/v1/leasing/requests/${seg(requestId)}/matches`),
    acceptMatch: (requestId, offerId) => t.request('POST', `/v1/leasing/requests/${seg(requestId)}/accept`, { body: { offerId }, idempotencyKey: newIdempotencyKey('leasing') }),
  };
}

export function createLeasesApi(t: Transport, c: CommandSender): LeasesApi {
  const action = (leaseId: string, path: string, o?: CommandOptions) => c.send(`/v1/leases/${seg(leaseId)}/${path}`, {}, o);
  return {
    propose: (p, o) => c.send('/v1/leases', p, o),
    accept: (id, o) => action(id, 'accept', o),
    fund: (id, amount, o) => c.send(`/v1/leases/${seg(id)}/fund`, { amount }, o),
    payRent: (id, o) => action(id, 'rent', o),
    usageRentQuote: (id, p = {}) => t.request('GET', `/v1/leases/${seg(id)}/usage-rent`, { query: { toSeq: p.toSeq } }),
    payUsageRent: (id, p = {}, o) => c.send(`/v1/leases/${seg(id)}/usage-rent`, p.toSeq === undefined ? {} : { toSeq: p.toSeq }, o),
    purchase: (id, o) => action(id, 'purchase', o),
    returnDevice: (id, o) => action(id, 'return', o),
    cancel: (id, o) => action(id, 'cancel', o),
    declareDefault: (id, o) => action(id, 'default', o),
    refund: (id, investor, o) => c.send(`/v1/leases/${seg(id)}/refund`, investor ? { investor } : {}, o),
    list: async (p = {}) =>
      (await t.request<{ items: LeaseView[] }>('GET', '/v1/leases', { query: { status: p.status, party: p.party, deviceId: p.deviceId, overdue: p.overdue === undefined ? undefined : String(p.overdue), limit: p.limit } })).items,
    get: (id) => t.request('GET', `/v1/leases/${seg(id)}`),
    payments: async (id) => (await t.request<{ items: RentPaymentView[] }>('GET', `/v1/leases/${seg(id)}/payments`)).items,
  };
}
