/**
 * Collateral's part of a pledgor's credit history (docs/adr/021-credit-score.md), from the positions, draws and steps
 * (read models of the vault's events) and the draws' due dates (the ledger's reads). A position with draws is one
 * obligation: paid on time when the repayment that brought its debt to 0 came on the due day or before; liquidated,
 * it counts late up to the liquidation, adds a liquidation and no volume (the goods paid, not the pledgor). Every
 * default declared counts. Volume is the principal the pledgor repaid.
 */
import { addCreditFacts, daysLate, obligationCreditFacts, type CreditFactSource, type CreditFacts } from '../../platform/creditFacts.ts';
import { claimsById } from '../claims/index.ts';

interface Row {
  id: string;
  pledgor: string;
  debt: string;
  first_draw: string | null;
  principal_paid: string;
  repaid_at: Date | null;
  defaults: number;
  liquidated_at: Date | null;
}

export const collateralCreditFacts: CreditFactSource = async (db, p) => {
  const { rows } = await db.query<Row>(
    `SELECT p.id, p.pledgor, p.debt::text AS debt,
            (SELECT d.id FROM collateral_draws d WHERE d.position_id = p.id AND d.drawn_at <= $2 ORDER BY d.idx LIMIT 1) AS first_draw,
            (SELECT COALESCE(sum(d.principal_paid), 0) FROM collateral_draws d WHERE d.position_id = p.id)::text AS principal_paid,
            (SELECT max(e.block_time) FROM collateral_events e WHERE e.position_id = p.id AND e.kind = 'repaid' AND e.debt = 0 AND e.block_time <= $2) AS repaid_at,
            (SELECT count(*) FROM collateral_events e WHERE e.position_id = p.id AND e.kind = 'defaulted' AND e.block_time <= $2)::int AS defaults,
            (SELECT min(e.block_time) FROM collateral_events e WHERE e.position_id = p.id AND e.kind = 'liquidated' AND e.block_time <= $2) AS liquidated_at
       FROM collateral_positions p WHERE p.pledgor = ANY($1::text[])`,
    [p.members, p.asOf],
  );
  const draws = await claimsById(db, rows.flatMap((r) => (r.first_draw ? [r.first_draw] : [])));
  const out = new Map<string, CreditFacts>();
  for (const r of rows) {
    const due = r.first_draw ? draws.get(r.first_draw)?.due_date : undefined;
    let facts: Partial<CreditFacts> = { defaults: r.defaults };
    if (due && r.liquidated_at) {
      facts = { ...facts, obligations: 1, daysOverdue: daysLate(due, r.liquidated_at), liquidations: 1 };
    } else if (due) {
      const completedAt = BigInt(r.debt) === 0n ? r.repaid_at : null;
      facts = addCreditFacts(facts, obligationCreditFacts({ dueDate: due, completedAt, principalPaid: BigInt(r.principal_paid) }, p.asOf));
    }
    out.set(r.pledgor, addCreditFacts(out.get(r.pledgor), facts));
  }
  return out;
};
