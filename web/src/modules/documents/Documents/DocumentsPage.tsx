import type { StoredDocument } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { IdText } from '../../../components/IdText.tsx';

/**
 * The documents your enterprise can read. They are opened where your private document key is (the CLI's
 * `tierchain documents open`): the console, like the platform, never holds a document key.
 */
export function DocumentsPage() {
  const { t, instant } = useI18n();
  const docs = useApi<{ items: StoredDocument[] }>('/v1/documents');
  return (
    <>
      <PageHeader title={t('documents.title')} description={t('documents.description')} />
      <Card title={t('documents.list')}>
        {docs.error ? (
          <LoadError error={docs.error} onRetry={docs.reload} />
        ) : !docs.data ? (
          <Loading />
        ) : docs.data.items.length === 0 ? (
          <EmptyState>{t('documents.none')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="documents">
              <thead>
                <tr>
                  <th scope="col">{t('documents.name')}</th>
                  <th scope="col">{t('documents.kind')}</th>
                  <th scope="col" className="num">{t('documents.size')}</th>
                  <th scope="col">SHA-256 / SM3</th>
                  <th scope="col">{t('documents.at')}</th>
                </tr>
              </thead>
              <tbody>
                {docs.data.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>{t(`documents.kind.${d.kind}`)}</td>
                    <td className="num">{d.size}</td>
                    <td>
                      <IdText value={d.sha256} /> <IdText value={d.sm3} />
                    </td>
                    <td>{instant(d.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
