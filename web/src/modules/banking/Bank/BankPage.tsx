import { type ChangeEvent, useState } from 'react';
import type { BankMessage, BankPayout, NotificationImport, PaymentInitiation } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';

/** The bank gateway's ISO 20022 messages: import a camt.054, export withdrawals as pain.001, what was exchanged. */
export function BankPage() {
  const { t, amount, instant } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const messages = useApi<{ items: BankMessage[] }>(caps.bank || caps.operator || caps.regulator ? '/v1/bank/messages' : null);
  const payouts = useApi<{ items: BankPayout[] }>('/v1/bank/payouts');
  const importing = useCommand<NotificationImport>();
  const exporting = useCommand<PaymentInitiation & { commands?: [] }>();
  const [file, setFile] = useState<string | null>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => setFile((await e.target.files?.[0]?.text()) ?? null);
  const exported = exporting.response;
  const download = (xml: string, name: string) => {
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <PageHeader title={t('bank.title')} description={t('bank.description')} />
      {caps.bank && !caps.readOnly ? (
        <>
          <Card title={t('bank.import')} description={t('bank.importHint')}>
            <form
              className="form"
              onSubmit={async (e) => {
                e.preventDefault();
                if (file) await importing.run('/v1/bank/notifications', { xml: file });
                messages.reload();
              }}
            >
              <input type="file" accept=".xml,application/xml,text/xml" onChange={onFile} data-testid="camt-file" />
              <SubmitButton busy={importing.busy}>{t('bank.importSubmit')}</SubmitButton>
              <CommandProgress state={importing} successText={importing.response ? t('bank.imported', { credited: amount(importing.response.credited), debited: amount(importing.response.debited) }) : ''} />
            </form>
          </Card>
          <Card title={t('bank.export')} description={t('bank.exportHint')}>
            <form
              className="form"
              onSubmit={async (e) => {
                e.preventDefault();
                await exporting.run('/v1/bank/payment-initiations', {});
                messages.reload();
                payouts.reload();
              }}
            >
              <SubmitButton busy={exporting.busy}>{t('bank.exportSubmit')}</SubmitButton>
              {exported ? (
                exported.xml ? (
                  <button type="button" onClick={() => download(exported.xml!, `${exported.messageId}.xml`)}>
                    {t('bank.download', { count: String(exported.payouts.length), amount: amount(exported.total) })}
                  </button>
                ) : (
                  <span className="hint">{t('bank.nothingToPay', { skipped: String(exported.skipped.length) })}</span>
                )
              ) : null}
              <CommandProgress state={exporting} successText="" />
            </form>
          </Card>
        </>
      ) : null}
      {messages.error ? (
        <LoadError error={messages.error} onRetry={messages.reload} />
      ) : caps.bank || caps.operator || caps.regulator ? (
        <Card title={t('bank.messages')}>
          {!messages.data ? (
            <Loading />
          ) : messages.data.items.length === 0 ? (
            <EmptyState>{t('bank.noMessages')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table data-testid="bank-messages">
                <thead>
                  <tr>
                    <th scope="col">{t('bank.at')}</th>
                    <th scope="col">{t('bank.kind')}</th>
                    <th scope="col">{t('bank.messageId')}</th>
                    <th scope="col" className="num">{t('bank.credited')}</th>
                    <th scope="col" className="num">{t('bank.debited')}</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.data.items.map((m) => (
                    <tr key={m.id}>
                      <td>{instant(m.at)}</td>
                      <td>{m.kind}</td>
                      <th scope="row">{m.messageId}</th>
                      <td className="num">{amount(m.credited)}</td>
                      <td className="num">{amount(m.debited)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}
      <Card title={t('bank.payouts')}>
        {!payouts.data ? (
          <Loading />
        ) : payouts.data.items.length === 0 ? (
          <EmptyState>{t('bank.noPayouts')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('bank.endToEndId')}</th>
                  <th scope="col">{t('bank.account')}</th>
                  <th scope="col" className="num">{t('xt.amount')}</th>
                  <th scope="col">{t('bank.status')}</th>
                </tr>
              </thead>
              <tbody>
                {payouts.data.items.map((p) => (
                  <tr key={p.referenceHash}>
                    <th scope="row">{p.endToEndId}</th>
                    <td>{p.account}</td>
                    <td className="num">{amount(p.amount)}</td>
                    <td>{t(p.status === 'paid' ? 'bank.status.paid' : 'bank.status.exported')}</td>
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
