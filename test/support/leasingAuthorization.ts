/**
 * Leasing's part of the authorization test (test/authorization.test.ts): the resources its API rows act on, and what a
 * fresh outside account meets calling each state-changing function of ServiceProviders and LeaseBook.
 */
import assert from 'node:assert/strict';
import { keccak256, toHex, zeroAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { AuthorizationFixture, PrincipalRole, UserRole } from './authorization.ts';
import type { TestPlatform } from './platform.ts';
import { newKey, postConfirmed, waitFor } from './e2e.ts';
import { signed } from './devices.ts';
import { chainTime, DAY, depositXt, formConsortium, setChainTime } from './receivables.ts';

type Gate = 'owner' | 'certifier' | 'member role' | 'platform contract' | 'named party' | 'open';
interface ChainRow {
  gate: Gate;
  args: (f: AuthorizationFixture, outsider: Address) => readonly unknown[];
  expect: ((f: AuthorizationFixture, outsider: Address) => [string, Record<string, unknown>?]) | 'succeeds';
}

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const reading = { deviceId: 1n, seq: 1n, time: 1, usageMilliHours: 0n, latE6: 0, lonE6: 0, status: 0 };
const anchored = { batchId: 1n, reading, signature: '0x' as Hex, proof: [] as Hex[] };

export function leasingChainRows(ref: (label: string) => Hex): Record<string, Record<string, ChainRow>> {
  const caller = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { caller: o }] as [string, Record<string, unknown>];
  const noLease = () => ['LeaseNotFound', { leaseId: ref('no-lease') }] as [string, Record<string, unknown>];
  const terms = (f: AuthorizationFixture) => ({
    deviceId: 1n, lessee: f.by.supplier.address, consortiumId: f.consortium, price: 1n, rentPerPeriod: 1n, usageRatePerHour: 0n, deposit: 0n, periodDays: 30,
    periods: 1, lateRateBps: 0, dayCount: 0, fundingDeadline: 4_000_000_000,
  });
  return {
    ServiceProviders: {
      certify: { gate: 'owner', args: (_f, o) => [o, 8], expect: caller('NotProvidersOperator') },
      revoke: { gate: 'owner', args: (_f, o) => [o], expect: caller('NotProvidersOperator') },
      recordService: { gate: 'member role', args: (f) => [ref('service'), f.by.supplier.address, 8, ZERO32, ZERO32], expect: (_f, o) => ['ProviderNotCertified', { provider: o, kind: '8' }] },
      rate: { gate: 'named party', args: () => [ref('no-service'), 5], expect: () => ['ServiceUnknown', { serviceId: ref('no-service') }] },
    },
    LeaseBook: {
      // Only the device's owner proposes a lease of it: no device has id 1.
      propose: { gate: 'named party', args: (f) => [ref('lease'), terms(f), []], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      accept: { gate: 'named party', args: () => [ref('no-lease')], expect: noLease },
      fund: { gate: 'member role', args: () => [ref('no-lease'), 1n], expect: noLease },
      payRent: { gate: 'named party', args: () => [ref('no-lease')], expect: noLease },
      payMeteredRent: { gate: 'named party', args: () => [ref('no-lease'), anchored, anchored], expect: noLease },
      purchase: { gate: 'named party', args: () => [ref('no-lease')], expect: noLease },
      returnDevice: { gate: 'named party', args: () => [ref('no-lease')], expect: noLease },
      cancel: { gate: 'open', args: () => [ref('no-lease')], expect: noLease },
      refund: { gate: 'open', args: (_f, o) => [ref('no-lease'), o], expect: noLease },
      declareDefault: { gate: 'open', args: () => [ref('no-lease')], expect: noLease },
      setPlatformFee: { gate: 'owner', args: () => [zeroAddress, 0], expect: caller('NotLeaseOperator') },
    },
  };
}

/** The leasing resources the API rows act on (setUpLeasingFixture). */
export interface LeasingAuthorizationFixture {
  /** The manufacturer's device not in any lease: what `POST /v1/leases` proposes. */
  freeDevice: string;
  consortium: Hex;
  /** Leases of the lessee principal, one in each state a row needs. */
  leases: { proposed: Hex; accepted: Hex; active: Hex; allPaid: Hex; expired: Hex; cancelled: Hex; metered: Hex; behind: Hex };
  /** A service the provider principal did for the lessee principal, not yet rated. */
  service: Hex;
  /** The lessee's open lease request and a manufacturer's open offer. */
  request: Hex;
  offer: Hex;
}

/**
 * Devices of the manufacturer principal, the service-provider principal certified for maintenance, and leases to the
 * lessee principal funded by the funder principal, in every state the rows act on; then the chain's clock moves two
 * days on: past the funding deadline of two of them (one cancelled here), and a whole period behind for the leases of
 * one-day periods (one in default, one billed per usage hour from two anchored readings of its device). It runs before
 * the collateral fixture, whose auction the move would end.
 */
export async function setUpLeasingFixture(t: TestPlatform, f: AuthorizationFixture): Promise<LeasingAuthorizationFixture> {
  const { manufacturer, lessee, funder, service_provider: provider, core_enterprise: core, bank_gateway: bank } = f.by;
  const consortium = await formConsortium(t, core, [manufacturer, lessee, funder, provider], 'Authz lease chain');
  await depositXt(t, bank, lessee, 10_000_000n);
  await postConfirmed(t, '/v1/leasing/providers', { body: { provider: provider.address, kinds: ['maintenance'] } });
  const devices: string[] = [];
  // Device 8 signs its readings with a key of its own (the metered lease's).
  const meterKey = privateKeyToAccount(keccak256(toHex('authz:metered-device-key')));
  for (let i = 0; i < 9; i++) {
    const deviceKey = i === 8 ? meterKey.address : keccak256(toHex(`authz:lease-device:${i}`)).slice(0, 42);
    const r = await postConfirmed(t, '/v1/devices', {
      key: manufacturer.apiKey,
      body: { equipmentType: 'cnc-mill', model: 'AUTHZ-L', serial: `AUTHZ-LEASE-${i}`, deviceKey, salvageValue: '1000' },
    });
    devices.push(r.body.deviceId);
  }
  const now = await chainTime(t);
  const lease = async (label: string, device: string, p: { accept?: boolean; fund?: bigint; pay?: number; deadline?: number; periods?: number; periodDays?: number; usageRate?: string }) => {
    const leaseId = keccak256(toHex(`authz:lease:${label}`));
    await postConfirmed(t, '/v1/leases', {
      key: manufacturer.apiKey,
      body: {
        leaseId, deviceId: device, lessee: lessee.address, consortiumId: consortium, price: '100000', rentPerPeriod: '1000', usageRatePerHour: p.usageRate, deposit: '100',
        periodDays: p.periodDays ?? 30,
        periods: p.periods ?? 3, lateRateBps: 0, fundingDeadline: new Date((p.deadline ?? now + 300 * DAY) * 1000).toISOString(),
      },
    });
    if (p.accept) await postConfirmed(t, `/v1/leases/${leaseId}/accept`, { key: lessee.apiKey });
    if (p.fund) await postConfirmed(t, `/v1/leases/${leaseId}/fund`, { key: funder.apiKey, body: { amount: p.fund.toString() } });
    for (let k = 0; k < (p.pay ?? 0); k++) await postConfirmed(t, `/v1/leases/${leaseId}/rent`, { key: lessee.apiKey });
    return leaseId;
  };
  const leases = {
    proposed: await lease('proposed', devices[0]!, {}),
    accepted: await lease('accepted', devices[1]!, { accept: true }),
    active: await lease('active', devices[2]!, { accept: true, fund: 100_000n }),
    allPaid: await lease('all-paid', devices[3]!, { accept: true, fund: 100_000n, pay: 1, periods: 1 }),
    expired: await lease('expired', devices[4]!, { accept: true, deadline: now + 3600 }),
    cancelled: await lease('cancelled', devices[5]!, { accept: true, fund: 1_000n, deadline: now + 3600 }),
    behind: await lease('behind', devices[7]!, { accept: true, fund: 100_000n, periodDays: 1 }),
    metered: await lease('metered', devices[8]!, { accept: true, fund: 100_000n, periodDays: 1, usageRate: '10' }),
  };
  const startDay = Date.parse((await t.api('GET', `/v1/leases/${leases.metered}`, { key: lessee.apiKey })).body.startDay) / 1000;
  const meter = { deviceId: devices[8]!, key: meterKey, serial: 'AUTHZ-LEASE-8' };
  for (const [seq, time, usage] of [[1, startDay + 60, 1_000n], [2, startDay + DAY + 60, 5_000n]] as const) {
    const sent = await t.api('POST', '/v1/telemetry/readings', { key: manufacturer.apiKey, body: await signed(meter, seq, { time, usageMilliHours: usage }) });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
  }
  await waitFor('the metered lease\'s readings anchored', async () => (await t.api('GET', `/v1/devices/${meter.deviceId}/readings/2/proof`, { key: lessee.apiKey })).body.verifiedOnChain === true, 30_000);
  await setChainTime(t, now + 2 * DAY + 7200);
  await postConfirmed(t, `/v1/leases/${leases.cancelled}/cancel`, { key: funder.apiKey });
  const service = keccak256(toHex('authz:service'));
  await postConfirmed(t, '/v1/leasing/services', { key: provider.apiKey, body: { serviceId: service, client: lessee.address, kind: 'maintenance', reportHash: service } });
  const request = keccak256(toHex('authz:lease-request'));
  const offer = keccak256(toHex('authz:device-offer'));
  const posted = (key: string, path: string, body: unknown) => t.api('POST', path, { key, body, idempotencyKey: newKey('authz-leasing') });
  assert.equal((await posted(lessee.apiKey, '/v1/leasing/requests', { requestId: request, equipmentType: 'cnc-mill', periods: 3, periodDays: 30, budgetPerPeriod: '5000' })).status, 201);
  assert.equal(
    (await posted(manufacturer.apiKey, '/v1/leasing/offers', { offerId: offer, deviceId: devices[6], equipmentType: 'cnc-mill', price: '100000', rentPerPeriod: '1000', periods: 3, periodDays: 30, deposit: '0' })).status,
    201,
  );
  return { freeDevice: devices[6]!, consortium, leases, service, request, offer };
}

interface Who {
  role: PrincipalRole;
  user: UserRole;
}
interface ApiRow {
  allowed: (w: Who) => boolean;
  request: (f: AuthorizationFixture, w: Who, n: number) => { path: string; body?: unknown };
}

const lz = (f: AuthorizationFixture) => f.leasing!;

/**
 * Leasing's rows of the API matrix (setUpLeasingFixture): the lessee principal leases the manufacturer principal's
 * devices, the funder principal funds them, the service-provider principal serves the lessee.
 */
export function leasingApiRows(h: { by: (...roles: PrincipalRole[]) => (w: Who) => boolean; anyMember: (w: Who) => boolean; future: string }): Record<string, ApiRow> {
  return {
    'POST /v1/leasing/providers': { allowed: h.by('operator'), request: (f) => ({ path: '/v1/leasing/providers', body: { provider: f.by.service_provider.address, kinds: ['maintenance'] } }) },
    'POST /v1/leasing/services': {
      allowed: h.by('service_provider'),
      request: (f, _w, n) => ({ path: '/v1/leasing/services', body: { serviceId: keccak256(toHex(`authz:service:${n}`)), client: f.by.lessee.address, kind: 'maintenance', reportHash: ZERO32 } }),
    },
    'POST /v1/leasing/services/{serviceId}/rating': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leasing/services/${lz(f).service}/rating`, body: { score: 4 } }) },
    'POST /v1/leasing/requests': {
      allowed: h.anyMember,
      request: (_f, _w, n) => ({ path: '/v1/leasing/requests', body: { requestId: keccak256(toHex(`authz:request:${n}`)), equipmentType: 'cnc-mill', periods: 3, periodDays: 30, budgetPerPeriod: '1000' } }),
    },
    'POST /v1/leasing/offers': {
      allowed: h.anyMember,
      request: (f, _w, n) => ({
        path: '/v1/leasing/offers',
        body: { offerId: keccak256(toHex(`authz:offer:${n}`)), deviceId: lz(f).freeDevice, equipmentType: 'cnc-mill', price: '1000', rentPerPeriod: '10', periods: 3, periodDays: 30, deposit: '0' },
      }),
    },
    'POST /v1/leasing/capital': { allowed: h.by('funder'), request: (_f, _w, n) => ({ path: '/v1/leasing/capital', body: { capitalId: keccak256(toHex(`authz:capital:${n}`)), amount: '1000', risk: 'high' } }) },
    'POST /v1/leasing/requests/{requestId}/accept': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leasing/requests/${lz(f).request}/accept`, body: { offerId: lz(f).offer } }) },
    'POST /v1/leases': {
      allowed: h.by('manufacturer'),
      request: (f, _w, n) => ({
        path: '/v1/leases',
        body: {
          leaseId: keccak256(toHex(`authz:new-lease:${n}`)), deviceId: lz(f).freeDevice, lessee: f.by.lessee.address, consortiumId: lz(f).consortium, price: '1000', rentPerPeriod: '10',
          deposit: '0', periodDays: 30, periods: 1, lateRateBps: 0, fundingDeadline: h.future,
        },
      }),
    },
    'POST /v1/leases/{leaseId}/accept': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.proposed}/accept` }) },
    'POST /v1/leases/{leaseId}/fund': { allowed: h.by('funder'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.accepted}/fund`, body: { amount: '1' } }) },
    'POST /v1/leases/{leaseId}/rent': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.active}/rent` }) },
    'POST /v1/leases/{leaseId}/purchase': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.allPaid}/purchase` }) },
    'POST /v1/leases/{leaseId}/return': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.allPaid}/return` }) },
    'POST /v1/leases/{leaseId}/cancel': { allowed: h.anyMember, request: (f) => ({ path: `/v1/leases/${lz(f).leases.expired}/cancel` }) },
    'POST /v1/leases/{leaseId}/refund': { allowed: h.anyMember, request: (f) => ({ path: `/v1/leases/${lz(f).leases.cancelled}/refund` }) },
    'POST /v1/leases/{leaseId}/usage-rent': { allowed: h.by('lessee'), request: (f) => ({ path: `/v1/leases/${lz(f).leases.metered}/usage-rent` }) },
    // Anyone may declare a default; the rule (a whole period behind) decides.
    'POST /v1/leases/{leaseId}/default': { allowed: h.anyMember, request: (f) => ({ path: `/v1/leases/${lz(f).leases.behind}/default` }) },
  };
}
