/**
 * `createTierchainClient({ baseUrl, apiKey })`: the Tierchain API as namespaced, typed methods. Reads return the
 * API's JSON; every command-creating method sends an Idempotency-Key and returns the 202 answer, or with
 * `{ wait: true }` waits until its commands are confirmed and indexed (TierchainCommandError if one failed).
 * Error answers throw TierchainApiError. Amounts are decimal strings of minor units, in and out.
 */
import { createCommandSender, createCommandsApi, type CommandsApi } from './commands.ts';
import { createEventsApi, type EventsApi } from './events.ts';
import { createTransport, type RawResponse, type RequestOptions, type TransportOptions } from './http.ts';
// The modules' parts of the client (src/modules/<name>/client.ts): the SDK is the client-side composition of them.
import { createConsortiaApi, createMembersApi, type ConsortiaApi, type MembersApi } from '../modules/identity/client.ts';
import { createXtApi, type XtApi } from '../modules/currency/client.ts';
import { createListingsApi, createPoolsApi, type ListingsApi, type PoolsApi } from '../modules/investment/client.ts';
import { createClaimLedgerApi, createOffersApi, createQuotesApi, type ClaimLedgerApi, type OffersApi, type QuotesApi } from '../modules/claims/client.ts';
import {
  createClaimReadsApi,
  createCreditLinesApi,
  createAdvancesApi,
  createPayablesApi,
  createPositionsApi,
  createSettlementsApi,
  createTradesApi,
  type ClaimReadsApi,
  type CreditLinesApi,
  type AdvancesApi,
  type PayablesApi,
  type PositionsApi,
  type SettlementsApi,
  type TradesApi,
} from '../modules/receivables/client.ts';
import { createCreditApi, type CreditApi } from '../modules/credit/client.ts';
import { createAuctionsApi, createCollateralApi, createGoodsApi, type AuctionsApi, type CollateralApi, type GoodsApi } from '../modules/collateral/client.ts';
import { createBankApi, type BankApi } from '../modules/banking/client.ts';
import { createInvoicesApi, type InvoicesApi } from '../modules/invoices/client.ts';
import { createCertificatesApi, type CertificatesApi } from '../modules/certificates/client.ts';
import { createDocumentsApi, type DocumentsApi } from '../modules/documents/client.ts';
import { createReportsApi, type ReportsApi } from '../modules/reports/client.ts';
import { createLeasesApi, createLeasingApi, type LeasesApi, type LeasingApi } from '../modules/leasing/client.ts';
import { createDevicesApi, createTelemetryApi, type DevicesApi, type TelemetryApi } from '../modules/devices/client.ts';

/** `client.claims`: reads, payments and redemptions (receivables) with a holder's ledger operations (claims). */
export type ClaimsApi = ClaimReadsApi & ClaimLedgerApi;

export type TierchainClientOptions = TransportOptions;

export interface TierchainClient {
  readonly baseUrl: string;
  members: MembersApi;
  consortia: ConsortiaApi;
  xt: XtApi;
  listings: ListingsApi;
  pools: PoolsApi;
  commands: CommandsApi;
  creditLines: CreditLinesApi;
  trades: TradesApi;
  payables: PayablesApi;
  advances: AdvancesApi;
  claims: ClaimsApi;
  offers: OffersApi;
  quotes: QuotesApi;
  settlements: SettlementsApi;
  positions: PositionsApi;
  goods: GoodsApi;
  collateral: CollateralApi;
  credit: CreditApi;
  auctions: AuctionsApi;
  events: EventsApi;
  bank: BankApi;
  invoices: InvoicesApi;
  certificates: CertificatesApi;
  documents: DocumentsApi;
  reports: ReportsApi;
  leasing: LeasingApi;
  leases: LeasesApi;
  devices: DevicesApi;
  telemetry: TelemetryApi;
  /** The same client acting with another API key (e.g. a member's after onboarding it). */
  withApiKey(apiKey: string): TierchainClient;
  /** Any request; a status of 400 or more throws TierchainApiError. For endpoints without a method here. */
  request<T = unknown>(method: string, path: string, o?: RequestOptions): Promise<T>;
  /** Any request, answered whatever its status (never throws TierchainApiError). */
  raw<T = unknown>(method: string, path: string, o?: RequestOptions): Promise<RawResponse<T>>;
}

/** Creates a client of the Tierchain API at `baseUrl`, acting with `apiKey`. */
export function createTierchainClient(options: TierchainClientOptions): TierchainClient {
  const t = createTransport(options);
  const commands = createCommandsApi(t);
  const c = createCommandSender(t, commands);
  return {
    baseUrl: t.baseUrl,
    members: createMembersApi(t, c),
    consortia: createConsortiaApi(t, c),
    xt: createXtApi(t, c),
    listings: createListingsApi(t, c),
    pools: createPoolsApi(t, c),
    commands,
    creditLines: createCreditLinesApi(t, c),
    trades: createTradesApi(t, c),
    payables: createPayablesApi(c),
    advances: createAdvancesApi(t, c),
    claims: { ...createClaimReadsApi(t, c), ...createClaimLedgerApi(c) },
    offers: createOffersApi(t, c),
    quotes: createQuotesApi(t, c),
    settlements: createSettlementsApi(c),
    positions: createPositionsApi(t),
    goods: createGoodsApi(t, c),
    collateral: createCollateralApi(t, c),
    credit: createCreditApi(t),
    auctions: createAuctionsApi(t, c),
    events: createEventsApi(t),
    bank: createBankApi(t, c),
    invoices: createInvoicesApi(t, c),
    certificates: createCertificatesApi(t, c),
    documents: createDocumentsApi(t, c),
    reports: createReportsApi(t),
    leasing: createLeasingApi(t, c),
    leases: createLeasesApi(t, c),
    devices: createDevicesApi(t, c),
    telemetry: createTelemetryApi(t),
    withApiKey: (apiKey) => createTierchainClient({ ...options, apiKey }),
    request: (method, path, o) => t.request(method, path, o),
    raw: (method, path, o) => t.raw(method, path, o),
  };
}
