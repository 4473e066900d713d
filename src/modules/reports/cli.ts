/** `tierchain reports <kind>`: a regulator report as CSV (default) or JSON, to stdout or a file. */
import { writeFileSync } from 'node:fs';
import { CliError } from '../../cli/errors.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { instantValue, optionalFlag } from '../../cli/ops/values.ts';
import { REPORT_KINDS, type ReportKind } from './build.ts';

const action = (kind: ReportKind) => ({
  options: { format: { type: 'string' as const }, 'as-of': { type: 'string' as const }, out: { type: 'string' as const } },
  async run(ctx: Parameters<Resource[string]['run']>[0], _a: Record<string, string | undefined>, f: Record<string, string | boolean | undefined>) {
    const format = optionalFlag(f, 'format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new CliError('--format: csv or json', { exitCode: 2 });
    const asOf = optionalFlag(f, 'as-of');
    const r = await ctx.client.reports.get(kind, { asOf: asOf === undefined ? undefined : instantValue('--as-of', asOf) });
    const text = format === 'csv' ? r.csv : `${JSON.stringify({ schema: r.schema, kind: r.kind, asOf: r.asOf, throughBlock: r.throughBlock, columns: r.columns, rows: r.rows }, null, 2)}\n`;
    const out = optionalFlag(f, 'out');
    if (out) {
      writeFileSync(out, text);
      ctx.out(`${r.kind}: ${r.rows.length} rows through block ${r.throughBlock} written to ${out} (csv sha256 ${r.csvSha256})\n`);
    } else ctx.out(text);
  },
});

export const reports: Resource = Object.fromEntries(REPORT_KINDS.map((k) => [k, action(k)]));

export const reportsCli = { reports };
