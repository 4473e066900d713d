import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { Consortium, Invoice, SubmittedBatch, SubmittedInvoice } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Field } from '../../../components/Field.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** Upload a UBL / Peppol BIS 3 invoice or a CSV batch: the trade is submitted from it, nothing retyped. */
function UploadForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const consortia = useApi<{ items: Consortium[] }>('/v1/consortia');
  const mine = (consortia.data?.items ?? []).filter((c) => c.status === 'active' && c.members.some((m) => m.address === me.member.address && m.state === 'member'));
  const [consortiumId, setConsortiumId] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const command = useCommand<SubmittedInvoice | SubmittedBatch>();
  if (!consortia.data) return <Loading />;
  if (mine.length === 0) return <EmptyState>{t('invoices.noConsortium')}</EmptyState>;
  const chosen = consortiumId || mine[0]!.id;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const csv = file.name.toLowerCase().endsWith('.csv');
    const r = await command.run(csv ? '/v1/invoices/batches' : '/v1/invoices', csv ? { csv: file.text, consortiumId: chosen } : { xml: file.text, consortiumId: chosen });
    if (r.ok) onDone();
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <Field label={t('invoices.consortium')}>
        <select value={chosen} onChange={(e) => setConsortiumId(e.target.value)}>
          {mine.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('invoices.file')} hint={t('invoices.fileHint')} error={command.error ? `${(command.error as { details?: { rule?: string } }).details?.rule ?? ''} ${command.error.message}`.trim() : null}>
        <input type="file" accept=".xml,.csv,application/xml,text/csv" onChange={onFile} data-testid="invoice-file" />
      </Field>
      <SubmitButton busy={command.busy}>{t('invoices.submit')}</SubmitButton>
      <CommandProgress state={command} successText={t('invoices.submitted')} />
    </form>
  );
}

export function InvoicesPage() {
  const { t, amount, instant } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const invoices = useApi<{ items: Invoice[] }>('/v1/invoices');
  return (
    <>
      <PageHeader title={t('invoices.title')} description={t('invoices.description')} />
      {caps.supplier && !caps.readOnly ? (
        <Card title={t('invoices.upload')}>
          <UploadForm onDone={invoices.reload} />
        </Card>
      ) : null}
      <Card title={t('invoices.list')}>
        {invoices.error ? (
          <LoadError error={invoices.error} onRetry={invoices.reload} />
        ) : !invoices.data ? (
          <Loading />
        ) : invoices.data.items.length === 0 ? (
          <EmptyState>{t('invoices.none')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="invoices">
              <thead>
                <tr>
                  <th scope="col">{t('invoices.number')}</th>
                  <th scope="col">{t('invoices.issued')}</th>
                  <th scope="col">{t('invoices.due')}</th>
                  <th scope="col" className="num">{t('invoices.payable')}</th>
                  <th scope="col">{t('invoices.source')}</th>
                  <th scope="col">SHA-256 / SM3</th>
                  <th scope="col">{t('invoices.at')}</th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.invoiceNumber}</th>
                    <td>{i.issueDate}</td>
                    <td>{i.dueDate}</td>
                    <td className="num">{amount(i.payable)}</td>
                    <td>{i.source === 'ubl' ? 'UBL' : 'CSV'}</td>
                    <td>
                      <IdText value={i.sha256} /> <IdText value={i.sm3} />
                    </td>
                    <td>{instant(i.at)}</td>
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
