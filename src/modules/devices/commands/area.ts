/**
 * A device's permitted area through the API: where the lease lets it be. Off-chain state (the monitor's
 * `outside_area` alert compares each device's last position with it), set by the operator, the device's manufacturer
 * (the lessor of its leases) or its owner.
 */
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../common/errors.ts';
import { requireActingUser, type Principal } from '../../identity/index.ts';
import { setPermittedArea, type PermittedArea } from '../telemetry/queries.ts';

export interface SetAreaParameters {
  minLatE6: number;
  maxLatE6: number;
  minLonE6: number;
  maxLonE6: number;
  /** What sets it (a lease id, a site); default: the caller's member address. */
  reference?: string;
}

async function requireAreaKeeper(db: Queryable, by: Principal, deviceId: string) {
  requireActingUser(by);
  const { rows } = await db.query<{ manufacturer: string; owner: string }>('SELECT manufacturer, owner FROM devices WHERE id = $1', [deviceId.toLowerCase()]);
  const d = rows[0];
  if (!d) throw new NotFoundError('device', deviceId);
  const me = by.memberAddress?.toLowerCase();
  if (!by.isOperator && me !== d.manufacturer && me !== d.owner) {
    throw new ForbiddenError(`only the operator, the device's manufacturer (${d.manufacturer}) or its owner (${d.owner}) sets where device ${deviceId} may be`, { field: 'deviceId' });
  }
}

/** Sets (replaces) the device's permitted area; answers it as stored. */
export async function setDeviceArea(db: Queryable, by: Principal, deviceId: string, p: SetAreaParameters): Promise<PermittedArea & { deviceId: string }> {
  if (p.minLatE6 > p.maxLatE6) throw new ValidationError('body.maxLatE6', `must be at least minLatE6 (${p.minLatE6})`);
  if (p.minLonE6 > p.maxLonE6) throw new ValidationError('body.maxLonE6', `must be at least minLonE6 (${p.minLonE6})`);
  await requireAreaKeeper(db, by, deviceId);
  const area: PermittedArea = { minLatE6: p.minLatE6, maxLatE6: p.maxLatE6, minLonE6: p.minLonE6, maxLonE6: p.maxLonE6, reference: p.reference?.trim() || (by.memberAddress ?? 'operator') };
  await setPermittedArea(db, deviceId, area);
  return { deviceId: deviceId.toLowerCase(), ...area };
}

/** Clears the device's permitted area (no `outside_area` alert for it any more). */
export async function clearDeviceArea(db: Queryable, by: Principal, deviceId: string): Promise<void> {
  await requireAreaKeeper(db, by, deviceId);
  await setPermittedArea(db, deviceId, null);
}
