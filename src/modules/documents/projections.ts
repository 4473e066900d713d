import type { ReadModel } from '../../indexer/projections.ts';

/** DocumentRegistry's events: registrations (with their digests) and the grants, active or revoked. */
export const documentsReadModel: ReadModel = {
  tables: ['document_grants', 'document_registrations'],
  projections: {
    DocumentRegistry: {
      DocumentRegistered: (db, e) =>
        db.query(`INSERT INTO document_registrations (document_id, owner, sha256, sm3, kind, block_number, tx_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          e.args.documentId, e.args.owner, e.args.sha256Hash, e.args.sm3Hash, Number(e.args.kind), e.blockNumber.toString(), e.txHash,
        ]),
      AccessGranted: (db, e) =>
        db.query(
          `INSERT INTO document_grants (document_id, grantee, granted_by, active, block_number, tx_hash) VALUES ($1, $2, $3, true, $4, $5)
           ON CONFLICT (document_id, grantee) DO UPDATE SET granted_by = EXCLUDED.granted_by, active = true, block_number = EXCLUDED.block_number, tx_hash = EXCLUDED.tx_hash`,
          [e.args.documentId, e.args.grantee, e.args.grantedBy, e.blockNumber.toString(), e.txHash],
        ),
      AccessRevoked: (db, e) =>
        db.query('UPDATE document_grants SET active = false, block_number = $3, tx_hash = $4 WHERE document_id = $1 AND grantee = $2', [
          e.args.documentId, e.args.grantee, e.blockNumber.toString(), e.txHash,
        ]),
    },
  },
};
