/**
 * Telemetry routes: a signed reading over HTTP (the MQTT path's twin), a device's readings, a reading's proof, the
 * anchors, the ingestion counters and the regulator's monitor.
 */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Type, type Static } from '../../api/schemas.ts';
import { ConflictError, RuleViolationError, ValidationError } from '../../common/errors.ts';
import { requireActingUser } from '../identity/index.ts';
import { createIngestor } from './telemetry/ingest.ts';
import { deviceMonitor, deviceReadings, getAnchor, ingestStats, listAnchors, readingProof } from './telemetry/queries.ts';
import { requireWatcher } from './queries.ts';
import { brokerOf } from './service.ts';
import { AnchorDetail, Anchors, BatchParams, DeviceIdParams, IngestAnswer, IngestStats, Monitor, ReadingBody, ReadingParams, ReadingProof, Readings, ReadingsQuery } from './schemas.ts';

const MonitorQuery = Type.Object(
  { offlineAfterSeconds: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,7}$', description: 'seconds without a reading after which a device is offline (default 900)' })) },
  { additionalProperties: false },
);
const AnchorsQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'at most 500 (default 100)' })) }, { additionalProperties: false });

export function telemetryRoutes(ctx: ModuleContext) {
  const ingestor = createIngestor({ db: ctx.db });
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof ReadingBody> }>(
      '/v1/telemetry/readings',
      {
        schema: {
          tags: ['telemetry'],
          summary: 'Send a signed reading over HTTP (a device gateway; the device\'s signature is what vouches for it): stored before the answer',
          body: ReadingBody,
          response: { 202: IngestAnswer },
        },
      },
      async (request, reply) => {
        requireActingUser(requirePrincipal(request));
        const r = await ingestor.ingest(request.body, 'http');
        if (r.ok) return reply.code(202).send({ status: 'accepted', deviceId: r.deviceId, seq: r.seq, leaf: r.leaf });
        const details = { field: `body.${r.field ?? 'reading'}`, reason: r.reason };
        if (r.reason === 'replayed_sequence') throw new ConflictError('replayed_sequence', r.detail, details);
        if (r.reason === 'malformed') throw new ValidationError(`body.${r.field ?? 'reading'}`, r.detail);
        throw new RuleViolationError(r.reason, r.detail, details);
      },
    );
    app.get<{ Params: Static<typeof DeviceIdParams>; Querystring: Static<typeof ReadingsQuery> }>(
      '/v1/devices/:deviceId/readings',
      { schema: { tags: ['telemetry'], summary: 'A device\'s latest readings, with the anchors that hold them', params: DeviceIdParams, querystring: ReadingsQuery, response: { 200: Readings } } },
      async (request) => {
        requirePrincipal(request);
        return deviceReadings(ctx.db, request.params.deviceId, request.query.limit ? Number(request.query.limit) : undefined);
      },
    );
    app.get<{ Params: Static<typeof ReadingParams> }>(
      '/v1/devices/:deviceId/readings/:seq/proof',
      { schema: { tags: ['telemetry'], summary: 'A reading\'s Merkle proof against its anchored root, checked off-chain and by TelemetryAnchor.isAnchored', params: ReadingParams, response: { 200: ReadingProof } } },
      async (request) => {
        requirePrincipal(request);
        return readingProof(ctx, request.params.deviceId, request.params.seq);
      },
    );
    app.get<{ Querystring: Static<typeof AnchorsQuery> }>(
      '/v1/telemetry/anchors',
      { schema: { tags: ['telemetry'], summary: 'Anchored telemetry batches, newest first, and what waits to be anchored', querystring: AnchorsQuery, response: { 200: Anchors } } },
      async (request) => {
        requirePrincipal(request);
        return listAnchors(ctx.db, request.query.limit ? Number(request.query.limit) : undefined);
      },
    );
    app.get<{ Params: Static<typeof BatchParams> }>(
      '/v1/telemetry/anchors/:batchNumber',
      { schema: { tags: ['telemetry'], summary: 'One anchored batch and its readings', params: BatchParams, response: { 200: AnchorDetail } } },
      async (request) => {
        requirePrincipal(request);
        return getAnchor(ctx.db, request.params.batchNumber);
      },
    );
    app.get('/v1/telemetry/stats', { schema: { tags: ['telemetry'], summary: 'Readings accepted and refused (by reason), the latest refusals, and the MQTT broker devices publish to', response: { 200: IngestStats } } }, async (request) => {
      requirePrincipal(request);
      return ingestStats(ctx.db, brokerOf(ctx));
    });
    app.get<{ Querystring: Static<typeof MonitorQuery> }>(
      '/v1/telemetry/monitor',
      { schema: { tags: ['telemetry'], summary: 'Devices offline, in fault or outside their permitted area (operator and regulator)', querystring: MonitorQuery, response: { 200: Monitor } } },
      async (request) => {
        requireWatcher(requirePrincipal(request), 'the device monitor');
        return deviceMonitor(ctx.db, request.query.offlineAfterSeconds ? Number(request.query.offlineAfterSeconds) : 900);
      },
    );
  };
}
