/**
 * Device routes: registration and deposits (manufacturers), the devices browser, and — in telemetryRoutes.ts — the
 * signed readings, their proofs and anchors, the ingestion counters and the regulator's monitor.
 */
import type { FastifyInstance } from 'fastify';
import type { Address, Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Accepted, Type, type Static } from '../../api/schemas.ts';
import { acceptCommand } from '../../api/commandResponse.ts';
import { postDeposit, registerDevice, withdrawDeposit } from './commands/devices.ts';
import { clearDeviceArea, setDeviceArea } from './commands/area.ts';
import { getDevice, listDevices } from './queries.ts';
import { DepositBody, Device, DeviceArea, DeviceId, DeviceIdParams, DeviceList, DevicesQuery, PermittedAreaBody, RegisterDeviceBody } from './schemas.ts';

type Run<B> = (tx: Parameters<Parameters<typeof acceptCommand>[3]>[0], by: Parameters<Parameters<typeof acceptCommand>[3]>[1], body: B) => Promise<{ commandIds: string[]; [k: string]: unknown }>;

export function deviceRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    const command = <B>(path: string, p: { summary: string; body: unknown; accepted?: Record<string, unknown> }, run: Run<B>) =>
      app.post<{ Body: B }>(
        path,
        { config: { idempotent: true }, schema: { tags: ['devices'], summary: p.summary, body: p.body as never, response: { 202: Accepted((p.accepted ?? {}) as never) } } },
        (request, reply) =>
          acceptCommand(ctx, request, reply, async (tx, by) => {
            const { commandIds, ...body } = await run(tx, by, request.body as B);
            return { commandIds, body };
          }),
      );

    command<Static<typeof RegisterDeviceBody>>(
      '/v1/devices',
      { summary: 'Register a device as a token (certified manufacturer); one serial, one token', body: RegisterDeviceBody, accepted: { deviceId: DeviceId } },
      (tx, by, b) =>
        registerDevice(ctx, tx, by, {
          equipmentType: b.equipmentType, model: b.model, serial: b.serial, specHash: b.specHash as Hex | undefined, deviceKey: b.deviceKey as Address, salvageValue: BigInt(b.salvageValue),
        }),
    );
    command<Static<typeof DepositBody>>('/v1/devices/deposit', { summary: 'Post an XT security deposit (certified manufacturer)', body: DepositBody }, (tx, by, b) =>
      postDeposit(ctx, tx, by, BigInt(b.amount)),
    );
    command<Static<typeof DepositBody>>('/v1/devices/deposit/withdrawals', { summary: 'Withdraw from your XT security deposit', body: DepositBody }, (tx, by, b) =>
      withdrawDeposit(ctx, tx, by, BigInt(b.amount)),
    );
    app.put<{ Params: Static<typeof DeviceIdParams>; Body: Static<typeof PermittedAreaBody> }>(
      '/v1/devices/:deviceId/area',
      {
        schema: {
          tags: ['devices'], summary: "Set where a device may be (operator, its manufacturer or owner): outside it, the monitor raises an outside_area alert", params: DeviceIdParams,
          body: PermittedAreaBody, response: { 200: DeviceArea },
        },
      },
      async (request) => setDeviceArea(ctx.db, requirePrincipal(request), request.params.deviceId, request.body),
    );
    app.delete<{ Params: Static<typeof DeviceIdParams> }>(
      '/v1/devices/:deviceId/area',
      { schema: { tags: ['devices'], summary: "Clear a device's permitted area (operator, its manufacturer or owner)", params: DeviceIdParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await clearDeviceArea(ctx.db, requirePrincipal(request), request.params.deviceId);
        return reply.code(204).send();
      },
    );
    app.get<{ Querystring: Static<typeof DevicesQuery> }>(
      '/v1/devices',
      { schema: { tags: ['devices'], summary: 'Devices: search by serial, model, equipment type or id', querystring: DevicesQuery, response: { 200: DeviceList } } },
      async (request) => {
        requirePrincipal(request);
        const q = request.query;
        return { items: await listDevices(ctx.db, { q: q.q, manufacturer: q.manufacturer, limit: q.limit ? Number(q.limit) : undefined }) };
      },
    );
    app.get<{ Params: Static<typeof DeviceIdParams> }>(
      '/v1/devices/:deviceId',
      { schema: { tags: ['devices'], summary: 'One device with its last reading', params: DeviceIdParams, response: { 200: Device } } },
      async (request) => {
        requirePrincipal(request);
        return getDevice(ctx.db, request.params.deviceId);
      },
    );
  };
}
