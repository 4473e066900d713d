import { useState } from 'react';
import type { RegulatorReport } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';

const KINDS = ['outstanding', 'financing', 'collateral', 'overdue'] as const;

/** Regulator reports from chain events alone: the rows, and the CSV and JSON to download. */
export function ReportsPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('outstanding');
  const report = useApi<RegulatorReport>(`/v1/reports/${kind}`);
  const download = (text: string, name: string, type: string) => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    Object.assign(document.createElement('a'), { href: url, download: name }).click();
    URL.revokeObjectURL(url);
  };
  const r = report.data;
  return (
    <>
      <PageHeader title={t('reports.title')} description={t('reports.description')} />
      <Card
        title={t(`reports.kind.${kind}`)}
        actions={
          <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} aria-label={t('reports.choose')}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`reports.kind.${k}`)}
              </option>
            ))}
          </select>
        }
      >
        {report.error ? (
          <LoadError error={report.error} onRetry={report.reload} />
        ) : !r ? (
          <Loading />
        ) : (
          <>
            <p className="hint">{t('reports.through', { block: r.throughBlock, sha: r.csvSha256.slice(0, 16) })}</p>
            <button type="button" onClick={() => download(r.csv, `${kind}-${r.asOf}.csv`, 'text/csv')}>CSV</button>{' '}
            <button type="button" onClick={() => download(JSON.stringify({ schema: r.schema, kind: r.kind, asOf: r.asOf, throughBlock: r.throughBlock, columns: r.columns, rows: r.rows }, null, 2), `${kind}-${r.asOf}.json`, 'application/json')}>
              JSON
            </button>
            {r.rows.length === 0 ? (
              <EmptyState>{t('reports.none')}</EmptyState>
            ) : (
              <div className="table-wrap">
                <table data-testid="report">
                  <thead>
                    <tr>
                      {r.columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {r.rows.map((row, i) => (
                      <tr key={i}>
                        {r.columns.map((c) => (
                          <td key={c}>{row[c]}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}
