/**
 * The Tierchain SDK: a typed client of the platform's HTTP API.
 *
 * ```ts
 * const tc = createTierchainClient({ baseUrl: 'http://127.0.0.1:8080', apiKey });
 * const { claimId } = await tc.payables.issue({ supplierMemberId, consortiumId, invoiceNumber: 'INV-1', amount: '100000', dueDate: '2030-01-31' }, { wait: true });
 * await tc.withApiKey(supplierKey).claims.transfer(claimId, { toMemberId, amount: '40000' }, { wait: true });
 * ```
 */
export { createTierchainClient, type TierchainClient, type TierchainClientOptions } from './client.ts';
export { TierchainApiError, TierchainCommandError, TierchainNetworkError, TierchainTimeoutError } from './errors.ts';
export { newIdempotencyKey, type RawResponse, type RequestOptions } from './http.ts';
export type * from './types.ts';
export type * from './commands.ts';
export type * from './events.ts';
export type { ClaimsApi } from './client.ts';
// Each module's client part and its response types (from the module's schemas.ts: described once, for the server,
// /openapi.json, this SDK and the console).
export type * from '../modules/identity/client.ts';
export type * from '../modules/currency/client.ts';
export type * from '../modules/investment/client.ts';
export type * from '../modules/banking/client.ts';
export type * from '../modules/invoices/client.ts';
export type * from '../modules/certificates/client.ts';
export type * from '../modules/documents/client.ts';
export type * from '../modules/reports/client.ts';
export type * from '../modules/claims/client.ts';
export type * from '../modules/receivables/client.ts';
export type * from '../modules/collateral/client.ts';
export type * from '../modules/credit/client.ts';
export type * from '../modules/devices/client.ts';
