/** Credit lines of core enterprises, with the guarantee each carries. */
import type { Queryable } from '../../../db/database.ts';
import { getMemberIdentity, membersByAddress, operatorAddress, Parties, type Principal } from '../../identity/index.ts';
import type { CreditLine } from '../schemas.ts';

/** Every core enterprise's credit line that has been set or carries a guarantee, by the obligor's name. */
export async function listCreditLines(db: Queryable, by: Principal | null): Promise<CreditLine[]> {
  const { rows } = await db.query<{ obligor: string }>('SELECT obligor FROM credit_lines UNION SELECT obligor FROM credit_line_guarantees');
  const members = [...(await membersByAddress(db, rows.map((r) => r.obligor))).values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const lines: CreditLine[] = [];
  for (const member of members) lines.push(await creditLineOf(db, member, by));
  return lines;
}

/** A core enterprise's credit line: limit, used by issued and unpaid claims, available. Zero when never set. */
export async function getCreditLine(db: Queryable, memberId: string, by: Principal | null): Promise<CreditLine> {
  const member = await getMemberIdentity(db, memberId);
  return creditLineOf(db, member, by);
}

/**
 * A core enterprise's credit line as `by` sees it: who granted it (the first member that set it,
 * Receivables.creditProvider) and whether `by` may change it — the operator, or the funder that granted it (any
 * funder while nobody has); null `by`: nobody's view (youManage false).
 */
export async function creditLineOf(db: Queryable, member: { id: string; name: string; address: string }, by: Principal | null): Promise<CreditLine> {
  const { rows } = await db.query<{ credit_limit: string; used: string; updated_at: Date; granted_by: string | null }>(
    'SELECT credit_limit::text AS credit_limit, used::text AS used, updated_at, granted_by FROM credit_lines WHERE obligor = $1',
    [member.address],
  );
  const { rows: g } = await db.query<{ guarantor: string; status: 'proposed' | 'active'; proposed_by: string; proposed_at: Date; accepted_at: Date | null }>(
    'SELECT guarantor, status, proposed_by, proposed_at, accepted_at FROM credit_line_guarantees WHERE obligor = $1',
    [member.address],
  );
  const limit = BigInt(rows[0]?.credit_limit ?? '0');
  const used = BigInt(rows[0]?.used ?? '0');
  const grantedBy = rows[0]?.granted_by ?? null;
  const operator = await operatorAddress(db);
  const parties = await Parties.load(db, [grantedBy, ...(g[0] ? [g[0].guarantor, g[0].proposed_by] : [])], null);
  const youManage =
    by !== null && !by.memberRoles.includes('regulator') && (by.isOperator || (by.memberRoles.includes('funder') && (grantedBy === null || grantedBy === by.memberAddress)));
  return {
    obligor: { memberId: member.id, name: member.name, address: member.address },
    limit: limit.toString(),
    used: used.toString(),
    available: (limit > used ? limit - used : 0n).toString(),
    updatedAt: rows[0]?.updated_at.toISOString() ?? null,
    grantedBy: parties.orNull(grantedBy),
    grantedByOperator: grantedBy !== null && grantedBy === operator,
    youManage,
    guarantee:
      g[0]
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
