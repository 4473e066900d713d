import type { ReadModel } from '../../indexer/projections.ts';

/** CertificateRegistry's events into `certificate_states`: each member's current certificate and whether it is revoked. */
export const certificatesReadModel: ReadModel = {
  tables: ['certificate_states'],
  projections: {
    CertificateRegistry: {
      CertificateRecorded: (db, e) =>
        db.query(
          `INSERT INTO certificate_states (member, sha256, sm3, not_after, revoked, recorded_by, block_number, tx_hash) VALUES ($1, $2, $3, $4, false, $5, $6, $7)
           ON CONFLICT (member) DO UPDATE SET sha256 = EXCLUDED.sha256, sm3 = EXCLUDED.sm3, not_after = EXCLUDED.not_after, revoked = false,
             recorded_by = EXCLUDED.recorded_by, block_number = EXCLUDED.block_number, tx_hash = EXCLUDED.tx_hash`,
          [e.args.member, e.args.sha256Hash, e.args.sm3Hash, e.args.notAfter, e.args.recordedBy, e.blockNumber.toString(), e.txHash],
        ),
      CertificateRevoked: (db, e) => db.query('UPDATE certificate_states SET revoked = true WHERE member = $1 AND sha256 = $2', [e.args.member, e.args.sha256Hash]),
    },
  },
};
