import type { Queryable } from '../db/database.ts';

/**
 * Which transaction manager signs for which signer, when several platform instances share one database: each signer's
 * work is leased to one instance (signer_leases), renewed at every pass, and taken over by another instance once it
 * expires. Storing signed transactions checks the lease inside the same database transaction, under a row lock, so two
 * instances never sign with one nonce even when a lease changes hands mid-pass.
 */
export interface SignerLeases {
  /** This instance's id (a lease's holder). */
  readonly holder: string;
  /**
   * Renews this instance's leases of `signers` (the signers with open commands), gives up the others it holds, and
   * takes free or expired leases up to a fair share (the signers with work divided by the instances alive). Resolves
   * with the signers this instance may work for now.
   */
  acquire(db: Queryable, signers: readonly string[]): Promise<Set<string>>;
  /**
   * Inside the transaction that stores a signer's signed transactions: locks its lease, renews it if it is still ours,
   * and says whether it is.
   */
  confirm(tx: Queryable, signer: string): Promise<boolean>;
  /** Gives up every lease of this instance (a clean stop hands its signers over at once). */
  release(db: Queryable): Promise<void>;
}

export function createSignerLeases(p: { holder: string; ttlMs: number }): SignerLeases {
  const ttl = `${Math.max(1, Math.ceil(p.ttlMs))} milliseconds`;
  return {
    holder: p.holder,
    async acquire(db, signers) {
      const wanted = [...new Set(signers)];
      // Renew ours that still have work; give up ours that have none (another instance may need them later).
      const { rows: renewed } = await db.query<{ signer: string }>(
        `UPDATE signer_leases SET expires_at = now() + $3::interval WHERE holder = $1 AND signer = ANY($2::text[]) RETURNING signer`,
        [p.holder, wanted, ttl],
      );
      await db.query('DELETE FROM signer_leases WHERE holder = $1 AND NOT (signer = ANY($2::text[]))', [p.holder, wanted]);
      const held = new Set(renewed.map((r) => r.signer));
      const { rows: alive } = await db.query<{ n: string }>(
        'SELECT count(DISTINCT holder)::text AS n FROM signer_leases WHERE expires_at > now() AND holder <> $1',
        [p.holder],
      );
      const share = Math.ceil(wanted.length / (Number(alive[0]?.n ?? 0) + 1));
      const room = share - held.size;
      if (room <= 0) return held;
      const { rows: free } = await db.query<{ signer: string }>(
        `SELECT w.signer FROM unnest($1::text[]) AS w(signer)
           LEFT JOIN signer_leases l ON l.signer = w.signer
          WHERE l.signer IS NULL OR l.expires_at <= now()
          ORDER BY w.signer LIMIT $2`,
        [wanted.filter((s) => !held.has(s)), room],
      );
      if (free.length === 0) return held;
      const { rows: taken } = await db.query<{ signer: string }>(
        `INSERT INTO signer_leases (signer, holder, expires_at)
         SELECT s, $2, now() + $3::interval FROM unnest($1::text[]) AS s
         ON CONFLICT (signer) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE signer_leases.expires_at <= now()
         RETURNING signer`,
        [free.map((r) => r.signer), p.holder, ttl],
      );
      for (const r of taken) held.add(r.signer);
      return held;
    },
    async confirm(tx, signer) {
      const { rows } = await tx.query(
        `UPDATE signer_leases SET expires_at = now() + $3::interval WHERE signer = $1 AND holder = $2 AND expires_at > now() RETURNING signer`,
        [signer, p.holder, ttl],
      );
      return rows.length > 0;
    },
    async release(db) {
      await db.query('DELETE FROM signer_leases WHERE holder = $1', [p.holder]);
    },
  };
}
