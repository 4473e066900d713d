import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import type { Party } from '../../../api/types.ts';

/** An XT movement as GET /v1/xt/movements lists it. */
export interface XtMovement {
  kind: string;
  from: string | null;
  to: string | null;
  /** The members at each end, by pseudonym when not the reader's counterparty (docs/adr/017-disclosure.md). */
  fromMember?: Party | null;
  toMember?: Party | null;
  amount: string;
  reference: string | null;
  txHash: string;
  at: string;
}

export function MovementTable({ items }: { items: XtMovement[] }) {
  const { t, amount, instant, messages } = useI18n();
  const { members } = useSession();
  const names = new Map(members.map((m) => [m.address, m.name]));
  const who = (address: string | null, party: Party | null | undefined) => {
    if (party && !party.address) return <PartyName party={party} />;
    return address ? (party?.name ?? names.get(address) ?? <IdText value={address} />) : '—';
  };
  if (items.length === 0) return <EmptyState>{t('xt.noMovements')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('xt.kind')}</th>
            <th scope="col">{t('tree.col.from')}</th>
            <th scope="col">{t('tree.col.to')}</th>
            <th scope="col" className="num">{t('tree.col.amount')}</th>
            <th scope="col" className="hide-narrow">{t('xt.reference')}</th>
            <th scope="col" className="hide-narrow">{t('tree.col.when')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={`${m.txHash}-${m.kind}-${m.from ?? m.fromMember?.pseudonym}-${m.to ?? m.toMember?.pseudonym}`}>
              <th scope="row">{`xt.kind.${m.kind}` in messages ? t(`xt.kind.${m.kind}` as MessageKey) : m.kind}</th>
              <td>{who(m.from, m.fromMember)}</td>
              <td>{who(m.to, m.toMember)}</td>
              <td className="num">{amount(m.amount)}</td>
              <td className="hide-narrow">{m.reference ?? '—'}</td>
              <td className="hide-narrow">{instant(m.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
