/** Advances (purchase-order and channel financing) and their orders: the obligor, the recipient, funders, the operator and the regulator see them. */
import type { Queryable } from '../../../db/database.ts';
import { Parties, seesEverything, type Principal } from '../../identity/index.ts';
import type { AdvanceView } from '../schemas.ts';

interface Row {
  root: string;
  kind: 'purchase_order' | 'channel';
  order_key: string;
  obligor: string;
  recipient: string;
  amount: string;
  status: 'open' | 'closed';
  invoice_key: string | null;
  delivery_hash: string | null;
  issued_at: Date;
  closed_at: Date | null;
  invoice_number: string | null;
}

export async function listAdvances(db: Queryable, by: Principal): Promise<{ items: AdvanceView[] }> {
  const all = seesEverything(by) || by.memberRoles.includes('funder');
  const { rows } = await db.query<Row>(
    `SELECT a.root, a.kind, a.order_key, a.obligor, a.recipient, a.amount::text AS amount, a.status, a.invoice_key, a.delivery_hash, a.issued_at, a.closed_at,
            d.invoice_number
       FROM advances a LEFT JOIN trade_documents d ON d.trade_id = a.trade_id
      ${all ? '' : 'WHERE a.obligor = $1 OR a.recipient = $1'} ORDER BY a.issued_block DESC, a.root LIMIT 500`,
    all ? [] : [by.memberAddress],
  );
  const parties = await Parties.load(db, rows.flatMap((r) => [r.obligor, r.recipient]), null);
  return {
    items: rows.map((r) => ({
      claimId: r.root,
      kind: r.kind,
      orderKey: r.order_key,
      orderNumber: r.invoice_number?.replace(/^order:/, '') ?? null,
      obligor: parties.of(r.obligor),
      recipient: parties.of(r.recipient),
      amount: r.amount,
      status: r.status,
      invoiceKey: r.invoice_key,
      deliveryHash: r.delivery_hash,
      issuedAt: r.issued_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
    })),
  };
}
