/** Regulator reports (`client.reports`). */
import { seg, type Transport } from '../../sdk/http.ts';
import type { Report } from './schemas.ts';

export type { Report as RegulatorReport } from './schemas.ts';

export interface ReportsApi {
  /** A report from chain events alone: rows, CSV and the CSV's SHA-256 (regulator, operator). */
  get(kind: 'outstanding' | 'financing' | 'collateral' | 'overdue', p?: { asOf?: string }): Promise<Report>;
}

export function createReportsApi(t: Transport): ReportsApi {
  return { get: (kind, p = {}) => t.request('GET', `/v1/reports/${seg(kind)}`, { query: { asOf: p.asOf } }) };
}
