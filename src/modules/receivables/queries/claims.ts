/**
 * Claims as a receivable's holders, obligor and funders see them: the ledger's terms, holders and tree (from the
 * claims module's read models) with the receivable's settlement, maturity and trade (this module's). Nothing here
 * reads the chain itself, so every answer is a function of indexed events. Trades, credit lines and positions are
 * beside this file.
 *
 * Who sees what:
 * - the operator and the regulator see everything;
 * - a claim's terms, supply and settlement are visible to every member (funders price claims from them);
 * - the parties of a claim tree (holders, counterparties of its movements) are named by the disclosure rules of
 *   docs/adr/017-disclosure.md: everyone to the operator, the regulator, the obligor, the guarantor and a funder the
 *   tree is offered to; to any other member itself, the obligor, the guarantor and its own direct counterparties
 *   (who sent it units, whom it sent units to, who bought from it, from whom it bought); everyone else by a stable
 *   pseudonym (`{ memberId: null, name: null, address: null, pseudonym: 'P-…' }`), amounts, times and tier depths kept;
 * - the trace is for the participants of the tree (obligor, anyone who holds or has held any of its ids) and
 *   for funders it is offered to (a holder asked for a quote on it, or the funder keeps an open offer for the
 *   obligor's claims), who see it with every party named: a funder prices a claim from its provenance;
 * - trades are for their supplier and obligor; positions for the member itself;
 * - a claim's payment state — its settlement, overdue days and late interest — is credit information on the
 *   obligor: it is for the participants of the tree (obligor, guarantor, anyone who holds or has held any of its
 *   ids, funders it is offered to), the operator and the regulator. Others get `settlement` and `maturity` null;
 * - the guarantor of a claim (recorded when it was issued under an accepted guarantee) sees it like the obligor:
 *   in its claim list, its trace with every party named, and its position's `guarantees`.
 *
 * Money: settlements.ts. Time-dependent figures are judged at `asOf`, by default the later of the latest indexed
 * block's time and now.
 */
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError } from '../../../common/errors.ts';
import { readModelTime } from '../../../indexer/projections.ts';
import { getMemberIdentity, memberAddressesNamedLike, Parties, seesEverything, type Principal } from '../../identity/index.ts';
import {
  claimTermsView,
  claimTree,
  counterpartiesInTree,
  counterpartiesInTrees,
  findClaim,
  heldInTree,
  holderView,
  holdingsOf,
  listClaimRows,
  movementsOf,
  offeredToFunder,
  parseDate,
  rootsDueBefore,
  traceEdgeView,
} from '../../claims/index.ts';
import type { Claim, ClaimSummary, ClaimTrace } from '../schemas.ts';
import { maturityOf, rootsGuaranteedBy, settlementRows, settlementView } from './settlements.ts';
import { tradeOfClaim } from './trades.ts';

/**
 * Who the caller may name among a tree's parties (docs/adr/017-disclosure.md). null = everyone: the operator, the
 * regulator, the obligor, the claim's guarantor (who may have to pay every holder) and a funder the tree is offered
 * to (who prices it from its provenance). Otherwise itself, the obligor (whose identity is part of the terms), the
 * guarantor, and its direct counterparties in the tree: whoever sent it units or received units from it, by a split,
 * a sale or the issue.
 */
async function partyFilter(
  db: Queryable,
  by: Principal,
  p: { root: string; obligor: string; offered: boolean; guarantor: string | null },
): Promise<((address: string) => boolean) | null> {
  if (seesEverything(by) || by.memberAddress === p.obligor || p.offered || (p.guarantor !== null && by.memberAddress === p.guarantor)) return null;
  const named = new Set([by.memberAddress, p.obligor, ...(p.guarantor ? [p.guarantor] : []), ...(await counterpartiesInTree(db, p.root, by.memberAddress))]);
  return (address) => named.has(address);
}

/** Whether the funder `by` is offered the tree (see claims' offeredToFunder). */
const isOfferedTo = (db: Queryable, by: Principal, root: string, obligor: string) =>
  by.memberRoles.includes('funder') ? offeredToFunder(db, by.memberAddress, root, obligor) : Promise.resolve(false);

/** One claim id: terms, supply, current holders, settlement of its tree, overdue days and accrued late interest. */
export async function getClaim(db: Queryable, by: Principal, id: string, p: { asOf?: Date } = {}): Promise<Claim> {
  const c = await findClaim(db, id);
  const asOf = await readModelTime(db, p.asOf);
  const holdings = await holdingsOf(db, [c.id]);
  const { rows: trades } = await db.query<{ trade_id: string; supplier: string }>('SELECT trade_id, supplier FROM trades WHERE claim_id = $1', [c.root]);
  const row = (await settlementRows(db, [c.root])).get(c.root);
  const guarantor = row?.guarantor ?? null;
  const offered = await isOfferedTo(db, by, c.root, c.obligor);
  const filter = await partyFilter(db, by, { root: c.root, obligor: c.obligor, offered, guarantor });
  // The payment state is for the tree's participants (and the operator and regulator): see the rules above.
  const participates = filter === null || holdings.some((h) => h.holder === by.memberAddress) || (await heldInTree(db, by.memberAddress, c.root));
  const parties = await Parties.load(db, [c.obligor, guarantor, ...holdings.map((h) => h.holder), ...trades.map((t) => t.supplier)], filter);
  const settlement = settlementView(row, c.root, asOf, parties);
  const own = holdings.find((h) => h.holder === by.memberAddress);
  const trade = trades[0];
  return {
    ...claimTermsView(c, parties),
    trade: trade ? { tradeId: trade.trade_id, supplier: parties.of(trade.supplier) } : null,
    holders: holdings.filter((h) => BigInt(h.balance) > 0n).map((h) => holderView(h, parties)),
    yourHolding: own ? { balance: own.balance, hops: own.hops, redeemed: own.redeemed } : null,
    settlement: participates ? settlement : null,
    maturity: participates ? maturityOf(c, settlement, asOf) : null,
    partiesHidden: filter !== null,
  };
}

export interface ListClaimsParameters {
  holderMemberId?: string;
  obligorMemberId?: string;
  guarantorMemberId?: string;
  q?: string;
  status?: 'unpaid' | 'partially_paid' | 'paid';
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  sort?: 'newest' | 'due' | '-due' | 'amount' | '-amount';
  limit: number;
  cursor?: string;
  asOf?: Date;
}

const intersect = (a: string[] | undefined, b: string[] | undefined) => (a === undefined ? b : b === undefined ? a : a.filter((x) => new Set(b).has(x)));

/**
 * Claims, newest first (or by due date or face), paged on the server. Members see the claims they hold, have held,
 * owe or guarantee; the operator and the regulator see all. Filters: holder, obligor, guarantor, the settlement's
 * status, a due-date range, overdue (from the day after the due date, principal unpaid) and a search `q` (a claim id
 * or its start, an invoice number, an obligor's or a supplier's name). Each claim comes with its business
 * identifiers (`business`): invoice number, supplier, original amount, issue and due dates.
 */
export async function listClaims(db: Queryable, by: Principal, p: ListClaimsParameters): Promise<{ items: ClaimSummary[]; nextCursor: string | null }> {
  const address = async (memberId: string) => (await getMemberIdentity(db, memberId)).address;
  const holder = p.holderMemberId ? await address(p.holderMemberId) : undefined;
  const asOf = await readModelTime(db, p.asOf);
  let roots = p.guarantorMemberId ? await rootsGuaranteedBy(db, await address(p.guarantorMemberId)) : undefined;
  if (p.status) roots = intersect(roots, await rootsWithStatus(db, p.status));
  if (p.overdue !== undefined) {
    const due = await rootsDueBefore(db, startOfDay(asOf));
    const late = due.length ? await rootsWithStatus(db, 'open', due) : [];
    if (p.overdue) roots = intersect(roots, late);
    else roots = await rootsWithStatus(db, 'any').then((all) => intersect(roots, all.filter((r) => !new Set(late).has(r))));
  }
  const { rows: page, nextCursor } = await listClaimRows(db, {
    visibleTo: seesEverything(by) ? undefined : { address: by.memberAddress, roots: await rootsGuaranteedBy(db, by.memberAddress) },
    roots,
    holder,
    obligor: p.obligorMemberId ? await address(p.obligorMemberId) : undefined,
    match: p.q ? await searchTerms(db, by, p.q) : undefined,
    dueFrom: p.dueFrom ? new Date(parseDate(p.dueFrom, 'query.dueFrom') * 1000) : undefined,
    dueBefore: p.dueTo ? new Date((parseDate(p.dueTo, 'query.dueTo') + 86_400) * 1000) : undefined,
    sort: p.sort,
    holdingOf: holder ?? by.memberAddress,
    limit: p.limit,
    cursor: p.cursor,
  });
  const rowsByRoot = await settlementRows(db, page.map((c) => c.root));
  const business = await businessIdentifiers(db, by, page.map((c) => ({ root: c.root, obligor: c.obligor, due: c.due_date, guarantor: rowsByRoot.get(c.root)?.guarantor ?? null })));
  const parties = await Parties.load(db, [...page.map((c) => c.obligor), ...[...rowsByRoot.values()].map((r) => r.guarantor)], null);
  const settlements = new Map(page.map((c) => [c.root, settlementView(rowsByRoot.get(c.root), c.root, asOf, parties)]));
  return {
    items: page.map((c) => {
      const settlement = settlements.get(c.root)!;
      return { ...claimTermsView(c, parties), holding: c.holding, settlement, maturity: maturityOf(c, settlement, asOf), business: { ...business.get(c.root)!, dueDate: isoDay(c.due_date) } };
    }),
    nextCursor,
  };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** UTC midnight of `d`'s day: a claim is overdue from the day after its due date (docs/adr/007). */
const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Roots whose settlement is `status` ('open': principal unpaid; 'any': every root), among `among` when given. */
async function rootsWithStatus(db: Queryable, status: 'unpaid' | 'partially_paid' | 'paid' | 'open' | 'any', among?: string[]): Promise<string[]> {
  const cond = {
    unpaid: 'paid - interest_paid = 0',
    partially_paid: 'paid - interest_paid > 0 AND paid - interest_paid < face',
    paid: 'paid - interest_paid >= face',
    open: 'paid - interest_paid < face',
    any: 'TRUE',
  }[status];
  const { rows } = await db.query<{ root: string }>(`SELECT root FROM settlements WHERE ${cond}${among ? ' AND root = ANY($1::text[])' : ''}`, among ? [among] : []);
  return rows.map((r) => r.root);
}

/** What a search matches: a claim id's start, trees whose invoice number contains `q` (that the reader may see), obligors and suppliers by name. */
async function searchTerms(db: Queryable, by: Principal, q: string): Promise<{ idPrefix: string | null; roots: string[]; obligors: string[] }> {
  const text = q.trim();
  const idPrefix = /^0x[0-9a-fA-F]{1,64}$/.test(text) ? text.toLowerCase() : null;
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const all = seesEverything(by);
  const addresses = await memberAddressesNamedLike(db, like);
  // Invoices and suppliers: only of trades whose supplier the reader may name (its own trades, or all).
  const { rows: trades } = await db.query<{ claim_id: string }>(
    `SELECT t.claim_id FROM trades t LEFT JOIN trade_documents d ON d.trade_id = t.trade_id
      WHERE t.claim_id IS NOT NULL AND (d.invoice_number ILIKE $1 OR t.supplier = ANY($2::text[]))
        ${all ? '' : 'AND (t.supplier = $3 OR t.obligor = $3)'}`,
    all ? [like, addresses] : [like, addresses, by.memberAddress],
  );
  return { idPrefix, roots: trades.map((t) => t.claim_id), obligors: addresses };
}

/**
 * The business identifiers of the trees of a page of claims. The supplier — and with it the invoice number and date
 * — is named to whoever may name it (docs/adr/017-disclosure.md): the operator, the regulator, the obligor, the
 * guarantor, the supplier itself and its direct counterparties in the tree.
 */
async function businessIdentifiers(
  db: Queryable,
  by: Principal,
  page: Array<{ root: string; obligor: string; due: Date; guarantor: string | null }>,
): Promise<Map<string, Omit<ClaimSummary['business'], 'dueDate'>>> {
  const roots = [...new Set(page.map((c) => c.root))];
  const { rows } = roots.length
    ? await db.query<{ claim_id: string; supplier: string; amount: string; invoice_number: string | null; issue_date: string | null; decided_at: Date | null }>(
        `SELECT t.claim_id, t.supplier, t.amount::text AS amount, d.invoice_number, d.issue_date::text AS issue_date, t.decided_at
           FROM trades t LEFT JOIN trade_documents d ON d.trade_id = t.trade_id WHERE t.claim_id = ANY($1::text[])`,
        [roots],
      )
    : { rows: [] };
  const byRoot = new Map(rows.map((r) => [r.claim_id, r]));
  const counterparts = seesEverything(by) ? null : await counterpartiesInTrees(db, roots, by.memberAddress);
  const faces = await settlementRows(db, roots);
  const suppliers = await Parties.load(db, rows.map((r) => r.supplier), null);
  const out = new Map<string, Omit<ClaimSummary['business'], 'dueDate'>>();
  for (const c of page) {
    const t = byRoot.get(c.root);
    const named =
      t !== undefined &&
      (counterparts === null ||
        [c.obligor, c.guarantor, t.supplier].includes(by.memberAddress) ||
        (counterparts.get(c.root)?.has(t.supplier) ?? false));
    out.set(c.root, {
      invoiceNumber: named ? (t.invoice_number ?? null) : null,
      invoiceDate: named ? (t.issue_date ?? null) : null,
      supplier: t ? (named ? suppliers.of(t.supplier) : (await Parties.load(db, [t.supplier], () => false)).of(t.supplier)) : null,
      originalAmount: t?.amount ?? faces.get(c.root)?.face ?? '0',
      issuedOn: t?.decided_at ? isoDay(t.decided_at) : null,
    });
  }
  return out;
}

/**
 * The whole tree of a claim's root: every id (terms, supply, holders, depth), every operation on them
 * (issue, split-transfers, modifications, sales with their prices, redemptions) with parties, hop counts,
 * amounts and times, and the obligor's payments into the settlement. Rebuilt only from the read models.
 */
export async function getTrace(db: Queryable, by: Principal, id: string, p: { asOf?: Date } = {}): Promise<ClaimTrace> {
  // Rounds of queries run side by side (a pool serves them at once): the latency is the rounds, not their sum.
  const [requested, asOf] = await Promise.all([findClaim(db, id), readModelTime(db, p.asOf)]);
  const root = requested.root;
  const obligor = requested.obligor;
  const [claims, offered, rows, { rows: payments }, { rows: accruals }] = await Promise.all([
    claimTree(db, root),
    isOfferedTo(db, by, root, obligor),
    settlementRows(db, [root]),
    db.query<{
      payer: string; amount: string; principal: string; interest: string; paid_total: string; tx_hash: string; block_number: string; block_time: Date;
    }>(
      `SELECT payer, amount::text AS amount, principal::text AS principal, interest::text AS interest, paid_total::text AS paid_total,
              tx_hash, block_number, block_time
         FROM settlement_payments WHERE root = $1 ORDER BY block_number, log_index`,
      [root],
    ),
    db.query<{
      days_late: number; principal: string; accrued: string; interest_due: string; carry: string; tx_hash: string; block_number: string; block_time: Date;
    }>(
      `SELECT days_late, principal::text AS principal, accrued::text AS accrued, interest_due::text AS interest_due, carry::text AS carry,
              tx_hash, block_number, block_time
         FROM late_interest_accruals WHERE root = $1 ORDER BY block_number, log_index`,
      [root],
    ),
  ]);
  const ids = claims.map((c) => c.id);
  const row = rows.get(root);
  const guarantor = row?.guarantor ?? null;
  const [holdings, movements, filter] = await Promise.all([holdingsOf(db, ids), movementsOf(db, ids), partyFilter(db, by, { root, obligor, offered, guarantor })]);
  const isGuarantor = guarantor !== null && by.memberAddress === guarantor;
  if (!seesEverything(by) && by.memberAddress !== obligor && !isGuarantor && !offered && !holdings.some((h) => h.holder === by.memberAddress)) {
    throw new ForbiddenError(
      'the trace of a claim is for its obligor, its guarantor, the members that hold or have held it, funders it is offered to, the operator and the regulator',
      { claimId: requested.id },
    );
  }
  const [trade, parties] = await Promise.all([
    tradeOfClaim(db, by, root, filter),
    Parties.load(
      db,
      [obligor, guarantor, ...holdings.map((h) => h.holder), ...movements.flatMap((m) => [m.from_address, m.to_address]), ...payments.map((x) => x.payer)],
      filter,
    ),
  ]);
  const settlement = settlementView(row, root, asOf, parties);
  return {
    rootId: root,
    claimId: requested.id,
    asOf: asOf.toISOString(),
    obligor: parties.of(obligor),
    trade,
    settlement,
    nodes: claims.map((c) => ({
      ...claimTermsView(c, parties),
      children: claims.filter((x) => x.parent === c.id).map((x) => x.id),
      holders: holdings.filter((h) => h.claim_id === c.id && BigInt(h.balance) > 0n).map((h) => holderView(h, parties)),
    })),
    edges: movements.map((m) => traceEdgeView(m, parties)),
    payments: payments.map((x) => ({
      payer: parties.of(x.payer),
      payerRole: x.payer === obligor ? 'obligor' : x.payer === guarantor ? 'guarantor' : 'other',
      amount: x.amount,
      principal: x.principal,
      interest: x.interest,
      paidTotal: x.paid_total,
      txHash: x.tx_hash,
      blockNumber: x.block_number,
      at: x.block_time.toISOString(),
    })),
    accruals: accruals.map((a) => ({
      daysLate: a.days_late,
      principal: a.principal,
      accrued: a.accrued,
      interestDue: a.interest_due,
      carry: a.carry,
      txHash: a.tx_hash,
      blockNumber: a.block_number,
      at: a.block_time.toISOString(),
    })),
    guarantee: guarantor ? { guarantor: parties.of(guarantor), since: (row?.guaranteed_at ?? new Date(0)).toISOString() } : null,
    partiesHidden: filter !== null,
  };
}
