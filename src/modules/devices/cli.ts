/** `tierchain devices …`: register, list, show, deposits, area (and `devices simulate`, simulated devices publishing readings). */
import type { Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

/** "31.20,31.26" (degrees, south to north or west to east) → [min, max] in millionths of a degree. */
function degreesRange(flag: string, v: string, limit: number): [number, number] {
  const parts = v.split(',').map((x) => x.trim());
  const values = parts.map((x) => (/^-?[0-9]{1,3}(\.[0-9]{1,6})?$/.test(x) ? Math.round(Number(x) * 1e6) : NaN));
  if (values.length !== 2 || values.some((x) => !Number.isFinite(x) || Math.abs(x) > limit * 1e6)) {
    throw new Error(`${flag} must be two degrees from -${limit} to ${limit}, smaller first, as in ${flag} ${limit === 90 ? '31.20,31.26' : '121.44,121.50'}`);
  }
  return [values[0]!, values[1]!];
}

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
  area: {
    args: ['deviceId'],
    options: { lat: { type: 'string' }, lon: { type: 'string' }, reference: { type: 'string' }, clear: { type: 'boolean' } },
    async run(ctx, a, f) {
      if (f.clear === true) {
        await ctx.client.devices.clearArea(a.deviceId!);
        ctx.print({ deviceId: a.deviceId, permittedArea: null }, () => `cleared the permitted area of device ${a.deviceId}`);
        return;
      }
      const [minLatE6, maxLatE6] = degreesRange('--lat', requiredFlag(f, 'lat'), 90);
      const [minLonE6, maxLonE6] = degreesRange('--lon', requiredFlag(f, 'lon'), 180);
      const area = await ctx.client.devices.setArea(a.deviceId!, { minLatE6, maxLatE6, minLonE6, maxLonE6, reference: optionalFlag(f, 'reference') });
      ctx.print(area, () => `device ${area.deviceId} may be within latitude ${area.minLatE6 / 1e6}..${area.maxLatE6 / 1e6}, longitude ${area.minLonE6 / 1e6}..${area.maxLonE6 / 1e6} (${area.reference})`);
    },
  },
  simulate: {
    options: { count: { type: 'string' }, readings: { type: 'string' }, interval: { type: 'string' }, mqtt: { type: 'string' }, prefix: { type: 'string' } },
    async run(ctx, _a, f) {
      const count = integerValue('--count', String(f.count ?? '5'), { min: 1, max: 10_000 });
      const readings = integerValue('--readings', String(f.readings ?? '10'), { min: 1, max: 1_000_000 });
      const intervalMs = integerValue('--interval', String(f.interval ?? '1000'), { min: 0 });
      const mqttUrl = optionalFlag(f, 'mqtt') ?? (await ctx.client.telemetry.stats()).mqtt?.url;
      if (!mqttUrl) throw new Error('the platform names no MQTT broker: pass --mqtt <url>');
      const err = (line: string) => process.stderr.write(`${line}\n`);
      err(`simulating ${count} device(s), ${readings} reading(s) each, through ${mqttUrl}`);
      // Loaded here: the MQTT client and device keys serve this action alone (every command loads cli.ts).
      const { simulateDevices } = await import('./telemetry/simulate.ts');
      const result = await simulateDevices({
        devices: ctx.client.devices, mqttUrl, count, readings, intervalMs, serialPrefix: optionalFlag(f, 'prefix'),
        onProgress: (p) =>
          err(p.phase === 'registering' ? `  registered ${p.registered}/${count}` : `  ${p.phase}: ${p.acknowledged}/${p.total} acknowledged (stored), ${p.refused} refused`),
      });
      const anchors = await ctx.client.telemetry.anchors({ limit: 1 });
      ctx.print(result, () =>
        table(['', ''], [
          ['devices', String(result.deviceIds.length)], ['readings acknowledged (stored)', `${result.acknowledged}/${result.total}`], ['refused', String(result.refused)],
          ['readings / s', (result.acknowledged / Math.max(result.publishMs / 1000, 0.001)).toFixed(1)],
          ['waiting to be anchored', String(anchors.pending.unbatched + anchors.pending.readings)],
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
