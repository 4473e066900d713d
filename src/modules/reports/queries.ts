/** A regulator report: read the decoded chain events, fold them (build.ts), give rows, CSV and the CSV's SHA-256. */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError } from '../../common/errors.ts';
import { seesEverything, type Principal } from '../identity/index.ts';
import { buildReport, REPORT_COLUMNS, toCsv, type EventRow, type ReportKind } from './build.ts';
import type { Report } from './schemas.ts';

export const REPORT_SCHEMA = 'tierchain.regulator-report/1';

const CONTRACTS = ['ClaimLedger', 'ClaimMarket', 'CollateralVault', 'ClaimPledges'];

export async function regulatorReport(db: Queryable, by: Principal, p: { kind: ReportKind; asOf: Date }): Promise<Report> {
  if (!seesEverything(by)) throw new ForbiddenError('only the regulator and the operator generate regulator reports');
  const { rows } = await db.query<{ block_number: string; log_index: number; tx_hash: string; contract: string; event_name: string; args: Record<string, string | boolean>; block_time: Date }>(
    `SELECT block_number::text AS block_number, log_index, tx_hash, contract, event_name, args::json AS args, block_time FROM chain_events
      WHERE contract = ANY($1::text[]) AND block_time <= $2 ORDER BY block_number, log_index`,
    [CONTRACTS, p.asOf],
  );
  const events: EventRow[] = rows.map((r) => ({ blockNumber: r.block_number, logIndex: r.log_index, txHash: r.tx_hash, contract: r.contract, eventName: r.event_name, args: r.args, blockTime: r.block_time }));
  const { rows: head } = await db.query<{ n: string | null }>('SELECT max(block_number)::text AS n FROM chain_events WHERE block_time <= $1', [p.asOf]);
  const throughBlock = head[0]?.n ?? '0';
  const reportRows = buildReport(p.kind, events, p.asOf);
  const csv = toCsv(p.kind, reportRows);
  const csvSha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
  await db.query('INSERT INTO report_runs (kind, member_id, user_id, as_of, through_block, rows, csv_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    p.kind, by.memberId, by.userId ?? null, p.asOf, throughBlock, reportRows.length, csvSha256,
  ]);
  return { schema: REPORT_SCHEMA, kind: p.kind, asOf: p.asOf.toISOString(), throughBlock, columns: [...REPORT_COLUMNS[p.kind]], rows: reportRows, csv, csvSha256 };
}
