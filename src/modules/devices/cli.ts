/** `tierchain devices …`: register, list, show, deposits (and `devices simulate`, simulated devices publishing readings). */
import type { Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

export const devices: Resource = {
  register: {
    args: ['serial', 'deviceKey'],
    options: { type: { type: 'string' }, model: { type: 'string' }, salvage: { type: 'string' }, spec: { type: 'string' } },
    async run(ctx, a, f) {
      const body = {
        serial: a.serial!, deviceKey: a.deviceKey!, equipmentType: requiredFlag(f, 'type'), model: requiredFlag(f, 'model'),
        salvageValue: f.salvage === undefined ? '0' : amountValue('--salvage', String(f.salvage), { allowZero: true }), specHash: optionalFlag(f, 'spec'),
      };
      const r = await ctx.command((o) => ctx.client.devices.register(body, o));
      ctx.done(r, `registered device ${r.deviceId}`, [['serial', body.serial], ['key', body.deviceKey], ['salvage', `${amount(body.salvageValue)} XT`]]);
    },
  },
  list: {
    options: { q: { type: 'string' } },
    async run(ctx, _a, f) {
      const items = await ctx.client.devices.list({ q: optionalFlag(f, 'q') });
      ctx.print({ items }, () =>
        table(
          ['device', 'type', 'model', 'serial', 'manufacturer', 'readings', 'anchored', 'last reading'],
          items.map((d) => [d.deviceId.slice(0, 14), d.equipmentType, d.model, d.serial, d.manufacturerName ?? d.manufacturer.slice(0, 10), String(d.readings), String(d.anchoredReadings), d.lastReading?.receivedAt.slice(0, 19) ?? '—']),
          [false, false, false, false, false, true, true],
        ),
      );
    },
  },
  show: {
    args: ['deviceId'],
    async run(ctx, a) {
      const d = await ctx.client.devices.get(a.deviceId!);
      ctx.print(d, () =>
        table(['field', 'value'], [
          ['device', d.deviceId], ['type', d.equipmentType], ['model', d.model], ['serial', d.serial], ['manufacturer', d.manufacturerName ?? d.manufacturer], ['owner', d.owner],
          ['key', d.deviceKey], ['salvage', `${amount(d.salvageValue)} XT`], ['readings', `${d.readings} (${d.anchoredReadings} anchored)`],
          ['last reading', d.lastReading ? `#${d.lastReading.seq} at ${new Date(d.lastReading.time * 1000).toISOString()} status ${d.lastReading.status}` : '—'],
        ]),
      );
    },
  },
  deposit: {
    args: ['amount'],
    async run(ctx, a) {
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.devices.postDeposit(value, o));
      ctx.done(r, `posted ${amount(value)} XT as a device deposit`);
    },
  },
};

export const devicesCli = { devices };
