/** Credit lines of core enterprises, with the guarantee each carries. */
import type { Queryable } from '../../../db/database.ts';
import { getMemberIdentity, membersByAddress, Parties } from '../../identity/index.ts';
import type { CreditLine } from '../schemas.ts';

/** Every core enterprise's credit line that has been set or carries a guarantee, by the obligor's name. */
export async function listCreditLines(db: Queryable): Promise<CreditLine[]> {
  const { rows } = await db.query<{ obligor: string }>('SELECT obligor FROM credit_lines UNION SELECT obligor FROM credit_line_guarantees');
  const members = [...(await membersByAddress(db, rows.map((r) => r.obligor))).values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const lines: CreditLine[] = [];
  for (const member of members) lines.push(await creditLineOf(db, member));
  return lines;
}

/** A core enterprise's credit line: limit, used by issued and unpaid claims, available. Zero when never set. */
export async function getCreditLine(db: Queryable, memberId: string): Promise<CreditLine> {
  const member = await getMemberIdentity(db, memberId);
  return creditLineOf(db, member);
}

export async function creditLineOf(db: Queryable, member: { id: string; name: string; address: string }): Promise<CreditLine> {
  const { rows } = await db.query<{ credit_limit: string; used: string; updated_at: Date }>(
    'SELECT credit_limit::text AS credit_limit, used::text AS used, updated_at FROM credit_lines WHERE obligor = $1',
    [member.address],
  );
  const { rows: g } = await db.query<{ guarantor: string; status: 'proposed' | 'active'; proposed_by: string; proposed_at: Date; accepted_at: Date | null }>(
    'SELECT guarantor, status, proposed_by, proposed_at, accepted_at FROM credit_line_guarantees WHERE obligor = $1',
    [member.address],
  );
  const limit = BigInt(rows[0]?.credit_limit ?? '0');
  const used = BigInt(rows[0]?.used ?? '0');
  const parties = g[0] ? await Parties.load(db, [g[0].guarantor, g[0].proposed_by], null) : null;
  return {
    obligor: { memberId: member.id, name: member.name, address: member.address },
    limit: limit.toString(),
    used: used.toString(),
    available: (limit > used ? limit - used : 0n).toString(),
    updatedAt: rows[0]?.updated_at.toISOString() ?? null,
    guarantee:
      g[0] && parties
        ? {
            guarantor: parties.of(g[0].guarantor),
            status: g[0].status,
            proposedBy: parties.of(g[0].proposed_by),
            proposedAt: g[0].proposed_at.toISOString(),
            acceptedAt: g[0].accepted_at?.toISOString() ?? null,
          }
        : null,
  };
}

/** Whether a credit line was ever set for `obligor`. */
export async function hasCreditLine(db: Queryable, obligor: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM credit_lines WHERE obligor = $1', [obligor]);
  return rows.length > 0;
}
