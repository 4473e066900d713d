/**
 * Reads of the ledger's read models (claims, holdings, the edges of every tree, sales) for the products that
 * present claims: they compose these with their own state (e.g. a receivable's settlement) and never read these
 * tables themselves. Rows come back as stored: ids 0x + 64 hex, amounts decimal strings, addresses lower-case.
 */
import type { Queryable } from '../../../db/database.ts';
import { NotFoundError, ValidationError } from '../../../common/errors.ts';
import type { DayCount } from '../../../domain/money.ts';
import type { Parties } from '../../identity/index.ts';
import type { ClaimTerms, Holder, TraceEdge } from '../schemas.ts';

/** One token id of the ledger and its terms. */
export interface ClaimRow {
  id: string;
  parent: string | null;
  root: string;
  depth: number;
  obligor: string;
  due_date: Date;
  late_rate_bps: number;
  max_hops: number;
  day_count: DayCount;
  kind: string;
  consortium_id: string;
  documents_hash: string | null;
  total_supply: string;
  defined_at: Date;
  defined_block: string;
}

/** A holding of one id. */
export interface HoldingRow {
  claim_id: string;
  holder: string;
  balance: string;
  hops: number;
  redeemed: string;
}

/** One edge of a claim tree (see projections.ts). */
export interface MovementRow {
  block_number: string;
  log_index: number;
  tx_hash: string;
  claim_id: string;
  child_id: string | null;
  kind: 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
  from_address: string | null;
  to_address: string | null;
  amount: string;
  price: string | null;
  offer_id: string | null;
  days: number | null;
  from_hops: number | null;
  to_hops: number | null;
  block_time: Date;
}

/** A sale of claims against an offer, with the root of the id sold (null if the id is unknown). */
export interface FinancingRow {
  claim_id: string;
  root: string | null;
  offer_id: string;
  seller: string;
  funder: string;
  amount: string;
  price: string;
  days: number;
  tx_hash: string;
  block_time: Date;
}

const CLAIM_COLUMNS = `c.id, c.parent, c.root, c.depth, c.obligor, c.due_date, c.late_rate_bps, c.max_hops, c.day_count, c.kind,
  c.consortium_id, c.documents_hash, c.total_supply::text AS total_supply, c.defined_at, c.defined_block`;
const HOLDING_COLUMNS = `h.claim_id, h.holder, h.balance::text AS balance, h.hops, h.redeemed::text AS redeemed`;

/** A 0x + 64 hex id, lower-cased; 400 naming `field` otherwise. */
export function normalizeId(value: string, field: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new ValidationError(field, 'must be 0x followed by 64 hex digits');
  return value.toLowerCase();
}

/** The id's row; 404 when the ledger's read model does not know it. `field` names the id in a 400. */
export async function findClaim(db: Queryable, id: string, field = 'params.id'): Promise<ClaimRow> {
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id = $1`, [normalizeId(id, field)]);
  if (!rows[0]) throw new NotFoundError('claim', id);
  return rows[0];
}

/** Rows of these ids (those the ledger knows), by id. */
export async function claimsById(db: Queryable, ids: Iterable<string>): Promise<Map<string, ClaimRow>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id = ANY($1::text[])`, [wanted]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every id of the tree of `root`, parents before children. */
export async function claimTree(db: Queryable, root: string): Promise<ClaimRow[]> {
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.root = $1 ORDER BY c.depth, c.defined_block, c.id`, [root]);
  return rows;
}

/** Holdings of these ids (balance 0 included: who has held), largest first. */
export async function holdingsOf(db: Queryable, ids: string[]): Promise<HoldingRow[]> {
  const { rows } = await db.query<HoldingRow>(
    `SELECT ${HOLDING_COLUMNS} FROM claim_holdings h WHERE h.claim_id = ANY($1::text[]) ORDER BY h.balance DESC, h.hops, h.holder`,
    [ids],
  );
  return rows;
}

/** Holders with units of these ids now. */
export async function currentHolders(db: Queryable, ids: string[]): Promise<Array<{ claim_id: string; holder: string }>> {
  const { rows } = await db.query<{ claim_id: string; holder: string }>(
    'SELECT claim_id, holder FROM claim_holdings WHERE claim_id = ANY($1::text[]) AND balance > 0',
    [ids],
  );
  return rows;
}

/** Every edge on these ids, in chain order. */
export async function movementsOf(db: Queryable, ids: string[]): Promise<MovementRow[]> {
  const { rows } = await db.query<MovementRow>(
    `SELECT block_number, log_index, tx_hash, claim_id, child_id, kind, from_address, to_address, amount::text AS amount,
            price::text AS price, offer_id, days, from_hops, to_hops, block_time
       FROM claim_movements WHERE claim_id = ANY($1::text[]) ORDER BY block_number, log_index`,
    [ids],
  );
  return rows;
}

/** The addresses `address` exchanged units of the tree of `root` with (either direction). */
export async function counterpartiesInTree(db: Queryable, root: string, address: string): Promise<string[]> {
  const { rows } = await db.query<{ other: string }>(
    `SELECT DISTINCT CASE WHEN m.from_address = $2 THEN m.to_address ELSE m.from_address END AS other
       FROM claim_movements m JOIN claims c ON c.id = m.claim_id
      WHERE c.root = $1 AND (m.from_address = $2 OR m.to_address = $2)`,
    [root, address],
  );
  return rows.map((r) => r.other).filter((a): a is string => !!a);
}

/** For each of `roots`, the addresses `address` exchanged units of that tree with. */
export async function counterpartiesInTrees(db: Queryable, roots: string[], address: string): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(roots.map((r) => [r, new Set<string>()]));
  if (roots.length === 0) return out;
  const { rows } = await db.query<{ root: string; other: string | null }>(
    `SELECT DISTINCT c.root, CASE WHEN m.from_address = $2 THEN m.to_address ELSE m.from_address END AS other
       FROM claim_movements m JOIN claims c ON c.id = m.claim_id
      WHERE c.root = ANY($1::text[]) AND (m.from_address = $2 OR m.to_address = $2)`,
    [roots, address],
  );
  for (const r of rows) if (r.other) out.get(r.root)?.add(r.other);
  return out;
}

/** True when `address` holds or has held any id of the tree of `root`. */
export async function heldInTree(db: Queryable, address: string, root: string): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM claim_holdings h JOIN claims c ON c.id = h.claim_id WHERE c.root = $1 AND h.holder = $2 LIMIT 1',
    [root, address],
  );
  return rows.length > 0;
}

/**
 * True when the claim tree of `root` is offered to `funder`: a holder asked for a quote on one of its ids, or the
 * funder keeps an open standing offer for the obligor's claims. A funder pricing a claim sees its whole provenance.
 */
export async function offeredToFunder(db: Queryable, funder: string, root: string, obligor: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM quote_requests q JOIN claims c ON c.id = q.claim_id WHERE c.root = $1
     UNION ALL
     SELECT 1 FROM offers o WHERE o.funder = $2 AND o.obligor = $3 AND o.status = 'open' AND o.expires_at > now()
     LIMIT 1`,
    [root, funder, obligor],
  );
  return rows.length > 0;
}

/** Cursor of the claim list: `definedBlock:id`. */
const claimCursor = /^([0-9]{1,19}):(0x[0-9a-f]{64})$/;

/** A page of ids, newest first, with the holding of `holdingOf` in each (null when it never held it). */
export async function listClaimRows(
  db: Queryable,
  p: {
    /** Only ids `address` owes or holds or has held, or whose root is one of `roots`; absent: every id. */
    visibleTo?: { address: string; roots: string[] };
    /** Only ids this address holds now. */
    holder?: string;
    obligor?: string;
    /** Only ids of these trees. */
    roots?: string[];
    /** Only ids matching any of: an id starting with `idPrefix`, a tree in `roots`, an obligor in `obligors`. */
    match?: { idPrefix: string | null; roots: string[]; obligors: string[] };
    /** Due on or after / before (exclusive) these instants. */
    dueFrom?: Date;
    dueBefore?: Date;
    /** Order: newest first (the default, keyset-paged), or by due date or face (offset-paged). */
    sort?: 'newest' | 'due' | '-due' | 'amount' | '-amount';
    holdingOf: string;
    limit: number;
    cursor?: string;
  },
): Promise<{ rows: Array<ClaimRow & { holding: { balance: string; hops: number; redeemed: string } | null }>; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (p.visibleTo) {
    const me = params.push(p.visibleTo.address);
    where.push(
      `(c.obligor = $${me} OR EXISTS (SELECT 1 FROM claim_holdings x WHERE x.claim_id = c.id AND x.holder = $${me})
        OR c.root = ANY($${params.push(p.visibleTo.roots)}::text[]))`,
    );
  }
  if (p.roots) where.push(`c.root = ANY($${params.push(p.roots)}::text[])`);
  const sort = p.sort ?? 'newest';
  // Newest first, the ids one member holds are read from its holdings, in their index's order (claim_block is the
  // block its claim was defined in): the page's cost follows the page, not all the member holds.
  const fromHoldings = p.holder !== undefined && sort === 'newest';
  if (fromHoldings) where.push(`y.holder = $${params.push(p.holder)} AND y.balance > 0`);
  else if (p.holder) where.push(`EXISTS (SELECT 1 FROM claim_holdings y WHERE y.claim_id = c.id AND y.holder = $${params.push(p.holder)} AND y.balance > 0)`);
  if (p.obligor) where.push(`c.obligor = $${params.push(p.obligor)}`);
  if (p.match) {
    const any = [`c.root = ANY($${params.push(p.match.roots)}::text[])`, `c.obligor = ANY($${params.push(p.match.obligors)}::text[])`];
    if (p.match.idPrefix) any.push(`c.id LIKE $${params.push(`${p.match.idPrefix}%`)}`);
    where.push(`(${any.join(' OR ')})`);
  }
  if (p.dueFrom) where.push(`c.due_date >= $${params.push(p.dueFrom)}`);
  if (p.dueBefore) where.push(`c.due_date < $${params.push(p.dueBefore)}`);
  let offset = 0;
  if (p.cursor !== undefined) {
    if (sort === 'newest') {
      const m = claimCursor.exec(p.cursor);
      if (!m) throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint');
      const keyset = fromHoldings ? '(y.claim_block, y.claim_id)' : '(c.defined_block, c.id)';
      where.push(`${keyset} < ($${params.push(m[1])}::bigint, $${params.push(m[2])})`);
    } else {
      const m = /^o([0-9]{1,9})$/.exec(p.cursor);
      if (!m) throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint for this order');
      offset = Number(m[1]);
    }
  }
  const order = {
    newest: fromHoldings ? 'y.claim_block DESC, y.claim_id DESC' : 'c.defined_block DESC, c.id DESC',
    due: 'c.due_date ASC, c.id ASC',
    '-due': 'c.due_date DESC, c.id DESC',
    amount: 'c.total_supply ASC, c.id ASC',
    '-amount': 'c.total_supply DESC, c.id DESC',
  }[sort];
  const subject = params.push(p.holdingOf);
  const { rows } = await db.query<ClaimRow & { h_balance: string | null; h_hops: number | null; h_redeemed: string | null }>(
    `SELECT ${CLAIM_COLUMNS}, h.balance::text AS h_balance, h.hops AS h_hops, h.redeemed::text AS h_redeemed
       FROM ${fromHoldings ? 'claim_holdings y JOIN claims c ON c.id = y.claim_id' : 'claims c'}
       LEFT JOIN claim_holdings h ON h.claim_id = c.id AND h.holder = $${subject}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY ${order} LIMIT $${params.push(p.limit + 1)} OFFSET $${params.push(offset)}`,
    params,
  );
  const page = rows.slice(0, p.limit).map(({ h_balance, h_hops, h_redeemed, ...c }) => ({
    ...c,
    holding: h_balance === null ? null : { balance: h_balance, hops: h_hops!, redeemed: h_redeemed! },
  }));
  const more = rows.length > p.limit;
  return { rows: page, nextCursor: !more ? null : sort === 'newest' ? `${page.at(-1)!.defined_block}:${page.at(-1)!.id}` : `o${offset + p.limit}` };
}

/** The ids `address` holds units of now, with the holding, earliest due first (the first `limit` when given). */
export async function heldBy(db: Queryable, address: string, p: { limit?: number } = {}): Promise<Array<ClaimRow & HoldingRow>> {
  const { rows } = await db.query<ClaimRow & HoldingRow>(
    `SELECT ${CLAIM_COLUMNS}, ${HOLDING_COLUMNS}
       FROM claim_holdings h JOIN claims c ON c.id = h.claim_id
      WHERE h.holder = $1 AND h.balance > 0 ORDER BY c.due_date, c.id${p.limit !== undefined ? ' LIMIT $2' : ''}`,
    p.limit !== undefined ? [address, p.limit] : [address],
  );
  return rows;
}

/** How many ids `address` holds units of, and the units in all (one aggregate, whatever the number). */
export async function holdingsTotal(db: Queryable, address: string): Promise<{ count: number; units: bigint }> {
  const { rows } = await db.query<{ n: number; units: string }>(
    'SELECT count(*)::int AS n, coalesce(sum(balance), 0)::text AS units FROM claim_holdings WHERE holder = $1 AND balance > 0',
    [address],
  );
  return { count: rows[0]!.n, units: BigInt(rows[0]!.units) };
}

/** The ids with units outstanding that `obligor` owes, earliest due first (only those of `roots`, when given). */
export async function owedBy(db: Queryable, obligor: string, p: { roots?: string[] } = {}): Promise<ClaimRow[]> {
  const { rows } = await db.query<ClaimRow>(
    `SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.obligor = $1 AND c.total_supply > 0${p.roots ? ' AND c.root = ANY($2)' : ''} ORDER BY c.due_date, c.id`,
    p.roots ? [obligor, p.roots] : [obligor],
  );
  return rows;
}

/** Sales `address` made or bought, in chain order (the latest `limit` of them, still in chain order, when given). */
export async function financingsOf(db: Queryable, address: string, p: { limit?: number; side?: 'seller' | 'funder' } = {}): Promise<FinancingRow[]> {
  const where = p.side ? `f.${p.side} = $1` : 'f.seller = $1 OR f.funder = $1';
  const { rows } = await db.query<FinancingRow>(
    `SELECT f.claim_id, c.root, f.offer_id, f.seller, f.funder, f.amount::text AS amount, f.price::text AS price, f.days, f.tx_hash, f.block_time
       FROM financings f LEFT JOIN claims c ON c.id = f.claim_id
      WHERE ${where} ORDER BY f.block_number ${p.limit !== undefined ? 'DESC' : ''}, f.log_index ${p.limit !== undefined ? 'DESC LIMIT $2' : ''}`,
    p.limit !== undefined ? [address, p.limit] : [address],
  );
  return p.limit !== undefined ? rows.reverse() : rows;
}

/**
 * What `address` sold (`seller`) or bought (`funder`) in all: sales, face amount and price; for a funder also the
 * discount on the claims bought whose due date is at or before `maturedBy` (earned: their face is due).
 */
export async function financingTotals(db: Queryable, address: string, side: 'seller' | 'funder', maturedBy: Date): Promise<{ count: number; amount: bigint; price: bigint; discountMatured: bigint }> {
  const { rows } = await db.query<{ n: number; amount: string; price: string; matured: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(f.amount), 0)::text AS amount, coalesce(sum(f.price), 0)::text AS price,
            coalesce(sum(f.amount - f.price) FILTER (WHERE c.due_date <= $2), 0)::text AS matured
       FROM financings f LEFT JOIN claims c ON c.id = f.claim_id
      WHERE f.${side} = $1`,
    [address, maturedBy],
  );
  const r = rows[0]!;
  return { count: r.n, amount: BigInt(r.amount), price: BigInt(r.price), discountMatured: BigInt(r.matured) };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** An id's terms as every view of a claim shows them, its parties named as `parties` allows. */
export function claimTermsView(c: ClaimRow, parties: Parties): ClaimTerms {
  return {
    id: c.id,
    parentId: c.parent,
    rootId: c.root,
    depth: c.depth,
    kind: c.kind,
    obligor: parties.of(c.obligor),
    consortiumId: c.consortium_id,
    documentsHash: c.documents_hash,
    dueDate: isoDate(c.due_date),
    dueAt: c.due_date.toISOString(),
    lateRateBps: c.late_rate_bps,
    maxHops: c.max_hops,
    dayCount: c.day_count,
    totalSupply: c.total_supply,
    definedAt: c.defined_at.toISOString(),
    definedBlock: c.defined_block,
  };
}

/** A holding as a holder of a claim view. */
export const holderView = (h: HoldingRow, parties: Parties): Holder => ({ party: parties.of(h.holder), balance: h.balance, hops: h.hops, redeemed: h.redeemed });

/** An edge of a claim tree as the trace shows it. */
export function traceEdgeView(m: MovementRow, parties: Parties): TraceEdge {
  return {
    kind: m.kind,
    claimId: m.claim_id,
    childId: m.child_id,
    from: parties.at(m.from_address, m.from_hops),
    to: parties.at(m.to_address, m.to_hops),
    amount: m.amount,
    price: m.price,
    discount: m.kind === 'sale' && m.price !== null ? (BigInt(m.amount) - BigInt(m.price)).toString() : null,
    offerId: m.offer_id,
    days: m.days,
    txHash: m.tx_hash,
    blockNumber: m.block_number,
    logIndex: m.log_index,
    at: m.block_time.toISOString(),
  };
}
