/**
 * The platform the authorization test runs against: one enterprise per member role (and one with none), each with
 * an admin, a member and a viewer user; the resources every write operation acts on (consortia, invitations, a
 * credit line with a proposed guarantee, a claim before and one after its due date, a pending trade, an open offer,
 * a quote request, an API key), and members that only serve as targets.
 */
import assert from 'node:assert/strict';
import { keccak256, toHex, type Hex } from 'viem';
import { findListing } from '../../src/modules/investment/queries.ts';
import { indexedTrade } from '../../src/modules/receivables/commands/trades.ts';
import type { TradeBackground } from '../../src/modules/receivables/chain.ts';
import { onboard, type TestPlatform } from './platform.ts';
import { postConfirmed } from './e2e.ts';
import { registerDevices, signed } from './devices.ts';
import type { SignedReadingJson } from '../../src/modules/devices/telemetry/ingest.ts';
import type { LeasingAuthorizationFixture } from './leasingAuthorization.ts';
import { chainTime, DAY, depositXt, formConsortium, isoDate, midnight, setChainTime, type Member } from './receivables.ts';

export const principalRoles = ['operator', 'core_enterprise', 'supplier', 'distributor', 'funder', 'guarantor', 'verifier', 'regulator', 'bank_gateway', 'manufacturer', 'lessee', 'service_provider', 'none'] as const;
export type PrincipalRole = (typeof principalRoles)[number];
export const userRoles = ['admin', 'member', 'viewer'] as const;
export type UserRole = (typeof userRoles)[number];

export interface Enterprise extends Member {
  name: string;
  /** API key of each of its users. */
  keys: Record<UserRole, string>;
  userIds: Record<UserRole, string>;
}

export interface AuthorizationFixture {
  /** The enterprise of each role (`none`: registered, never certified, so it holds no role). */
  by: Record<PrincipalRole, Enterprise>;
  /** Members acted on, none of them a principal: certified (certify, suspend, revoke, invite, XT recipient) and suspended (reinstate). */
  targets: { certify: Member; suspend: Member; revoke: Member; reinstate: Member; invitee: Member };
  /** Core, supplier, distributor and funder; the guarantor invited. */
  consortium: Hex;
  /** Core, supplier and distributor; the guarantor invited. */
  secondConsortium: Hex;
  /** Owed by the core to the supplier, due in about 60 days. */
  claim: Hex;
  /** Owed by the core to the supplier, paid in full, past its due date. */
  maturedClaim: Hex;
  /** CTs the core issued to the supplier against an open purchase order. */
  advance: Hex;
  dueDate: string;
  /** Submitted by the supplier to the core, pending, with the trade as submitted. */
  trade: { id: Hex; background: TradeBackground };
  /** The funder's standing offer on the core's claims. */
  offer: Hex;
  offerExpiresAt: string;
  /** The supplier's quote request on `claim`. */
  quote: Hex;
  /** The funder's pool (it holds A shares) and an open proposal on it. */
  pool: { id: Hex; proposal: string };
  /** Collateral resources (setUpCollateralFixture), pledged by the distributor. */
  collateral?: CollateralFixture;
  /** Leasing resources (setUpLeasingFixture). */
  leasing?: LeasingAuthorizationFixture;
  /** The supplier's P2P listings: one open for funding, one funded by the funder. */
  listings: { open: Hex; funded: Hex };
  /** A reading signed by the manufacturer's registered device: the first to send it is answered 202, later ones 409. */
  telemetryReading: SignedReadingJson;
  /** A second API key of the supplier's `member` user. */
  apiKey: { memberId: string; userId: string; keyId: string };
}

const names: Record<PrincipalRole, string> = {
  operator: 'the operator',
  core_enterprise: 'Authz Core Motors',
  supplier: 'Authz Tier One',
  distributor: 'Authz Channel Distributor',
  funder: 'Authz Factoring Fund',
  guarantor: 'Authz Guarantee Co',
  verifier: 'Authz Field Verifier',
  regulator: 'Authz Regulator',
  bank_gateway: 'Authz Gateway Bank',
  manufacturer: 'Authz Machine Works',
  lessee: 'Authz Small Workshop',
  service_provider: 'Authz Maintenance Co',
  none: 'Authz Pending Applicant',
};

async function addUser(t: TestPlatform, memberId: string, adminKey: string, role: Exclude<UserRole, 'admin'>): Promise<{ userId: string; apiKey: string }> {
  const r = await t.api('POST', `/v1/members/${memberId}/users`, { key: adminKey, body: { name: `${role} user`, role } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function adminUserId(t: TestPlatform, memberId: string, adminKey: string): Promise<string> {
  const me = await t.api('GET', '/v1/me', { key: adminKey });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.member.id, memberId);
  return me.body.userId;
}

export async function setUpAuthorizationFixture(t: TestPlatform): Promise<AuthorizationFixture> {
  const business = principalRoles.filter((r) => r !== 'operator');
  const target = (use: string) => onboard(t, { name: `Authz Target ${use}`, roles: ['supplier'] });
  const [onboarded, certifyTarget, suspendTarget, revokeTarget, reinstateTarget, invitee] = await Promise.all([
    Promise.all(business.map((role) => onboard(t, { name: names[role], roles: role === 'none' ? ['supplier'] : [role], certify: role !== 'none' }))),
    target('certify'),
    target('suspend'),
    target('revoke'),
    target('reinstate'),
    target('invitee'),
  ]);
  const members = {
    operator: { id: t.operator.memberId, address: t.operator.address.toLowerCase(), apiKey: t.operator.apiKey! },
    ...Object.fromEntries(business.map((role, i) => [role, onboarded[i]!])),
  } as Record<PrincipalRole, Member>;

  const by = {} as Record<PrincipalRole, Enterprise>;
  for (const role of principalRoles) {
    const m = members[role];
    const [member, viewer, adminId] = await Promise.all([addUser(t, m.id, m.apiKey, 'member'), addUser(t, m.id, m.apiKey, 'viewer'), adminUserId(t, m.id, m.apiKey)]);
    by[role] = {
      ...m,
      name: names[role],
      keys: { admin: m.apiKey, member: member.apiKey, viewer: viewer.apiKey },
      userIds: { admin: adminId, member: member.userId, viewer: viewer.userId },
    };
  }
  await postConfirmed(t, `/v1/members/${reinstateTarget.id}/suspend`, { body: { reason: 'to be reinstated' } });

  const { core_enterprise: core, supplier, distributor, funder, guarantor, bank_gateway: bank } = by;
  const consortium = await formConsortium(t, core, [supplier, distributor, funder], 'Authz chain');
  const secondConsortium = await formConsortium(t, core, [supplier, distributor], 'Authz second chain');
  for (const c of [consortium, secondConsortium]) {
    await postConfirmed(t, `/v1/consortia/${c}/invitations`, { key: core.apiKey, body: { memberId: guarantor.id } });
  }

  await Promise.all([
    depositXt(t, bank, core, 1_000_000_000n), depositXt(t, bank, funder, 1_000_000_000n), depositXt(t, bank, supplier, 1_000_000n), depositXt(t, bank, by.manufacturer, 1_000_000n),
  ]);
  // The manufacturer posts a device deposit, so that it may post more and withdraw some in the matrix.
  await postConfirmed(t, '/v1/devices/deposit', { key: by.manufacturer.apiKey, body: { amount: '100000' } });
  const [device] = await registerDevices(t, by.manufacturer, 1, 'AUTHZ');
  const telemetryReading = await signed(device!, 1);
  await postConfirmed(t, '/v1/credit-lines', { key: funder.apiKey, body: { obligorMemberId: core.id, limit: '1000000000000' } });
  await postConfirmed(t, `/v1/credit-lines/${core.id}/guarantee`, { key: funder.apiKey, body: { guarantorMemberId: guarantor.id } });

  const now = await chainTime(t);
  const dueDate = isoDate(now + 60 * DAY);
  const payable = (invoiceNumber: string, amount: string, due: string) =>
    postConfirmed(t, '/v1/payables', { key: core.apiKey, body: { supplierMemberId: supplier.id, consortiumId: consortium, invoiceNumber, amount, dueDate: due } });
  const claim = (await payable('AUTHZ-1', '10000000', dueDate)).body.claimId as Hex;
  const advance = (await postConfirmed(t, '/v1/advances', {
    key: core.apiKey,
    body: { kind: 'purchase_order', recipientMemberId: supplier.id, consortiumId: consortium, orderNumber: 'AUTHZ-PO', amount: '1000', dueDate },
  })).body.claimId as Hex;
  const soonDue = isoDate(now + 2 * DAY);
  const maturedClaim = (await payable('AUTHZ-2', '1000000', soonDue)).body.claimId as Hex;
  await postConfirmed(t, `/v1/claims/${maturedClaim}/payments`, { key: core.apiKey, body: { amount: '1000000' } });

  const submitted = await postConfirmed(t, '/v1/trades', {
    key: supplier.apiKey,
    body: { obligorMemberId: core.id, consortiumId: consortium, invoiceNumber: 'AUTHZ-T', amount: '1000', dueDate },
  });
  const tradeId = submitted.body.tradeId as Hex;
  const background = await indexedTrade(t.db, tradeId);
  assert.ok(background, 'the submitted trade is indexed');

  const offerExpiresAt = new Date((now + 30 * DAY) * 1000).toISOString();
  const offer = (await postConfirmed(t, '/v1/offers', { key: funder.apiKey, body: { obligorMemberId: core.id, rateBps: 500, limit: '100000000', expiresAt: offerExpiresAt } }))
    .body.offerId as Hex;
  const quote = await t.api('POST', '/v1/quotes', { key: supplier.apiKey, body: { claimId: claim, amount: '1000000' }, idempotencyKey: `authz-quote-${Date.now()}` });
  assert.equal(quote.status, 201, JSON.stringify(quote.body));

  const listingDeadline = new Date((now + 20 * DAY) * 1000).toISOString();
  const listings = { open: keccak256(toHex('authz-listing-open')), funded: keccak256(toHex('authz-listing-funded')) };
  for (const [n, listingId] of [[3, listings.open], [4, listings.funded]] as const) {
    const listed = (await payable(`AUTHZ-${n}`, '1000', dueDate)).body.claimId as Hex;
    await postConfirmed(t, '/v1/listings', { key: supplier.apiKey, body: { listingId, claimId: BigInt(listed).toString(), units: '1000', price: '990', deadline: listingDeadline } });
  }
  for (let i = 0; !(await findListing(t.db, listings.funded)); i++) {
    assert.ok(i < 200, 'the listing is indexed');
    await new Promise((r) => setTimeout(r, 25));
  }
  await postConfirmed(t, `/v1/listings/${listings.funded}/fund`, { key: funder.apiKey, body: { amount: '990' } });
  for (let i = 0; (await findListing(t.db, listings.funded))?.status !== 'funded'; i++) {
    assert.ok(i < 200, 'the funding is indexed');
    await new Promise((r) => setTimeout(r, 25));
  }

  const poolId = keccak256(toHex('authz-pool'));
  await postConfirmed(t, '/v1/pools', {
    key: funder.apiKey,
    body: {
      poolId, consortiumId: consortium, maturity: new Date((now + 400 * DAY) * 1000).toISOString(), minEpochDays: 0, targetYieldBps: [100, 200, 300],
      quorumBps: 1000, thresholdBps: 5000, votingDays: 30,
      policy: { discountRateBps: 100, minDiscountBps: 0, maxTenorDays: 120, limitPerObligor: '1000000000' },
      eligibleObligorIds: [core.id],
    },
  });
  // Cover with no committed share: the sponsor may take it back, 1 at a time, in the table's withdrawals.
  await postConfirmed(t, `/v1/pools/${poolId}/cover`, { key: funder.apiKey, body: { amount: '100000' } });
  await postConfirmed(t, `/v1/pools/${poolId}/deposits`, { key: funder.apiKey, body: { tranche: 'A', amount: '100000' } });
  await postConfirmed(t, `/v1/pools/${poolId}/epochs`, { key: funder.apiKey });
  await postConfirmed(t, `/v1/pools/${poolId}/claims`, { key: funder.apiKey, body: { tranche: 'A' } });
  const proposed = await postConfirmed(t, `/v1/pools/${poolId}/proposals`, { key: funder.apiKey, body: { action: 'eligibility', obligorMemberId: core.id, value: '1' } });

  const issued = await t.api('POST', `/v1/members/${supplier.id}/users/${supplier.userIds.member}/api-keys`, { key: supplier.apiKey });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));

  // The second claim reaches its due date (the first, the offer and the quote stay open).
  await setChainTime(t, midnight(soonDue) + 3600);

  return {
    by,
    telemetryReading,
    targets: { certify: certifyTarget, suspend: suspendTarget, revoke: revokeTarget, reinstate: reinstateTarget, invitee },
    consortium,
    secondConsortium,
    claim,
    maturedClaim,
    advance,
    dueDate,
    trade: { id: tradeId, background: background! },
    offer,
    offerExpiresAt,
    quote: quote.body.quoteId,
    listings,
    pool: { id: poolId, proposal: proposed.body.proposalId as string },
    apiKey: { memberId: supplier.id, userId: supplier.userIds.member, keyId: issued.body.keyId },
  };
}

/** Collateral resources for the authorization rows: each write operation has a target an allowed caller succeeds on. */
export interface CollateralFixture {
  /** Unlocked goods of the distributor (transfer, lock, revalue). */
  goods: Hex;
  /** The distributor's open position with 100 000 drawn (draw, top up, repay `claim`). */
  position: Hex;
  claim: Hex;
  /** An open position with nothing drawn (release). */
  emptyPosition: Hex;
  /** An open position past its liquidation threshold (margin call, default). */
  underwater: Hex;
  /** A position backed by a pledged receivable claim that is due by the time the matrix runs (collect). */
  pledgedPosition: Hex;
  /** A repaid draw past its due date (redeem). */
  maturedClaim: Hex;
  /** A live auction (bid) and one that ended unsold (restart). */
  liveAuction: Hex;
  endedAuction: Hex;
}

export const AUTHZ_COLLATERAL_CLASS = {
  classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000,
  curve: 'linear', auctionDurationSeconds: 3600, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86400,
};

/** Sets up the collateral resources (after the main fixture: the clock moves a day and an hour here). */
export async function setUpCollateralFixture(t: TestPlatform, f: AuthorizationFixture): Promise<CollateralFixture> {
  const { verifier, distributor: d, bank_gateway: bank, funder, core_enterprise: core } = f.by;
  await depositXt(t, bank, d, 10_000_000n);
  await postConfirmed(t, '/v1/collateral/classes', { body: AUTHZ_COLLATERAL_CLASS });
  const goods = async (receipt: string) =>
    (await postConfirmed(t, '/v1/goods', { key: verifier.apiKey, body: { ownerMemberId: d.id, classId: 1, quantity: '10', unit: 't', description: 'steel', location: 'bonded', receipt, value: '1000000' } }))
      .body.goodsId as Hex;
  const now = await chainTime(t);
  const lock = async (goodsId: Hex, firstDraw: string, days = 30) =>
    (await postConfirmed(t, '/v1/collateral/positions', { key: d.apiKey, body: { goodsId, consortiumId: f.consortium, dueDate: isoDate(now + days * DAY), firstDraw } })).body as { positionId: Hex; claimId: Hex };
  const underwaterAt = async (receipt: string) => {
    const g = await goods(receipt);
    const p = await lock(g, '600000');
    await postConfirmed(t, `/v1/goods/${g}/valuations`, { key: verifier.apiKey, body: { value: '650000' } });
    return p.positionId;
  };
  const free = await goods('AUTHZ-G-FREE');
  const open = await lock(await goods('AUTHZ-G-OPEN'), '100000');
  const empty = await lock(await goods('AUTHZ-G-EMPTY'), '0');
  const underwater = await underwaterAt('AUTHZ-G-UNDER');
  const matured = await lock(await goods('AUTHZ-G-MATURED'), '1000', 1);
  await postConfirmed(t, `/v1/collateral/claims/${matured.claimId}/repayments`, { key: d.apiKey, body: { amount: '1000' } });
  await postConfirmed(t, '/v1/collateral/classes', { body: { ...AUTHZ_COLLATERAL_CLASS, classId: 2, kind: 'pledge' } });
  const payable = await postConfirmed(t, '/v1/payables', {
    key: core.apiKey,
    body: { supplierMemberId: d.id, consortiumId: f.consortium, invoiceNumber: 'AUTHZ-PLEDGED', amount: '500000', dueDate: isoDate(now + DAY) },
  });
  const pledged = await postConfirmed(t, '/v1/collateral/positions', {
    key: d.apiKey,
    body: { claimId: payable.body.claimId, classId: 2, consortiumId: f.consortium, dueDate: isoDate(now + 30 * DAY), firstDraw: '1000' },
  });
  const ended = await underwaterAt('AUTHZ-G-ENDED');
  await postConfirmed(t, `/v1/collateral/positions/${ended}/default`, { key: funder.apiKey });
  await setChainTime(t, (await chainTime(t)) + DAY + 3601);
  const live = await underwaterAt('AUTHZ-G-LIVE');
  await postConfirmed(t, `/v1/collateral/positions/${live}/default`, { key: funder.apiKey });
  return {
    goods: free, position: open.positionId, claim: open.claimId, emptyPosition: empty.positionId, underwater, pledgedPosition: pledged.body.positionId as Hex,
    maturedClaim: matured.claimId, liveAuction: live, endedAuction: ended,
  };
}
