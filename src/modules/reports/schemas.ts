/** Regulator reports' shapes (TypeBox); the columns of each report are documented in docs/reports.md. */
import { Type, type Static } from '../../api/schemas.ts';

export const ReportParams = Type.Object(
  { kind: Type.Union([Type.Literal('outstanding'), Type.Literal('financing'), Type.Literal('collateral'), Type.Literal('overdue')]) },
  { additionalProperties: false },
);
export const ReportQuery = Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time', description: 'events up to this instant (default now)' })) }, { additionalProperties: false });
export const Report = Type.Object(
  {
    schema: Type.Literal('tierchain.regulator-report/1'),
    kind: Type.String(),
    asOf: Type.String({ format: 'date-time' }),
    throughBlock: Type.String({ description: 'the last block whose events are included' }),
    columns: Type.Array(Type.String()),
    rows: Type.Array(Type.Record(Type.String(), Type.String()), { description: 'one object per row, keyed by the columns; amounts in minor units' }),
    csv: Type.String({ description: 'the same rows as RFC 4180 CSV (header first, CRLF)' }),
    csvSha256: Type.String({ description: 'SHA-256 of `csv`: a rerun over the same events gives the same' }),
  },
  { title: 'RegulatorReport' },
);
export type Report = Static<typeof Report>;
