/**
 * Receivables' part of a member's credit history (docs/adr/021-credit-score.md): every settlement it owes as obligor,
 * from the settlements and their payments (read models of Receivables' events) and the claims' due dates (the ledger's
 * reads). The payment that completed a settlement's principal decides on time or late; volume is the principal paid.
 */
import { addCreditFacts, obligationCreditFacts, type CreditFactSource, type CreditFacts } from '../../platform/creditFacts.ts';
import { claimsById } from '../claims/index.ts';

interface Row {
  root: string;
  obligor: string;
  principal_paid: string;
  completed_at: Date | null;
}

export const receivablesCreditFacts: CreditFactSource = async (db, p) => {
  const { rows } = await db.query<Row>(
    `SELECT s.root, s.obligor, COALESCE(sum(sp.principal), 0)::text AS principal_paid,
            (SELECT min(x.block_time) FROM (
               SELECT q.block_time, sum(q.principal) OVER (ORDER BY q.block_number, q.log_index) AS running
                 FROM settlement_payments q WHERE q.root = s.root AND q.block_time <= $2) x
              WHERE x.running >= s.face) AS completed_at
       FROM settlements s LEFT JOIN settlement_payments sp ON sp.root = s.root AND sp.block_time <= $2
      WHERE s.obligor = ANY($1::text[]) GROUP BY s.root, s.obligor, s.face`,
    [p.members, p.asOf],
  );
  const claims = await claimsById(db, rows.map((r) => r.root));
  const out = new Map<string, CreditFacts>();
  for (const r of rows) {
    const claim = claims.get(r.root);
    if (!claim || claim.defined_at > p.asOf) continue;
    const facts = obligationCreditFacts({ dueDate: claim.due_date, completedAt: r.completed_at, principalPaid: BigInt(r.principal_paid) }, p.asOf);
    out.set(r.obligor, addCreditFacts(out.get(r.obligor), facts));
  }
  return out;
};
