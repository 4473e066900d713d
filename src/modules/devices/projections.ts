/**
 * Read models of DeviceRegistry and TelemetryAnchor, derived only from their events (a replay of chain_events rebuilds
 * them): devices with their owner and current key, manufacturers' deposits, and the anchored telemetry batches.
 *
 * The indexer lower-cases every string argument, so the texts as the manufacturer wrote them are kept off-chain
 * too (`device_texts`, written by the command); the queries prefer them.
 */
import { argId, blockOf, type ReadModel } from '../../indexer/projections.ts';

const str = (v: unknown): string => String(v);
const ZERO = '0x0000000000000000000000000000000000000000';

const deposit = (total: unknown, slashed = '0') => [str(total), slashed] as const;

/** The devices read model. */
export const devicesReadModel: ReadModel = {
  tables: ['devices', 'device_deposits', 'telemetry_anchors'],
  projections: {
    DeviceRegistry: {
      DeviceRegistered: (db, e) => {
        const a = e.args;
        return db.query(
          `INSERT INTO devices (id, manufacturer, owner, device_key, equipment_type, model, serial, serial_key, spec_hash, salvage_value, registered_at, registered_block)
           VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10, $11)`,
          [argId(a.id), str(a.manufacturer), str(a.deviceKey), str(a.equipmentType), str(a.model), str(a.serial), str(a.serialKey), str(a.specHash), str(a.salvageValue), e.blockTime, blockOf(e)],
        );
      },
      DeviceKeyRotated: (db, e) => db.query('UPDATE devices SET device_key = $2 WHERE id = $1', [argId(e.args.id), str(e.args.deviceKey)]),
      Transfer: (db, e) =>
        str(e.args.from) === ZERO ? Promise.resolve() : db.query('UPDATE devices SET owner = $2 WHERE id = $1', [argId(e.args.tokenId), str(e.args.to)]),
      DepositPosted: (db, e) =>
        db.query(
          `INSERT INTO device_deposits (manufacturer, total, slashed) VALUES ($1, $2::numeric, $3::numeric)
           ON CONFLICT (manufacturer) DO UPDATE SET total = EXCLUDED.total`,
          [str(e.args.manufacturer), ...deposit(e.args.total)],
        ),
      DepositWithdrawn: (db, e) => db.query('UPDATE device_deposits SET total = $2::numeric WHERE manufacturer = $1', [str(e.args.manufacturer), str(e.args.total)]),
      DepositSlashed: (db, e) =>
        db.query('UPDATE device_deposits SET total = $2::numeric, slashed = slashed + $3::numeric WHERE manufacturer = $1', [
          str(e.args.manufacturer), str(e.args.total), str(e.args.amount),
        ]),
    },
    TelemetryAnchor: {
      BatchAnchored: (db, e) =>
        db.query(
          `INSERT INTO telemetry_anchors (batch_number, root, count, first_time, last_time, tx_hash, block_number, anchored_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [str(e.args.batchId), str(e.args.root), Number(e.args.count), str(e.args.firstTime), str(e.args.lastTime), e.txHash, blockOf(e), e.blockTime],
        ),
    },
  },
};
