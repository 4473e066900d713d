/**
 * The read side of the receivables: claims, their trees (the trace), trades, credit lines, offers and a
 * member's position — answered from the read models the indexer derives from the chain's events
 * (src/indexer/claimProjections.ts), plus the off-chain labels the command side records (trade_documents,
 * quote_answers). Nothing here reads the chain itself, so every answer is a function of indexed events.
 *
 * Who sees what:
 * - the operator and the regulator see everything;
 * - a claim's terms, supply and settlement are visible to every member (funders price claims from them);
 * - the parties of a claim tree (holders, counterparties of its movements) are named to the operator, the
 *   regulator and the obligor; other members see their own part named and everyone else's as a hidden party
 *   (`{ memberId: null, name: null, address: null }`), with amounts, times and tier depths kept;
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
 * Money follows src/domain/money.ts and equals the chain's figures: late interest is what Receivables.owed
 * returns at `asOf` — accrued at the last payment's checkpoint plus, for the whole days since, simple interest on
 * the unpaid principal at the issued claim's rate and day count (`owedAt`) — by default at the later of the
 * latest indexed block's time and now. An id's `maturity` shows its pro-rata share (by units) of the root's.
 */
import type { Queryable } from '../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors.ts';
import { daysBetween, owedAt, proRata, type DayCount, type SettlementState } from '../domain/money.ts';
import type { Principal } from './apiKeys.ts';

// ----------------------------------------------------------------------------------------------- types

/** A member as a party of a claim: null fields when hidden from the caller (or not a member, e.g. a contract). */
export interface Party {
  memberId: string | null;
  name: string | null;
  address: string | null;
}

/** A party at a point of a movement, with the hop count (tier depth since issuance) of its holding. */
export interface PartyAt extends Party {
  hops: number | null;
}

export interface HolderView {
  party: Party;
  balance: string;
  /** Transfers the units made since issuance: 0 = the supplier it was issued to (tier 1), 1 = tier 2, … */
  hops: number;
  /** XT already paid out to this holding. */
  redeemed: string;
}

export interface SettlementView {
  rootId: string;
  face: string;
  /** Every XT paid in: principal and late interest. Holders share it pro rata by units. */
  paid: string;
  distributed: string;
  /** paid − interestPaid. */
  principalPaid: string;
  /** The late-interest part of `paid`. */
  interestPaid: string;
  /** face − principalPaid: the principal the obligor still owes on the whole tree. */
  outstanding: string;
  /** Late interest accrued and unpaid at `asOf` (Receivables.owed). */
  lateInterest: string;
  /** outstanding + lateInterest: the most a payment may be at `asOf`. */
  owed: string;
  /** Whole days after the root's due date at `asOf` while principal is unpaid (a started day counts). */
  overdueDays: number;
  /** The last on-chain checkpoint: interest accrued and unpaid up to `accruedDays` after the due date. */
  accrual: { accruedDays: number; interestDue: string; carry: string };
  /** paid − distributed: XT in the settlement, awaiting redemption or left by the floors (residue). */
  held: string;
  /** `paid` once the principal is paid in full (interest is settled first, so nothing is then owed). */
  status: 'unpaid' | 'partially_paid' | 'paid';
  /** The member that guarantees this claim, when it was issued under an accepted guarantee. */
  guarantor: Party | null;
  asOf: string;
}

export interface MaturityView {
  asOf: string;
  /** Whole days until the due date (a started day counts); 0 once due. */
  daysToMaturity: number;
  /** Whole days since the due date while anything is unpaid (a started day counts); 0 otherwise. */
  overdueDays: number;
  /** This id's share of the principal unpaid: floor(totalSupply × outstanding / face). */
  unpaid: string;
  /** This id's share of the root's late interest accrued and unpaid: floor(totalSupply × lateInterest / face). */
  lateInterest: string;
}

export interface ClaimTermsView {
  id: string;
  parentId: string | null;
  rootId: string;
  /** Depth in the modify tree: 0 = the issued claim. */
  depth: number;
  kind: string;
  obligor: Party;
  consortiumId: string;
  documentsHash: string | null;
  dueDate: string;
  dueAt: string;
  lateRateBps: number;
  maxHops: number;
  dayCount: DayCount;
  totalSupply: string;
  definedAt: string;
  definedBlock: string;
}

export interface ClaimView extends ClaimTermsView {
  trade: { tradeId: string; supplier: Party } | null;
  /** Current holders (balance > 0), largest first. */
  holders: HolderView[];
  /** The caller's holding of this id (null when it never held it). */
  yourHolding: { balance: string; hops: number; redeemed: string } | null;
  /** null when the caller does not participate in the claim's tree (see the visibility rules above). */
  settlement: SettlementView | null;
  maturity: MaturityView | null;
  /** True when other parties are hidden from the caller. */
  partiesHidden: boolean;
}

export interface ClaimSummary extends ClaimTermsView {
  /** The holding of the `holder` filter's member, else the caller's (null when it never held this id). */
  holding: { balance: string; hops: number; redeemed: string } | null;
  settlement: SettlementView;
  maturity: MaturityView;
}

export interface TraceNode extends ClaimTermsView {
  children: string[];
  holders: HolderView[];
}

export interface TraceEdge {
  kind: 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
  /** The id whose units moved (for `modify`: the parent they left). */
  claimId: string;
  /** For `modify`: the child id the units became. */
  childId: string | null;
  from: PartyAt | null;
  to: PartyAt | null;
  amount: string;
  /** XT that changed hands: the sale price, or the redemption payout. */
  price: string | null;
  /** amount − price, for a sale. */
  discount: string | null;
  offerId: string | null;
  /** Days to maturity the sale was priced for. */
  days: number | null;
  txHash: string;
  blockNumber: string;
  logIndex: number;
  at: string;
}

export interface PaymentView {
  payer: Party;
  /** `obligor` or `guarantor`: who paid, as the settlement knows them. */
  payerRole: 'obligor' | 'guarantor' | 'other';
  amount: string;
  /** The principal part of the payment. */
  principal: string;
  /** The late-interest part (settled first). */
  interest: string;
  paidTotal: string;
  txHash: string;
  blockNumber: string;
  at: string;
}

export interface TraceView {
  rootId: string;
  /** The id the trace was asked for (any id of the tree). */
  claimId: string;
  asOf: string;
  obligor: Party;
  trade: TradeView | null;
  settlement: SettlementView;
  /** Every id of the tree, parents before children. */
  nodes: TraceNode[];
  /** Every operation on the tree's ids, in chain order. */
  edges: TraceEdge[];
  payments: PaymentView[];
  /** Late-interest checkpoints on the root, in chain order (one per late payment that reached a new day). */
  accruals: AccrualView[];
  /** The guarantor of the tree's root, when it was issued under an accepted guarantee. */
  guarantee: { guarantor: Party; since: string } | null;
  partiesHidden: boolean;
}

export interface AccrualView {
  daysLate: number;
  principal: string;
  accrued: string;
  interestDue: string;
  carry: string;
  txHash: string;
  blockNumber: string;
  at: string;
}

export interface TradeView {
  tradeId: string;
  /** `pending` until the submission is indexed (then only the submitting member sees it). */
  status: 'pending' | 'submitted' | 'confirmed' | 'rejected';
  supplier: Party | null;
  obligor: Party | null;
  amount: string | null;
  dueDate: string | null;
  invoiceKey: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  note: string | null;
  documentsHash: string | null;
  claimId: string | null;
  reasonHash: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface CreditLineView {
  obligor: Party;
  limit: string;
  used: string;
  available: string;
  updatedAt: string | null;
  /** The guarantee on the line: proposed by its manager, active once the guarantor accepted; null when none. */
  guarantee: GuaranteeView | null;
}

export interface GuaranteeView {
  guarantor: Party;
  status: 'proposed' | 'active';
  proposedBy: Party;
  proposedAt: string;
  acceptedAt: string | null;
}

export interface OfferView {
  offerId: string;
  funder: Party;
  obligor: Party;
  rateBps: number;
  limit: string;
  remaining: string;
  expiresAt: string;
  /** The only holder who may accept (a quote answer); null for a standing offer. */
  onlyHolder: Party | null;
  quoteId: string | null;
  status: 'open' | 'cancelled' | 'exhausted' | 'expired';
  postedAt: string;
  closedAt: string | null;
}

export interface FinancingView {
  claimId: string;
  rootId: string | null;
  offerId: string;
  counterparty: Party;
  amount: string;
  price: string;
  discount: string;
  days: number;
  txHash: string;
  at: string;
}

export interface PositionView {
  member: Party;
  asOf: string;
  holds: {
    /** Σ balance over current holdings (face, minor units). */
    total: string;
    items: Array<{
      claimId: string;
      rootId: string;
      obligor: Party;
      dueDate: string;
      dayCount: DayCount;
      balance: string;
      hops: number;
      redeemed: string;
      /** What a redemption would pay now: floor(balance × paid / face) − redeemed, once due. */
      redeemable: string;
      overdueDays: number;
    }>;
  };
  owes: {
    /** Σ principal outstanding (face − principal paid) over the issued claims the member owes: exact. */
    total: string;
    overdue: string;
    /** Σ late interest accrued and unpaid over those claims (each root's exact figure). */
    lateInterest: string;
    /** Maturity ladder: what is unpaid, by due date (each id's share rounded down, so Σ rungs ≤ total). */
    ladder: Array<{ dueDate: string; claimIds: string[]; unpaid: string; overdueDays: number; lateInterest: string }>;
  };
  financed: {
    sold: { amount: string; price: string; discount: string; items: FinancingView[] };
    bought: { amount: string; price: string; discount: string; items: FinancingView[] };
  };
  creditLine: CreditLineView | null;
  /** The claims the member guarantees (issued under a guarantee it accepted), and what is owed on them. */
  guarantees: {
    /** Σ principal outstanding. */
    total: string;
    /** Σ principal outstanding of the overdue ones. */
    overdue: string;
    lateInterest: string;
    items: Array<{ rootId: string; obligor: Party; dueDate: string; outstanding: string; lateInterest: string; overdueDays: number; status: SettlementView['status'] }>;
  };
}

// --------------------------------------------------------------------------------------------- helpers

const seesEverything = (by: Principal) => by.isOperator || by.memberRoles.includes('regulator');

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const seconds = (d: Date) => BigInt(Math.floor(d.getTime() / 1000));
const sum = (values: Iterable<bigint>) => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/** A 0x + 64 hex id, lower-cased; 400 naming `field` otherwise. */
export function normalizeId(value: string, field: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new ValidationError(field, 'must be 0x followed by 64 hex digits');
  return value.toLowerCase();
}

/** The instant the read side judges maturity at: the latest indexed block's time or now, whichever is later. */
export async function readTime(db: Queryable, asOf?: Date): Promise<Date> {
  if (asOf) return asOf;
  const { rows } = await db.query<{ t: Date | null }>('SELECT max(timestamp) AS t FROM indexer_blocks');
  const chain = rows[0]?.t?.getTime() ?? 0;
  return new Date(Math.max(chain, Date.now()));
}

/** Resolves addresses to members and hides the ones the caller may not see. */
class Parties {
  private readonly known = new Map<string, { id: string; name: string }>();

  private constructor(
    private readonly visible: (address: string) => boolean,
    readonly hidesAny: boolean,
  ) {}

  static async load(db: Queryable, addresses: Iterable<string | null | undefined>, visible: ((address: string) => boolean) | null): Promise<Parties> {
    const parties = new Parties(visible ?? (() => true), visible !== null);
    const wanted = [...new Set([...addresses].filter((a): a is string => !!a))];
    if (wanted.length) {
      const { rows } = await db.query<{ id: string; name: string; address: string }>('SELECT id, name, address FROM members WHERE address = ANY($1)', [wanted]);
      for (const r of rows) parties.known.set(r.address, { id: r.id, name: r.name });
    }
    return parties;
  }

  of(address: string): Party {
    if (!this.visible(address)) return { memberId: null, name: null, address: null };
    const m = this.known.get(address);
    return { memberId: m?.id ?? null, name: m?.name ?? null, address };
  }

  orNull(address: string | null): Party | null {
    return address ? this.of(address) : null;
  }

  at(address: string | null, hops: number | null): PartyAt | null {
    return address ? { ...this.of(address), hops } : null;
  }
}

/**
 * Who the caller may name among a tree's parties: everyone for the operator, the regulator, the obligor and the
 * claim's guarantor (who may have to pay every holder); otherwise itself, the obligor (whose identity is part of
 * the terms) and the guarantor. null = no restriction.
 */
function partyFilter(by: Principal, obligor: string, offered = false, guarantor: string | null = null): ((address: string) => boolean) | null {
  if (seesEverything(by) || by.memberAddress === obligor || offered || (guarantor !== null && by.memberAddress === guarantor)) return null;
  return (address) => address === by.memberAddress || address === obligor || address === guarantor;
}

/** True when `by` holds or has held any id of the tree of `root`. */
async function heldInTree(db: Queryable, by: Principal, root: string): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM claim_holdings h JOIN claims c ON c.id = h.claim_id WHERE c.root = $1 AND h.holder = $2 LIMIT 1',
    [root, by.memberAddress],
  );
  return rows.length > 0;
}

/**
 * True when the claim tree of `root` is offered to `by` as a funder: a holder asked for a quote on one of its
 * ids, or `by` keeps an open standing offer for the obligor's claims. A funder pricing a claim sees its whole
 * provenance, parties named.
 */
async function offeredToFunder(db: Queryable, by: Principal, root: string, obligor: string): Promise<boolean> {
  if (!by.memberRoles.includes('funder')) return false;
  const { rows } = await db.query(
    `SELECT 1 FROM quote_requests q JOIN claims c ON c.id = q.claim_id WHERE c.root = $1
     UNION ALL
     SELECT 1 FROM offers o WHERE o.funder = $2 AND o.obligor = $3 AND o.status = 'open' AND o.expires_at > now()
     LIMIT 1`,
    [root, by.memberAddress, obligor],
  );
  return rows.length > 0;
}

async function memberAddress(db: Queryable, memberId: string): Promise<{ address: string; id: string; name: string }> {
  const { rows } = await db.query<{ id: string; name: string; address: string }>('SELECT id, name, address FROM members WHERE id = $1', [memberId]);
  if (!rows[0]) throw new NotFoundError('member', memberId);
  return rows[0];
}

interface ClaimRow {
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

interface SettlementRow {
  root: string;
  obligor: string;
  face: string;
  paid: string;
  distributed: string;
  interest_paid: string;
  interest_due: string;
  accrued_days: number;
  interest_carry: string;
  guarantor: string | null;
  guaranteed_at: Date | null;
  /** The root's terms that govern late interest. */
  due_date: Date;
  late_rate_bps: number;
  day_count: DayCount;
}

const SETTLEMENT_SELECT = `SELECT s.root, s.obligor, s.face::text AS face, s.paid::text AS paid, s.distributed::text AS distributed,
    s.interest_paid::text AS interest_paid, s.interest_due::text AS interest_due, s.accrued_days, s.interest_carry::text AS interest_carry,
    s.guarantor, s.guaranteed_at, r.due_date, r.late_rate_bps, r.day_count
  FROM settlements s JOIN claims r ON r.id = s.root`;

const CLAIM_COLUMNS = `c.id, c.parent, c.root, c.depth, c.obligor, c.due_date, c.late_rate_bps, c.max_hops, c.day_count, c.kind,
  c.consortium_id, c.documents_hash, c.total_supply::text AS total_supply, c.defined_at, c.defined_block`;

function termsView(c: ClaimRow, parties: Parties): ClaimTermsView {
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

/** The chain's settlement state of a row, and what is owed at `asOf` (money.ts `owedAt` = Receivables.owed). */
function owedOf(r: SettlementRow, asOf: Date) {
  const state: SettlementState = {
    face: BigInt(r.face),
    paid: BigInt(r.paid),
    interestPaid: BigInt(r.interest_paid),
    interestDue: BigInt(r.interest_due),
    accruedDays: BigInt(r.accrued_days),
    interestCarry: BigInt(r.interest_carry),
  };
  return { state, owed: owedAt(state, { dueDateSec: seconds(r.due_date), lateRateBps: BigInt(r.late_rate_bps), dayCount: r.day_count }, seconds(asOf)) };
}

function settlementView(r: SettlementRow | undefined, root: string, asOf: Date, parties: Parties | null): SettlementView {
  if (!r) {
    return {
      rootId: root, face: '0', paid: '0', distributed: '0', principalPaid: '0', interestPaid: '0', outstanding: '0', lateInterest: '0', owed: '0',
      overdueDays: 0, accrual: { accruedDays: 0, interestDue: '0', carry: '0' }, held: '0', status: 'unpaid', guarantor: null, asOf: asOf.toISOString(),
    };
  }
  const { state, owed } = owedOf(r, asOf);
  const principalPaid = state.paid - state.interestPaid;
  const distributed = BigInt(r.distributed);
  return {
    rootId: root,
    face: state.face.toString(),
    paid: state.paid.toString(),
    distributed: distributed.toString(),
    principalPaid: principalPaid.toString(),
    interestPaid: state.interestPaid.toString(),
    outstanding: owed.principal.toString(),
    lateInterest: owed.interest.toString(),
    owed: (owed.principal + owed.interest).toString(),
    overdueDays: Number(owed.daysLate),
    accrual: { accruedDays: r.accrued_days, interestDue: r.interest_due, carry: r.interest_carry },
    held: (state.paid - distributed).toString(),
    status: principalPaid === 0n ? 'unpaid' : principalPaid >= state.face ? 'paid' : 'partially_paid',
    guarantor: r.guarantor ? (parties?.of(r.guarantor) ?? { memberId: null, name: null, address: r.guarantor }) : null,
    asOf: asOf.toISOString(),
  };
}

/**
 * An id's share of its root's settlement at `asOf`: the principal unpaid and the late interest accrued, pro rata
 * by units (the rule that pays holders), and whole days since the id's own due date while principal is unpaid.
 */
function maturityOf(c: Pick<ClaimRow, 'due_date' | 'total_supply'>, s: SettlementView, asOf: Date): MaturityView {
  const face = BigInt(s.face);
  const supply = BigInt(c.total_supply);
  const unpaid = face > 0n ? proRata(supply, BigInt(s.outstanding), face) : 0n;
  const due = seconds(c.due_date);
  const now = seconds(asOf);
  const overdue = unpaid > 0n ? daysBetween(due, now) : 0n;
  return {
    asOf: asOf.toISOString(),
    daysToMaturity: Number(daysBetween(now, due)),
    overdueDays: Number(overdue),
    unpaid: unpaid.toString(),
    lateInterest: (face > 0n ? proRata(supply, BigInt(s.lateInterest), face) : 0n).toString(),
  };
}

async function settlementRows(db: Queryable, roots: string[]): Promise<Map<string, SettlementRow>> {
  const { rows } = await db.query<SettlementRow>(`${SETTLEMENT_SELECT} WHERE s.root = ANY($1)`, [[...new Set(roots)]]);
  return new Map(rows.map((r) => [r.root, r]));
}

/** Settlement views of `roots` at `asOf`; guarantors named through `parties` when given (else by address only). */
async function settlementsOf(db: Queryable, roots: string[], asOf: Date, parties: Parties | null = null): Promise<Map<string, SettlementView>> {
  const byRoot = await settlementRows(db, roots);
  return new Map(roots.map((root) => [root, settlementView(byRoot.get(root), root, asOf, parties)]));
}

async function findClaim(db: Queryable, id: string): Promise<ClaimRow> {
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id = $1`, [normalizeId(id, 'params.id')]);
  if (!rows[0]) throw new NotFoundError('claim', id);
  return rows[0];
}

interface HoldingRow {
  claim_id: string;
  holder: string;
  balance: string;
  hops: number;
  redeemed: string;
}

const holderView = (h: HoldingRow, parties: Parties): HolderView => ({ party: parties.of(h.holder), balance: h.balance, hops: h.hops, redeemed: h.redeemed });

// --------------------------------------------------------------------------------------------- claims

/** One claim id: terms, supply, current holders, settlement of its tree, overdue days and accrued late interest. */
export async function getClaim(db: Queryable, by: Principal, id: string, p: { asOf?: Date } = {}): Promise<ClaimView> {
  const c = await findClaim(db, id);
  const asOf = await readTime(db, p.asOf);
  const { rows: holdings } = await db.query<HoldingRow>(
    `SELECT claim_id, holder, balance::text AS balance, hops, redeemed::text AS redeemed FROM claim_holdings
      WHERE claim_id = $1 ORDER BY claim_holdings.balance DESC, claim_holdings.hops, holder`,
    [c.id],
  );
  const { rows: trades } = await db.query<{ trade_id: string; supplier: string }>('SELECT trade_id, supplier FROM trades WHERE claim_id = $1', [c.root]);
  const row = (await settlementRows(db, [c.root])).get(c.root);
  const guarantor = row?.guarantor ?? null;
  const offered = await offeredToFunder(db, by, c.root, c.obligor);
  const filter = partyFilter(by, c.obligor, offered, guarantor);
  // The payment state is for the tree's participants (and the operator and regulator): see the rules above.
  const participates = filter === null || holdings.some((h) => h.holder === by.memberAddress) || (await heldInTree(db, by, c.root));
  const parties = await Parties.load(db, [c.obligor, guarantor, ...holdings.map((h) => h.holder), ...trades.map((t) => t.supplier)], filter);
  const settlement = settlementView(row, c.root, asOf, parties);
  const own = holdings.find((h) => h.holder === by.memberAddress);
  const trade = trades[0];
  return {
    ...termsView(c, parties),
    trade: trade ? { tradeId: trade.trade_id, supplier: parties.of(trade.supplier) } : null,
    holders: holdings.filter((h) => BigInt(h.balance) > 0n).map((h) => holderView(h, parties)),
    yourHolding: own ? { balance: own.balance, hops: own.hops, redeemed: own.redeemed } : null,
    settlement: participates ? settlement : null,
    maturity: participates ? maturityOf(c, settlement, asOf) : null,
    partiesHidden: filter !== null,
  };
}

/** Cursor of the claim list: `definedBlock:id`. */
const claimCursor = /^([0-9]{1,19}):(0x[0-9a-f]{64})$/;

/**
 * Claims, newest first. Members see the claims they hold, have held, owe or guarantee; the operator and the
 * regulator see all. `holderMemberId` keeps the claims that member holds now; `obligorMemberId` those it owes;
 * `guarantorMemberId` those it guarantees.
 */
export async function listClaims(
  db: Queryable,
  by: Principal,
  p: { holderMemberId?: string; obligorMemberId?: string; guarantorMemberId?: string; limit: number; cursor?: string; asOf?: Date },
): Promise<{ items: ClaimSummary[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!seesEverything(by)) {
    const me = params.push(by.memberAddress);
    where.push(
      `(c.obligor = $${me} OR EXISTS (SELECT 1 FROM claim_holdings x WHERE x.claim_id = c.id AND x.holder = $${me})
        OR EXISTS (SELECT 1 FROM settlements g WHERE g.root = c.root AND g.guarantor = $${me}))`,
    );
  }
  if (p.guarantorMemberId) {
    where.push(`EXISTS (SELECT 1 FROM settlements gg WHERE gg.root = c.root AND gg.guarantor = $${params.push((await memberAddress(db, p.guarantorMemberId)).address)})`);
  }
  let subject = by.memberAddress;
  if (p.holderMemberId) {
    subject = (await memberAddress(db, p.holderMemberId)).address;
    where.push(`EXISTS (SELECT 1 FROM claim_holdings y WHERE y.claim_id = c.id AND y.holder = $${params.push(subject)} AND y.balance > 0)`);
  }
  if (p.obligorMemberId) {
    where.push(`c.obligor = $${params.push((await memberAddress(db, p.obligorMemberId)).address)}`);
  }
  if (p.cursor !== undefined) {
    const m = claimCursor.exec(p.cursor);
    if (!m) throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint');
    where.push(`(c.defined_block, c.id) < ($${params.push(m[1])}::bigint, $${params.push(m[2])})`);
  }
  const subjectParam = params.push(subject);
  const { rows } = await db.query<ClaimRow & { h_balance: string | null; h_hops: number | null; h_redeemed: string | null }>(
    `SELECT ${CLAIM_COLUMNS}, h.balance::text AS h_balance, h.hops AS h_hops, h.redeemed::text AS h_redeemed
       FROM claims c LEFT JOIN claim_holdings h ON h.claim_id = c.id AND h.holder = $${subjectParam}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY c.defined_block DESC, c.id DESC LIMIT $${params.push(p.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, p.limit);
  const asOf = await readTime(db, p.asOf);
  const rowsByRoot = await settlementRows(db, page.map((c) => c.root));
  const parties = await Parties.load(db, [...page.map((c) => c.obligor), ...[...rowsByRoot.values()].map((r) => r.guarantor)], null);
  const settlements = new Map(page.map((c) => [c.root, settlementView(rowsByRoot.get(c.root), c.root, asOf, parties)]));
  return {
    items: page.map((c) => {
      const settlement = settlements.get(c.root)!;
      return {
        ...termsView(c, parties),
        holding: c.h_balance === null ? null : { balance: c.h_balance, hops: c.h_hops!, redeemed: c.h_redeemed! },
        settlement,
        maturity: maturityOf(c, settlement, asOf),
      };
    }),
    nextCursor: rows.length > p.limit ? `${page.at(-1)!.defined_block}:${page.at(-1)!.id}` : null,
  };
}

interface MovementRow {
  block_number: string;
  log_index: number;
  tx_hash: string;
  claim_id: string;
  child_id: string | null;
  kind: TraceEdge['kind'];
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

/**
 * The whole tree of a claim's root: every id (terms, supply, holders, depth), every operation on them
 * (issue, split-transfers, modifications, sales with their prices, redemptions) with parties, hop counts,
 * amounts and times, and the obligor's payments into the settlement. Rebuilt only from the read models.
 */
export async function getTrace(db: Queryable, by: Principal, id: string, p: { asOf?: Date } = {}): Promise<TraceView> {
  const requested = await findClaim(db, id);
  const root = requested.root;
  const asOf = await readTime(db, p.asOf);
  const { rows: claims } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.root = $1 ORDER BY c.depth, c.defined_block, c.id`, [root]);
  const ids = claims.map((c) => c.id);
  const { rows: holdings } = await db.query<HoldingRow>(
    `SELECT claim_id, holder, balance::text AS balance, hops, redeemed::text AS redeemed FROM claim_holdings
      WHERE claim_id = ANY($1) ORDER BY claim_holdings.balance DESC, claim_holdings.hops, holder`,
    [ids],
  );
  const obligor = requested.obligor;
  const offered = await offeredToFunder(db, by, root, obligor);
  const row = (await settlementRows(db, [root])).get(root);
  const guarantor = row?.guarantor ?? null;
  const isGuarantor = guarantor !== null && by.memberAddress === guarantor;
  if (!seesEverything(by) && by.memberAddress !== obligor && !isGuarantor && !offered && !holdings.some((h) => h.holder === by.memberAddress)) {
    throw new ForbiddenError(
      'the trace of a claim is for its obligor, its guarantor, the members that hold or have held it, funders it is offered to, the operator and the regulator',
      { claimId: requested.id },
    );
  }
  const { rows: movements } = await db.query<MovementRow>(
    `SELECT block_number, log_index, tx_hash, claim_id, child_id, kind, from_address, to_address, amount::text AS amount,
            price::text AS price, offer_id, days, from_hops, to_hops, block_time
       FROM claim_movements WHERE claim_id = ANY($1) ORDER BY block_number, log_index`,
    [ids],
  );
  const { rows: payments } = await db.query<{
    payer: string; amount: string; principal: string; interest: string; paid_total: string; tx_hash: string; block_number: string; block_time: Date;
  }>(
    `SELECT payer, amount::text AS amount, principal::text AS principal, interest::text AS interest, paid_total::text AS paid_total,
            tx_hash, block_number, block_time
       FROM settlement_payments WHERE root = $1 ORDER BY block_number, log_index`,
    [root],
  );
  const { rows: accruals } = await db.query<{
    days_late: number; principal: string; accrued: string; interest_due: string; carry: string; tx_hash: string; block_number: string; block_time: Date;
  }>(
    `SELECT days_late, principal::text AS principal, accrued::text AS accrued, interest_due::text AS interest_due, carry::text AS carry,
            tx_hash, block_number, block_time
       FROM late_interest_accruals WHERE root = $1 ORDER BY block_number, log_index`,
    [root],
  );
  const filter = partyFilter(by, obligor, offered, guarantor);
  const trade = await tradeOfClaim(db, by, root, filter);
  const parties = await Parties.load(
    db,
    [obligor, guarantor, ...holdings.map((h) => h.holder), ...movements.flatMap((m) => [m.from_address, m.to_address]), ...payments.map((x) => x.payer)],
    filter,
  );
  const settlement = settlementView(row, root, asOf, parties);
  return {
    rootId: root,
    claimId: requested.id,
    asOf: asOf.toISOString(),
    obligor: parties.of(obligor),
    trade,
    settlement,
    nodes: claims.map((c) => ({
      ...termsView(c, parties),
      children: claims.filter((x) => x.parent === c.id).map((x) => x.id),
      holders: holdings.filter((h) => h.claim_id === c.id && BigInt(h.balance) > 0n).map((h) => holderView(h, parties)),
    })),
    edges: movements.map((m) => ({
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
    })),
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

// --------------------------------------------------------------------------------------------- trades

interface TradeRow {
  trade_id: string;
  supplier: string | null;
  obligor: string | null;
  amount: string | null;
  invoice_key: string | null;
  documents_hash: string | null;
  due_date: Date | null;
  status: string | null;
  claim_id: string | null;
  reason_hash: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  invoice_number: string | null;
  issue_date: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Date | null;
}

const TRADE_SELECT = `SELECT COALESCE(t.trade_id, d.trade_id) AS trade_id, t.supplier, t.obligor, t.amount::text AS amount, t.invoice_key,
    t.documents_hash, t.due_date, t.status, t.claim_id, t.reason_hash, t.submitted_at, t.decided_at,
    d.invoice_number, d.issue_date::text AS issue_date, d.note, d.created_by, d.created_at
  FROM trades t FULL OUTER JOIN trade_documents d ON d.trade_id = t.trade_id`;

function tradeView(r: TradeRow, parties: Parties): TradeView {
  return {
    tradeId: r.trade_id,
    status: (r.status ?? 'pending') as TradeView['status'],
    supplier: parties.orNull(r.supplier),
    obligor: parties.orNull(r.obligor),
    amount: r.amount,
    dueDate: r.due_date ? isoDate(r.due_date) : null,
    invoiceKey: r.invoice_key,
    invoiceNumber: r.invoice_number,
    issueDate: r.issue_date,
    note: r.note,
    documentsHash: r.documents_hash,
    claimId: r.claim_id,
    reasonHash: r.reason_hash,
    submittedAt: r.submitted_at?.toISOString() ?? r.created_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

const canSeeTrade = (by: Principal, r: TradeRow) =>
  seesEverything(by) || r.supplier === by.memberAddress || r.obligor === by.memberAddress || (r.status === null && r.created_by === by.memberId);

/** The trade behind an issued claim; its invoice label only for those who see all parties. */
async function tradeOfClaim(db: Queryable, by: Principal, root: string, filter: ((a: string) => boolean) | null): Promise<TradeView | null> {
  const { rows } = await db.query<TradeRow>(`${TRADE_SELECT} WHERE t.claim_id = $1`, [root]);
  const r = rows[0];
  if (!r) return null;
  const parties = await Parties.load(db, [r.supplier, r.obligor], filter);
  const view = tradeView(r, parties);
  return canSeeTrade(by, r) ? view : { ...view, invoiceNumber: null, issueDate: null, note: null };
}

/** One trade, for its supplier and obligor (and operator, regulator); `pending` to its submitter until indexed. */
export async function getTrade(db: Queryable, by: Principal, tradeId: string): Promise<TradeView> {
  const id = normalizeId(tradeId, 'params.tradeId');
  const { rows } = await db.query<TradeRow>(`${TRADE_SELECT} WHERE COALESCE(t.trade_id, d.trade_id) = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError('trade', id);
  if (!canSeeTrade(by, r)) {
    if (r.status === null) throw new NotFoundError('trade', id);
    throw new ForbiddenError('a trade is visible to its supplier and its obligor only', { tradeId: id });
  }
  const parties = await Parties.load(db, [r.supplier, r.obligor], null);
  if (r.status === null && r.created_by) {
    const creator = await memberAddress(db, r.created_by);
    return { ...tradeView(r, parties), supplier: { memberId: creator.id, name: creator.name, address: creator.address } };
  }
  return tradeView(r, parties);
}

const tradeCursor = /^([0-9]{1,19}):(0x[0-9a-f]{64})$/;

/** Indexed trades the caller is a party to (all for operator and regulator), newest first. */
export async function listTrades(
  db: Queryable,
  by: Principal,
  p: { status?: 'submitted' | 'confirmed' | 'rejected'; limit: number; cursor?: string },
): Promise<{ items: TradeView[]; nextCursor: string | null }> {
  const where: string[] = ['t.trade_id IS NOT NULL'];
  const params: unknown[] = [];
  if (!seesEverything(by)) {
    const me = params.push(by.memberAddress);
    where.push(`(t.supplier = $${me} OR t.obligor = $${me})`);
  }
  if (p.status) where.push(`t.status = $${params.push(p.status)}`);
  if (p.cursor !== undefined) {
    const m = tradeCursor.exec(p.cursor);
    if (!m) throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint');
    where.push(`(t.submitted_block, t.trade_id) < ($${params.push(m[1])}::bigint, $${params.push(m[2])})`);
  }
  const { rows } = await db.query<TradeRow & { submitted_block: string }>(
    `${TRADE_SELECT.replace('SELECT ', 'SELECT t.submitted_block, ')} WHERE ${where.join(' AND ')}
      ORDER BY t.submitted_block DESC, t.trade_id DESC LIMIT $${params.push(p.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, p.limit);
  const parties = await Parties.load(db, page.flatMap((r) => [r.supplier, r.obligor]), null);
  return {
    items: page.map((r) => tradeView(r, parties)),
    nextCursor: rows.length > p.limit ? `${page.at(-1)!.submitted_block}:${page.at(-1)!.trade_id}` : null,
  };
}

// ---------------------------------------------------------------------------------------- credit lines

/** A core enterprise's credit line: limit, used by issued and unpaid claims, available. Zero when never set. */
/** Every core enterprise's credit line that has been set or carries a guarantee, by the obligor's name. */
export async function listCreditLines(db: Queryable): Promise<CreditLineView[]> {
  const { rows } = await db.query<{ id: string; name: string; address: string }>(
    `SELECT m.id, m.name, m.address FROM members m
      WHERE m.address IN (SELECT obligor FROM credit_lines UNION SELECT obligor FROM credit_line_guarantees)
      ORDER BY m.name, m.id`,
  );
  const lines: CreditLineView[] = [];
  for (const member of rows) lines.push(await creditLineOf(db, member));
  return lines;
}

export async function getCreditLine(db: Queryable, memberId: string): Promise<CreditLineView> {
  const member = await memberAddress(db, memberId);
  return creditLineOf(db, member);
}

async function creditLineOf(db: Queryable, member: { id: string; name: string; address: string }): Promise<CreditLineView> {
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

// --------------------------------------------------------------------------------------------- offers

interface OfferRow {
  offer_id: string;
  funder: string;
  obligor: string;
  rate_bps: number;
  offer_limit: string;
  remaining: string;
  expires_at: Date;
  only_holder: string | null;
  status: 'open' | 'cancelled' | 'exhausted';
  posted_at: Date;
  closed_at: Date | null;
  quote_id: string | null;
}

const OFFER_SELECT = `SELECT o.offer_id, o.funder, o.obligor, o.rate_bps, o.offer_limit::text AS offer_limit, o.remaining::text AS remaining,
    o.expires_at, o.only_holder, o.status, o.posted_at, o.closed_at, q.quote_id
  FROM offers o LEFT JOIN quote_answers q ON q.offer_id = o.offer_id`;

function offerView(r: OfferRow, parties: Parties, asOf: Date): OfferView {
  return {
    offerId: r.offer_id,
    funder: parties.of(r.funder),
    obligor: parties.of(r.obligor),
    rateBps: r.rate_bps,
    limit: r.offer_limit,
    remaining: r.remaining,
    expiresAt: r.expires_at.toISOString(),
    onlyHolder: parties.orNull(r.only_holder),
    quoteId: r.quote_id,
    // ClaimMarket.sell refuses at block.timestamp >= expiresAt.
    status: r.status === 'open' && asOf.getTime() >= r.expires_at.getTime() ? 'expired' : r.status,
    postedAt: r.posted_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

/** A quote answer (an offer for one holder) is visible to its funder and that holder; standing offers to all. */
const offerVisibility = (by: Principal, alias = 'o') =>
  seesEverything(by) ? null : `(${alias}.only_holder IS NULL OR ${alias}.only_holder = $ADDR OR ${alias}.funder = $ADDR)`;

/** Offers, best rate first: open ones (not cancelled, exhausted or expired) unless `status` is `all`. */
export async function listOffers(
  db: Queryable,
  by: Principal,
  p: { obligorMemberId?: string; funderMemberId?: string; status?: 'open' | 'all'; asOf?: Date } = {},
): Promise<{ items: OfferView[] }> {
  const asOf = await readTime(db, p.asOf);
  const where: string[] = [];
  const params: unknown[] = [];
  const visibility = offerVisibility(by);
  if (visibility) where.push(visibility.replaceAll('$ADDR', `$${params.push(by.memberAddress)}`));
  if (p.obligorMemberId) where.push(`o.obligor = $${params.push((await memberAddress(db, p.obligorMemberId)).address)}`);
  if (p.funderMemberId) where.push(`o.funder = $${params.push((await memberAddress(db, p.funderMemberId)).address)}`);
  if ((p.status ?? 'open') === 'open') where.push(`o.status = 'open' AND o.expires_at > $${params.push(asOf)}`);
  const { rows } = await db.query<OfferRow>(
    `${OFFER_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY o.rate_bps, o.posted_block DESC, o.offer_id`,
    params,
  );
  const parties = await Parties.load(db, rows.flatMap((r) => [r.funder, r.obligor, r.only_holder]), null);
  return { items: rows.map((r) => offerView(r, parties, asOf)) };
}

export async function getOffer(db: Queryable, by: Principal, offerId: string, p: { asOf?: Date } = {}): Promise<OfferView> {
  const id = normalizeId(offerId, 'params.offerId');
  const { rows } = await db.query<OfferRow>(`${OFFER_SELECT} WHERE o.offer_id = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError('offer', id);
  if (!seesEverything(by) && r.only_holder && r.only_holder !== by.memberAddress && r.funder !== by.memberAddress) {
    throw new NotFoundError('offer', id);
  }
  const parties = await Parties.load(db, [r.funder, r.obligor, r.only_holder], null);
  return offerView(r, parties, await readTime(db, p.asOf));
}

// ------------------------------------------------------------------------------------------- position

/** What a member holds, owes (by due date) and has financed or bought. For the member, the operator, the regulator. */
export async function memberPosition(db: Queryable, by: Principal, memberId: string, p: { asOf?: Date } = {}): Promise<PositionView> {
  const member = await memberAddress(db, memberId);
  if (!seesEverything(by) && member.id !== by.memberId) throw new ForbiddenError("a position is visible to the member itself, the operator and the regulator");
  const asOf = await readTime(db, p.asOf);
  const now = seconds(asOf);

  const { rows: held } = await db.query<ClaimRow & HoldingRow>(
    `SELECT ${CLAIM_COLUMNS}, h.claim_id, h.holder, h.balance::text AS balance, h.hops, h.redeemed::text AS redeemed
       FROM claim_holdings h JOIN claims c ON c.id = h.claim_id
      WHERE h.holder = $1 AND h.balance > 0 ORDER BY c.due_date, c.id`,
    [member.address],
  );
  const { rows: owed } = await db.query<ClaimRow>(
    `SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.obligor = $1 AND c.total_supply > 0 ORDER BY c.due_date, c.id`,
    [member.address],
  );
  const { rows: financings } = await db.query<{
    claim_id: string; root: string | null; offer_id: string; seller: string; funder: string; amount: string; price: string; days: number; tx_hash: string; block_time: Date;
  }>(
    `SELECT f.claim_id, c.root, f.offer_id, f.seller, f.funder, f.amount::text AS amount, f.price::text AS price, f.days, f.tx_hash, f.block_time
       FROM financings f LEFT JOIN claims c ON c.id = f.claim_id
      WHERE f.seller = $1 OR f.funder = $1 ORDER BY f.block_number, f.log_index`,
    [member.address],
  );
  const { rows: issued } = await db.query<SettlementRow>(`${SETTLEMENT_SELECT} WHERE s.obligor = $1`, [member.address]);
  const { rows: guaranteed } = await db.query<SettlementRow>(`${SETTLEMENT_SELECT} WHERE s.guarantor = $1 ORDER BY r.due_date, s.root`, [member.address]);
  const settlements = await settlementsOf(db, [...held.map((h) => h.root), ...owed.map((c) => c.root)], asOf);
  const parties = await Parties.load(
    db,
    [member.address, ...held.map((h) => h.obligor), ...guaranteed.map((g) => g.obligor), ...financings.flatMap((f) => [f.seller, f.funder])],
    null,
  );
  const owedNow = issued.map((r) => owedOf(r, asOf).owed);
  // The claims it guarantees that are not settled yet, by due date.
  const guaranteeItems = guaranteed.flatMap((r) => {
    const v = settlementView(r, r.root, asOf, parties);
    if (v.status === 'paid') return [];
    const { outstanding, lateInterest, overdueDays, status } = v;
    return [{ rootId: r.root, obligor: parties.of(r.obligor), dueDate: isoDate(r.due_date), outstanding, lateInterest, overdueDays, status }];
  });

  const holdItems = held.map((h) => {
    const s = settlements.get(h.root)!;
    const face = BigInt(s.face);
    const due = seconds(h.due_date);
    const entitled = face > 0n && now >= due ? proRata(BigInt(h.balance), BigInt(s.paid), face) : 0n;
    const redeemable = entitled > BigInt(h.redeemed) ? entitled - BigInt(h.redeemed) : 0n;
    return {
      claimId: h.id,
      rootId: h.root,
      obligor: parties.of(h.obligor),
      dueDate: isoDate(h.due_date),
      dayCount: h.day_count,
      balance: h.balance,
      hops: h.hops,
      redeemed: h.redeemed,
      redeemable: redeemable.toString(),
      overdueDays: maturityOf(h, s, asOf).overdueDays,
    };
  });

  const rungs = new Map<string, { dueDate: string; claimIds: string[]; unpaid: bigint; overdueDays: number; lateInterest: bigint }>();
  for (const c of owed) {
    const m = maturityOf(c, settlements.get(c.root)!, asOf);
    if (BigInt(m.unpaid) === 0n) continue;
    const dueDate = isoDate(c.due_date);
    const rung = rungs.get(dueDate) ?? { dueDate, claimIds: [], unpaid: 0n, overdueDays: 0, lateInterest: 0n };
    rung.claimIds.push(c.id);
    rung.unpaid += BigInt(m.unpaid);
    rung.overdueDays = Math.max(rung.overdueDays, m.overdueDays);
    rung.lateInterest += BigInt(m.lateInterest);
    rungs.set(dueDate, rung);
  }
  const ladder = [...rungs.values()].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));

  const financing = (side: 'seller' | 'funder') => {
    const items: FinancingView[] = financings
      .filter((f) => f[side] === member.address)
      .map((f) => ({
        claimId: f.claim_id,
        rootId: f.root,
        offerId: f.offer_id,
        counterparty: parties.of(side === 'seller' ? f.funder : f.seller),
        amount: f.amount,
        price: f.price,
        discount: (BigInt(f.amount) - BigInt(f.price)).toString(),
        days: f.days,
        txHash: f.tx_hash,
        at: f.block_time.toISOString(),
      }));
    const amount = sum(items.map((i) => BigInt(i.amount)));
    const price = sum(items.map((i) => BigInt(i.price)));
    return { amount: amount.toString(), price: price.toString(), discount: (amount - price).toString(), items };
  };

  const { rows: line } = await db.query('SELECT 1 FROM credit_lines WHERE obligor = $1', [member.address]);
  return {
    member: parties.of(member.address),
    asOf: asOf.toISOString(),
    holds: { total: sum(held.map((h) => BigInt(h.balance))).toString(), items: holdItems },
    owes: {
      total: sum(owedNow.map((o) => o.principal)).toString(),
      overdue: sum(ladder.filter((r) => r.overdueDays > 0).map((r) => r.unpaid)).toString(),
      lateInterest: sum(owedNow.map((o) => o.interest)).toString(),
      ladder: ladder.map((r) => ({ ...r, unpaid: r.unpaid.toString(), lateInterest: r.lateInterest.toString() })),
    },
    financed: { sold: financing('seller'), bought: financing('funder') },
    creditLine: line.length ? await creditLineOf(db, member) : null,
    guarantees: {
      total: sum(guaranteeItems.map((g) => BigInt(g.outstanding))).toString(),
      overdue: sum(guaranteeItems.filter((g) => g.overdueDays > 0).map((g) => BigInt(g.outstanding))).toString(),
      lateInterest: sum(guaranteeItems.map((g) => BigInt(g.lateInterest))).toString(),
      items: guaranteeItems,
    },
  };
}
