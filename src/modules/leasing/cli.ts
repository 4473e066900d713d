/** `tierchain leases …` and `tierchain providers …`: leases (propose, accept, fund, rent, usage-rent, default, purchase, return, list, show, payments) and providers. */
import type { Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, instantValue, keccak256Text, namedIdValue, requiredFlag } from '../../cli/ops/values.ts';
import type { ServiceKindName, UsageRentQuoteView } from './schemas.ts';

/** An id: 0x + 64 hex as given, or the hash of a name. */
const leaseId = (v: string) => namedIdValue('lease', v);
const serviceId = (v: string) => namedIdValue('service', v);
const int = (name: string, v: string) => {
  if (!/^[0-9]{1,6}$/.test(v)) throw new Error(`--${name} must be a whole number`);
  return Number(v);
};

export const leases: Resource = {
  propose: {
    args: ['name', 'deviceId', 'lessee', 'consortiumId'],
    options: {
      price: { type: 'string' }, rent: { type: 'string' }, 'usage-rate': { type: 'string' }, deposit: { type: 'string' }, 'period-days': { type: 'string' },
      periods: { type: 'string' }, 'late-rate-bps': { type: 'string' }, deadline: { type: 'string' },
    },
    async run(ctx, a, f) {
      const body = {
        leaseId: leaseId(a.name!), deviceId: a.deviceId!, lessee: a.lessee!, consortiumId: a.consortiumId!,
        price: amountValue('price', requiredFlag(f, 'price')), rentPerPeriod: amountValue('rent', requiredFlag(f, 'rent')),
        usageRatePerHour: typeof f['usage-rate'] === 'string' ? amountValue('usage-rate', f['usage-rate']) : undefined,
        deposit: amountValue('deposit', requiredFlag(f, 'deposit')), periodDays: int('period-days', requiredFlag(f, 'period-days')), periods: int('periods', requiredFlag(f, 'periods')),
        lateRateBps: int('late-rate-bps', typeof f['late-rate-bps'] === 'string' ? f['late-rate-bps'] : '0'), fundingDeadline: instantValue('deadline', requiredFlag(f, 'deadline')),
      };
      const r = await ctx.command((o) => ctx.client.leases.propose(body, o));
      ctx.done(r, `proposed lease of device ${body.deviceId} to ${body.lessee}: price ${amount(body.price)}, rent ${amount(body.rentPerPeriod)} × ${body.periods}`, [['lease', body.leaseId]]);
    },
  },
  accept: { args: ['lease'], async run(ctx, a) { const id = leaseId(a.lease!); ctx.done(await ctx.command((o) => ctx.client.leases.accept(id, o)), `accepted lease ${id}`); } },
  fund: {
    args: ['lease', 'amount'],
    async run(ctx, a) {
      const id = leaseId(a.lease!);
      const value = amountValue('amount', a.amount!);
      ctx.done(await ctx.command((o) => ctx.client.leases.fund(id, value, o)), `funded ${amount(value)} XT of lease ${id}`);
    },
  },
  rent: { args: ['lease'], async run(ctx, a) { const id = leaseId(a.lease!); ctx.done(await ctx.command((o) => ctx.client.leases.payRent(id, o)), `paid the next rent of lease ${id}`); } },
  'usage-rent': {
    args: ['lease'],
    options: { 'to-seq': { type: 'string' }, quote: { type: 'boolean' } },
    async run(ctx, a, f) {
      const id = leaseId(a.lease!);
      const toSeq = typeof f['to-seq'] === 'string' ? f['to-seq'] : undefined;
      if (toSeq !== undefined && !/^[0-9]{1,20}$/.test(toSeq)) throw new Error('--to-seq must be a reading\'s sequence number');
      const line = (q: UsageRentQuoteView) =>
        `period ${q.period}: ${q.usageMilliHours} milli-hours (readings ${q.from.seq} → ${q.to.seq}, batches ${q.from.batchNumber}, ${q.to.batchNumber}) × ${amount(q.usageRatePerHour)}/h = ${amount(q.usageRent)}` +
        ` + fixed ${amount(q.rent)} + late interest ${amount(q.lateInterest)} = ${amount(q.total)}`;
      if (f.quote === true) {
        const q = await ctx.client.leases.usageRentQuote(id, { toSeq });
        ctx.print(q, () => line(q));
        return;
      }
      const r = await ctx.command((o) => ctx.client.leases.payUsageRent(id, { toSeq }, o));
      ctx.done(r, `paid the usage rent of lease ${id}: ${line(r.usage)}`);
    },
  },
  purchase: { args: ['lease'], async run(ctx, a) { const id = leaseId(a.lease!); ctx.done(await ctx.command((o) => ctx.client.leases.purchase(id, o)), `bought the device of lease ${id}`); } },
  default: {
    args: ['lease'],
    async run(ctx, a) {
      const id = leaseId(a.lease!);
      ctx.done(await ctx.command((o) => ctx.client.leases.declareDefault(id, o)), `declared lease ${id} in default: its deposit paid what was owed, the device went back to the lessor`);
    },
  },
  return: { args: ['lease'], async run(ctx, a) { const id = leaseId(a.lease!); ctx.done(await ctx.command((o) => ctx.client.leases.returnDevice(id, o)), `returned the device of lease ${id}`); } },
  list: {
    options: { overdue: { type: 'boolean' }, party: { type: 'string' } },
    async run(ctx, _a, f) {
      const items = await ctx.client.leases.list({ overdue: f.overdue === true ? true : undefined, party: typeof f.party === 'string' ? f.party : undefined });
      ctx.print(items, () =>
        table(
          ['lease', 'status', 'device', 'lessee', 'rent', 'paid', 'next due', 'days late'],
          items.map((l) => [l.leaseId.slice(0, 10), l.status, l.deviceId.slice(0, 10), l.lessee.slice(0, 10), amount(l.rentPerPeriod), `${l.paidPeriods}/${l.periods}`, l.nextDueDate?.slice(0, 10) ?? '-', String(l.overdueDays)]),
        ),
      );
    },
  },
  payments: {
    args: ['lease'],
    async run(ctx, a) {
      const items = await ctx.client.leases.payments(leaseId(a.lease!));
      ctx.print(items, () =>
        table(
          ['period', 'total', 'late interest', 'days late', 'recipient', 'role', 'part'],
          items.flatMap((p) => p.shares.map((s, i) => [i ? '' : String(p.period), i ? '' : amount(p.total), i ? '' : amount(p.lateInterest), i ? '' : String(p.daysLate), s.recipient.slice(0, 12), s.role, amount(s.amount)])),
        ),
      );
    },
  },
};

const KINDS = ['certification', 'inspection', 'insurance', 'maintenance', 'financial'];
const kindsOf = (v: string): ServiceKindName[] => {
  const kinds = v.split(',').map((k) => k.trim());
  for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`unknown service kind ${k} (${KINDS.join(', ')})`);
  return kinds as ServiceKindName[];
};

export const providers: Resource = {
  certify: {
    args: ['provider', 'kinds'],
    async run(ctx, a) {
      const kinds = kindsOf(a.kinds!);
      ctx.done(await ctx.command((o) => ctx.client.leasing.certifyProvider(a.provider!, kinds, o)), `certified ${a.provider} for ${kinds.join(', ')}`);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.leasing.providers();
      ctx.print(items, () =>
        table(['provider', 'kinds', 'score', 'services', 'ratings', 'average'], items.map((p) => [p.provider, p.kinds.join(','), String(p.credit.score), String(p.credit.servicesCompleted), String(p.credit.ratings), String(p.credit.averageRating ?? '-')])),
      );
    },
  },
  serve: {
    args: ['service', 'client', 'kind'],
    options: { lease: { type: 'string' }, report: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { serviceId: serviceId(a.service!), client: a.client!, kind: kindsOf(a.kind!)[0]!, leaseId: typeof f.lease === 'string' ? leaseId(f.lease) : undefined, reportHash: keccak256Text(typeof f.report === 'string' ? f.report : a.service!) };
      ctx.done(await ctx.command((o) => ctx.client.leasing.recordService(body, o)), `recorded service ${body.serviceId}`, [['service', body.serviceId]]);
    },
  },
  rate: {
    args: ['service', 'score'],
    async run(ctx, a) {
      const id = serviceId(a.service!);
      ctx.done(await ctx.command((o) => ctx.client.leasing.rate(id, int('score', a.score!), o)), `rated service ${id} ${a.score} of 5`);
    },
  },
};

export const leasingCli = { leases, providers };
