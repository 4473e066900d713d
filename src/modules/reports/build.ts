/**
 * Regulator reports computed from chain events alone (the indexer's `chain_events`, decoded), in (block, log index)
 * order, up to `asOf`: the same events give the same rows, byte for byte, whoever runs it and whatever the read models
 * hold. Amounts are integer minor units as decimal strings; times are ISO 8601 UTC; docs/reports.md is the schema.
 */

export interface EventRow {
  blockNumber: string;
  logIndex: number;
  txHash: string;
  contract: string;
  eventName: string;
  args: Record<string, string | boolean>;
  blockTime: Date;
}

export const REPORT_KINDS = ['outstanding', 'financing', 'collateral', 'overdue'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Columns of each report, in order: the CSV header and the JSON rows' keys. */
export const REPORT_COLUMNS: Record<ReportKind, readonly string[]> = {
  outstanding: ['claim_id', 'root_id', 'kind', 'obligor', 'due_date', 'issued', 'outstanding', 'holders', 'consortium_id', 'documents_hash'],
  financing: ['block_number', 'tx_hash', 'at', 'offer_id', 'claim_id', 'seller', 'funder', 'amount', 'price', 'discount', 'days'],
  collateral: ['position_id', 'pledgor', 'goods_id', 'collateral_value', 'credit_limit', 'margin', 'drawn', 'repaid', 'debt', 'status', 'margin_calls', 'due_date'],
  overdue: ['claim_id', 'root_id', 'kind', 'obligor', 'due_date', 'days_overdue', 'outstanding'],
};

const ZERO = '0x0000000000000000000000000000000000000000';
const CLAIM_KINDS = ['receivable', 'inventory', 'pledge', 'margin', 'investment'];
const s = (v: unknown) => String(v ?? '');
const isoDay = (seconds: string) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
const hexId = (id: string) => `0x${BigInt(id).toString(16).padStart(64, '0')}`;

export type ReportRow = Record<string, string>;

export function buildReport(kind: ReportKind, events: readonly EventRow[], asOf: Date): ReportRow[] {
  const upTo = events.filter((e) => e.blockTime <= asOf);
  if (kind === 'financing') return financing(upTo);
  if (kind === 'collateral') return collateral(upTo);
  const claims = outstanding(upTo);
  if (kind === 'outstanding') return claims;
  const asOfDay = asOf.toISOString().slice(0, 10);
  return claims
    .filter((c) => c.due_date !== undefined && c.due_date !== '' && c.due_date < asOfDay)
    .map((c) => ({
      claim_id: c.claim_id!,
      root_id: c.root_id!,
      kind: c.kind!,
      obligor: c.obligor!,
      due_date: c.due_date!,
      days_overdue: String(Math.round((Date.parse(`${asOfDay}T00:00:00Z`) - Date.parse(`${c.due_date}T00:00:00Z`)) / 86_400_000)),
      outstanding: c.outstanding!,
    }));
}

/** Claims with units outstanding: minted − burned per id (ERC-6909 Transfer from / to zero), with their terms. */
function outstanding(events: readonly EventRow[]): ReportRow[] {
  const terms = new Map<string, EventRow['args']>();
  const issued = new Map<string, bigint>();
  const supply = new Map<string, bigint>();
  const balances = new Map<string, Map<string, bigint>>();
  for (const e of events) {
    if (e.contract !== 'ClaimLedger') continue;
    if (e.eventName === 'ClaimDefined') terms.set(s(e.args.id), e.args);
    if (e.eventName !== 'Transfer') continue;
    const id = s(e.args.id);
    const amount = BigInt(s(e.args.amount));
    const from = s(e.args.sender).toLowerCase();
    const to = s(e.args.receiver).toLowerCase();
    const book = balances.get(id) ?? new Map<string, bigint>();
    balances.set(id, book);
    if (from === ZERO) {
      supply.set(id, (supply.get(id) ?? 0n) + amount);
      issued.set(id, (issued.get(id) ?? 0n) + amount);
    } else book.set(from, (book.get(from) ?? 0n) - amount);
    if (to === ZERO) supply.set(id, (supply.get(id) ?? 0n) - amount);
    else book.set(to, (book.get(to) ?? 0n) + amount);
  }
  return [...supply.entries()]
    .filter(([, units]) => units > 0n)
    .sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1))
    .map(([id, units]) => {
      const t = terms.get(id) ?? {};
      return {
        claim_id: hexId(id),
        root_id: t.root === undefined ? '' : hexId(s(t.root)),
        kind: CLAIM_KINDS[Number(t.kind ?? 0)] ?? s(t.kind),
        obligor: s(t.obligor).toLowerCase(),
        due_date: t.dueDate === undefined ? '' : isoDay(s(t.dueDate)),
        issued: (issued.get(id) ?? 0n).toString(),
        outstanding: units.toString(),
        holders: String([...(balances.get(id) ?? new Map()).values()].filter((b) => b > 0n).length),
        consortium_id: s(t.consortiumId).toLowerCase(),
        documents_hash: s(t.documentsHash).toLowerCase(),
      };
    });
}

/** Every sale of a claim to a funder at a discount (ClaimMarket.ClaimFinanced), in chain order. */
function financing(events: readonly EventRow[]): ReportRow[] {
  return events
    .filter((e) => e.contract === 'ClaimMarket' && e.eventName === 'ClaimFinanced')
    .map((e) => ({
      block_number: e.blockNumber,
      tx_hash: e.txHash,
      at: e.blockTime.toISOString(),
      offer_id: s(e.args.offerId).toLowerCase(),
      claim_id: hexId(s(e.args.id)),
      seller: s(e.args.seller).toLowerCase(),
      funder: s(e.args.funder).toLowerCase(),
      amount: s(e.args.amount),
      price: s(e.args.price),
      discount: (BigInt(s(e.args.amount)) - BigInt(s(e.args.price))).toString(),
      days: s(e.args.numDays),
    }));
}

/** Collateral positions (CollateralVault): value, line, margin, what was drawn and repaid, the debt and the state. A
 * pledged receivable claim's collections (ClaimPledges) go into the margin of a position not yet released. */
function collateral(events: readonly EventRow[]): ReportRow[] {
  const positions = new Map<string, { row: ReportRow; drawn: bigint; repaid: bigint; calls: number }>();
  for (const e of events) {
    if (e.contract === 'ClaimPledges' && e.eventName === 'ClaimCollected') {
      const p = positions.get(s(e.args.positionId).toLowerCase());
      if (p && p.row.status !== 'released') p.row.margin = (BigInt(p.row.margin ?? '0') + BigInt(s(e.args.amount))).toString();
      continue;
    }
    if (e.contract !== 'CollateralVault') continue;
    const id = s(e.args.positionId).toLowerCase();
    if (e.eventName === 'PositionOpened') {
      positions.set(id, {
        row: {
          position_id: id, pledgor: s(e.args.pledgor).toLowerCase(), goods_id: s(e.args.goodsId), collateral_value: s(e.args.collateralValue),
          credit_limit: s(e.args.limit), margin: s(e.args.margin), drawn: '0', repaid: '0', debt: '0', status: 'open', margin_calls: '0',
          due_date: e.args.dueDate === undefined ? '' : isoDay(s(e.args.dueDate)),
        },
        drawn: 0n, repaid: 0n, calls: 0,
      });
      continue;
    }
    const p = positions.get(id);
    if (!p) continue;
    if (e.eventName === 'Drawn') {
      p.drawn += BigInt(s(e.args.amount));
      p.row.debt = s(e.args.debt);
    } else if (e.eventName === 'Repaid') {
      p.repaid += BigInt(s(e.args.amount));
      p.row.debt = s(e.args.debt);
    } else if (e.eventName === 'MarginToppedUp') p.row.margin = s(e.args.margin);
    else if (e.eventName === 'MarginCalled') {
      p.calls += 1;
      p.row.status = 'margin_call';
    } else if (e.eventName === 'MarginCallCured') p.row.status = 'open';
    else if (e.eventName === 'PositionDefaulted') p.row.status = 'defaulted';
    else if (e.eventName === 'PositionLiquidated') p.row.status = 'liquidated';
    else if (e.eventName === 'PositionReleased') p.row.status = 'released';
  }
  return [...positions.values()].map((p) => ({ ...p.row, drawn: p.drawn.toString(), repaid: p.repaid.toString(), margin_calls: String(p.calls) }));
}

/** RFC 4180 CSV of a report: its header, then one line per row, CRLF line ends. */
export function toCsv(kind: ReportKind, rows: readonly ReportRow[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const columns = REPORT_COLUMNS[kind];
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}
