import type { Queryable } from './database.ts';

/**
 * A single writer among several platform instances (engine_leases): one holder at a time, renewed by the holder,
 * taken over by another instance once it expires. The writer confirms the lease inside each transaction it commits,
 * under a row lock, so an instance that lost it (paused past its term) cannot write after another took over.
 */
export interface EngineLease {
  readonly name: string;
  readonly holder: string;
  /** Its term: a holder that does not renew it within this long loses it. */
  readonly ttlMs: number;
  /** Renews the lease if it is ours, takes it if it is free or expired; says whether it is ours now. */
  hold(db: Queryable): Promise<boolean>;
  /** Inside a writer's transaction: locks the lease, renews it if it is still ours, and says whether it is. */
  confirm(tx: Queryable): Promise<boolean>;
  /** Gives it up (a clean stop hands it over at once). */
  release(db: Queryable): Promise<void>;
}

export function createEngineLease(p: { name: string; holder: string; ttlMs: number }): EngineLease {
  const ttl = `${Math.max(1, Math.ceil(p.ttlMs))} milliseconds`;
  return {
    name: p.name,
    holder: p.holder,
    ttlMs: p.ttlMs,
    async hold(db) {
      const { rows } = await db.query(
        `INSERT INTO engine_leases (name, holder, expires_at) VALUES ($1, $2, now() + $3::interval)
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE engine_leases.holder = EXCLUDED.holder OR engine_leases.expires_at <= now()
         RETURNING holder`,
        [p.name, p.holder, ttl],
      );
      return rows.length > 0;
    },
    async confirm(tx) {
      const { rows } = await tx.query(
        `UPDATE engine_leases SET expires_at = now() + $3::interval WHERE name = $1 AND holder = $2 AND expires_at > now() RETURNING holder`,
        [p.name, p.holder, ttl],
      );
      return rows.length > 0;
    },
    async release(db) {
      await db.query('DELETE FROM engine_leases WHERE name = $1 AND holder = $2', [p.name, p.holder]);
    },
  };
}
