import { type FormEvent, useState } from 'react';
import type { AdvanceView } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** SHA-256 of a text, as 0x + 64 hex digits (the delivery documents' hash goes on-chain, not the text). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `0x${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The obligor closes an open order on delivery and invoicing. */
function CloseOrderForm({ advance, onDone }: { advance: AdvanceView; onDone: () => void }) {
  const { t } = useI18n();
  const [invoice, setInvoice] = useState('');
  const [delivery, setDelivery] = useState('');
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!invoice.trim() || !delivery.trim()) return;
    const r = await command.run(`/v1/advances/${advance.claimId}/close`, { invoiceNumber: invoice.trim(), deliveryHash: await sha256Hex(delivery.trim()) });
    if (r.ok) onDone();
  };
  return (
    <form onSubmit={submit} className="form inline" noValidate aria-label={t('advances.closeNamed', { order: advance.orderNumber ?? '' })}>
      <input value={invoice} onChange={(e) => setInvoice(e.target.value)} placeholder={t('advances.invoice')} aria-label={t('advances.invoice')} />
      <input value={delivery} onChange={(e) => setDelivery(e.target.value)} placeholder={t('advances.delivery')} aria-label={t('advances.delivery')} />
      <SubmitButton busy={command.busy}>{t('advances.close')}</SubmitButton>
      <CommandProgress state={command} successText={t('advances.closed')} />
    </form>
  );
}

/** Advances (purchase-order and channel financing) and their orders: open until delivery and invoicing close them. */
export function AdvancesCard({ canClose }: { canClose: boolean }) {
  const { t, amount, instant } = useI18n();
  const advances = useApi<{ items: AdvanceView[] }>('/v1/advances');
  const items = advances.data?.items;
  return (
    <Card title={t('advances.title')} description={t('advances.description')}>
      {advances.error ? (
        <LoadError error={advances.error} onRetry={advances.reload} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState>{t('advances.none')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table data-testid="advances">
            <thead>
              <tr>
                <th scope="col">{t('advances.order')}</th>
                <th scope="col">{t('advances.kind')}</th>
                <th scope="col">{t('advances.recipient')}</th>
                <th scope="col" className="num">{t('advances.amount')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.claimId}>
                  <th scope="row">
                    {a.orderNumber ?? '—'} <IdText value={a.claimId} head={8} tail={4} />
                  </th>
                  <td>{t(`advances.kind.${a.kind}`)}</td>
                  <td>
                    <PartyName party={a.recipient} />
                  </td>
                  <td className="num">{amount(a.amount)}</td>
                  <td>
                    {a.status === 'closed' ? `${t('advances.status.closed')} ${a.closedAt ? instant(a.closedAt) : ''}` : canClose ? <CloseOrderForm advance={a} onDone={advances.reload} /> : t('advances.status.open')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
