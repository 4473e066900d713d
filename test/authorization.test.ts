/**
 * Authorization, exhaustively (issue 9). Two matrices on one platform (PGlite), many members:
 *
 * 1. At the API: every write operation of /openapi.json (every POST, PUT, PATCH and DELETE, read from the document,
 *    so a new route without a row here fails the test) × every member role (and a registered member with no role)
 *    × admin, member and viewer user. Refused means 403 with a code; allowed means not refused for authorization
 *    reasons (2xx, or a 4xx other than 401 and 403: a business rule may still refuse it). Viewers never write;
 *    regulators are read-only. While this matrix runs the chain mines nothing (anvil's automine is off): the
 *    commands allowed rows enqueue stay in the mempool, so every row sees the same chain state and what it is
 *    answered does not depend on the rows before it.
 * 2. On-chain: every state-changing function of every deployed contract (from the ABIs, so a new function without a
 *    row fails the test), sent by a fresh key funded on anvil that the platform never saw: each reverts with the
 *    expected custom error, and the few open to anyone are shown harmless.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keccak256, toHex, zeroAddress, type AbiFunction, type Address, type Hex } from 'viem';
import { addressOf } from '../src/chain/contracts.ts';
import { contractSuite } from '../src/platform/modules.ts';
import { memberRoles } from '../src/modules/identity/index.ts';
import { at, suite } from './support/contracts.ts';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { newKey, postConfirmed, simulateRevert } from './support/e2e.ts';
import { fundedOutsider, type Outsider } from './support/outsider.ts';
import { investmentChainRows } from './support/investmentAuthorization.ts';
import { receivablesChainRows } from './support/receivablesAuthorization.ts';
import { devicesChainRows } from './support/devicesAuthorization.ts';
import { leasingApiRows, leasingChainRows, setUpLeasingFixture } from './support/leasingAuthorization.ts';
import { is2xx, runMatrix, type MatrixRun } from './support/authorizationMatrix.ts';
import { AUTHZ_COLLATERAL_CLASS, principalRoles, setUpAuthorizationFixture, setUpCollateralFixture, userRoles, type AuthorizationFixture, type PrincipalRole, type UserRole } from './support/authorization.ts';
import { createCa, crl, issue, type TestCa } from './support/pki.ts';
import { signDocument } from '../src/modules/certificates/x509.ts';
import { newDocumentKeyPair, rewrapKey, type WrappedKey } from '../src/modules/documents/envelope.ts';

interface Who {
  role: PrincipalRole;
  user: UserRole;
}

interface Row {
  /** Whom the API lets do it. */
  allowed: (w: Who) => boolean;
  /** The request `w` sends: the path with its parameters and a valid body. */
  request: (f: AuthorizationFixture, w: Who, n: number) => { path: string; body?: unknown };
}

const acting = (w: Who) => w.user !== 'viewer';
/** Users (not viewers) of an enterprise with one of `roles`. */
const by = (...roles: PrincipalRole[]) => (w: Who) => acting(w) && roles.includes(w.role);
/** Users (not viewers) of any enterprise but a regulator: what a member does with its own holdings and memberships. */
const anyMember = (w: Who) => acting(w) && w.role !== 'regulator';
/** Admin users of an enterprise with one of `roles`. */
const adminOf = (...roles: PrincipalRole[]) => (w: Who) => w.user === 'admin' && roles.includes(w.role);

const FUTURE = '2099-01-01T00:00:00Z';
const col = (f: AuthorizationFixture) => f.collateral!;
/** The gateway's settlement account in the fixture, and a camt.054 about it that books nothing (no entry). */
const GATEWAY_ACCOUNT = '110060149018800077777';
/** A CA made for the test (openssl), its CRL, the supplier's certificate and a signature with its key (set in `before`). */
const pki = { ca: undefined as unknown as TestCa, crl: '', supplierCert: '', document: Buffer.from('authz document').toString('base64'), signature: '' };
/** A document the supplier owns (the core enterprise its party), its key re-wrapped for the funder, and a spare key pair. */
const docs = { id: '', wrappedForFunder: undefined as unknown as WrappedKey, spare: newDocumentKeyPair() };
/** Registration numbers of the fixture's supplier and core enterprise (read in `before`), for invoices that name them. */
const registration = { supplier: '', core: '' };
const invoiceDue = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
const supplierInvoice = (number: string) =>
  readFileSync(new URL('./fixtures/ubl/invoice-bis3-cny.xml', import.meta.url), 'utf8')
    .replace('TOP-2026-001187', number)
    .replace(/<cbc:DueDate>[^<]*</, `<cbc:DueDate>${invoiceDue}<`)
    .replaceAll('9131000066778899AB', registration.supplier)
    .replaceAll('91110000100012345X', registration.core);
const supplierCsv = (number: string) =>
  `invoice_number,issue_date,due_date,currency,buyer_registration_id,net_amount,vat_amount,total_amount,prepaid_amount,payable_amount\n` +
  `${number},2026-11-29,${invoiceDue},CNY,${registration.core},10.00,1.30,11.30,,11.30\n`;
const emptyCamt054 = (messageId: string) =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-12-02T09:00:00Z</CreDtTm></GrpHdr>` +
  `<Ntfctn><Id>N-${messageId}</Id><Acct><Id><Othr><Id>${GATEWAY_ACCOUNT}</Id></Othr></Id></Acct></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;

/** Every write operation of the API, by `METHOD /path` as /openapi.json names it. */
const operations: Record<string, Row> = {
  'POST /v1/members': {
    allowed: by('operator'),
    request: (_f, w, n) => ({ path: '/v1/members', body: { name: `Authz New ${w.role} ${w.user} ${n}`, registrationNumber: `AUTHZ-NEW-${n}`, roles: ['supplier'] } }),
  },
  'POST /v1/members/{id}/certify': { allowed: by('operator', 'verifier'), request: (f) => ({ path: `/v1/members/${f.targets.certify.id}/certify`, body: { roles: ['supplier'] } }) },
  'POST /v1/members/{id}/suspend': { allowed: by('operator', 'verifier'), request: (f) => ({ path: `/v1/members/${f.targets.suspend.id}/suspend`, body: { reason: 'audit' } }) },
  'POST /v1/members/{id}/reinstate': { allowed: by('operator', 'verifier'), request: (f) => ({ path: `/v1/members/${f.targets.reinstate.id}/reinstate` }) },
  'POST /v1/members/{id}/revoke': { allowed: by('operator', 'verifier'), request: (f) => ({ path: `/v1/members/${f.targets.revoke.id}/revoke`, body: { reason: 'fraud' } }) },
  // Users and keys of the supplier: its admins and the operator's; a user may also revoke its own key.
  'POST /v1/members/{id}/users': { allowed: adminOf('operator', 'supplier'), request: (f) => ({ path: `/v1/members/${f.by.supplier.id}/users`, body: { name: 'Clerk', role: 'viewer' } }) },
  'POST /v1/members/{id}/users/{userId}/api-keys': {
    allowed: adminOf('operator', 'supplier'),
    request: (f) => ({ path: `/v1/members/${f.apiKey.memberId}/users/${f.apiKey.userId}/api-keys` }),
  },
  'POST /v1/members/{id}/api-keys/{keyId}/revoke': {
    allowed: (w) => adminOf('operator', 'supplier')(w) || (w.role === 'supplier' && w.user === 'member'),
    request: (f) => ({ path: `/v1/members/${f.apiKey.memberId}/api-keys/${f.apiKey.keyId}/revoke` }),
  },
  'POST /v1/consortia': { allowed: by('core_enterprise'), request: (_f, _w, n) => ({ path: '/v1/consortia', body: { name: `Authz consortium ${n}` } }) },
  'POST /v1/consortia/{id}/invitations': {
    allowed: by('core_enterprise'),
    request: (f) => ({ path: `/v1/consortia/${f.secondConsortium}/invitations`, body: { memberId: f.targets.invitee.id } }),
  },
  // One's own invitation or membership: whoever has none is told so (422), not refused.
  'POST /v1/consortia/{id}/accept': { allowed: anyMember, request: (f) => ({ path: `/v1/consortia/${f.consortium}/accept` }) },
  'POST /v1/consortia/{id}/decline': { allowed: anyMember, request: (f) => ({ path: `/v1/consortia/${f.secondConsortium}/decline` }) },
  'POST /v1/consortia/{id}/leave': { allowed: anyMember, request: (f) => ({ path: `/v1/consortia/${f.secondConsortium}/leave` }) },
  'POST /v1/consortia/{id}/members/{memberId}/remove': {
    allowed: by('core_enterprise'),
    request: (f) => ({ path: `/v1/consortia/${f.secondConsortium}/members/${f.by.distributor.id}/remove` }),
  },
  'POST /v1/xt/deposits': { allowed: by('bank_gateway'), request: (f, _w, n) => ({ path: '/v1/xt/deposits', body: { memberId: f.by.supplier.id, amount: '1', reference: `AUTHZ-DEP-${n}` } }) },
  'POST /v1/xt/withdrawals': { allowed: anyMember, request: (_f, _w, n) => ({ path: '/v1/xt/withdrawals', body: { amount: '1', reference: `AUTHZ-WD-${n}` } }) },
  'POST /v1/xt/transfers': { allowed: anyMember, request: (f) => ({ path: '/v1/xt/transfers', body: { toMemberId: f.targets.invitee.id, amount: '1' } }) },
  'POST /v1/xt/pause': { allowed: by('operator'), request: () => ({ path: '/v1/xt/pause' }) },
  'POST /v1/xt/unpause': { allowed: by('operator'), request: () => ({ path: '/v1/xt/unpause' }) },
  // Bank messages (banking): the supplier's account by itself or the operator; camt.054 and pain.001 by a gateway.
  'POST /v1/bank/accounts': {
    allowed: by('operator', 'supplier'),
    request: (f, _w, n) => ({ path: '/v1/bank/accounts', body: { memberId: f.by.supplier.id, account: `62220202${String(n).padStart(11, '0')}`, holderName: 'Authz Supplier' } }),
  },
  'POST /v1/bank/notifications': { allowed: by('bank_gateway'), request: (_f, _w, n) => ({ path: '/v1/bank/notifications', body: { xml: emptyCamt054(`AUTHZ-CAMT-${n}`) } }) },
  'POST /v1/bank/payment-initiations': { allowed: by('bank_gateway'), request: () => ({ path: '/v1/bank/payment-initiations', body: {} }) },
  // Certificates: authorities and CRLs by the operator; a member's certificate by itself or the operator; a signature by its signer.
  'POST /v1/certificates/authorities': { allowed: by('operator'), request: () => ({ path: '/v1/certificates/authorities', body: { pem: pki.ca.certPem } }) },
  'POST /v1/certificates/crls': { allowed: by('operator'), request: () => ({ path: '/v1/certificates/crls', body: { pem: pki.crl } }) },
  'POST /v1/members/{id}/certificate': {
    allowed: by('operator', 'supplier'),
    request: (f) => ({ path: `/v1/members/${f.by.supplier.id}/certificate`, body: { certificatePem: pki.supplierCert } }),
  },
  // Any acting member may submit its own signature; without a certificate it is told so (422), not refused.
  'POST /v1/signatures': { allowed: anyMember, request: () => ({ path: '/v1/signatures', body: { document: pki.document, signature: pki.signature } }) },
  // Documents: anyone but a viewer registers its document key; any acting member uploads; the owner (the supplier) grants and revokes.
  'POST /v1/documents/keys': { allowed: (w) => w.user !== 'viewer', request: () => ({ path: '/v1/documents/keys', body: { publicKeyPem: docs.spare.publicKeyPem } }) },
  'POST /v1/documents': { allowed: anyMember, request: (_f, _w, n) => ({ path: '/v1/documents', body: { name: `authz-${n}.txt`, kind: 'other', content: Buffer.from(`authz ${n}`).toString('base64'), partyMemberIds: [] } }) },
  'POST /v1/documents/{id}/grants': { allowed: by('supplier'), request: (f) => ({ path: `/v1/documents/${docs.id}/grants`, body: { memberId: f.by.funder.id, wrappedKey: docs.wrappedForFunder } }) },
  'POST /v1/documents/{id}/grants/{memberId}/revoke': { allowed: by('supplier'), request: (f) => ({ path: `/v1/documents/${docs.id}/grants/${f.by.core_enterprise.id}/revoke` }) },
  // E-invoices (invoices): a supplier's or a distributor's own (another seller's is a 422 TC-F06, not a 403).
  'POST /v1/invoices': { allowed: by('supplier', 'distributor'), request: (f, _w, n) => ({ path: '/v1/invoices', body: { xml: supplierInvoice(`AUTHZ-UBL-${n}`), consortiumId: f.consortium } }) },
  'POST /v1/invoices/batches': {
    allowed: by('supplier', 'distributor'),
    request: (f, _w, n) => ({ path: '/v1/invoices/batches', body: { csv: supplierCsv(`AUTHZ-CSV-${n}`), consortiumId: f.consortium } }),
  },
  'POST /v1/trades': {
    allowed: by('supplier', 'distributor'),
    request: (f, _w, n) => ({
      path: '/v1/trades',
      body: { obligorMemberId: f.by.core_enterprise.id, consortiumId: f.consortium, invoiceNumber: `AUTHZ-INV-${n}`, amount: '1000', dueDate: f.dueDate },
    }),
  },
  'POST /v1/credit-lines': { allowed: by('operator', 'funder'), request: (f) => ({ path: '/v1/credit-lines', body: { obligorMemberId: f.by.core_enterprise.id, limit: '1000000000000' } }) },
  'POST /v1/offers': {
    allowed: by('funder'),
    request: (f) => ({ path: '/v1/offers', body: { obligorMemberId: f.by.core_enterprise.id, rateBps: 450, limit: '1000', expiresAt: f.offerExpiresAt } }),
  },
  'POST /v1/credit-lines/{memberId}/guarantee': {
    allowed: by('operator', 'funder'),
    request: (f) => ({ path: `/v1/credit-lines/${f.by.core_enterprise.id}/guarantee`, body: { guarantorMemberId: f.by.guarantor.id } }),
  },
  'POST /v1/credit-lines/{memberId}/guarantee/accept': { allowed: by('guarantor'), request: (f) => ({ path: `/v1/credit-lines/${f.by.core_enterprise.id}/guarantee/accept` }) },
  'POST /v1/credit-lines/{memberId}/guarantee/withdraw': {
    allowed: by('operator', 'funder', 'guarantor'),
    request: (f) => ({ path: `/v1/credit-lines/${f.by.core_enterprise.id}/guarantee/withdraw` }),
  },
  'POST /v1/trades/{tradeId}/confirm': { allowed: by('core_enterprise'), request: (f) => ({ path: `/v1/trades/${f.trade.id}/confirm` }) },
  'POST /v1/trades/{tradeId}/reject': { allowed: by('core_enterprise'), request: (f) => ({ path: `/v1/trades/${f.trade.id}/reject`, body: { reason: 'not delivered' } }) },
  'POST /v1/payables': {
    allowed: by('core_enterprise'),
    request: (f, _w, n) => ({
      path: '/v1/payables',
      body: { supplierMemberId: f.by.supplier.id, consortiumId: f.consortium, invoiceNumber: `AUTHZ-PAY-${n}`, amount: '1000', dueDate: f.dueDate },
    }),
  },
  'POST /v1/advances': {
    allowed: by('core_enterprise'),
    request: (f, _w, n) => ({
      path: '/v1/advances',
      body: { kind: 'purchase_order', recipientMemberId: f.by.supplier.id, consortiumId: f.consortium, orderNumber: `AUTHZ-PO-${n}`, amount: '1000', dueDate: f.dueDate },
    }),
  },
  // The order's obligor (the first close succeeds, the next are told it is closed, 409); anyone else is refused.
  'POST /v1/advances/{id}/close': {
    allowed: by('core_enterprise'),
    request: (f, _w, n) => ({ path: `/v1/advances/${f.advance}/close`, body: { invoiceNumber: `AUTHZ-INV-${n}`, deliveryHash: `0x${'d1'.repeat(32)}` } }),
  },
  // A claim is moved by whoever holds it: a non-holder is told it holds too little (422), not refused.
  'POST /v1/claims/{id}/transfers': { allowed: anyMember, request: (f) => ({ path: `/v1/claims/${f.claim}/transfers`, body: { toMemberId: f.by.distributor.id, amount: '1' } }) },
  'POST /v1/claims/{id}/modifications': { allowed: anyMember, request: (f) => ({ path: `/v1/claims/${f.claim}/modifications`, body: { amount: '1', maxHops: 4 } }) },
  'POST /v1/claims/{id}/payments': { allowed: by('core_enterprise'), request: (f) => ({ path: `/v1/claims/${f.claim}/payments`, body: { amount: '1' } }) },
  // The supplier's own holding, or anyone's for the operator.
  'POST /v1/claims/{id}/redemptions': {
    allowed: by('operator', 'supplier'),
    request: (f) => ({ path: `/v1/claims/${f.maturedClaim}/redemptions`, body: { holderMemberId: f.by.supplier.id } }),
  },
  'POST /v1/settlements/{rootId}/distribute': { allowed: by('operator'), request: (f) => ({ path: `/v1/settlements/${f.maturedClaim}/distribute` }) },
  'POST /v1/offers/{offerId}/cancel': { allowed: by('funder'), request: (f) => ({ path: `/v1/offers/${f.offer}/cancel` }) },
  'POST /v1/quotes': { allowed: anyMember, request: (f) => ({ path: '/v1/quotes', body: { claimId: f.claim, amount: '1000' } }) },
  'POST /v1/quotes/{quoteId}/answers': { allowed: by('funder'), request: (f) => ({ path: `/v1/quotes/${f.quote}/answers`, body: { rateBps: 400, expiresAt: FUTURE } }) },
  'POST /v1/claims/{id}/sales': { allowed: anyMember, request: (f) => ({ path: `/v1/claims/${f.claim}/sales`, body: { offerId: f.offer, amount: '1000' } }) },
  // Collateral (setUpCollateralFixture): the distributor pledges; whoever is not the owner or pledgor is told 422, not 403.
  'POST /v1/devices': {
    allowed: by('manufacturer'),
    request: (_f, _w, n) => ({
      path: '/v1/devices',
      body: { equipmentType: 'cnc-mill', model: 'AUTHZ-M', serial: `AUTHZ-SN-${n}`, deviceKey: keccak256(toHex(`authz:device-key:${n}`)).slice(0, 42), salvageValue: '0' },
    }),
  },
  // A manufacturer's own deposit (the fixture's manufacturer has XT and a deposit; other members have none: 422).
  'POST /v1/devices/deposit': { allowed: by('manufacturer'), request: () => ({ path: '/v1/devices/deposit', body: { amount: '1' } }) },
  'POST /v1/devices/deposit/withdrawals': { allowed: anyMember, request: () => ({ path: '/v1/devices/deposit/withdrawals', body: { amount: '1' } }) },
  // Where a device may be: the operator, its manufacturer or its owner (the leasing fixture's free device).
  'PUT /v1/devices/{deviceId}/area': {
    allowed: by('operator', 'manufacturer'),
    request: (f) => ({ path: `/v1/devices/${f.leasing!.freeDevice}/area`, body: { minLatE6: 31_000_000, maxLatE6: 31_500_000, minLonE6: 121_000_000, maxLonE6: 121_800_000 } }),
  },
  'DELETE /v1/devices/{deviceId}/area': { allowed: by('operator', 'manufacturer'), request: (f) => ({ path: `/v1/devices/${f.leasing!.freeDevice}/area` }) },
  // Vouched for by the device's signature; sent by any acting user (a device gateway).
  'POST /v1/telemetry/readings': { allowed: anyMember, request: (f) => ({ path: '/v1/telemetry/readings', body: f.telemetryReading }) },
  ...leasingApiRows({ by, anyMember, future: FUTURE }),
  'POST /v1/goods': {
    allowed: by('verifier'),
    request: (f, _w, n) => ({
      path: '/v1/goods',
      body: { ownerMemberId: f.by.distributor.id, classId: 1, quantity: '10', unit: 't', description: 'steel', location: 'warehouse', receipt: `AUTHZ-WR-${n}`, value: '1000' },
    }),
  },
  'POST /v1/goods/{goodsId}/valuations': { allowed: by('verifier'), request: (f) => ({ path: `/v1/goods/${col(f).goods}/valuations`, body: { value: '1000000' } }) },
  'POST /v1/goods/{goodsId}/transfers': { allowed: anyMember, request: (f) => ({ path: `/v1/goods/${col(f).goods}/transfers`, body: { toMemberId: f.by.supplier.id } }) },
  'POST /v1/collateral/classes': { allowed: by('operator'), request: () => ({ path: '/v1/collateral/classes', body: { ...AUTHZ_COLLATERAL_CLASS, classId: 7 } }) },
  'POST /v1/collateral/positions': { allowed: anyMember, request: (f) => ({ path: '/v1/collateral/positions', body: { goodsId: col(f).goods, consortiumId: f.consortium, dueDate: f.dueDate } }) },
  'POST /v1/collateral/positions/{positionId}/draws': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/positions/${col(f).position}/draws`, body: { amount: '1' } }) },
  'POST /v1/collateral/positions/{positionId}/top-ups': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/positions/${col(f).position}/top-ups`, body: { amount: '1' } }) },
  'POST /v1/collateral/positions/{positionId}/release': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/positions/${col(f).emptyPosition}/release` }) },
  'POST /v1/collateral/positions/{positionId}/goods': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/positions/${col(f).position}/goods`, body: { goodsId: col(f).goods } }) },
  // Anyone may collect a pledged claim's settlement (it goes into the position), once the claim is due.
  'POST /v1/collateral/positions/{positionId}/collections': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/positions/${col(f).pledgedPosition}/collections` }) },
  'POST /v1/collateral/positions/{positionId}/margin-calls': { allowed: by('operator', 'funder'), request: (f) => ({ path: `/v1/collateral/positions/${col(f).underwater}/margin-calls` }) },
  'POST /v1/collateral/positions/{positionId}/default': { allowed: by('operator', 'funder'), request: (f) => ({ path: `/v1/collateral/positions/${col(f).underwater}/default` }) },
  'POST /v1/collateral/claims/{claimId}/repayments': { allowed: anyMember, request: (f) => ({ path: `/v1/collateral/claims/${col(f).claim}/repayments`, body: { amount: '1' } }) },
  // Your own holding (the distributor holds the matured, repaid CT), or anyone's for the operator.
  'POST /v1/collateral/claims/{claimId}/redemptions': {
    allowed: by('operator', 'distributor'),
    request: (f) => ({ path: `/v1/collateral/claims/${col(f).maturedClaim}/redemptions`, body: { holderMemberId: f.by.distributor.id } }),
  },
  'POST /v1/auctions/{positionId}/bids': { allowed: anyMember, request: (f) => ({ path: `/v1/auctions/${col(f).liveAuction}/bids`, body: { maxPrice: '10000000' } }) },
  'POST /v1/auctions/{positionId}/restart': { allowed: by('operator', 'funder'), request: (f) => ({ path: `/v1/auctions/${col(f).endedAuction}/restart` }) },
  // Investment: anyone acting for a member may list what it holds (a non-holder's listing fails on-chain); only
  // certified investors fund; payouts, refunds and collections are pushed to the investors, so anyone may trigger them.
  'POST /v1/listings': {
    allowed: anyMember,
    request: (f, _w, n) => ({
      path: '/v1/listings',
      body: { listingId: keccak256(toHex(`authz-listing-${n}`)), claimId: BigInt(f.claim).toString(), units: '1', price: '1', deadline: FUTURE },
    }),
  },
  'POST /v1/listings/{listingId}/fund': { allowed: by('funder'), request: (f) => ({ path: `/v1/listings/${f.listings.open}/fund`, body: { amount: '1' } }) },
  'POST /v1/listings/{listingId}/claim': { allowed: anyMember, request: (f) => ({ path: `/v1/listings/${f.listings.funded}/claim` }) },
  'POST /v1/listings/{listingId}/refund': { allowed: anyMember, request: (f) => ({ path: `/v1/listings/${f.listings.open}/refund` }) },
  'POST /v1/listings/{listingId}/collect': { allowed: anyMember, request: (f) => ({ path: `/v1/listings/${f.listings.funded}/collect` }) },
  // Pools: a sponsor (a funder) opens one and alone posts its cover; investors (funders) deposit; redemptions,
  // claims, sales, closes (the fixture's pool has no minimum epoch), proposals, votes and executions are checked by
  // holdings and the chain, not by role (a non-holder is told it holds too little, 422).
  'POST /v1/pools': {
    allowed: by('funder'),
    request: (f, _w, n) => ({
      path: '/v1/pools',
      body: {
        poolId: keccak256(toHex(`authz-pool-${n}`)), consortiumId: f.consortium, maturity: FUTURE, minEpochDays: 1, targetYieldBps: [100, 200, 300],
        quorumBps: 1000, thresholdBps: 5000, votingDays: 3, policy: { discountRateBps: 100, minDiscountBps: 0, maxTenorDays: 90, limitPerObligor: '1000' }, eligibleObligorIds: [],
      },
    }),
  },
  'POST /v1/pools/{poolId}/cover': { allowed: by('funder'), request: (f) => ({ path: `/v1/pools/${f.pool.id}/cover`, body: { amount: '1' } }) },
  // The sponsor alone takes back unused cover (the fixture's pool commits none of it).
  'POST /v1/pools/{poolId}/cover/withdrawals': { allowed: by('funder'), request: (f) => ({ path: `/v1/pools/${f.pool.id}/cover/withdrawals`, body: { amount: '1' } }) },
  'POST /v1/pools/{poolId}/deposits': { allowed: by('funder'), request: (f) => ({ path: `/v1/pools/${f.pool.id}/deposits`, body: { tranche: 'B', amount: '1' } }) },
  'POST /v1/pools/{poolId}/redemptions': { allowed: anyMember, request: (f) => ({ path: `/v1/pools/${f.pool.id}/redemptions`, body: { tranche: 'A', shares: '1' } }) },
  'POST /v1/pools/{poolId}/claims': { allowed: anyMember, request: (f) => ({ path: `/v1/pools/${f.pool.id}/claims`, body: { tranche: 'A' } }) },
  'POST /v1/pools/{poolId}/purchases': { allowed: anyMember, request: (f) => ({ path: `/v1/pools/${f.pool.id}/purchases`, body: { claimId: BigInt(f.claim).toString(), face: '1' } }) },
  'POST /v1/pools/{poolId}/epochs': { allowed: anyMember, request: (f) => ({ path: `/v1/pools/${f.pool.id}/epochs` }) },
  'POST /v1/pools/{poolId}/proposals': {
    allowed: anyMember,
    request: (f) => ({ path: `/v1/pools/${f.pool.id}/proposals`, body: { action: 'eligibility', obligorMemberId: f.by.core_enterprise.id, value: '0' } }),
  },
  'POST /v1/proposals/{proposalId}/votes': { allowed: anyMember, request: (f) => ({ path: `/v1/proposals/${f.pool.proposal}/votes`, body: { support: true } }) },
  'POST /v1/proposals/{proposalId}/execute': { allowed: anyMember, request: (f) => ({ path: `/v1/proposals/${f.pool.proposal}/execute` }) },
};

// ------------------------------------------------------------------------------------------ on-chain

type Gate = 'owner' | 'certifier' | 'member role' | 'platform contract' | 'named party' | 'open';

interface ChainRow {
  /** Who may call it: the owner (operator), a certifier, an active member with a role, a platform contract, the party
   * a record names (obligor, line manager, offer funder, consortium core, invitee), or anyone (open). */
  gate: Gate;
  args: (f: AuthorizationFixture, outsider: Address) => readonly unknown[];
  /** The custom error an outsider gets, with the arguments that must match; `succeeds` for the open, harmless ones. */
  expect: ((f: AuthorizationFixture, outsider: Address) => [string, Record<string, unknown>?]) | 'succeeds';
}

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const ref = (label: string) => keccak256(toHex(`authz:${label}`));
const spender = '0x000000000000000000000000000000000000dEaD';
const COLLATERAL_CLASS_ON_CHAIN = {
  kind: 1, active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 0,
  auctionDuration: 3600, auctionStep: 0, marginGrace: 3600, defaultGrace: 86400,
};
const lineTerms = (f: AuthorizationFixture) => ({ dueDate: 4_000_000_000, lateRateBps: 0, maxHops: 3, dayCount: 0, consortiumId: f.consortium });
const claimTerms = async (t: TestPlatform, id: Hex) =>
  t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'terms', args: [BigInt(id)] });

/** By deployed contract, then function name. `terms` is filled in before the rows are used (modify needs a claim's terms). */
function chainRows(terms: unknown): Record<string, Record<string, ChainRow>> {
  const caller = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { caller: o }] as [string, Record<string, unknown>];
  const account = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { account: o }] as [string, Record<string, unknown>];
  const notActive = (_f: AuthorizationFixture, o: Address): [string, Record<string, unknown>] => ['MemberNotActive', { member: o, status: 0 }];
  const core = (f: AuthorizationFixture) => f.by.core_enterprise.address;
  return {
    TierchainLedger: {
      register: { gate: 'certifier', args: (_f, o) => [o, ref('squat'), ZERO32], expect: caller('NotCertifier') },
      certify: { gate: 'certifier', args: (_f, o) => [o, BigInt(memberRoles.supplier)], expect: caller('NotCertifier') },
      suspend: { gate: 'certifier', args: (f) => [f.targets.suspend.address, ZERO32], expect: caller('NotCertifier') },
      reinstate: { gate: 'certifier', args: (f) => [f.targets.reinstate.address], expect: caller('NotCertifier') },
      revoke: { gate: 'certifier', args: (f) => [f.targets.revoke.address, ZERO32], expect: caller('NotCertifier') },
      setSystemAccount: { gate: 'owner', args: (_f, o) => [o, true], expect: account('OwnableUnauthorizedAccount') },
      transferOwnership: { gate: 'owner', args: (_f, o) => [o], expect: account('OwnableUnauthorizedAccount') },
      renounceOwnership: { gate: 'owner', args: () => [], expect: account('OwnableUnauthorizedAccount') },
      acceptOwnership: { gate: 'owner', args: () => [], expect: account('OwnableUnauthorizedAccount') },
      issue: { gate: 'platform contract', args: (_f, o) => [1n, terms, o, 1n], expect: caller('NotPlatformContract') },
      burn: { gate: 'platform contract', args: (f) => [f.by.supplier.address, BigInt(f.claim), 1n], expect: caller('NotPlatformContract') },
      mint: { gate: 'platform contract', args: (f, o) => [o, BigInt(f.claim), 1n], expect: caller('NotPlatformContract') },
      createConsortium: { gate: 'member role', args: () => [ref('consortium'), ref('name')], expect: notActive },
      invite: { gate: 'named party', args: (f, o) => [f.consortium, o], expect: (f, o) => ['NotConsortiumCore', { consortiumId: f.consortium, caller: o }] },
      remove: { gate: 'named party', args: (f) => [f.consortium, f.by.supplier.address], expect: (f, o) => ['NotConsortiumCore', { consortiumId: f.consortium, caller: o }] },
      accept: { gate: 'named party', args: (f) => [f.consortium], expect: (f, o) => ['MembershipStateInvalid', { consortiumId: f.consortium, member: o, state: 0 }] },
      decline: { gate: 'named party', args: (f) => [f.consortium], expect: (f, o) => ['MembershipStateInvalid', { consortiumId: f.consortium, member: o, state: 0 }] },
      leaveConsortium: { gate: 'named party', args: (f) => [f.consortium], expect: (f, o) => ['MembershipStateInvalid', { consortiumId: f.consortium, member: o, state: 0 }] },
      modify: { gate: 'named party', args: (f) => [BigInt(f.claim), 1n, terms], expect: (_f, o) => ['HolderNotActive', { holder: o }] },
      transfer: { gate: 'open', args: (f) => [f.by.supplier.address, BigInt(f.claim), 1n], expect: (f, o) => ['ERC6909InsufficientBalance', { sender: o, balance: '0', needed: '1' }] },
      transferFrom: {
        gate: 'named party',
        args: (f, o) => [f.by.supplier.address, o, BigInt(f.claim), 1n],
        expect: (_f, o) => ['ERC6909InsufficientAllowance', { spender: o, allowance: '0', needed: '1' }],
      },
      // Allowances and operators over the caller's own (empty) holdings: harmless.
      approve: { gate: 'open', args: (f) => [spender, BigInt(f.claim), 1n], expect: 'succeeds' },
      setOperator: { gate: 'open', args: () => [spender, true], expect: 'succeeds' },
    },
    SettlementToken: {
      deposit: { gate: 'member role', args: (_f, o) => [o, 1n, ref('deposit')], expect: notActive },
      pause: { gate: 'member role', args: () => [], expect: notActive },
      unpause: { gate: 'member role', args: () => [], expect: notActive },
      withdraw: { gate: 'open', args: () => [1n, ref('withdrawal')], expect: account('XtAccountCannotHold') },
      transfer: { gate: 'open', args: (f) => [f.by.supplier.address, 1n], expect: account('XtAccountCannotHold') },
      transferFrom: { gate: 'named party', args: (f, o) => [f.by.funder.address, o, 1n], expect: (_f, o) => ['ERC20InsufficientAllowance', { spender: o, allowance: '0', needed: '1' }] },
      approve: { gate: 'open', args: () => [spender, 1n], expect: 'succeeds' },
    },
    CertificateRegistry: {
      recordCertificate: { gate: 'member role', args: (f) => [f.by.supplier.address, ref('cert'), ref('cert-sm3'), BigInt(2 ** 40)], expect: notActive },
      revokeCertificate: { gate: 'member role', args: (f) => [f.by.supplier.address, ref('cert')], expect: notActive },
    },
    DocumentRegistry: {
      registerDocument: { gate: 'member role', args: () => [ref('doc'), ref('doc-sha'), ref('doc-sm3'), 0, []], expect: (_f, o) => ['DocumentOwnerNotActive', { owner: o }] },
      grantAccess: { gate: 'named party', args: (_f, o) => [docs.id, o], expect: (_f, o) => ['NotDocumentOwner', { documentId: docs.id, caller: o }] },
      revokeAccess: { gate: 'named party', args: (f) => [docs.id, f.by.core_enterprise.address], expect: (_f, o) => ['NotDocumentOwner', { documentId: docs.id, caller: o }] },
    },
    ...receivablesChainRows(ref),
    ...investmentChainRows(ref),
    ClaimMarket: {
      postOffer: { gate: 'member role', args: (f) => [ref('offer'), core(f), 100, 1n, 4_000_000_000, zeroAddress], expect: caller('NotFunder') },
      cancelOffer: { gate: 'named party', args: (f) => [f.offer], expect: (f, o) => ['NotOfferFunder', { offerId: f.offer, caller: o }] },
      sell: { gate: 'open', args: (f) => [f.offer, BigInt(f.claim), 1n, 0n], expect: (f, o) => ['ERC6909InsufficientBalance', { sender: o, balance: '0', needed: '1' }] },
    },
    GoodsToken: {
      register: { gate: 'member role', args: (_f, o) => [{ owner: o, classId: 1, quantity: 1n, unit: 't', description: 'd', location: 'l', receipt: 'AUTHZ-OUT', lot: '', documentsHash: ZERO32, value: 1n }], expect: caller('NotVerifier') },
      revalue: { gate: 'member role', args: () => [1n, 1n], expect: caller('NotVerifier') },
      setLocked: { gate: 'platform contract', args: () => [1n, true], expect: caller('NotVault') },
      releaseTo: { gate: 'platform contract', args: (_f, o) => [1n, o], expect: caller('NotVault') },
      setVault: { gate: 'owner', args: (_f, o) => [o], expect: caller('NotRegistryOwner') },
      // Goods the outsider does not own (no token has id 1): nothing to approve or move.
      approve: { gate: 'named party', args: () => [spender, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      transferFrom: { gate: 'named party', args: (f, o) => [o, f.by.supplier.address, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      safeTransferFrom: { gate: 'named party', args: (f, o) => [o, f.by.supplier.address, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      setApprovalForAll: { gate: 'open', args: () => [spender, true], expect: 'succeeds' },
    },
    ...devicesChainRows(ref),
    ...leasingChainRows(ref),
    ClaimPledges: {
      setVault: { gate: 'owner', args: (_f, o) => [o], expect: caller('NotRegistryOwner') },
      lock: { gate: 'platform contract', args: (f, o) => [ref('position'), o, BigInt(f.claim)], expect: caller('NotVault') },
      collect: { gate: 'platform contract', args: (_f, o) => [ref('position'), o], expect: caller('NotVault') },
      release: { gate: 'platform contract', args: (_f, o) => [ref('position'), o], expect: caller('NotVault') },
    },
    CollateralVault: {
      setClass: { gate: 'owner', args: () => [1, COLLATERAL_CLASS_ON_CHAIN], expect: caller('NotOperator') },
      lockGoods: { gate: 'named party', args: (f) => [ref('position'), 1n, lineTerms(f), 0n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      lockXt: { gate: 'named party', args: (f) => [ref('position'), 999, 1n, lineTerms(f), 0n], expect: () => ['ClassInactive', { classId: '999' }] },
      lockClaim: { gate: 'named party', args: (f) => [ref('position'), 999, BigInt(f.claim), lineTerms(f), 0n], expect: () => ['ClassInactive', { classId: '999' }] },
      addGoods: { gate: 'named party', args: () => [ref('position'), 1n], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      draw: { gate: 'named party', args: () => [ref('position'), 1n], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      repay: { gate: 'named party', args: () => [1n, 1n], expect: () => ['DrawUnknown', { id: '1' }] },
      topUp: { gate: 'named party', args: () => [ref('position'), 1n], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      release: { gate: 'named party', args: () => [ref('position')], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      // Open to anyone, but only when the position's state allows it (a keeper's call): none exists here.
      marginCall: { gate: 'open', args: () => [ref('position')], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      declareDefault: { gate: 'open', args: () => [ref('position')], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      collectClaim: { gate: 'open', args: () => [ref('position')], expect: () => ['PositionUnknown', { positionId: ref('position') }] },
      restartAuction: { gate: 'open', args: () => [ref('position')], expect: () => ['AuctionNotLive', { positionId: ref('position') }] },
      bid: { gate: 'open', args: () => [ref('position'), 1n], expect: () => ['AuctionNotLive', { positionId: ref('position') }] },
      // Pays the holder (never anyone else) its share of a collateral CT; a receivable is none.
      redeem: { gate: 'open', args: (f) => [BigInt(f.claim), f.by.supplier.address], expect: (f) => ['DrawUnknown', { id: BigInt(f.claim).toString() }] },
    },
  };
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

describe('authorization', () => {
  let t: TestPlatform;
  let f: AuthorizationFixture;
  let writeOperations: string[];

  before(async () => {
    t = await startTestPlatform();
    f = await setUpAuthorizationFixture(t);
    f.leasing = await setUpLeasingFixture(t, f);
    f.collateral = await setUpCollateralFixture(t, f);
    const account = await t.api('POST', '/v1/bank/accounts', {
      key: f.by.bank_gateway.keys.admin,
      body: { memberId: f.by.bank_gateway.id, account: GATEWAY_ACCOUNT, holderName: 'Authz Settlement Account' },
      idempotencyKey: newKey('authz-bank'),
    });
    assert.equal(account.status, 201, JSON.stringify(account.body));
    const numbers = await t.db.query<{ id: string; registration_number: string }>('SELECT id, registration_number FROM members WHERE id = ANY($1::uuid[])', [
      [f.by.supplier.id, f.by.core_enterprise.id],
    ]);
    registration.supplier = numbers.rows.find((r) => r.id === f.by.supplier.id)!.registration_number;
    registration.core = numbers.rows.find((r) => r.id === f.by.core_enterprise.id)!.registration_number;
    pki.ca = createCa('Authz Test CA', 'p256');
    const supplierCert = issue(pki.ca, { commonName: 'Authz Supplier', serialNumber: registration.supplier });
    pki.supplierCert = supplierCert.certPem;
    pki.crl = crl(pki.ca);
    pki.signature = Buffer.from(signDocument(Buffer.from(pki.document, 'base64'), supplierCert.keyPem).signature).toString('base64');
    // The CA and its CRL are configured, and the supplier onboarded, so that each row has a caller it accepts.
    const operatorKey = f.by.operator.keys.admin;
    const configured = await t.api('POST', '/v1/certificates/authorities', { key: operatorKey, body: { pem: pki.ca.certPem }, idempotencyKey: newKey('authz-ca') });
    assert.equal(configured.status, 201, JSON.stringify(configured.body));
    await postConfirmed(t, '/v1/certificates/crls', { key: operatorKey, body: { pem: pki.crl } });
    await postConfirmed(t, `/v1/members/${f.by.supplier.id}/certificate`, { key: operatorKey, body: { certificatePem: pki.supplierCert } });
    // Document keys for every member of the fixture; the supplier uploads a document concerning the core enterprise.
    const documentKeys = new Map<string, ReturnType<typeof newDocumentKeyPair>>();
    for (const role of principalRoles) {
      documentKeys.set(role, newDocumentKeyPair());
      const r = await t.api('POST', '/v1/documents/keys', { key: f.by[role].keys.admin, body: { publicKeyPem: documentKeys.get(role)!.publicKeyPem }, idempotencyKey: newKey('authz-dockey') });
      assert.equal(r.status, 201, `${role}: ${JSON.stringify(r.body)}`);
    }
    const uploaded = await postConfirmed(t, '/v1/documents', {
      key: f.by.supplier.keys.admin,
      body: { name: 'authz.txt', kind: 'contract', content: Buffer.from('authz contract').toString('base64'), partyMemberIds: [f.by.core_enterprise.id] },
    });
    docs.id = uploaded.body.document.id;
    const sealed = await t.api('GET', `/v1/documents/${docs.id}`, { key: f.by.supplier.keys.admin });
    docs.wrappedForFunder = rewrapKey(sealed.body.wrappedKey, documentKeys.get('supplier')!.privateKeyPem, documentKeys.get('funder')!.publicKeyPem);
    const doc = await t.api('GET', '/openapi.json', { key: '' });
    assert.equal(doc.status, 200);
    writeOperations = Object.entries<Record<string, unknown>>(doc.body.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
  });

  after(async () => {
    await t?.close();
  });

  test('every write operation of /openapi.json has a row in the table, and every row is an operation', () => {
    assert.deepEqual(writeOperations.filter((op) => !(op in operations)), [], 'write operations without a row: add them to the table');
    assert.deepEqual(Object.keys(operations).filter((op) => !writeOperations.includes(op)), [], 'rows for operations the API no longer has');
  });

  test('every contract function that changes state is refused to an outside funded account, with the expected custom error', async () => {
    const outsider: Outsider = await fundedOutsider(t);
    const o = outsider.address;
    const rows = chainRows(await claimTerms(t, f.claim));
    const mismatches: string[] = [];
    const counted = { functions: 0, reverted: 0, open: 0 };
    const byGate = new Map<Gate, number>();
    for (const { name: deployed, serves, abi } of contractSuite.deployables) {
      const logical = serves[0]!;
      const functions = abi.filter((i): i is AbiFunction => i.type === 'function' && i.stateMutability !== 'view' && i.stateMutability !== 'pure').map((i) => i.name);
      const table = rows[deployed] ?? {};
      assert.deepEqual(functions.filter((fn) => !(fn in table)), [], `${deployed}: state-changing functions without a row`);
      assert.deepEqual(Object.keys(table).filter((fn) => !functions.includes(fn)), [], `${deployed}: rows for functions the ABI does not have`);
      for (const [functionName, row] of Object.entries(table)) {
        counted.functions += 1;
        byGate.set(row.gate, (byGate.get(row.gate) ?? 0) + 1);
        const call = { to: addressOf(t.deployment, logical), abi, functionName, args: row.args(f, o) };
        const label = `${deployed}.${functionName}`;
        if (row.expect === 'succeeds') {
          counted.open += 1;
          const revert = await simulateRevert(t, { account: o, ...call });
          if (revert) mismatches.push(`${label}: expected to succeed (open and harmless), reverted with ${revert.name}`);
          continue;
        }
        const [error, args = {}] = row.expect(f, o);
        const { receipt, revert } = await outsider.send(call);
        if (receipt.status !== 'reverted') mismatches.push(`${label}: mined as a success`);
        if (revert?.name !== error) {
          mismatches.push(`${label}: expected ${error}, got ${revert?.name ?? 'no revert'} ${JSON.stringify(revert?.args ?? {})}`);
          continue;
        }
        counted.reverted += 1;
        for (const [key, value] of Object.entries(args)) {
          if (lower(String(revert.args[key])) !== lower(String(value))) mismatches.push(`${label}: ${error}.${key} is ${String(revert.args[key])}, expected ${String(value)}`);
        }
      }
    }
    console.log(
      `on-chain authorization: ${counted.functions} state-changing functions of ${contractSuite.deployables.length} contracts, sent from an outside account: ` +
        `${counted.reverted} reverted with the expected error, ${counted.open} open and harmless (${[...byGate].map(([g, n]) => `${g} ${n}`).join(', ')})`,
    );
    assert.deepEqual(mismatches, []);
    // Nothing the outsider sent changed anything: it is still no member, and holds no claim and no XT.
    const member = await t.client.readContract({ address: at(t.deployment, 'MemberRegistry'), abi: suite.MemberRegistry.abi, functionName: 'memberOf', args: [o] });
    assert.equal(member.status, 0);
    assert.equal(await t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'balanceOf', args: [o, BigInt(f.claim)] }), 0n);
  });

  test('without an API key every write operation is 401', async () => {
    for (const op of writeOperations) {
      const row = operations[op]!;
      const { path, body } = row.request(f, { role: 'operator', user: 'admin' }, 0);
      const r = await t.api(op.split(' ')[0]!, path, { key: '', body, idempotencyKey: newKey('anon') });
      assert.equal(r.status, 401, `${op} without a key: ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'unauthenticated');
    }
  });

  test('every write operation × every member role × admin, member and viewer: allowed or refused (403) as the table says', async () => {
    const started = new Date();
    const automine = (on: boolean) => t.client.request({ method: 'evm_setAutomine' as never, params: [on] as never });
    await automine(false);
    let run: MatrixRun;
    try {
      run = await runMatrix(t, f, operations, writeOperations);
    } finally {
      await automine(true);
    }
    const statuses = [...run.allowedAnswers.values()].flat();
    console.log(
      `authorization matrix: ${writeOperations.length} write operations × ${principalRoles.length} member roles × ${userRoles.length} user roles = ` +
        `${run.requests} requests (${statuses.length} allowed, ${statuses.filter(is2xx).length} of them accepted outright; ${run.requests - statuses.length} refused)`,
    );
    assert.deepEqual(run.mismatches, []);
    // The fixture gives each operation at least one caller that it accepts outright, so "allowed" was exercised, not
    // only answered with a business rule.
    assert.deepEqual(writeOperations.filter((op) => !(run.allowedAnswers.get(op) ?? []).some(is2xx)), [], 'operations no allowed caller got a 2xx for');
    // Viewers and regulators created nothing: no command was stored on their behalf.
    const readOnly = principalRoles.flatMap((role) => userRoles.filter((user) => user === 'viewer' || role === 'regulator').map((user) => f.by[role].userIds[user]));
    const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM commands WHERE requested_by = ANY($1::uuid[]) AND created_at >= $2', [readOnly, started]);
    assert.equal(rows[0]!.n, '0');
  });

  test('an operator that certified itself a regulator too stays the operator: it still acts, and can undo it', async () => {
    const operator = f.by.operator;
    const certify = (roles: string[]) => postConfirmed(t, `/v1/members/${operator.id}/certify`, { key: operator.keys.admin, body: { roles } });
    await certify(['operator', 'regulator']);
    assert.deepEqual((await t.api('GET', '/v1/me', { key: operator.keys.member })).body.member.roles, ['regulator', 'operator']);
    const onboarded = await t.api('POST', '/v1/members', {
      key: operator.keys.member,
      body: { name: 'Authz After Regulator', registrationNumber: 'AUTHZ-AFTER-REG', roles: ['supplier'] },
      idempotencyKey: newKey('authz'),
    });
    assert.equal(onboarded.status, 202, JSON.stringify(onboarded.body));
    await certify(['operator']);
    assert.deepEqual((await t.api('GET', '/v1/me', { key: operator.keys.admin })).body.member.roles, ['operator']);
  });
});
