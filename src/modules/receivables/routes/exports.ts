/**
 * CSV exports for reconciliation and reports (issue 14, item 2), exact amounts (minor units and XT with its two
 * decimals): claims (with the filters and order of GET /v1/claims), a member's book (what it holds, what it bought
 * and sold), and the regulator's report (GET /v1/overview by obligor and by tier). The same disclosure rules as the
 * JSON answers they are made from.
 */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/context.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { sendCsv, toCsv, xtDecimal, type CsvValue } from '../../../api/csv.ts';
import { type Static } from '../../../api/schemas.ts';
import { listClaims } from '../queries/claims.ts';
import { overview } from '../queries/overview.ts';
import { memberPosition } from '../queries/positions.ts';
import { ClaimsExportQuery, MemberParams } from '../schemas.ts';

/** At most this many claims in one export (pages of the list, followed on the server). */
const EXPORT_LIMIT = 10_000;
const name = (p: { name?: string | null; pseudonym?: string } | null | undefined) => p?.name ?? (p?.pseudonym ? `party ${p.pseudonym}` : '');
const money = (minor: string): CsvValue[] => [minor, xtDecimal(minor)];

export function claimExportRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof ClaimsExportQuery> }>(
      '/v1/exports/claims.csv',
      {
        schema: {
          tags: ['claims', 'exports'],
          summary: 'The claims of GET /v1/claims (same filters and order, up to 10 000) as CSV, with their business identifiers and exact amounts',
          querystring: ClaimsExportQuery,
        },
      },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const q = request.query;
        const rows: CsvValue[][] = [];
        let cursor: string | undefined;
        do {
          const page = await listClaims(ctx.db, by, {
            holderMemberId: q.holder,
            obligorMemberId: q.obligor,
            guarantorMemberId: q.guarantor,
            q: q.q,
            status: q.status,
            dueFrom: q.dueFrom,
            dueTo: q.dueTo,
            overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
            sort: q.sort,
            limit: 500,
            cursor,
          });
          for (const c of page.items) {
            rows.push([
              c.id,
              c.rootId,
              c.business.invoiceNumber,
              c.business.invoiceDate,
              name(c.business.supplier),
              name(c.obligor),
              c.business.issuedOn,
              c.business.dueDate,
              ...money(c.business.originalAmount),
              ...money(c.totalSupply),
              ...money(c.holding?.balance ?? '0'),
              c.settlement.status,
              ...money(c.settlement.outstanding),
              ...money(c.settlement.lateInterest),
              c.maturity.overdueDays,
            ]);
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor && rows.length < EXPORT_LIMIT);
        const header = [
          'claim_id', 'root_id', 'invoice_number', 'invoice_date', 'supplier', 'obligor', 'issued_on', 'due_date',
          'original_amount_minor', 'original_amount_xt', 'supply_minor', 'supply_xt', 'your_holding_minor', 'your_holding_xt',
          'status', 'outstanding_minor', 'outstanding_xt', 'late_interest_minor', 'late_interest_xt', 'overdue_days',
        ];
        return sendCsv(reply, 'claims.csv', toCsv(header, rows.slice(0, EXPORT_LIMIT)));
      },
    );

    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/exports/members/:id/book.csv',
      {
        schema: {
          tags: ['claims', 'exports'],
          summary: "A member's book as CSV: each holding, each claim it bought (discount earned or not yet) and sold, exact amounts",
          params: MemberParams,
        },
      },
      async (request, reply) => {
        const p = await memberPosition(ctx.db, requirePrincipal(request), request.params.id);
        const asOf = p.asOf.slice(0, 10);
        const rows: CsvValue[][] = [
          ...p.holds.items.map((h) => ['holding', h.claimId, name(h.obligor), h.dueDate, ...money(h.balance), '', '', '', '', '', h.overdueDays > 0 ? `overdue ${h.overdueDays} days` : '']),
          ...p.financed.bought.items.map((f) => ['bought', f.claimId, name(f.counterparty), '', ...money(f.amount), ...money(f.price), ...money(f.discount), f.days, f.at]),
          ...p.financed.sold.items.map((f) => ['sold', f.claimId, name(f.counterparty), '', ...money(f.amount), ...money(f.price), ...money(f.discount), f.days, f.at]),
        ];
        rows.push(['total discount earned', '', '', asOf, '', '', '', '', ...money(p.financed.discountEarned), '', '']);
        rows.push(['total discount not yet earned', '', '', asOf, '', '', '', '', ...money(p.financed.discountUnearned), '', '']);
        const header = ['line', 'claim_id', 'counterparty_or_obligor', 'date', 'face_minor', 'face_xt', 'price_minor', 'price_xt', 'discount_minor', 'discount_xt', 'days', 'note'];
        return sendCsv(reply, 'book.csv', toCsv(header, rows));
      },
    );

    app.get(
      '/v1/exports/overview.csv',
      { schema: { tags: ['claims', 'exports'], summary: "The regulator's report as CSV: GET /v1/overview by obligor and by tier, with the platform's totals" } },
      async (request, reply) => {
        const o = await overview(ctx.db, requirePrincipal(request));
        const rows: CsvValue[][] = [
          ...o.outstanding.byObligor.map((r) => ['obligor', name(r.obligor), r.obligor.address, ...money(r.issued), ...money(r.outstanding), r.openClaims]),
          ...o.outstanding.byTier.map((r) => ['tier', `tier ${r.tier}`, '', '', '', ...money(r.units), r.holdings]),
          ['outstanding', 'all', '', '', '', ...money(o.outstanding.total), o.outstanding.claims],
          ['overdue', 'all', '', '', '', ...money(o.overdue.total), o.overdue.claims],
          ['financed', 'volume', '', ...money(o.financed.volume), ...money(o.financed.discount), o.financed.sales],
        ];
        return sendCsv(reply, `overview-${o.asOf.slice(0, 10)}.csv`, toCsv(['section', 'name', 'address', 'amount_minor', 'amount_xt', 'outstanding_minor', 'outstanding_xt', 'count'], rows));
      },
    );
  };
}
